import { posix } from 'node:path';
import type { CollectWarning, FileFact, FileRole } from '../../domain/node-facts.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import type { OwnerNames } from './owners.js';

/**
 * Stats one node path. Symlinks are followed inside the root (see FileFact.type); an absent path is
 * `exists: false`; any other failure keeps `exists: true` with the reason in `error`, because the file
 * may well be there and a judge must not take "unreadable" for "absent".
 */
export function statFile(fs: NodeFs, path: string, owners: OwnerNames): FileFact {
  const link = fs.lstat(path);
  if (!link.ok) return isAbsent(link) ? { path, exists: false } : { path, exists: true, error: link.reason, errorCode: link.code };
  let stats = link.value;
  const fact: FileFact = { path, exists: true };
  if (stats.isSymbolicLink()) {
    const target = fs.resolve(path);
    fact.type = 'symlink';
    fact.target = target;
    const followed = fs.lstat(target);
    if (!followed.ok) {
      fact.error = isAbsent(followed) ? `dangling symlink to ${target}` : `${target}: ${followed.reason}`;
      if (!isAbsent(followed)) fact.errorCode = followed.code;
      return fact;
    }
    stats = followed.value;
  } else {
    fact.type = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
  }
  fact.mode = stats.mode & 0o7777;
  fact.uid = stats.uid;
  fact.gid = stats.gid;
  const user = owners.user(stats.uid);
  const group = owners.group(stats.gid);
  if (user !== undefined) fact.user = user;
  if (group !== undefined) fact.group = group;
  return fact;
}

/**
 * A directory and everything below it, sorted, depth first (the pki directory). At most `limit` entries,
 * so a mis-pointed path (`/`) cannot stall the run; a warning says when the walk was cut short.
 */
export function walk(fs: NodeFs, dir: string, warnings: CollectWarning[], limit = 5000): string[] {
  const out: string[] = [];
  const visit = (path: string): void => {
    if (out.length >= limit) return;
    out.push(path);
    const stats = fs.lstat(path);
    if (!stats.ok || !stats.value.isDirectory()) return;
    const listing = fs.list(path);
    if (!listing.ok) {
      warnings.push({ message: `cannot list ${path}: ${listing.reason}`, code: listing.code, location: { file: path } });
      return;
    }
    for (const name of listing.value) visit(posix.join(path, name));
  };
  visit(dir);
  if (out.length >= limit) warnings.push({ message: `${dir}: more than ${limit} entries; only the first ${limit} were checked`, location: { file: dir } });
  return out;
}

/**
 * Collects FileFacts by role, each role's paths sorted and without duplicates. A path in several roles
 * (a pki key is in pki-dir and pki-keys) is stat'ed once.
 */
export class FileCollector {
  private readonly byRole = new Map<FileRole, Map<string, FileFact>>();
  private readonly stats = new Map<string, FileFact>();
  constructor(private readonly fs: NodeFs, private readonly owners: OwnerNames) {}

  add(role: FileRole, path: string): void {
    const normalized = posix.normalize(path);
    let paths = this.byRole.get(role);
    if (paths === undefined) this.byRole.set(role, (paths = new Map()));
    if (paths.has(normalized)) return;
    let fact = this.stats.get(normalized);
    if (fact === undefined) this.stats.set(normalized, (fact = statFile(this.fs, normalized, this.owners)));
    paths.set(normalized, fact);
  }

  /** A fact that could not come from stat (the file is out of sight); kept as given. */
  addUnknown(role: FileRole, path: string, reason: string): void {
    let paths = this.byRole.get(role);
    if (paths === undefined) this.byRole.set(role, (paths = new Map()));
    if (!paths.has(path)) paths.set(path, { path, exists: true, error: reason });
  }

  result(): Partial<Record<FileRole, FileFact[]>> {
    const out: Partial<Record<FileRole, FileFact[]>> = {};
    for (const role of [...this.byRole.keys()].sort()) {
      const facts = [...(this.byRole.get(role)?.values() ?? [])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      out[role] = facts;
    }
    return out;
  }
}
