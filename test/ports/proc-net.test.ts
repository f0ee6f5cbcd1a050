import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isListening, parseProcNet, scopeOf, stateName } from '../../src/ports/proc-net.js';

const TCP_HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const TCP6_HEADER = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const line4 = (local: string, remote: string, st: string, inode = 100) => `   0: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`;
const one = (text: string, family: 4 | 6 = 4, protocol: 'tcp' | 'udp' = 'tcp') => {
  const parsed = parseProcNet(text, '/proc/net/x', protocol, family);
  assert.equal(parsed.problems.length, 0, JSON.stringify(parsed.problems));
  return parsed.sockets[0];
};

/** [rule stated, line, family, address, port] */
const ADDRESSES: [string, string, 4 | 6, string, number][] = [
  ['IPv4 is one 32-bit word in host (little-endian) order: 0100007F is 127.0.0.1', line4('0100007F:0CEA', '00000000:0000', '0A'), 4, '127.0.0.1', 3306],
  ['the port is big-endian hex: 192B is 6443', line4('00000000:192B', '00000000:0000', '0A'), 4, '0.0.0.0', 6443],
  ['0A38A8C0 is 192.168.56.10', line4('0A38A8C0:094B', '00000000:0000', '0A'), 4, '192.168.56.10', 2379],
  ['IPv6 is four words, each little-endian: ::1', `   0: 00000000000000000000000001000000:0143 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7 2 0000000000000000 0`, 6, '::1', 323],
  ['IPv6 :: is all interfaces', `   0: 00000000000000000000000000000000:280A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0000000000000000 100 0 0 10 0`, 6, '::', 10250],
  ['IPv4-mapped IPv6 prints as ::ffff:a.b.c.d', `   0: 0000000000000000FFFF00000A38A8C0:192B 0000000000000000FFFF00000B38A8C0:CBB0 01 00000000:00000000 00:00000000 00000000     0        0 7 1 0000000000000000 20 4 30 10 -1`, 6, '::ffff:192.168.56.10', 6443],
  ['IPv6 global address fe80::1 (link-local) compresses the zero run', `   0: 000080FE000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0000000000000000 100 0 0 10 0`, 6, 'fe80::1', 22],
];

for (const [name, text, family, address, port] of ADDRESSES) {
  test(`proc/net: ${name}`, () => {
    const s = one(`${family === 4 ? TCP_HEADER : TCP6_HEADER}\n${text}\n`, family, text.includes(' 07 ') ? 'udp' : 'tcp');
    assert.equal(s?.address, address);
    assert.equal(s?.port, port);
  });
}

test('proc/net: LISTEN (0A) is listening for TCP; ESTABLISHED and TIME_WAIT are not', () => {
  assert.equal(isListening(one(`${TCP_HEADER}\n${line4('00000000:0016', '00000000:0000', '0A')}\n`)!), true);
  const est = one(`${TCP_HEADER}\n${line4('0A38A8C0:0016', '0138A8C0:C93A', '01')}\n`)!;
  assert.equal(isListening(est), false);
  assert.equal(stateName(est), 'ESTABLISHED');
  assert.equal(isListening(one(`${TCP_HEADER}\n${line4('0100007F:2829', '0100007F:AC58', '06', 0)}\n`)!), false);
});

test('proc/net: an unconnected UDP socket (07) is listening; a connected one (01) is not', () => {
  const unconn = one(`${TCP_HEADER}\n${line4('3500007F:0035', '00000000:0000', '07')}\n`, 4, 'udp')!;
  assert.equal(isListening(unconn), true);
  assert.equal(stateName(unconn), 'UNCONN');
  assert.equal(isListening(one(`${TCP_HEADER}\n${line4('0A38A8C0:9C40', '0138A8C0:0035', '01')}\n`, 4, 'udp')!), false);
});

test('proc/net: a truncated or garbled line is a problem with its line number; the other lines are kept', () => {
  const text = `${TCP_HEADER}\n${line4('00000000:1F90', '00000000:0000', '0A')}\n   1: 00000000:2\n${line4('0100007F:ZZZZ', '00000000:0000', '0A')}\n`;
  const parsed = parseProcNet(text, '/proc/net/tcp', 'tcp', 4);
  assert.equal(parsed.sockets.length, 1);
  assert.deepEqual(parsed.problems.map((p) => p.location.line), [3, 4]);
});

test('scope: 0.0.0.0 and :: are all interfaces, 127/8, ::1 and ::ffff:127.x loopback, others a specific address', () => {
  assert.equal(scopeOf('0.0.0.0'), 'all interfaces');
  assert.equal(scopeOf('::'), 'all interfaces');
  assert.equal(scopeOf('127.0.0.53'), 'loopback only');
  assert.equal(scopeOf('::ffff:127.0.0.1'), 'loopback only');
  assert.equal(scopeOf('192.168.56.10'), 'a specific address');
});
