import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { assertGolden } from './golden.js';

const FIX = 'test/fixtures/netpol';

for (const format of ['text', 'json', 'csv', 'md', 'dot', 'mermaid'] as const) {
  test(`netpol list -o ${format} on the seed g04 cluster matches its golden output`, async () => {
    const ctx = captureContext();
    assert.equal(await run(['netpol', 'list', `${FIX}/seed-g04`, '-o', format], ctx), 0);
    assertGolden(`list-g04.${format === 'text' ? 'txt' : format}`, ctx.out.join(''));
    assert.deepEqual(ctx.err, []);
  });
}

test('netpol list --focus keeps only the connections of one workload', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/seed-g04`, '--focus', 'g04/backend'], ctx), 0);
  assert.equal(ctx.out.join(''), [
    'g04/backend[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
    'g04/backend[Pod] => default/other[Pod] : All Connections',
    'g04/frontend[Pod] => g04/backend[Pod] : TCP 3000',
    '',
  ].join('\n'));
});

test('netpol list reads stdin for -', async () => {
  const ctx = captureContext({ readStdin: () => readFileSync(`${FIX}/seed-a12/a12.yaml`, 'utf8') });
  assert.equal(await run(['netpol', 'list', '-'], ctx), 0);
  assert.match(ctx.out.join(''), /^a12\/web\[Deployment\] => 0\.0\.0\.0-169\.254\.169\.253\[External\] : All Connections$/m);
});

test('netpol list warns about invalid policies and ignored kinds and still lists', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/invalid`], ctx), 0);
  const err = ctx.err.join('');
  assert.match(err, /warning: test\/fixtures\/netpol\/invalid\/invalid-policies\.yaml:92:15: NetworkPolicy bad\/malformed-cidr: malformed CIDR/);
  assert.match(err, /ignored 1 object\(s\) of kinds netpol does not analyse \(ConfigMap 1\)/);
  assert.match(ctx.out.join(''), /^0\.0\.0\.0-255\.255\.255\.255\[External\] => bad\/api\[Pod\] : TCP 80$/m);
});

test('netpol list: a bad --focus, a bad --output and no readable input exit 2 without a stack trace', async () => {
  for (const argv of [
    ['netpol', 'list', `${FIX}/seed-g04`, '--focus', 'g04/backend/x'],
    ['netpol', 'list', `${FIX}/seed-g04`, '--focus', 'g04/nobody'],
    ['netpol', 'list', `${FIX}/seed-g04`, '-o', 'xml'],
    ['netpol', 'list', `${FIX}/does-not-exist`],
  ]) {
    const ctx = captureContext();
    assert.equal(await run(argv, ctx), 2, argv.join(' '));
    assert.doesNotMatch(ctx.err.join(''), /\n\s+at /);
  }
});

test('netpol list shows IPv6 ranges only when an IPv6 CIDR is named, and protocol-grouped ports', async () => {
  const v6 = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/rules/ipblock-except-ipv6.yaml`, '--focus', 'shop/client'], v6), 0);
  assertGolden('list-ipv6-client.txt', v6.out.join(''));
  const ports = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/rules/protocol-defaults-to-tcp.yaml`, '--focus', 'shop/server'], ports), 0);
  assert.match(ports.out.join(''), /^shop\/client\[Pod\] => shop\/server\[Pod\] : SCTP 3868,TCP 53,UDP 1000-1010,5353$/m);
});

test('netpol list names the hostNetwork reading and its workloads in its output', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/rules/hostnetwork-not-matched-by-selectors.yaml`], ctx), 0);
  assert.match(ctx.out.join(''), /^# hostNetwork reading: node \(.*\); hostNetwork workloads: shop\/node-agent\[Pod\]$/m);
  assert.match(ctx.out.join(''), /^lab\/client\[Pod\] => shop\/node-agent\[Pod\] : All Connections$/m);
  assert.doesNotMatch(ctx.out.join(''), /^shop\/node-agent\[Pod\] => shop\/server\[Pod\]/m);
});
