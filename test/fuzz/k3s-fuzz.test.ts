import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseK3sLog } from '../../src/collect/node/k3s-log.js';
import { configFiles, readConfigOptions } from '../../src/collect/node/k3s-config.js';
import { k3sArgs } from '../../src/collect/node/k3s-components.js';
import { NodeFs } from '../../src/collect/node/node-fs.js';
import { removeNodeFixture, writeNodeRoot } from '../helpers/materialize.js';
import { prng } from './node-mutations.js';

/**
 * Hostile k3s evidence: log lines and config files built from the pieces that matter to the parsers (quotes,
 * backslashes, `msg="Running ...`, `--`, `=`, `+:` keys, YAML anchors and deep nesting) must never throw and
 * never yield an argument that is not a `--flag`. Seeded (KUBEFORT_FUZZ_SEED) and bounded.
 */
const SEED = Number(process.env.KUBEFORT_FUZZ_SEED ?? 29);
const ITERATIONS = Number(process.env.KUBEFORT_FUZZ_ITERATIONS ?? 400);
const PIECES = ['msg="', 'Running kube-apiserver ', 'Running kubelet ', '--', '--a=b', '=', '"', '\\"', '\\', ' ', '\n', '\t', 'INFO[0000] ', '--x', 'Managed etcd cluster', 'Starting k3s v1.24.1+k3s1', '\u0000', '\u2028', 'é', '--k=v w'];
const YAML = ['kube-apiserver-arg:', 'kube-apiserver-arg+:', '\n  - ', '"a=b"', '&x ', '*x', '[', ']', '{', '}', ': ', 'node-name: n', '\n', 'secrets-encryption: true', '- - - -', '!!binary ', '? ', '#'];

const roots: string[] = [];
after(() => { for (const r of roots) removeNodeFixture(r); });

test('k3s log text of random pieces never throws and yields only --flags, each located on a line that exists', () => {
  const rand = prng(SEED);
  let flags = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const text = Array.from({ length: 1 + rand.int(40) }, () => rand.pick(PIECES)).join('');
    const log = parseK3sLog(text, 'fuzz.log');
    for (const component of Object.values(log.components)) {
      for (const arg of component.args) {
        assert.match(arg.flag, /^--[^=]/, JSON.stringify(text));
        flags++;
        assert.ok((arg.location.line ?? 0) >= 1 && (arg.location.line ?? 0) <= log.lines, JSON.stringify(text));
      }
    }
  }
  assert.ok(flags > 0, 'some random log yields flags, so the checks above ran');
});

test('k3s config files of random pieces are read or warned about (file:line:column), never thrown, and merge into well-formed args', () => {
  const rand = prng(SEED + 1);
  let fromConfig = 0;
  for (let i = 0; i < Math.min(ITERATIONS, 150); i++) {
    // Every other file starts from a valid kube-apiserver-arg list, so the random pieces also reach k3sArgs.
    const text = (i % 2 === 0 ? 'kube-apiserver-arg:\n  - "a=b"\n' : '') + Array.from({ length: 1 + rand.int(30) }, () => rand.pick(YAML)).join('');
    const root = writeNodeRoot({ '/etc/rancher/k3s/config.yaml': text, '/etc/rancher/k3s/config.yaml.d/1.yaml': text.split('').reverse().join('') }, 'k3s-fuzz');
    roots.push(root);
    const fs = new NodeFs(root);
    const warnings: { message: string }[] = [];
    const options = readConfigOptions(fs, configFiles(fs, '/etc/rancher/k3s/config.yaml', warnings), warnings);
    const args = k3sArgs([['profiling', 'false']], options.filter((o) => o.name === 'kube-apiserver-arg'), 'fuzz');
    for (const arg of args) assert.match(arg.flag, /^--/, JSON.stringify(text));
    if (options.some((o) => o.name === 'kube-apiserver-arg')) fromConfig++;
    for (const w of warnings) assert.doesNotMatch(w.message, /\n\s+at /, 'no stack trace in a warning');
    removeNodeFixture(root);
    roots.pop();
  }
  assert.ok(fromConfig > 0, 'some random config adds kube-apiserver-arg flags to the default one');
});
