import type { Evidence } from '../../domain/evidence.js';
import type { FileFact, NodeFacts } from '../../domain/node-facts.js';
import { componentMissing, type Outcome } from '../checks/outcome.js';
import { parseAudit, type AuditSource, type FileRef } from './audit.js';
import type { CompareOp, CustomCheckSpec, TestItem } from './spec.js';

/** One line of what the audit would have printed, as kube-bench's test items read it. */
interface Observation {
  /** `key=value` pairs (process flags, `permissions=600`), or the bare output (`root:root`). */
  values: Map<string, string | undefined>;
  bare?: string;
  /** The structured audit_config document, for `path` items. */
  config?: Record<string, unknown>;
  /** Where the config document came from, for `path` items. */
  configWhere?: string;
  where: string;
  source: Evidence['source'];
}

const MAX_VALUE = 4096;

function fileFacts(facts: NodeFacts, ref: FileRef): FileFact[] {
  if ('role' in ref) return facts.files[ref.role] ?? [];
  return Object.values(facts.files).flatMap((list) => list ?? []).filter((f) => f.path === ref.path).slice(0, 1);
}

function ownerOf(file: FileFact): string {
  const user = file.user ?? (file.uid === 0 ? 'root' : String(file.uid));
  const group = file.group ?? (file.gid === 0 ? 'root' : String(file.gid));
  return `${user}:${group}`;
}

function statLine(file: FileFact, what: 'permissions' | 'owner'): Observation {
  const output = what === 'permissions' ? (file.mode ?? 0).toString(8) : ownerOf(file);
  const values = new Map<string, string | undefined>([[what === 'permissions' ? 'permissions' : 'ownership', output]]);
  return { values, bare: output, where: file.path, source: 'stat' };
}

