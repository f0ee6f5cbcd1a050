import type { Finding } from '../domain/finding.js';
import { Severity } from '../domain/status.js';
import { printable } from '../domain/printable.js';
import { BinaryStatus, Lookup, type BinaryVerdict, type NodeReport } from './node-verify.js';

/** Reporting for `kubefort verify --root`: result -> text / JSON / findings. Pure. */

const SCOPE_NOTE = 'Scope: host binaries only. Binaries inside control-plane container images (kube-apiserver, '
  + 'kube-controller-manager, kube-scheduler and etcd run as static pods) are out of scope here: verify those images by digest and signature.';

const STATUS_ORDER: readonly BinaryStatus[] = [BinaryStatus.MISMATCH, BinaryStatus.UNREADABLE, BinaryStatus.NO_CHECKSUM, BinaryStatus.OK];

function sorted(verdicts: readonly BinaryVerdict[]): BinaryVerdict[] {
  return [...verdicts].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status)
    || a.binary.name.localeCompare(b.binary.name) || a.binary.nodePath.localeCompare(b.binary.nodePath));
}

function foundAt(v: BinaryVerdict): string {
  return v.binary.foundAt.map((f) => (f.startsWith('/proc/') ? `${f} (running)` : f)).join(', ');
}

const LOOKUP_WORDS: Record<Lookup, string> = {
  embedded: 'from the gitVersion evidence in the file',
  intersected: 'version strings in the file that are releases in the checksum tree',
  search: 'no version in the file; every release in the checksum tree was tried',
};

/** The version shown: proven by the checksum when OK, else what the file says. */
function shownVersion(v: BinaryVerdict): string {
  if (v.status === BinaryStatus.OK && v.checksumFile !== undefined) return v.checksumFile.split('/')[0] ?? '?';
  if (v.identity === undefined) return '?';
  if (v.identity.versions.length > 0) return v.identity.versions.map((c) => c.version).join(' | ');
  return v.lookup === Lookup.intersected && v.checksumFile !== undefined ? v.checksumFile.split('/')[0] ?? '?' : '?';
}

/**
 * Where the release publishes the checksum this binary lacks: dl.k8s.io/release/<version>/bin/linux/<arch>/<name>.sha256,
 * one per version the file claims (known only with a version and a release architecture).
 */
export function checksumUrls(v: BinaryVerdict): string[] {
  const arch = v.identity?.elf?.arch;
  if (v.status !== BinaryStatus.NO_CHECKSUM || arch === undefined) return [];
  return (v.identity?.versions ?? []).map((c) => `https://dl.k8s.io/release/${c.version}/bin/linux/${arch}/${v.binary.name}.sha256`);
}

function block(v: BinaryVerdict): string[] {
  const version = shownVersion(v);
  const platform = v.identity?.elf ? `linux/${v.identity.elf.arch ?? `machine-${v.identity.elf.machine}`}` : '?';
  const lines = [`${v.status.padEnd(12)} ${v.binary.name.padEnd(24)} ${version.padEnd(10)} ${platform.padEnd(12)} ${v.binary.nodePath}`];
  const detail = (label: string, value: string): void => void lines.push(`  ${label.padEnd(10)} ${value}`);
  detail('found at', foundAt(v));
  if (v.sha256 !== undefined) detail('sha256', v.sha256);
  if (v.expected !== undefined && v.status !== BinaryStatus.OK) detail('expected', `${v.expected} (${v.checksumFile})`);
  if (v.status === BinaryStatus.OK) detail('checksum', `${v.checksumFile}`);
  for (const c of v.identity?.versions ?? []) detail('version', `${c.version} from ${c.source} at offset 0x${c.offset.toString(16)}`);
  if (v.lookup !== undefined && v.lookup !== Lookup.embedded) detail('lookup', LOOKUP_WORDS[v.lookup]);
  const go = v.identity?.goBuildInfo;
  if (go !== undefined) {
    const revision = go.settings['vcs.revision'];
    detail('go', [go.goVersion, go.path, revision === undefined ? undefined : `vcs.revision=${revision}`, go.note].filter((x) => x !== undefined).join(' '));
  }
  if (v.reason !== undefined) detail('reason', v.reason);
  for (const url of checksumUrls(v)) detail('fetch', url);
  return lines;
}

