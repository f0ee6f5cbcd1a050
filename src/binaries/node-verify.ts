import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseChecksumText } from './checksum-format.js';
import { DigestSink, ioReason, streamFile } from './file-stream.js';
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
export function checksumPath(version: string, arch: string, name: string): string {
  return `${version}/bin/linux/${arch}/${name}.sha256`;
}

async function readExpected(checksums: string, relative: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(checksums, relative), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  const entry = parseChecksumText(text).entries.find((e) => e.algorithm === 'sha256');
  return entry?.digest;
}

/** Pure: the verdict once the file is hashed and identified and the candidate checksums are read. */
export function judge(sha256: string, identity: BinaryIdentity, name: string,
  expectedByPath: ReadonlyMap<string, string | undefined>, checksumsGiven: boolean): Omit<BinaryVerdict, 'binary'> {
  const base = { sha256, identity };
  if (identity.versions.length === 0) return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: 'no embedded Kubernetes version found' };
  const arch = identity.elf?.arch;
  if (arch === undefined) return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: identity.elf ? `ELF machine ${identity.elf.machine} has no Kubernetes release` : 'not an ELF binary' };
  if (!checksumsGiven) return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: 'no --checksums tree given' };
  const candidates = identity.versions.map((v) => checksumPath(v.version, arch, name));
  const present = candidates.filter((p) => expectedByPath.get(p) !== undefined);
  const matching = present.find((p) => expectedByPath.get(p) === sha256);
  if (matching !== undefined) return { ...base, status: BinaryStatus.OK, checksumFile: matching, expected: sha256 };
  const first = present[0];
  if (first !== undefined) return { ...base, status: BinaryStatus.MISMATCH, checksumFile: first, expected: expectedByPath.get(first) ?? '' };
  return { ...base, status: BinaryStatus.NO_CHECKSUM, reason: `no ${candidates.join(' or ')} in the checksum tree` };
}

export async function verifyNode(root: string, checksums: string | undefined): Promise<NodeReport> {
  const discovery = await discoverBinaries(root);
  const verdicts: BinaryVerdict[] = [];
  const problems = [...discovery.problems];
  for (const binary of discovery.binaries) {
    const digest = new DigestSink('sha256');
    const scanner = new VersionScanner();
    try {
      await streamFile(join(root, binary.nodePath), [digest, scanner]);
    } catch (error) {
      verdicts.push({ binary, status: BinaryStatus.UNREADABLE, reason: ioReason(error) });
      continue;
    }
    const identity = scanner.result();
    const sha256 = digest.hex();
    const expected = new Map<string, string | undefined>();
    if (checksums !== undefined && identity.elf?.arch !== undefined) {
      for (const v of identity.versions) {
        const rel = checksumPath(v.version, identity.elf.arch, binary.name);
        try {
          expected.set(rel, await readExpected(checksums, rel));
        } catch (error) {
          problems.push({ path: join(checksums, rel), reason: ioReason(error) });
        }
      }
    }
    verdicts.push({ binary, ...judge(sha256, identity, binary.name, expected, checksums !== undefined) });
  }
  return { root, ...(checksums === undefined ? {} : { checksums }), verdicts, deleted: discovery.deleted, problems };
}
