import { chmodSync, chownSync, lchownSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { posix } from 'node:path';
import { resolvePathInRoot } from '../collect/root-path.js';
import { errnoCode, fsErrorReason } from '../domain/fs-errors.js';
import { FixRefusedError, FixWriteError, writeErrorReason } from './errors.js';
import { BACKUP_DIR, backupId, fsyncDir, listBackups, makeDirs, sha256, statOf, writeDurable, type BackedUpPerm, type BackupManifest } from './backup.js';
import { withLock } from './lock.js';
import type { FileEdit, PlannedAction } from './model.js';

/**
 * Test seams. A seam that throws `SimulatedCrash` stands for the process dying at that point: the writer does no
 * in-process recovery, exactly as after a kill -9; any other error is a failure the writer recovers from.
 */
export interface WriterSeams {
  /** After the temp file is written and fsynced, before it is renamed over the target. */
  beforeRename?(nodePath: string): void;
  /** After file `index` of the fix is in place, before the next one. */
  afterFile?(index: number, nodePath: string): void;
  /** Writes a temp file (default: open O_EXCL, write, fsync); replace it to inject ENOSPC or EROFS. */
  writeTemp?(hostPath: string, data: Buffer, mode: number): void;
}

export class SimulatedCrash extends Error {}

export interface ApplyResult {
  backupId: string;
  backupDir: string;
  files: string[];
  perms: string[];
}

const TEMP_PREFIX = '.kubefort-';
const isRoot = process.getuid?.() === 0;

/** The host path a node path leads to (symlinks resolved inside the root: the target is what gets replaced). */
function hostOf(root: string, nodePath: string): { node: string; host: string } {
  const node = resolvePathInRoot(root, nodePath);
  return { node, host: posix.join(root, node) };
}

/**
 * Applies a plan: lock, check that nothing changed since planning and that every file can be written, back up
 * every original (bytes, mode, owner) with a manifest, then replace each file atomically and apply the modes and
 * owners. A failure restores what was already written; nothing is left half-done.
 */
export function applyPlan(root: string, edits: readonly FileEdit[], perms: readonly PlannedAction[], options: { now: Date; seams?: WriterSeams }): ApplyResult {
  return withLock(root, options.now, () => {
    const seams = options.seams ?? {};
    const targets = edits.map((edit) => preflight(root, edit));
    const permTargets = perms.map((p) => ({ planned: p, ...hostOf(root, p.action.file) }));
    const id = backupId(options.now, new Set(listBackups(root)));
    const dir = posix.join(root, BACKUP_DIR, id);
    const manifest: BackupManifest = {
      schemaVersion: 1, id, createdAt: options.now.toISOString(), state: 'pending',
      checks: [...new Set([...edits.flatMap((e) => e.checks), ...perms.flatMap((p) => p.checks)])].sort(),
      files: targets.map((t) => ({ path: t.node, sha256: sha256(t.bytes), sha256After: sha256(t.edit.after), ...t.stat })),
      perms: permTargets.flatMap((t) => permRecords(t.node, t.host, t.planned)),
    };
    writeBackup(dir, manifest, targets.map((t) => ({ node: t.node, bytes: t.bytes })));
    const written: number[] = [];
    const applied: BackedUpPerm[] = [];
    try {
      targets.forEach((t, i) => {
        atomicReplace(t.host, Buffer.from(t.edit.after), t.stat, t.node, seams);
        written.push(i);
        seams.afterFile?.(i, t.node);
      });
      for (const t of permTargets) {
        applyPerm(t.host, t.planned);
        applied.push(...manifest.perms.filter((p) => p.path === t.node || p.path.startsWith(`${t.node}/`)));
      }
      manifest.state = 'applied';
      replaceManifest(dir, manifest);
    } catch (error) {
      if (error instanceof SimulatedCrash) throw error;
      const restoreErrors = restore(root, dir, manifest, written.map((i) => targets[i]?.node ?? ''), applied);
      const why = writeErrorReason(error);
      throw new FixWriteError(`writing failed (${why})${restoreErrors.length === 0 ? '; every file written so far was restored, nothing is changed' : `; restoring failed for ${restoreErrors.join(', ')}: run kubefort fix --rollback ${id}`} (backup ${dir})`, { cause: error });
    }
    return { backupId: id, backupDir: dir, files: targets.map((t) => t.node), perms: permTargets.map((t) => t.node) };
  });
}

function preflight(root: string, edit: FileEdit): { edit: FileEdit; node: string; host: string; bytes: Buffer; stat: { mode: number; uid: number; gid: number } } {
  const { node, host } = hostOf(root, edit.path);
  let bytes: Buffer;
  let stat: { mode: number; uid: number; gid: number };
  try {
    bytes = readFileSync(host);
    stat = statOf(host);
  } catch (error) {
    throw new FixRefusedError(`cannot read ${edit.path}: ${fsErrorReason(error)}; nothing was changed`);
  }
  if (bytes.toString('utf8') !== edit.before) throw new FixRefusedError(`${edit.path} changed since the plan was made; nothing was changed (run kubefort fix again)`);
  if ((stat.mode & 0o222) === 0) throw new FixRefusedError(`${edit.path} is read-only (mode ${stat.mode.toString(8)}); kubefort does not override that: make it writable first. Nothing was changed`);
  cleanStaleTemps(posix.dirname(host));
  return { edit, node, host, bytes, stat };
}

/** Temp files left by a fix that died between write and rename (hidden: the kubelet never read them). */
function cleanStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new FixRefusedError(`cannot list ${dir}: ${fsErrorReason(error)}; nothing was changed`);
  }
  for (const name of names) if (name.startsWith(TEMP_PREFIX) && name.endsWith('.tmp')) rmSync(posix.join(dir, name), { force: true });
}

