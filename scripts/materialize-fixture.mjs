#!/usr/bin/env node
// Copies a node fixture (test/fixtures/cis/<case>) to a directory and gives every path the mode and owner
// its MODES file records. Git keeps only the exec bit, so MODES is where a fixture's permissions live:
// one line per path, exactly as `stat -c '%a %u:%g %n'` prints it on the node:
//   600 0:0 /etc/kubernetes/manifests/kube-apiserver.yaml
// Owners are applied only when running as root (chown needs it); modes always.
// Usage: node scripts/materialize-fixture.mjs <case> <dest>   (dest must not exist or be empty)
import { chmodSync, cpSync, existsSync, lchownSync, lstatSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'cis');

/** Parses a MODES file; throws with file:line on a malformed line. */
export function parseModes(text, file = 'MODES') {
  const entries = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = /^([0-7]{3,4}) (\d+):(\d+) (\/.*)$/.exec(line);
    if (!match) throw new Error(`${file}:${index + 1}: expected "<mode> <uid>:<gid> <absolute path>", got ${JSON.stringify(line)}`);
    entries.push({ mode: Number.parseInt(match[1], 8), uid: Number(match[2]), gid: Number(match[3]), path: match[4] });
  });
  return entries;
}

/**
 * Copies `source` (a fixture directory) into `dest` and applies its MODES. Returns what was applied.
 * Symlinks are copied as links (their targets are node paths, resolved later inside the root).
 */
export function materializeDirectory(source, dest, { chown = process.getuid?.() === 0 } = {}) {
  if (existsSync(dest) && readdirSync(dest).length > 0) throw new Error(`${dest}: exists and is not empty`);
  cpSync(source, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => src !== join(source, 'MODES') && !src.endsWith('/.keep'),
  });
  const modesFile = join(source, 'MODES');
  const entries = existsSync(modesFile) ? parseModes(readFileSync(modesFile, 'utf8'), modesFile) : [];
  // Owners first: chown clears set-id bits, and a mode like 700 on a directory must not lock us out mid-way.
  for (const entry of entries) {
    const target = join(dest, entry.path);
    if (!existsSync(target) && !isLink(target)) throw new Error(`${modesFile}: ${entry.path} is not in the fixture`);
    if (chown) lchownSync(target, entry.uid, entry.gid);
  }
  for (const entry of [...entries].reverse()) {
    const target = join(dest, entry.path);
    if (!isLink(target)) chmodSync(target, entry.mode);
  }
  return { entries, chowned: chown };
}

/** Materializes test/fixtures/cis/<caseName> into `dest`. */
export function materializeCase(caseName, dest, options) {
  const source = join(FIXTURES_DIR, caseName);
  if (!existsSync(source)) throw new Error(`no fixture ${caseName} in ${FIXTURES_DIR}`);
  return materializeDirectory(source, dest, options);
}

/** Removes a materialized tree (restoring write permission where a fixture mode took it away). */
export function removeMaterialized(dest) {
  rmSync(dest, { recursive: true, force: true });
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [caseName, dest] = process.argv.slice(2);
  if (!caseName || !dest) {
    console.error('usage: node scripts/materialize-fixture.mjs <case> <dest>');
    process.exit(2);
  }
  try {
    const { entries, chowned } = materializeCase(caseName, dest);
    console.log(`${dest}: ${caseName}, ${entries.length} modes applied${chowned ? ', owners applied' : ' (owners not applied: not root)'}`);
  } catch (error) {
    console.error(`materialize-fixture: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