export function formatNodeText(report: NodeReport): string {
  const out: string[] = [`Kubernetes binaries under ${report.root}${report.checksums === undefined ? '' : ` (checksums: ${report.checksums})`}`, ''];
  if (report.verdicts.length === 0) out.push('No Kubernetes binaries found in the usual places or behind a running process.', '');
  for (const v of sorted(report.verdicts)) out.push(...block(v), '');
  for (const d of report.deleted) out.push(`DELETED      ${d.name} pid ${d.pid}: /proc/${d.pid}/exe -> ${d.target}`, '  the running binary was replaced or removed on disk; restart the process and verify the new file', '');
  for (const p of report.problems) out.push(`WARN         ${p.path}: ${p.reason}`);
  if (report.problems.length > 0) out.push('');
  const counts = STATUS_ORDER.slice().reverse().map((s) => `${report.verdicts.filter((v) => v.status === s).length} ${s}`);
  out.push(`Summary: ${counts.join(', ')}${report.deleted.length > 0 ? `, ${report.deleted.length} DELETED` : ''}`, SCOPE_NOTE);
  // Paths, link texts and reasons come from the node: escape control characters before they reach a terminal.
  return `${out.map(printable).join('\n')}\n`;
}

export function nodeFindings(report: NodeReport): Finding[] {
  const findings: Finding[] = [];
  for (const v of sorted(report.verdicts)) {
    const version = shownVersion(v) === '?' ? undefined : shownVersion(v);
    const subject = v.binary.nodePath;
    if (v.status === BinaryStatus.MISMATCH) {
      findings.push({ ruleId: 'BIN001', severity: Severity.critical, subject, location: { file: subject },
        message: `${v.binary.name} at ${subject} does not match the ${version ?? ''} release checksum ${v.checksumFile ?? ''}`.replace(/ {2,}/g, ' '),
        evidence: [
          { subject: 'sha256', value: v.sha256, source: 'file', location: { file: subject } },
          { subject: 'expected sha256', value: v.expected, source: 'checksum-file', location: { file: v.checksumFile ?? '' } },
        ],
        remediation: `Treat the node as compromised until explained; reinstall ${v.binary.name} ${version ?? ''} from dl.k8s.io and verify it before use.` });
    } else if (v.status === BinaryStatus.NO_CHECKSUM) {
      findings.push({ ruleId: 'BIN002', severity: Severity.medium, subject, location: { file: subject },
        message: `${v.binary.name} at ${subject} could not be checked: ${v.reason ?? 'no checksum'}`,
        remediation: checksumUrls(v).length > 0
          ? `Download ${checksumUrls(v).join(' or ')} into the checksum tree (as <version>/bin/linux/<arch>/${v.binary.name}.sha256).`
          : 'Download the release .sha256 files for this version and architecture into the checksum tree.' });
    } else if (v.status === BinaryStatus.UNREADABLE) {
      findings.push({ ruleId: 'BIN004', severity: Severity.medium, subject, location: { file: subject },
        message: `${v.binary.name} at ${subject} could not be read: ${v.reason ?? ''}` });
    }
  }
  for (const d of report.deleted) {
    findings.push({ ruleId: 'BIN003', severity: Severity.high, subject: `/proc/${d.pid}/exe`,
      message: `running ${d.name} (pid ${d.pid}) executes a binary that was deleted or replaced on disk (${d.target})`,
      remediation: `Restart ${d.name} so it runs the binary on disk, then verify that binary.` });
  }
  return findings;
}

export function formatNodeJson(report: NodeReport): string {
  const binaries = sorted(report.verdicts).map((v) => ({
    name: v.binary.name, status: v.status, path: v.binary.nodePath, foundAt: v.binary.foundAt, pids: v.binary.pids,
    sha256: v.sha256 ?? null, expected: v.expected ?? null, checksumFile: v.checksumFile ?? null, reason: v.reason ?? null,
    version: shownVersion(v) === '?' ? null : shownVersion(v), lookup: v.lookup ?? null,
    arch: v.identity?.elf?.arch ?? null, versions: v.identity?.versions ?? [], looseVersions: v.identity?.looseVersions ?? [],
    go: v.identity?.goBuildInfo ?? null, checksumUrls: checksumUrls(v),
  }));
  return `${JSON.stringify({ root: report.root, checksums: report.checksums ?? null, binaries, deleted: report.deleted,
    problems: report.problems, findings: nodeFindings(report), scope: SCOPE_NOTE }, null, 2)}\n`;
}

/** 1 when a binary mismatches or a running binary is gone from disk; NO CHECKSUM/UNREADABLE too with --strict. */
export function nodeExitCode(report: NodeReport, strict: boolean): 0 | 1 {
  if (report.deleted.length > 0 || report.verdicts.some((v) => v.status === BinaryStatus.MISMATCH)) return 1;
  if (strict && report.verdicts.some((v) => v.status !== BinaryStatus.OK)) return 1;
  return 0;
}
