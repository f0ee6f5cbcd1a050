import { isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { StaticPodComponent } from '../collect/node/manifests.js';
import { FlagKind, knownFlags } from '../validate/flags/index.js';
import { nodePathOf, parseStaticPod } from '../validate/pod.js';
import { FixRefusedError, refuseOnError } from './errors.js';
import type { FileAction } from './model.js';
import { etcdVariable } from './etcd-env.js';
import { openYaml } from './yaml-format.js';

type ManifestAction = Extract<FileAction, { kind: 'flag-set' | 'flag-remove' | 'flag-list-add' | 'flag-list-remove' }>;

interface Occurrence {
  seq: YAMLSeq;
  index: number;
  node: Scalar;
  value?: string;
}

/**
 * Applies flag edits to a static pod manifest through the yaml Document API: only the items that change are
 * touched, comments, key order, quoting and kubeadm's layout survive. New flags go after the last flag of the
 * container (args when the flags are there, else command). Returns the new text and one line per change.
 */
function editManifestUnguarded(text: string, file: string, component: StaticPodComponent, actions: readonly ManifestAction[], minor: number): { text: string; summary: string[] } {
  const { doc, render } = openYaml(text, file);
  const container = findContainer(doc, component, file);
  const summary: string[] = [];
  const setFlags: string[] = [];
  for (const action of actions) {
    if (component === 'etcd' && action.kind === 'flag-set' && setEtcdEnv(doc, container, action.flag, action.value)) {
      summary.push(`env ${etcdVariable(action.flag)}=${action.value}`);
      continue;
    }
    const found = occurrences(container, action.flag);
    if (action.kind === 'flag-remove') {
      for (const o of [...found].reverse()) o.seq.items.splice(o.index, 1);
      if (found.length > 0) summary.push(`remove ${action.flag}`);
      continue;
    }
    let value: string;
    const current = found[found.length - 1]?.value;
    if (action.kind === 'flag-set') value = action.value;
    else {
      const items = current === undefined ? [] : current.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (action.kind === 'flag-list-add') {
        if (items.includes(action.item)) continue;
        items.push(action.item);
      } else {
        if (!items.includes(action.item)) continue;
        items.splice(items.indexOf(action.item), 1);
        if (items.length === 0) {
          for (const o of [...found].reverse()) o.seq.items.splice(o.index, 1);
          summary.push(`remove ${action.flag} (its last item was ${action.item})`);
          continue;
        }
      }
      value = items.filter((i) => i !== '').join(',');
    }
    if (found.length === 1 && current === value) continue;
    setFlags.push(action.flag);
    const last = found[found.length - 1];
    if (last) {
      last.node.value = `${action.flag}=${value}`;
      // Earlier occurrences would make the flag appear twice (MV006): the one kept is the one that was effective.
      for (const o of found.slice(0, -1).reverse()) o.seq.items.splice(o.index, 1);
    } else {
      appendFlag(doc, container, `${action.flag}=${value}`);
    }
    summary.push(`${action.flag}=${value}`);
  }
  summary.push(...addMounts(doc, container, component, setFlags, minor, file));
  return { text: render(), summary };
}

function findContainer(doc: Document.Parsed, component: string, file: string): YAMLMap {
  const containers = doc.getIn(['spec', 'containers'], true);
  if (!isSeq(containers) || containers.items.length === 0) throw new FixRefusedError(`${file}: no spec.containers; nothing was changed`);
  const named = containers.items.find((c) => isMap(c) && c.get('name') === component);
  const container = named ?? containers.items[0];
  if (!isMap(container)) throw new FixRefusedError(`${file}: spec.containers[0] is not a mapping; nothing was changed`);
  return container;
}

function flagName(text: string): string | undefined {
  if (!text.startsWith('-')) return undefined;
  const body = text.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return `--${eq === -1 ? body : body.slice(0, eq)}`;
}

function occurrences(container: YAMLMap, flag: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const key of ['command', 'args']) {
    const seq = container.get(key, true);
    if (!isSeq(seq)) continue;
    seq.items.forEach((node, index) => {
      if (key === 'command' && index === 0) return;
      if (!isScalar(node) || typeof node.value !== 'string' || flagName(node.value) !== flag) return;
      const eq = node.value.indexOf('=');
      out.push({ seq, index, node, ...(eq === -1 ? {} : { value: node.value.slice(eq + 1) }) });
    });
  }
  return out;
}

