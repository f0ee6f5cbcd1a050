import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcNet } from '../../src/ports/proc-net.js';

/** xorshift32: the same cases on every run. */
function rng(seed: number) {
  let x = seed;
  return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 0x100000000; };
}

const GOOD = '   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21567 1 0000000000000000 100 0 0 10 0';
const ALPHABET = '0123456789ABCDEFabcdef: \t-xZ\u0000\u00ff[]';

test('fuzz: mutated and truncated /proc/net lines never throw; every line is a socket or a located problem', () => {
  const next = rng(0x5eed);
  for (let round = 0; round < 2000; round++) {
    const chars = [...GOOD];
    const edits = 1 + Math.floor(next() * 6);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * chars.length);
      const op = next();
      if (op < 0.4) chars[at] = ALPHABET[Math.floor(next() * ALPHABET.length)] as string;
      else if (op < 0.7) chars.splice(at);
      else chars.splice(at, 0, ALPHABET[Math.floor(next() * ALPHABET.length)] as string);
    }
    const text = `header\n${chars.join('')}\n`;
    const family = next() < 0.5 ? 4 : 6;
    const parsed = parseProcNet(text, '/proc/net/tcp', 'tcp', family);
    const lines = chars.join('').trim() === '' ? 0 : 1;
    assert.equal(parsed.sockets.length + parsed.problems.length, lines);
    for (const s of parsed.sockets) assert.ok(s.port >= 0 && s.port <= 0xffff);
    for (const p of parsed.problems) assert.equal(p.location.line, 2);
  }
});

test('fuzz: a huge table with binary garbage is read in bounded time and memory (one pass)', () => {
  const lines = ['header'];
  for (let i = 0; i < 20000; i++) lines.push(i % 3 === 0 ? '\u0000'.repeat(200) : GOOD);
  const parsed = parseProcNet(lines.join('\n'), '/proc/net/tcp', 'tcp', 4);
  assert.equal(parsed.sockets.length + parsed.problems.length, 20000);
});