function writeBackup(dir: string, manifest: BackupManifest, files: readonly { node: string; bytes: Buffer }[]): void {
  try {
    makeDirs(posix.join(dir, 'files'));
    for (const file of files) {
      const target = posix.join(dir, 'files', file.node);
      makeDirs(posix.dirname(target));
      writeDurable(target, file.bytes);
      fsyncDir(posix.dirname(target));
    }
    writeDurable(posix.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncDir(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new FixWriteError(`cannot write the backup (${writeErrorReason(error)}); nothing was changed`, { cause: error });
  }
}

function replaceManifest(dir: string, manifest: BackupManifest): void {
  const tmp = posix.join(dir, `${TEMP_PREFIX}manifest.json.tmp`);
  rmSync(tmp, { force: true });
  writeDurable(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, posix.join(dir, 'manifest.json'));
  fsyncDir(dir);
}

let counter = 0;

/**
 * Write a hidden temp file in the same directory (the kubelet's static pod source skips names starting with a
 * dot: it globs `[^.]*`), give it the original mode and owner, fsync, rename over the target, fsync the directory.
 */
function atomicReplace(host: string, data: Buffer, stat: { mode: number; uid: number; gid: number }, node: string, seams: WriterSeams = {}): void {
  const tmp = posix.join(posix.dirname(host), `${TEMP_PREFIX}${posix.basename(host)}.${process.pid}.${++counter}.tmp`);
  try {
    (seams.writeTemp ?? writeDurable)(tmp, data, 0o600);
    chmodSync(tmp, stat.mode);
    if (isRoot) chownSync(tmp, stat.uid, stat.gid);
    seams.beforeRename?.(node);
    renameSync(tmp, host);
    fsyncDir(posix.dirname(host));
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) rmSync(tmp, { force: true });
    throw error;
  }
}

/** What a mode or owner change will touch, recorded before it happens (every entry below a directory for chown -R). */
function permRecords(node: string, host: string, planned: PlannedAction): BackedUpPerm[] {
  const out: BackedUpPerm[] = [{ path: node, ...statOf(host) }];
  if (planned.action.kind === 'chown' && planned.action.recursive) {
    const visit = (dirHost: string, dirNode: string): void => {
      for (const name of readdirSync(dirHost).sort()) {
        const childHost = posix.join(dirHost, name);
        const childNode = posix.join(dirNode, name);
        if (out.length > 100_000) throw new FixRefusedError(`${node} has more than 100000 entries; chown it by hand. Nothing was changed`);
        out.push({ path: childNode, ...statOf(childHost) });
        if (lstatSync(childHost).isDirectory()) visit(childHost, childNode);
      }
    };
    visit(host, node);
  }

  return out;
}

function applyPerm(host: string, planned: PlannedAction): void {
  const action = planned.action;
  if (action.kind === 'chmod') chmodSync(host, action.mode);
  else if (action.kind === 'chown') {
    const visit = (path: string): void => {
      lchownSync(path, action.uid, action.gid);
      if (action.recursive && lstatSync(path).isDirectory()) for (const name of readdirSync(path)) visit(posix.join(path, name));
    };
    visit(host);
  }
}

/** Restores files (exact bytes, mode, owner) and modes/owners from a backup; returns the paths that failed. */
export function restore(root: string, dir: string, manifest: BackupManifest, files: readonly string[], perms: readonly BackedUpPerm[]): string[] {
  const failed: string[] = [];
  for (const path of files) {
    const record = manifest.files.find((f) => f.path === path);
    if (!record) continue;
    try {
      const bytes = readFileSync(posix.join(dir, 'files', path));
      atomicReplace(posix.join(root, path), bytes, record, path);
      chmodSync(posix.join(root, path), record.mode);
      if (isRoot) chownSync(posix.join(root, path), record.uid, record.gid);
    } catch (error) {
      failed.push(`${path} (${fsErrorReason(error)})`);
    }
  }
  for (const perm of [...perms].reverse()) {
    try {
      const host = posix.join(root, perm.path);
      if (isRoot) lchownSync(host, perm.uid, perm.gid);
      if (!lstatSync(host).isSymbolicLink()) chmodSync(host, perm.mode);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') failed.push(`${perm.path} (${fsErrorReason(error)})`);
    }
  }
  return failed;
}

export function markRolledBack(dir: string, manifest: BackupManifest): void {
  manifest.state = 'rolled-back';
  replaceManifest(dir, manifest);
}

