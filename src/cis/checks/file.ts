import type { Evidence } from '../../domain/evidence.js';
import type { FileFact, NodeFacts } from '../../domain/node-facts.js';
import type { FileModeTest, FileOwnerTest } from '../model.js';
import { worst, type Outcome } from './outcome.js';

const ROOT = 'root';

export function octal(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

/**
 * "If exists" semantics: a file the benchmark names that is not on this node has nothing to protect,
 * so it PASSes with a note. A file that exists but could not be read WARNs with the reason.
 */
export function judgeFiles(test: FileModeTest | FileOwnerTest, facts: NodeFacts): Outcome {
  const files = test.roles.flatMap((role) => facts.files[role] ?? []);
  if (files.length === 0) {
    return { verdict: 'pass', reason: `No ${test.roles.join(' or ')} file found on this node; the check applies only if it exists.`, evidence: [] };
  }
  const outcomes = files.map((file) => (test.kind === 'file-mode' ? judgeMode(test, file) : judgeOwner(test, file)));
  const verdict = worst(outcomes);
  const relevant = outcomes.filter((o) => o.verdict === verdict);
  const evidence = outcomes.flatMap((o) => o.evidence);
  if (verdict === 'pass' && relevant.length > 3) {
    return { verdict, reason: `all ${relevant.length} files comply, e.g. ${relevant[0]?.reason ?? ''}`, evidence };
  }
  const shown = relevant.slice(0, 5).map((o) => o.reason);
  const more = relevant.length > shown.length ? ` (and ${relevant.length - shown.length} more)` : '';
  const fix = verdict === 'fail' ? nodeFix(test, files.filter((_, i) => outcomes[i]?.verdict === 'fail')) : undefined;
  return { verdict, reason: shown.join('; ') + more, evidence, ...(fix ? { fix } : {}) };
}

function unreadable(file: FileFact): Outcome | undefined {
  if (!file.exists) {
    return { verdict: 'pass', reason: `${file.path} does not exist (nothing to protect)`, evidence: [{ subject: 'exists', value: 'false', source: 'stat', location: { file: file.path } }] };
  }
  if (file.error !== undefined) {
    return { verdict: 'warn', reason: `${file.path} could not be checked: ${file.error}`, evidence: [{ subject: 'stat', source: 'stat', location: { file: file.path }, note: file.error }] };
  }
  return undefined;
}

function judgeMode(test: FileModeTest, file: FileFact): Outcome {
  const early = unreadable(file);
  if (early) return early;
  if (file.mode === undefined) {
    return { verdict: 'warn', reason: `${file.path}: permissions were not collected`, evidence: [] };
  }
  const evidence: Evidence[] = [{ subject: 'permissions', value: octal(file.mode), source: 'stat', location: { file: file.path } }];
  // "600 or more restrictive": no permission bit outside the mask may be set.
  const extra = file.mode & ~test.mask & 0o7777;
  if (extra !== 0) {
    return { verdict: 'fail', reason: `${file.path} has permissions ${octal(file.mode)}, more open than ${octal(test.mask)}`, evidence };
  }
  return { verdict: 'pass', reason: `${file.path} has permissions ${octal(file.mode)}`, evidence };
}

function judgeOwner(test: FileOwnerTest, file: FileFact): Outcome {
  const early = unreadable(file);
  if (early) return early;
  if (file.uid === undefined || file.gid === undefined) {
    return { verdict: 'warn', reason: `${file.path}: ownership was not collected`, evidence: [] };
  }
  const shown = `${file.user ?? file.uid}:${file.group ?? file.gid}`;
  const evidence: Evidence[] = [{ subject: 'ownership', value: shown, source: 'stat', location: { file: file.path }, note: `uid ${file.uid}, gid ${file.gid}` }];
  const wanted = `${test.user}:${test.group}`;
  const user = side(test.user, file.uid, file.user);
  const group = side(test.group, file.gid, file.group);
  if (user === 'ok' && group === 'ok') return { verdict: 'pass', reason: `${file.path} is owned by ${shown}`, evidence };
  if (user !== 'bad' && group !== 'bad') {
    // A named owner (etcd:etcd) can only be compared by name; without a passwd/group entry it is unknown.
    return {
      verdict: 'warn',
      reason: `${file.path} is owned by uid ${file.uid}, gid ${file.gid}, which have no name in /etc/passwd or /etc/group; expected ${wanted}`,
      evidence,
    };
  }
  return { verdict: 'fail', reason: `${file.path} is owned by ${shown}, expected ${wanted}`, evidence };
}

/** root is uid/gid 0 by definition: compared numerically, so a root without /etc/passwd still passes. */
function side(wanted: string, id: number, name: string | undefined): 'ok' | 'bad' | 'unknown' {
  if (wanted === ROOT) return id === 0 ? 'ok' : 'bad';
  if (name === undefined) return 'unknown';
  return name === wanted ? 'ok' : 'bad';
}

/** The command for the files that failed on this node; none for files seen inside a container (/proc/<pid>/root). */
function nodeFix(test: FileModeTest | FileOwnerTest, failed: readonly FileFact[]): string | undefined {
  const local = failed.filter((f) => !f.path.startsWith('/proc/'));
  const paths = local.map((f) => f.path);
  if (paths.length === 0) return undefined;
  // Ownership of a directory (etcd data dir) goes for everything below it too.
  const recursive = local.some((f) => f.type === 'directory') ? ' -R' : '';
  const command = test.kind === 'file-mode' ? `chmod ${octal(test.mask)}` : `chown${recursive} ${test.user}:${test.group}`;
  return `${command} ${paths.join(' ')}`;
}
