import { isMap, isScalar, YAMLMap, type Document } from 'yaml';
import { BOOLEAN_FLAGS } from '../collect/node/cmdline.js';
import { FixRefusedError } from './errors.js';
import { openYaml } from './yaml-format.js';

/**
 * Sets fields of a KubeletConfiguration file. YAML goes through the Document API (comments and order survive; a
 * new key goes where alphabetical order puts it when the map is sorted, as kubeadm writes it, else at the end).
 * JSON stays JSON with its own indentation.
 */
export function editKubeletConfig(text: string, file: string, fields: readonly { field: string; value: unknown }[]): { text: string; summary: string[] } {
  const summary = fields.map((f) => `${f.field}: ${JSON.stringify(f.value)}`);
  if (text.trimStart().startsWith('{')) return { text: editJson(text, file, fields), summary };
  const { doc, options } = openYaml(text, file);
  if (!isMap(doc.contents)) throw new FixRefusedError(`${file}: not a KubeletConfiguration mapping; nothing was changed`);
  const kind = doc.get('kind');
  if (kind !== undefined && kind !== 'KubeletConfiguration') throw new FixRefusedError(`${file}: kind is ${String(kind)}, not KubeletConfiguration; nothing was changed`);
  for (const { field, value } of fields) setSorted(doc, doc.contents, field.split('.'), value);
  return { text: doc.toString(options), summary };
}

function setSorted(doc: Document.Parsed, map: YAMLMap, path: readonly string[], value: unknown): void {
  const [key, ...rest] = path;
  if (key === undefined) return;
  const existing = map.get(key, true);
  if (rest.length === 0) {
    if (isScalar(existing)) existing.value = value;
    else insert(map, key, doc.createNode(value));
    return;
  }
  if (isMap(existing)) {
    // A flow map written empty (`crashLoopBackOff: {}`) becomes a block map once it has content.
    if (existing.flow && existing.items.length === 0) existing.flow = false;
    setSorted(doc, existing, rest, value);
    return;
  }
  const child = new YAMLMap();
  insert(map, key, child);
  setSorted(doc, child, rest, value);
}

function insert(map: YAMLMap, key: string, value: unknown): void {
  const keys = map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  const sorted = keys.every((k, i) => i === 0 || (keys[i - 1] ?? '') <= k);
  map.set(key, value);
  if (!sorted) return;
  const added = map.items.pop();
  if (!added) return;
  const at = keys.findIndex((k) => k > key);
  map.items.splice(at === -1 ? map.items.length : at, 0, added);
}

function editJson(text: string, file: string, fields: readonly { field: string; value: unknown }[]): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FixRefusedError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}); nothing was changed`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FixRefusedError(`${file}: not a KubeletConfiguration object; nothing was changed`);
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const newline = text.endsWith('\n') ? '\n' : '';
  if (JSON.stringify(value, null, indent) + newline !== text) {
    throw new FixRefusedError(`${file}: kubefort cannot edit this JSON without reformatting lines it does not change; edit it by hand`);
  }
  for (const { field, value: v } of fields) {
    let current = value as Record<string, unknown>;
    const keys = field.split('.');
    for (const key of keys.slice(0, -1)) {
      const next = current[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) current[key] = {};
      current = current[key] as Record<string, unknown>;
    }
    current[keys[keys.length - 1] ?? field] = v;
  }
  return JSON.stringify(value, null, indent) + newline;
}

/**
 * Removes a kubelet flag from kubeadm-flags.env, /etc/default/kubelet or a unit drop-in (`--flag=value`, or a bare
 * boolean `--flag`), so that the config file's field is what the kubelet uses. Other words and the quoting stay.
 */
export function removeKubeletFlag(text: string, flag: string): { text: string; removed: number } {
  const name = flag.replace(/^--/, '');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const bare = BOOLEAN_FLAGS.has(name) ? '' : '(?!\\s|$)';
  const pattern = new RegExp(`(^|[\\s"'=])--${escaped}(=[^\\s"']*)?${bare}(?=[\\s"']|$)`, 'gm');
  let removed = 0;
  const lines = text.split('\n').map((line) => {
    if (/^\s*[#;]/.test(line)) return line;
    const changed = line.replace(pattern, (_match, before: string) => {
      removed++;
      return /\s/.test(before) ? '' : before;
    });
    return changed === line ? line : changed.replace(/(["'])\s+/, '$1').replace(/\s+(["'])$/, '$1');
  });
  return { text: lines.join('\n'), removed };
}

/** Sets `NAME=value` in an EnvironmentFile (kubespray's /etc/etcd.env); an empty value removes the line. */
export function setEnvFileVariable(text: string, name: string, value: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => new RegExp(`^\\s*(export\\s+)?${name}=`).test(line));
  if (value === '') {
    if (index !== -1) lines.splice(index, 1);
    return lines.join('\n');
  }
  const line = `${name}=${value}`;
  if (index !== -1) lines[index] = line;
  else if (lines[lines.length - 1] === '') lines.splice(lines.length - 1, 0, line);
  else lines.push(line);
  return lines.join('\n');
}
