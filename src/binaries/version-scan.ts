import type { ChunkSink } from './file-stream.js';
import { BUILDINFO_MAGIC, decodeBuildInfo, type GoBuildInfo } from './go-buildinfo.js';
import { parseElfHeader, type ElfHeader } from './elf.js';

/**
 * Identifies a Kubernetes binary without running it, while it is being hashed (same single pass).
 *
 * Release builds set `k8s.io/component-base/version.gitVersion` (and client-go's copy) with
 * `-ldflags -X ...gitVersion=v1.32.4`; the Go linker records those flags in the build info when the build was not
 * `-trimpath`, so the text `gitVersion=v1.32.4` is in the file. Failing that, a version string shortly after a
 * `gitVersion` marker is taken, and reported as the weaker evidence it is. Go build info gives the toolchain,
 * main package and VCS revision.
 */

export const VersionSource = {
  /** `gitVersion=vX.Y.Z` text: the linker flag recorded in Go build info. */
  ldflags: 'gitVersion= linker flag',
  /** A version string within a few bytes after a `gitVersion` marker. */
  marker: 'version string near gitVersion',
} as const;
export type VersionSource = (typeof VersionSource)[keyof typeof VersionSource];

export interface VersionCandidate {
  version: string;
  source: VersionSource;
  /** Byte offset of the marker in the file. */
  offset: number;
}

export interface BinaryIdentity {
  elf?: ElfHeader;
  /** Distinct versions, strongest evidence first; empty when none was found. */
  versions: VersionCandidate[];
  goBuildInfo?: GoBuildInfo;
}

const MARKER = Buffer.from('gitVersion', 'latin1');
/** How far after the marker a version string may start. */
const WINDOW = 64;
const CARRY = MARKER.length + WINDOW + 64;
/** Build info of a large binary (hundreds of deps) fits well within this. */
const BUILDINFO_LIMIT = 512 * 1024;
const SEMVER = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?/;
const SEMVER_ANYWHERE = new RegExp(SEMVER.source.slice(1));

/** Pure: the version in a window that starts at a `gitVersion` marker. */
export function versionInWindow(window: string): { version: string; source: VersionSource } | undefined {
  if (window.startsWith('gitVersion=')) {
    const match = SEMVER.exec(window.slice('gitVersion='.length).replace(/^['"]/, ''));
    return match ? { version: match[0], source: VersionSource.ldflags } : undefined;
  }
  const match = SEMVER_ANYWHERE.exec(window.slice(MARKER.length, MARKER.length + WINDOW));
  return match ? { version: match[0], source: VersionSource.marker } : undefined;
}

export class VersionScanner implements ChunkSink {
  private head: Buffer | undefined;
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of carry[0]. */
  private carryBase = 0;
  private nextMarkerOffset = 0;
  private readonly found: VersionCandidate[] = [];
  private capture: { parts: Buffer[]; size: number } | undefined;
  private buildInfo: GoBuildInfo | undefined;

  update(chunk: Buffer, offset: number): void {
    if (offset === 0) this.head = Buffer.from(chunk.subarray(0, 64));
    if (this.capture !== undefined) this.extendCapture(chunk);
    const combined = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = offset - this.carry.length;
    if (this.capture === undefined && this.buildInfo === undefined) {
      const at = combined.indexOf(BUILDINFO_MAGIC);
      if (at >= 0 && (at + BUILDINFO_MAGIC.length <= combined.length)) {
        this.capture = { parts: [], size: 0 };
        this.extendCapture(combined.subarray(at));
      }
    }
    this.scanMarkers(combined, base, false);
    const keep = Math.max(0, combined.length - CARRY);
    this.carry = Buffer.from(combined.subarray(keep));
    this.carryBase = base + keep;
  }

  private extendCapture(bytes: Buffer): void {
    const capture = this.capture;
    if (capture === undefined) return;
    const take = bytes.subarray(0, BUILDINFO_LIMIT - capture.size);
    capture.parts.push(Buffer.from(take));
    capture.size += take.length;
    if (capture.size >= BUILDINFO_LIMIT) this.finishCapture();
  }

  private finishCapture(): void {
    if (this.capture === undefined) return;
    this.buildInfo = decodeBuildInfo(Buffer.concat(this.capture.parts));
    this.capture = undefined;
  }

  private scanMarkers(buf: Buffer, base: number, final: boolean): void {
    let from = Math.max(0, this.nextMarkerOffset - base);
    for (;;) {
      const at = buf.indexOf(MARKER, from);
      if (at < 0) return;
      if (!final && at + CARRY > buf.length) return;
      const hit = versionInWindow(buf.subarray(at, at + MARKER.length + WINDOW).toString('latin1'));
      if (hit !== undefined) this.found.push({ ...hit, offset: base + at });
      from = at + 1;
      this.nextMarkerOffset = base + from;
    }
  }

  /** Call once after the last chunk. */
  result(): BinaryIdentity {
    this.scanMarkers(this.carry, this.carryBase, true);
    this.finishCapture();
    const elf = this.head === undefined ? undefined : parseElfHeader(this.head);
    return {
      ...(elf === undefined ? {} : { elf }),
      versions: distinctStrongestFirst(this.found),
      ...(this.buildInfo === undefined ? {} : { goBuildInfo: this.buildInfo }),
    };
  }
}

function distinctStrongestFirst(found: readonly VersionCandidate[]): VersionCandidate[] {
  const rank = (c: VersionCandidate): number => (c.source === VersionSource.ldflags ? 0 : 1);
  const strongest = Math.min(...found.map(rank));
  const distinct = new Map<string, VersionCandidate>();
  for (const c of [...found].sort((a, b) => a.offset - b.offset)) {
    if (rank(c) === strongest && !distinct.has(c.version)) distinct.set(c.version, c);
  }
  return [...distinct.values()];
}
