import type { CollectWarning } from '../../domain/node-facts.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { READ_LIMITS } from './bounded-read.js';

/** uid -> user name and gid -> group name, from the node's own /etc/passwd and /etc/group (never the host's). */
export interface OwnerNames {
  user(uid: number): string | undefined;
  group(gid: number): string | undefined;
}

export function readOwnerNames(fs: NodeFs, warnings: CollectWarning[]): OwnerNames {
  const users = readIdFile(fs, '/etc/passwd', warnings);
  const groups = readIdFile(fs, '/etc/group', warnings);
  return { user: (uid) => users.get(uid), group: (gid) => groups.get(gid) };
}

/** `name:password:id:...` lines; the first entry for an id wins, as getpwuid(3) returns it. */
export function parseIdFile(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [name, , id] = line.split(':');
    if (name === undefined || id === undefined || !/^\d+$/.test(id)) continue;
    const numeric = Number(id);
    if (!names.has(numeric)) names.set(numeric, name);
  }
  return names;
}

function readIdFile(fs: NodeFs, path: string, warnings: CollectWarning[]): Map<number, string> {
  const read = fs.readText(path, READ_LIMITS.accounts, path);
  if (read.ok) return parseIdFile(read.value);
  const why = isAbsent(read) ? 'absent' : read.reason;
  warnings.push({ message: `cannot read ${path} (${why}): file owners are shown as numeric ids`, code: read.code, location: { file: path } });
  return new Map();
}
