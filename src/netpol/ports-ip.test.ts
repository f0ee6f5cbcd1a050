import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CONNS, formatConns, intersect, NO_CONNS, single, union } from './ports.js';
import { cutAddressSpace, formatRange, parseCidr, parseIp } from './ip.js';

test('connections format as netpol-analyzer does: protocols grouped, ranges inclusive, adjacent ranges merged', () => {
  const c = union(union(union(single('TCP', 8080, 8090), single('TCP', 80)), single('UDP', 53)), single('TCP', 81));
  assert.equal(formatConns(c), 'TCP 80-81,8080-8090,UDP 53');
  assert.equal(formatConns(ALL_CONNS), 'All Connections');
  assert.equal(formatConns(NO_CONNS), 'No Connections');
  assert.equal(formatConns(union(single('SCTP', 3868), single('TCP', 1))), 'SCTP 3868,TCP 1');
});

test('intersection of port intervals keeps only the overlap, per protocol', () => {
  assert.equal(formatConns(intersect(single('TCP', 1, 100), union(single('TCP', 50, 200), single('UDP', 53)))), 'TCP 50-100');
  assert.equal(formatConns(intersect(ALL_CONNS, single('UDP', 53))), 'UDP 53');
});

test('CIDRs parse to ranges with host bits masked; malformed ones are rejected', () => {
  assert.equal(formatRange(parseCidr('10.1.2.3/8') ?? assert.fail()), '10.0.0.0-10.255.255.255');
  assert.equal(formatRange(parseCidr('2001:db8::/32') ?? assert.fail()), '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff');
  for (const bad of ['10.0.0.0/33', '10.0.0.0', '10.0.0/8', 'fe80::/129', 'abc', '']) assert.equal(parseCidr(bad), undefined, bad);
  assert.equal(parseIp('not-an-ip'), undefined);
});

test('the address space is cut at every cidr and except boundary', () => {
  const cuts = [parseCidr('0.0.0.0/0'), parseCidr('169.254.169.254/32'), parseCidr('10.0.0.0/8')].map((r) => r ?? assert.fail());
  assert.deepEqual(cutAddressSpace(cuts, [4]).map(formatRange), [
    '0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-169.254.169.253', '169.254.169.254-169.254.169.254', '169.254.169.255-255.255.255.255',
  ]);
  assert.deepEqual(cutAddressSpace([], [4, 6]).map(formatRange), ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
});