function appendFlag(doc: Document.Parsed, container: YAMLMap, text: string): void {
  const args = container.get('args', true);
  const command = container.get('command', true);
  const argsHasFlags = isSeq(args) && args.items.some((n) => isScalar(n) && String(n.value).startsWith('-'));
  const target = argsHasFlags ? args : isSeq(command) ? command : undefined;
  if (!isSeq(target)) throw new FixRefusedError('the container has neither command nor args to add a flag to; nothing was changed');
  target.items.push(doc.createNode(text));
}

/** etcd: when the pod's env sets ETCD_<FLAG> and the command line does not, the env entry is where it lives. */
function setEtcdEnv(doc: Document.Parsed, container: YAMLMap, flag: string, value: string): boolean {
  if (occurrences(container, flag).length > 0) return false;
  const env = container.get('env', true);
  if (!isSeq(env)) return false;
  const entry = env.items.find((e) => isMap(e) && e.get('name') === etcdVariable(flag));
  if (!isMap(entry)) return false;
  const node = entry.get('value', true);
  if (isScalar(node)) node.value = value;
  else entry.set('value', doc.createNode(value));
  return true;
}

/**
 * A flag naming a file the component reads or writes needs a hostPath volume and a volumeMount, or the
 * container sees its own filesystem (MV005): an input gets a read-only mount of the file, an output
 * (--audit-log-path) a mount of its directory, created when absent.
 */
function addMounts(doc: Document.Parsed, container: YAMLMap, component: StaticPodComponent, flags: readonly string[], minor: number, file: string): string[] {
  const known = knownFlags(component, minor);
  const summary: string[] = [];
  for (const flag of flags) {
    const name = flag.slice(2);
    const input = known.inputFiles.has(name);
    if (!input && !known.outputFiles.has(name)) continue;
    const value = occurrences(container, flag).at(-1)?.value;
    if (value === undefined || !value.startsWith('/')) continue;
    const paths = known.flags.get(name) === FlagKind.list ? value.split(',') : [value];
    for (const path of paths) {
      const parsed = parseStaticPod(doc.toString(), file, component);
      if (parsed.ok && nodePathOf(path, parsed.pod.mounts)) continue;
      const target = input ? path : path.slice(0, path.lastIndexOf('/')) || '/';
      const volume = uniqueVolumeName(doc, volumeName(flag));
      const mount = new YAMLMap();
      mount.set('mountPath', target);
      mount.set('name', volume);
      if (input) mount.set('readOnly', true);
      const mounts = container.get('volumeMounts', true);
      if (isSeq(mounts)) mounts.items.push(mount);
      else container.set('volumeMounts', doc.createNode([mount]));
      const hostPath = new YAMLMap();
      hostPath.set('path', target);
      hostPath.set('type', input ? 'File' : 'DirectoryOrCreate');
      const entry = new YAMLMap();
      entry.set('hostPath', hostPath);
      entry.set('name', volume);
      const volumes = doc.getIn(['spec', 'volumes'], true);
      if (isSeq(volumes)) volumes.items.push(entry);
      else doc.setIn(['spec', 'volumes'], doc.createNode([entry]));
      summary.push(`hostPath volume ${volume} (${target}) mounted at ${target}${input ? ' read-only' : ''}`);
    }
  }
  return summary;
}

function volumeName(flag: string): string {
  if (flag === '--audit-log-path') return 'audit-log';
  if (flag === '--audit-policy-file') return 'audit-policy';
  return flag.slice(2).replace(/[^a-z0-9-]/g, '-');
}

function uniqueVolumeName(doc: Document.Parsed, base: string): string {
  const volumes = doc.getIn(['spec', 'volumes'], true);
  const names = new Set(isSeq(volumes) ? volumes.items.map((v) => (isMap(v) ? String(v.get('name')) : '')) : []);
  let name = base;
  for (let i = 2; names.has(name); i++) name = `${base}-${i}`;
  return name;
}

export function editManifest(text: string, file: string, component: StaticPodComponent, actions: readonly ManifestAction[], minor: number): { text: string; summary: string[] } {
  return refuseOnError(file, () => editManifestUnguarded(text, file, component, actions, minor));
}
