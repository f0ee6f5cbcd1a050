import { readdir } from 'node:fs/promises';
import { READ_LIMITS, readRegular } from '../collect/node/bounded-read.js';
import { join } from 'node:path';
import { parseChecksumText } from './checksum-format.js';
import { DigestSink, streamFile } from './file-stream.js';
import { errnoCode, strerror } from '../domain/fs-errors.js';
import { discoverBinaries, type FoundBinary, type RunningDeleted } from './node-discovery.js';
import { VersionScanner, type BinaryIdentity } from './version-scan.js';

/** Verdict per binary, in the words of the report. */
export const BinaryStatus = {
  OK: 'OK',
  MISMATCH: 'MISMATCH',
  NO_CHECKSUM: 'NO CHECKSUM',
  UNREADABLE: 'UNREADABLE',
} as const;
export type BinaryStatus = (typeof BinaryStatus)[keyof typeof BinaryStatus];

export interface BinaryVerdict {
  binary: FoundBinary;
  status: BinaryStatus;
  sha256?: string;
  identity?: BinaryIdentity;
  lookup?: Lookup;
  /** Checksum file consulted (relative to --checksums) and its digest, or why none applies. */
  checksumFile?: string;
  expected?: string;
  reason?: string;
}

export interface NodeReport {
  root: string;
  checksums?: string;
  verdicts: BinaryVerdict[];
  deleted: RunningDeleted[];
  problems: Array<{ path: string; reason: string }>;
}

/** Where the release download tree keeps a binary's checksum: <version>/bin/linux/<arch>/<name>.sha256. */
function checksumPath(version: string, arch: string, name: string): string {
  return `${version}/bin/linux/${arch}/${name}.sha256`;
}

async function readExpected(checksums: string, relative: string): Promise<string | undefined> {
  let text: string;
  try {
    text = (await readRegular(join(checksums, relative), READ_LIMITS.small, 'a checksum file')).toString('utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const entry = parseChecksumText(text).entries.find((e) => e.algorithm === 'sha256');
  return entry?.digest;
}

/** How the versions to look up were chosen; reported with the verdict. */
export const Lookup = {
  /** From the gitVersion evidence in the file. */
  embedded: 'embedded',
  /** Version strings in the file that are also releases in the checksum tree. */
  intersected: 'intersected',
  /** No usable version: every release in the tree with a checksum for this name and arch is tried. */
  search: 'search',
} as const;
export type Lookup = (typeof Lookup)[keyof typeof Lookup];

/** Pure: which versions to look up in the checksum tree for this binary. */
function lookupVersions(identity: BinaryIdentity, treeVersions: readonly string[]): { lookup: Lookup; versions: string[] } {
  if (identity.versions.length > 0) return { lookup: Lookup.embedded, versions: identity.versions.map((v) => v.version) };
  const inTree = new Set(treeVersions);
  const intersected = identity.looseVersions.filter((v) => inTree.has(v));
  if (intersected.length > 0) return { lookup: Lookup.intersected, versions: intersected };
  return { lookup: Lookup.search, versions: [...treeVersions] };
}

/**
 * Pure: the verdict once the file is hashed and identified and the candidate checksums are read.
 * A digest equal to a release checksum proves the binary is that release, whatever the version evidence said.
 * MISMATCH needs a version we believe (embedded or intersected): a blind search that matches nothing only says
 * that no checksum applies.
 */
function judge(sha256: string, identity: BinaryIdentity, name: string, lookup: Lookup, versions: readonly string[],
  expectedByPath: ReadonlyMap<string, string | undefined>, checksumsGiven: boolean): Omit<BinaryVerdict, 'binary'> {
  const base = { sha256, identity, lookup };
  const arch = identity.elf?.arch;
  if (arch === undefined) return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: identity.elf ? `ELF machine ${identity.elf.machine} has no Kubernetes release` : 'not an ELF binary' };
  if (!checksumsGiven) {
    return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: identity.versions.length > 0 ? 'no --checksums tree given' : 'no embedded Kubernetes version found and no --checksums tree given' };
  }
  const candidates = versions.map((v) => checksumPath(v, arch, name));
  const present = candidates.filter((p) => expectedByPath.get(p) !== undefined);
  const matching = present.find((p) => expectedByPath.get(p) === sha256);
  if (matching !== undefined) return { ...base, status: BinaryStatus.OK, checksumFile: matching, expected: sha256 };
  const first = present[0];
  if (lookup === Lookup.search) {
    return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: `no embedded Kubernetes version found, and the digest matches none of the ${present.length} ${name} linux/${arch} releases in the checksum tree` };
  }
  if (first !== undefined) {
    const others = present.length > 1 ? { reason: `the digest matches none of ${present.join(', ')}` } : {};
    return { ...base, status: BinaryStatus.MISMATCH, checksumFile: first, expected: expectedByPath.get(first) ?? '', ...others };
  }
  return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: `no ${candidates.join(' or ')} in the checksum tree` };
}

/** Release directories (v1.32.4, v1.33.0-rc.1, ...) at the top of a checksum tree. */
async function treeVersions(checksums: string | undefined): Promise<string[]> {
  if (checksums === undefined) return [];
  return (await readdir(checksums, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && /^v\d+\.\d+\.\d+/.test(e.name)).map((e) => e.name).sort();
}

export async function verifyNode(root: string, checksums: string | undefined): Promise<NodeReport> {
  const discovery = await discoverBinaries(root);
  const verdicts: BinaryVerdict[] = [];
  const problems = [...discovery.problems];
  const releases = await treeVersions(checksums);
  for (const binary of discovery.binaries) {
    const digest = new DigestSink('sha256');
    const scanner = new VersionScanner();
    try {
      await streamFile(join(root, binary.nodePath), [digest, scanner]);
    } catch (error) {
      verdicts.push({ binary, status: BinaryStatus.UNREADABLE, reason: strerror(error) });
      continue;
    }
    const identity = scanner.result();
    const sha256 = digest.hex();
    const { lookup, versions } = lookupVersions(identity, releases);
    const expected = new Map<string, string | undefined>();
    if (checksums !== undefined && identity.elf?.arch !== undefined) {
      for (const version of versions) {
        const rel = checksumPath(version, identity.elf.arch, binary.name);
        try {
          expected.set(rel, await readExpected(checksums, rel));
        } catch (error) {
          problems.push({ path: join(checksums, rel), reason: strerror(error) });
        }
      }
    }
    verdicts.push({ binary, ...judge(sha256, identity, binary.name, lookup, versions, expected, checksums !== undefined) });
  }
  return { root, ...(checksums === undefined ? {} : { checksums }), verdicts, deleted: discovery.deleted, problems };
}
