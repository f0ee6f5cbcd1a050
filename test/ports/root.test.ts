import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readNodeSockets } from '../../src/ports/sockets.js';
import { removeNodeFixture, writeNodeRoot } from '../helpers/materialize.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:2817 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
`;

test('ports: /proc/<pid>/fd links are read inside --root: an absolute link to /proc/... resolves in the root, not on this machine', () => {
  const root = writeNodeRoot({ '/proc/net/tcp': TCP, '/real/10/cmdline': 'kubelet\0--read-only-port=10255\0', '/real/10/comm': 'kubelet\n' }, 'ports-root');
  try {
    mkdirSync(join(root, 'real', '10', 'fd'), { recursive: true });
    symlinkSync('socket:[4242]', join(root, 'real', '10', 'fd', '7'));
    // /proc/10 is an absolute link: followed on the host it would leave the root.
    symlinkSync('/real/10', join(root, 'proc', '10'));
    const node = readNodeSockets(root);
    assert.equal(node.owners.get(4242)?.command, 'kubelet');
    assert.equal(node.owners.get(4242)?.component, 'kubelet');
  } finally {
    removeNodeFixture(root);
  }
});

test('ports: a root without /proc/<pid> directories still reads the tables; owners are simply unknown', () => {
  const root = writeNodeRoot({ '/proc/net/tcp': TCP }, 'ports-noproc');
  try {
    const node = readNodeSockets(root);
    assert.equal(node.sockets.length, 1);
    assert.equal(node.owners.size, 0);
  } finally {
    removeNodeFixture(root);
  }
});

test('ports: etcd\'s ETCD_PEER_CLIENT_CERT_AUTH in /proc/<pid>/environ counts; a command-line flag shadows it', async () => {
  const { judgePorts } = await import('../../src/ports/judge.js');
  const tcp = TCP.replace('00000000:2817', '0A38A8C0:094C');
  for (const [environ, cmdline, expected] of [
    ['ETCD_PEER_CLIENT_CERT_AUTH=true\0', 'etcd\0--name=a\0', 'PORT005'],
    ['ETCD_PEER_CLIENT_CERT_AUTH=true\0', 'etcd\0--peer-client-cert-auth=false\0', 'PORT003'],
    ['HOME=/\0', 'etcd\0', 'PORT003'],
  ] as const) {
    const root = writeNodeRoot({ '/proc/net/tcp': tcp, '/proc/20/cmdline': cmdline, '/proc/20/environ': environ, '/proc/20/comm': 'etcd\n' }, 'ports-etcd');
    try {
      mkdirSync(join(root, 'proc', '20', 'fd'), { recursive: true });
      symlinkSync('socket:[4242]', join(root, 'proc', '20', 'fd', '3'));
      const findings = judgePorts({ node: readNodeSockets(root), nodePorts: new Map() });
      assert.deepEqual(findings.map((f) => f.ruleId), [expected], `${environ} / ${cmdline}`);
    } finally {
      removeNodeFixture(root);
    }
  }
});
