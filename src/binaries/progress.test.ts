import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLEAR_LINE, PROGRESS_MIN_BYTES, progressWriter, renderProgress } from './progress.js';

test('progress bar: proportional fill, percent and MiB', () => {
  assert.equal(renderProgress('kubelet', 512 * 1024 * 1024, 1024 * 1024 * 1024, 10), '\rkubelet [#####-----]  50% 512/1024 MiB');
});

test('progress bar: nothing for files under the threshold, so small files never flash a bar', () => {
  const written: string[] = [];
  const bar = progressWriter('kubectl', (s) => void written.push(s), () => 0);
  bar.onProgress(1024, PROGRESS_MIN_BYTES - 1);
  bar.finish();
  assert.deepEqual(written, []);
});

test('progress bar: throttled by the injected clock, always drawn at 100%, cleared at the end', () => {
  const written: string[] = [];
  let now = 0;
  const total = PROGRESS_MIN_BYTES * 2;
  const bar = progressWriter('kubelet', (s) => void written.push(s), () => now);
  bar.onProgress(1, total);
  now = 50;
  bar.onProgress(2, total);
  now = 150;
  bar.onProgress(3, total);
  bar.onProgress(total, total);
  bar.finish();
  assert.equal(written.length, 4);
  assert.match(written[2] ?? '', /100%/);
  assert.equal(written[3], CLEAR_LINE);
});
