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
  /**
   * Every `v1.x.y[-rc.n]` string anywhere in the file outside the Go build info (sorted). Release builds made with
   * `-trimpath` do not record their -ldflags, and Go packs string data without separators, so the injected
   * gitVersion then stands alone; these are only trusted once intersected with the versions of a checksum tree.
   */
  looseVersions: string[];
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
const LOOSE_NEEDLE = Buffer.from('v1.', 'latin1');
const LOOSE_WINDOW = 24;
const LOOSE = /^v1\.(\d{1,2})\.(\d{1,3})(-(?:alpha|beta|rc)\.\d{1,2})?/;
const MAX_LOOSE = 256;

/** Pure: the Kubernetes-like versions a `v1.` at the start of `window` may spell (packed strings: prefixes too). */
export function looseVersionsAt(window: string): string[] {
  const match = LOOSE.exec(window);
  if (!match) return [];
  const [, minor = '', patch = '', pre] = match;
  const out: string[] = [];
  for (let len = patch.length; len >= 1; len--) {
    const p = patch.slice(0, len);
    if (p.length > 1 && p.startsWith('0')) continue;
    if (pre !== undefined && len === patch.length) out.push(`v1.${minor}.${p}${pre}`);
    out.push(`v1.${minor}.${p}`);
  }
  return out;
}

/** Pure: the version in a window that starts at a `gitVersion` marker. */
export function versionInWindow(window: string): { version: string; source: VersionSource } | undefined {
  if (window.startsWith('gitVersion=')) {
    const match = SEMVER.exec(window.slice('gitVersion='.length).replace(/^['"]/, ''));
    return match ? { version: match[0], source: VersionSource.ldflags } : undefined;
  }
  const match = SEMVER_ANYWHERE.exec(window.slice(MARKER.length, MARKER.length + WINDOW));
  return match ? { version: match[0], source: VersionSource.marker } : undefined;
}

/**
 * Finds every occurrence of `needle` exactly once across chunks (and the stitched boundary buffer) and hands the
 * `span` bytes starting there, with their file offset, to `onHit`. An occurrence too close to the end of a non-final
 * buffer waits for the next one, where its whole window is present.
 */
class NeedleScan {
  /** File offset from which occurrences are still unseen. */
  private next = 0;
  constructor(private readonly needle: Buffer, private readonly span: number, private readonly onHit: (window: string, offset: number) => void) {}

  scan(buf: Buffer, base: number, final: boolean): void {
    let from = Math.max(0, this.next - base);
    for (;;) {
      const at = buf.indexOf(this.needle, from);
      if (at < 0) return;
      if (!final && at + this.span > buf.length) return;
      this.onHit(buf.subarray(at, at + this.span).toString('latin1'), base + at);
      from = at + 1;
      this.next = base + from;
    }
  }
}

export class VersionScanner implements ChunkSink {
  private head: Buffer | undefined;
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of carry[0]. */
  private carryBase = 0;
  private readonly found: VersionCandidate[] = [];
  private readonly loose = new Map<string, number[]>();
  private readonly markers = new NeedleScan(MARKER, MARKER.length + WINDOW, (window, offset) => {
    const hit = versionInWindow(window);
    if (hit !== undefined) this.found.push({ ...hit, offset });
  });
  private readonly looseScan = new NeedleScan(LOOSE_NEEDLE, LOOSE_WINDOW, (window, offset) => {
    for (const version of looseVersionsAt(window)) {
      const offsets = this.loose.get(version);
      if (offsets !== undefined) { if (offsets.length < 16) offsets.push(offset); } else if (this.loose.size < MAX_LOOSE) this.loose.set(version, [offset]);
    }
  });
  private captureStart = -1;
  /** File offset of the next build-info byte to capture; -1 when not capturing. */
  private captureNext = -1;
  private captureParts: Buffer[] = [];
  private captureSize = 0;
  private buildInfo: GoBuildInfo | undefined;

  update(chunk: Buffer, offset: number): void {
    if (offset === 0) this.head = Buffer.from(chunk.subarray(0, 64));
    // Matches straddling the previous chunk's end are found in a small stitched boundary buffer, so the chunk
    // itself is scanned in place (no copy of the whole chunk); the next-offset trackers keep each match single.
    if (this.carry.length > 0) this.scan(Buffer.concat([this.carry, chunk.subarray(0, CARRY)]), this.carryBase, false);
    this.scan(chunk, offset, false);
    const tail = chunk.length >= CARRY ? chunk.subarray(chunk.length - CARRY) : Buffer.concat([this.carry, chunk]).subarray(-CARRY);
    this.carry = Buffer.from(tail);
    this.carryBase = offset + chunk.length - this.carry.length;
  }

  private scan(buf: Buffer, base: number, final: boolean): void {
    if (this.captureNext < 0 && this.buildInfo === undefined) {
      const at = buf.indexOf(BUILDINFO_MAGIC);
      if (at >= 0) {
        this.captureStart = base + at;
        this.captureNext = base + at;
      }
    }
    if (this.captureNext >= 0) this.extendCapture(buf, base);
    this.markers.scan(buf, base, final);
    this.looseScan.scan(buf, base, final);
  }

  /** Appends the bytes of `buf` (at file offset `base`) not captured yet, up to the build-info limit. */
  private extendCapture(buf: Buffer, base: number): void {
    const from = this.captureNext - base;
    if (from < 0 || from >= buf.length) return;
    const take = buf.subarray(from, from + BUILDINFO_LIMIT - this.captureSize);
    this.captureParts.push(Buffer.from(take));
    this.captureSize += take.length;
    this.captureNext += take.length;
    if (this.captureSize >= BUILDINFO_LIMIT) this.finishCapture();
  }

  private finishCapture(): void {
    if (this.captureNext < 0) return;
    this.buildInfo = decodeBuildInfo(Buffer.concat(this.captureParts));
    this.captureNext = -1;
    this.captureParts = [];
  }

  private outsideBuildInfo(offset: number): boolean {
    const size = this.buildInfo?.size;
    return this.captureStart < 0 || size === undefined || offset < this.captureStart || offset >= this.captureStart + size;
  }

  /** Call once after the last chunk. */
  result(): BinaryIdentity {
    this.markers.scan(this.carry, this.carryBase, true);
    this.looseScan.scan(this.carry, this.carryBase, true);
    this.finishCapture();
    const looseVersions = [...this.loose].filter(([, offsets]) => offsets.some((o) => this.outsideBuildInfo(o))).map(([v]) => v).sort();
    const elf = this.head === undefined ? undefined : parseElfHeader(this.head);
    return {
      ...(elf === undefined ? {} : { elf }),
      versions: distinctStrongestFirst(this.found),
      looseVersions,
      ...(this.buildInfo === undefined ? {} : { goBuildInfo: this.buildInfo }),
    };
  }
}

function distinctStrongestFirst(found: readonly VersionCandidate[]): VersionCandidate[] {
  const rank = (c: VersionCandidate): number => (c.source === VersionSource.ldflags ? 0 : 1);
  // A loop, not Math.min(...ranks): spreading 150,000 candidates (a binary full of gitVersion= markers) overflows the stack.
  let strongest = Infinity;
  for (const c of found) strongest = Math.min(strongest, rank(c));
  const distinct = new Map<string, VersionCandidate>();
  for (const c of [...found].sort((a, b) => a.offset - b.offset)) {
    if (rank(c) === strongest && !distinct.has(c.version)) distinct.set(c.version, c);
  }
  return [...distinct.values()];
}
