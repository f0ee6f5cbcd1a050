import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { posix } from 'node:path';
import { KubefortError } from '../domain/errors.js';
import { isRecord } from '../domain/guards.js';

/** Where backups live: outside /etc/kubernetes/manifests, because the kubelet starts any manifest left there. */
export const BACKUP_DIR = '/var/lib/kubefort/backups';
export const LOCK_FILE = '/var/lib/kubefort/fix.lock';

export interface BackedUpFile {
  /** Node path. */
  path: string;
  sha256: string;
  /** sha256 of what kubefort wrote, to tell whether the file changed since. */
  sha256After: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface BackedUpPerm {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface BackupManifest {
  schemaVersion: 1;
  id: string;
  createdAt: string;
  /** `pending` while files are being written, `applied` once all are. */
  state: 'pending' | 'applied' | 'rolled-back';
  checks: string[];
  files: BackedUpFile[];
  perms: BackedUpPerm[];
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `20261123T120000Z`, from the injected clock; a suffix keeps two fixes in one second apart. */
export function backupId(now: Date, existing: ReadonlySet<string>): string {
  const base = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let id = base;
  for (let i = 2; existing.has(id); i++) id = `${base}-${i}`;
  return id;
}

export function listBackups(root: string): string[] {
  try {
    return readdirSync(posix.join(root, BACKUP_DIR)).filter((n) => /^\d{8}T\d{6}Z(-\d+)?$/.test(n)).sort();
  } catch {
    return [];
  }
}

/** Writes a file and fsyncs it (and nothing else: callers fsync the directory). */
export function writeDurable(hostPath: string, data: Buffer | string, mode = 0o600): void {
  const fd = openSync(hostPath, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(hostPath: string): void {
  const fd = openSync(hostPath, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function makeDirs(hostPath: string): void {
  mkdirSync(hostPath, { recursive: true, mode: 0o700 });
}

export function readBackup(root: string, id: string | undefined): { dir: string; manifest: BackupManifest } {
  const ids = listBackups(root);
  const chosen = id ?? ids[ids.length - 1];
  if (chosen === undefined) throw new KubefortError(`no kubefort backup under ${posix.join(root, BACKUP_DIR)}`);
  if (!ids.includes(chosen)) throw new KubefortError(`no backup ${chosen} (available: ${ids.join(', ') || 'none'})`);
  const dir = posix.join(root, BACKUP_DIR, chosen);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(posix.join(dir, 'manifest.json'), 'utf8'));
  } catch (error) {
    throw new KubefortError(`backup ${chosen}: manifest.json cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(manifest) || manifest.schemaVersion !== 1 || !Array.isArray(manifest.files) || !Array.isArray(manifest.perms)) {
    throw new KubefortError(`backup ${chosen}: manifest.json is not a kubefort backup manifest`);
  }
  return { dir, manifest: manifest as unknown as BackupManifest };
}

export function statOf(hostPath: string): { mode: number; uid: number; gid: number } {
  const s = lstatSync(hostPath);
  return { mode: s.mode & 0o7777, uid: s.uid, gid: s.gid };
}
