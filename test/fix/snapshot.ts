import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything a write could change, for every entry under the root (kubefort's own /var/lib/kubefort included:
 * a dry run takes no lock and makes no backup): bytes, type, mode, owner, mtime and ctime in nanoseconds
 * (ctime moves on any chmod/chown, even to the same value), a directory's entries. Symlinks are not followed.
 */
export function fullSnapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (host: string, path: string): void => {
    const s = lstatSync(host, { bigint: true });
    const meta = `${(s.mode & 0o177777n).toString(8)} ${s.uid}:${s.gid} m${s.mtimeNs} c${s.ctimeNs}`;
    if (s.isSymbolicLink()) { out.set(path, `${meta} -> ${readlinkSync(host)}`); return; }
    if (s.isDirectory()) {
      const names = readdirSync(host).sort();
      out.set(path, `${meta} [${names.join(',')}]`);
      for (const name of names) visit(join(host, name), `${path}/${name}`);
      return;
    }
    out.set(path, `${meta} ${readFileSync(host).toString('base64')}`);
  };
  visit(root, '');
  return out;
}

export function assertUnchanged(before: Map<string, string>, after: Map<string, string>): void {
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  assert.deepEqual(changed, [], 'entries a dry run changed, created or removed');
}
