/**
 * The size limits of the loader as `--max-input-size` sets them: sizes spelled as Kubernetes quantities, the run
 * total raised with the per-file limit, and the heap bound that only a larger heap raises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_INPUT_LIMITS, DEFAULT_MAX_TOTAL_BYTES, limitsForMaxInputSize, parseSize } from '../../src/collect/input-limits.js';
import { loadObjects } from '../../src/collect/objects.js';

const MiB = 1024 * 1024;

test('sizes are read as Kubernetes quantities of bytes: Ki/Mi/Gi/Ti binary, k/M/G/T decimal, plain bytes', () => {
  const cases: [string, number | undefined][] = [
    ['64Mi', 64 * MiB], ['1Gi', 1024 * MiB], ['1.5Gi', 1536 * MiB], ['512Ki', 512 * 1024], ['2Ti', 2 * 1024 * 1024 * MiB],
    ['500M', 500e6], ['1G', 1e9], ['10k', 10_000], ['1048576', MiB], [' 8Mi ', 8 * MiB],
    ['0', undefined], ['0Mi', undefined], ['-1Mi', undefined], ['1MiB', undefined], ['1mi', undefined], ['1 Gi', undefined],
    ['Mi', undefined], ['', undefined], ['1e9', undefined], ['99999999Ti', undefined],
  ];
  for (const [text, bytes] of cases) assert.equal(parseSize(text), bytes, JSON.stringify(text));
});

test('raising the limit for one file raises the run total with it; a lower one leaves the run total at its default', () => {
  assert.deepEqual(limitsForMaxInputSize(1024 * MiB), { maxBytes: 1024 * MiB, maxTotalBytes: 1024 * MiB });
  assert.deepEqual(limitsForMaxInputSize(1024), { maxBytes: 1024, maxTotalBytes: DEFAULT_MAX_TOTAL_BYTES });
  assert.equal(DEFAULT_INPUT_LIMITS.maxBytes, 64 * MiB);
});

test('input past what the heap can hold is refused with the heap size to ask for, not ended by V8', () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n';
  const set = loadObjects(['-'], { readStdin: () => ns, limits: { maxHeapInputBytes: 10 }, sizeHint: '--max-input-size SIZE raises it' });
  assert.equal(set.objects.length, 0);
  assert.deepEqual(set.errors.map((e) => e.message), [
    '<stdin>: the input is larger than 10 bytes in all, what Node\'s heap of 400 bytes can hold (about 40 bytes of heap per input byte); not read; raise the heap too: NODE_OPTIONS=--max-old-space-size=1024',
  ]);
});

test('the run total names how to raise it; without a hint the messages stay as they were', () => {
  const ns = (name: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
  const hinted = loadObjects(['-'], { readStdin: () => ns('a'), limits: { maxTotalBytes: 10 }, sizeHint: '--max-input-size SIZE raises it' });
  assert.deepEqual(hinted.errors.map((e) => e.message), ['<stdin>: the input is larger than 10 bytes in all (the limit for one run); not read; --max-input-size SIZE raises it']);
  const plain = loadObjects(['-'], { readStdin: () => ns('a'), limits: { maxTotalBytes: 10 } });
  assert.deepEqual(plain.errors.map((e) => e.message), ['<stdin>: the input is larger than 10 bytes in all (the limit for one run); not read']);
});
