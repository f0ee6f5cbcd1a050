import { isMap, isScalar, parseDocument, YAMLMap, type Document } from 'yaml';
import { BOOLEAN_FLAGS } from '../collect/node/cmdline.js';
import { FixRefusedError, refuseOnError } from './errors.js';
import { openYaml } from './yaml-format.js';

/**
 * Sets fields of a KubeletConfiguration file. YAML goes through the Document API (comments and order survive; a
 * new key goes where alphabetical order puts it when the map is sorted, as kubeadm writes it, else at the end).
 * JSON stays JSON with its own indentation.
 */
function editKubeletConfigUnguarded(text: string, file: string, fields: readonly { field: string; value: unknown }[]): { text: string; summary: string[] } {
  const summary = fields.map((f) => `${f.field}: ${JSON.stringify(f.value)}`);
  if (text.trimStart().startsWith('{')) return { text: editJson(text, file, fields), summary };
  const { doc, render } = openYaml(text, file);
  if (!isMap(doc.contents)) throw new FixRefusedError(`${file}: not a KubeletConfiguration mapping; nothing was changed`);
  const kind = doc.get('kind');
  if (kind !== undefined && kind !== 'KubeletConfiguration') throw new FixRefusedError(`${file}: kind is ${String(kind)}, not KubeletConfiguration; nothing was changed`);
  for (const { field, value } of fields) setSorted(doc, doc.contents, field.split('.'), value);
  return { text: render(), summary };
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
  const keys = map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)));
  const sorted = keys.every((k, i) => i === 0 || (keys[i - 1] ?? '') <= k);
  map.set(key, value);
  if (!sorted) return;
  const added = map.items.pop();
  if (!added) return;
  const at = keys.findIndex((k) => k > key);
  map.items.splice(at === -1 ? map.items.length : at, 0, added);
}

/**
 * JSON is edited in its own text: a value's bytes are replaced where it is written, a new key is inserted after the
 * last one of its object with that object's indentation; everything else keeps its bytes (a one-line
 * `"clusterDNS": ["10.96.0.10"]` stays one line). Positions come from the yaml parser (JSON is YAML).
 */
function editJson(text: string, file: string, fields: readonly { field: string; value: unknown }[]): string {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new FixRefusedError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}); nothing was changed`);
  }
  const unit = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  let out = text;
  for (const { field, value } of fields) out = setJsonField(out, file, field.split('.'), value, unit);
  return out;
}

function setJsonField(text: string, file: string, path: readonly string[], value: unknown, unit: string): string {
  const doc = parseDocument(text);
  const node = doc.getIn(path, true);
  if (isScalar(node) && node.range) return text.slice(0, node.range[0]) + JSON.stringify(value) + text.slice(node.range[1]);
  let depth = path.length - 1;
  let parent: unknown = doc.getIn(path.slice(0, depth), true);
  while (!isMap(parent) && depth > 0) parent = doc.getIn(path.slice(0, --depth), true);
  if (depth === 0) parent = doc.contents;
  if (!isMap(parent) || !parent.range) throw new FixRefusedError(`${file}: cannot place ${path.join('.')} in this JSON; nothing was changed`);
  let nested: unknown = value;
  for (const key of [...path.slice(depth + 1)].reverse()) nested = { [key]: nested };
  const key = path[depth] ?? '';
  const last = parent.items[parent.items.length - 1];
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const indentAt = (offset: number) => /^[ \t]*/.exec(text.slice(lineStart(offset)))?.[0] ?? '';
  if (last && isScalar(last.key) && last.key.range) {
    const indent = indentAt(last.key.range[0]);
    const valueEnd = (last.value as { range?: [number, number, number] } | null)?.range?.[1] ?? last.key.range[1];
    const body = JSON.stringify(nested, null, unit).split('\n').join(`\n${indent}`);
    return `${text.slice(0, valueEnd)},\n${indent}${JSON.stringify(key)}: ${body}${text.slice(valueEnd)}`;
  }
  const open = parent.range[0];
  const indent = indentAt(open) + unit;
  const body = JSON.stringify(nested, null, unit).split('\n').join(`\n${indent}`);
  const close = text.indexOf('}', open);
  return `${text.slice(0, open + 1)}\n${indent}${JSON.stringify(key)}: ${body}\n${indentAt(open)}${text.slice(close)}`;
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

export function editKubeletConfig(text: string, file: string, fields: readonly { field: string; value: unknown }[]): { text: string; summary: string[] } {
  return refuseOnError(file, () => editKubeletConfigUnguarded(text, file, fields));
}