/** `{.a.b}` and kube-bench's `{range .list[:]}{}{','}{end}` over a parsed config document. */
function readPath(doc: Record<string, unknown>, path: string): string | undefined {
  const range = /^\{range \.([\w.-]+)\[:\]\}\{\}\{','\}\{end\}$/.exec(path);
  const dotted = range?.[1] ?? /^\{\.([\w.-]+)\}$/.exec(path)?.[1];
  if (dotted === undefined) return undefined;
  let value: unknown = doc;
  for (const key of dotted.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String).join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function compare(op: CompareOp, value: string, wanted: string): boolean {
  const actual = value.slice(0, MAX_VALUE);
  switch (op) {
    case 'eq': return actual === wanted;
    case 'noteq': return actual !== wanted;
    case 'gt': case 'gte': case 'lt': case 'lte': {
      const a = Number(actual);
      const b = Number(wanted);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
    case 'has': return actual.includes(wanted);
    case 'nothave': return !actual.includes(wanted);
    case 'regex': return new RegExp(wanted).test(actual);
    case 'valid_elements': {
      const allowed = new Set(wanted.split(',').map((s) => s.trim()));
      const items = actual.split(',').map((s) => s.trim()).filter((s) => s !== '');
      return items.length > 0 && items.every((i) => allowed.has(i));
    }
    case 'bitmask': {
      if (!/^[0-7]{1,4}$/.test(actual) || !/^[0-7]{1,4}$/.test(wanted)) return false;
      return (Number.parseInt(actual, 8) & ~Number.parseInt(wanted, 8) & 0o7777) === 0;
    }
  }
}

/** The value an item names in one observation: a path in the config, a key, or the bare output itself. */
function lookup(item: TestItem, line: Observation): { found: boolean; value?: string; subject: string } {
  if (item.path !== undefined && line.config !== undefined) {
    const value = readPath(line.config, item.path);
    if (value !== undefined || item.flag === undefined || !line.values.has(item.flag)) return { found: value !== undefined, ...(value === undefined ? {} : { value }), subject: item.path };
  }
  const key = item.flag ?? item.env ?? '';
  if (line.values.has(key)) return { found: true, value: line.values.get(key) ?? 'true', subject: key };
  if (line.bare !== undefined && key !== '' && line.bare.includes(key)) return { found: true, value: line.bare, subject: key };
  return { found: false, subject: key };
}

function itemPasses(item: TestItem, line: Observation): { ok: boolean; note: string; evidence: Evidence } {
  const seen = lookup(item, line);
  const fromConfig = seen.found && item.path !== undefined && line.config !== undefined && seen.subject === item.path;
  const where = fromConfig ? (line.configWhere ?? line.where) : line.where;
  const evidence: Evidence = { subject: seen.subject, ...(seen.value === undefined ? {} : { value: seen.value }), source: !seen.found ? 'absent' : item.path !== undefined && line.config !== undefined && seen.subject === item.path ? 'config-file' : line.source, location: { file: line.where } };
  const shown = `${seen.found ? `${seen.subject} is ${JSON.stringify(seen.value)}` : `${seen.subject} is not set`}${where === line.where ? '' : ` (${where})`}`;
  if (item.set === false) return { ok: !seen.found, note: `${shown} (must not be set)`, evidence };
  if (item.compare !== undefined) {
    const ok = seen.found && seen.value !== undefined && compare(item.compare.op, seen.value, item.compare.value);
    return { ok, note: `${shown} (${item.compare.op} ${item.compare.value})`, evidence };
  }
  return { ok: seen.found, note: `${shown} (must be set)`, evidence };
}

function observe(source: AuditSource, facts: NodeFacts): Observation[] | Outcome {
  switch (source.kind) {
    case 'unsupported': return { verdict: 'warn', reason: `audit not supported without a shell: ${source.audit}`, evidence: [] };
    case 'process': {
      const component = facts.components[source.component];
      if (component === undefined) return componentMissing(source.component, facts);
      const values = new Map<string, string | undefined>();
      for (const arg of component.args) values.set(arg.flag, arg.value);
      const where = component.source === 'process' && component.pid !== undefined ? `/proc/${component.pid}/cmdline` : (component.manifest ?? component.executable);
      return [{ values, where, source: component.source }];
    }
    case 'stat': {
      const files = fileFacts(facts, source.file);
      if (files.length === 0) return { verdict: 'warn', reason: `${'role' in source.file ? source.file.variable : source.file.path} is not among the files kubefort collects; the audit cannot be answered without a shell`, evidence: [] };
      return files.filter((f) => f.exists).map((f) => statLine(f, source.what));
    }
    case 'find-stat': {
      const glob = source.name === undefined ? undefined : new RegExp(`^${source.name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      const all = [...new Map(Object.values(facts.files).flatMap((l) => l ?? []).map((f) => [f.path, f])).values()];
      const under = all.filter((f) => f.exists && (f.path === source.dir || f.path.startsWith(`${source.dir}/`)) && (glob === undefined || glob.test(f.path.slice(f.path.lastIndexOf('/') + 1))));
      return under.sort((a, b) => a.path.localeCompare(b.path)).map((f) => statLine(f, source.what));
    }
    case 'cat': return { verdict: 'warn', reason: 'a file audit needs audit_config beside a process audit', evidence: [] };
  }
}

/** audit_config: the kubelet's effective configuration or kube-proxy's config file, as the collector read them. */
function configDocument(source: AuditSource, facts: NodeFacts): { doc: Record<string, unknown>; where: string } | Outcome {
  if (source.kind === 'cat' && 'role' in source.file) {
    if (source.file.role === 'kubelet-config' && facts.kubelet !== undefined) {
      return { doc: facts.kubelet.effective, where: `kubelet effective configuration: ${facts.kubelet.configFile ?? 'no config file'}, flags, defaults` };
    }
    if ((source.file.role === 'proxy-config' || source.file.role === 'proxy-kubeconfig') && facts.kubeProxy?.config !== undefined) {
      return { doc: facts.kubeProxy.config, where: facts.kubeProxy.readFrom ?? facts.kubeProxy.configFile ?? 'kube-proxy --config' };
    }
  }
  const audit = source.kind === 'unsupported' ? source.audit : source.kind === 'cat' ? `cat ${'role' in source.file ? source.file.variable : source.file.path}` : source.kind;
  return { verdict: 'warn', reason: `audit not supported without a shell: ${audit} (kubefort reads the kubelet's and kube-proxy's configuration only)`, evidence: [] };
}

const isOutcome = (value: unknown): value is Outcome => typeof value === 'object' && value !== null && 'verdict' in value;

/**
 * Judges a kube-bench-format check over the collected facts, with kube-bench's test semantics: each item
 * finds its flag, key or path; `set: false` passes when absent; a compare needs the value present; items
 * combine with bin_op (and by default); with use_multiple_values every output line must pass. A file that
 * does not exist passes with a note, as the built-in "if exists" checks do.
 */
export function judgeCustom(spec: CustomCheckSpec, facts: NodeFacts): Outcome {
  if (spec.skip) return { verdict: 'info', reason: 'Skipped by the check\'s type: skip.', evidence: [] };
  if (spec.audit === undefined && spec.auditConfig === undefined) return { verdict: 'warn', reason: 'the check has no audit and no type: manual; nothing to judge', evidence: [] };
  const main = spec.audit === undefined ? undefined : parseAudit(spec.audit);
  const lines = main === undefined ? [{ values: new Map(), where: spec.auditConfig ?? '', source: 'config-file' } as Observation] : observe(main, facts);
  if (isOutcome(lines)) return lines;
  if (spec.auditConfig !== undefined) {
    const doc = configDocument(parseAudit(spec.auditConfig), facts);
    if (isOutcome(doc)) return doc;
    if (lines.length === 0) lines.push({ values: new Map(), where: spec.auditConfig, source: 'config-file' });
    for (const line of lines) {
      line.config = doc.doc;
      line.configWhere = doc.where;
    }
  }
  if (lines.length === 0) return { verdict: 'pass', reason: 'The files the audit names do not exist on this node (nothing to check).', evidence: [] };
  const judged = (spec.multipleValues ? lines : lines.slice(0, 1)).map((line) => {
    const items = spec.items.map((item) => itemPasses(item, line));
    const ok = spec.binOp === 'or' ? items.some((i) => i.ok) : items.every((i) => i.ok);
    return { ok, line, items };
  });
  const ok = judged.every((j) => j.ok);
  const shown = judged.filter((j) => j.ok === ok).slice(0, 3).map((j) => `${j.line.where}: ${j.items.map((i) => i.note).join(spec.binOp === 'or' ? ' or ' : ' and ')}`);
  return { verdict: ok ? 'pass' : 'fail', reason: `${shown.join('; ')}${judged.length > 3 ? ` (${judged.length} lines)` : ''}.`, evidence: judged.flatMap((j) => j.items.map((i) => i.evidence)) };
}
