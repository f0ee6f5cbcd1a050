import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError, UsageError } from '../../domain/errors.js';
import { parseKubernetesVersion } from '../benchmarks/index.js';
import { TARGETS, type BenchmarkDef, type CheckDef, type ControlsDef, type GroupDef, type Target } from '../model.js';
import { COMPARE_OPS, type CompareOp, type CustomCheckSpec, type TestItem } from './spec.js';

/**
 * Reads a directory in kube-bench's cfg layout — `config.yaml` (its `version_mapping`) and `<benchmark>/*.yaml`
 * controls files (`type: master|node|etcd|controlplane|policies`, groups, checks) — into a benchmark kubefort
 * runs like its own. Files are parsed with YAML's failsafe schema, so ids such as 1.10 stay strings.
 */
type Doc = Record<string, unknown>;
const MAX_FILE = 4 * 1024 * 1024;

function readYaml(file: string): Doc {
  const size = statSync(file).size;
  if (size > MAX_FILE) throw new InputError(`${file}: ${size} bytes; a kube-bench controls file is at most ${MAX_FILE}`, { file });
  const doc = parseDocument(readFileSync(file, 'utf8'), { schema: 'failsafe', prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    const at = error.linePos?.[0];
    throw new InputError(`${file}:${at?.line ?? 1}:${at?.col ?? 1}: ${error.message.split('\n')[0] ?? 'invalid YAML'}`, { file, ...(at === undefined ? {} : { line: at.line, column: at.col }) });
  }
  const value: unknown = doc.toJS();
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : {};
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const truthy = (v: unknown): boolean => v === 'true' || v === true;

function item(raw: unknown, where: string): TestItem {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Doc;
  const compare = (typeof r.compare === 'object' && r.compare !== null ? r.compare : undefined) as Doc | undefined;
  const op = str(compare?.op);
  if (compare !== undefined && !(COMPARE_OPS as readonly string[]).includes(op ?? '')) throw new InputError(`${where}: compare.op ${JSON.stringify(op)} is not one of ${COMPARE_OPS.join(', ')}`, { file: where.split(' ')[0] ?? where });
  const value = str(compare?.value) ?? '';
  if (op === 'regex') {
    try {
      new RegExp(value);
    } catch (error) {
      throw new InputError(`${where}: compare.value ${JSON.stringify(value)} is not a regular expression`, { file: where.split(' ')[0] ?? where }, { cause: error });
    }
  }
  return {
    ...(str(r.flag) === undefined ? {} : { flag: str(r.flag) as string }),
    ...(str(r.path) === undefined ? {} : { path: str(r.path) as string }),
    ...(str(r.env) === undefined ? {} : { env: str(r.env) as string }),
    ...(r.set === undefined ? {} : { set: truthy(r.set) }),
    ...(compare === undefined ? {} : { compare: { op: op as CompareOp, value } }),
  };
}

function check(raw: Doc, file: string): CheckDef {
  const id = str(raw.id) ?? '';
  const title = (str(raw.text) ?? '').trim();
  const suffix = /\s*\((Automated|Manual|Scored|Not Scored)\)$/.exec(title);
  const scored = truthy(raw.scored);
  const remediation = (str(raw.remediation) ?? '').trim() || 'See the check\'s text.';
  const type = str(raw.type);
  const tests = (typeof raw.tests === 'object' && raw.tests !== null ? raw.tests : {}) as Doc;
  const base = { id, text: suffix ? title.slice(0, suffix.index) : title, automated: suffix?.[1] === 'Automated' || suffix?.[1] === 'Scored' || (suffix === null && scored), scored, remediation };
  if (type === 'manual') return { ...base, test: { kind: 'manual', look: remediation.split('\n')[0] ?? remediation } };
  const spec: CustomCheckSpec = {
    ...(str(raw.audit) === undefined ? {} : { audit: str(raw.audit) as string }),
    ...(str(raw.audit_config) === undefined ? {} : { auditConfig: str(raw.audit_config) as string }),
    ...(type === 'skip' ? { skip: true } : {}),
    binOp: str(tests.bin_op) === 'or' ? 'or' : 'and',
    items: list(tests.test_items).map((i, n) => item(i, `${file} check ${id} test_items[${n}]`)),
    multipleValues: truthy(raw.use_multiple_values),
  };
  return { ...base, test: { kind: 'custom', spec } };
}

function controls(doc: Doc, file: string): ControlsDef {
  const top = (typeof doc.controls === 'object' && doc.controls !== null ? doc.controls : doc) as Doc;
  const type = str(top.type) ?? str(doc.type);
  if (!(TARGETS as readonly string[]).includes(type ?? '')) throw new InputError(`${file}: type ${JSON.stringify(type)} is not one of kubefort's targets (${TARGETS.join(', ')})`, { file });
  const groups: GroupDef[] = list(top.groups ?? doc.groups).map((g) => {
    const group = g as Doc;
    return { id: str(group.id) ?? '', text: str(group.text) ?? '', checks: list(group.checks).map((c) => check(c as Doc, file)) };
  });
  return { id: str(top.id ?? doc.id) ?? '', text: str(top.text ?? doc.text) ?? '', target: type as Target, groups };
}

/** The benchmark directories in DIR: sub-directories holding at least one .yaml controls file. */
function benchmarkDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(join(dir, e.name)).some((f) => f.endsWith('.yaml') && f !== 'config.yaml'))
    .map((e) => e.name)
    .sort();
}

/**
 * The benchmark of a kube-bench config directory: `requested` (--benchmark) when given, the only one when
 * there is one, else the one DIR/config.yaml's version_mapping gives the Kubernetes version.
 */
export function loadConfigDir(dir: string, version: string | undefined, requested?: string): { benchmark: BenchmarkDef; reason: string } {
  let names: string[];
  try {
    names = benchmarkDirs(dir);
  } catch (error) {
    throw new UsageError(`--config-dir ${dir}: not a readable directory (${error instanceof Error ? error.message.split(':')[0] ?? 'error' : 'error'})`);
  }
  if (names.length === 0) throw new UsageError(`--config-dir ${dir}: no <benchmark>/*.yaml controls files (kube-bench's cfg layout)`);
  const mapping = (() => {
    try {
      const config = readYaml(join(dir, 'config.yaml'));
      return (typeof config.version_mapping === 'object' && config.version_mapping !== null ? config.version_mapping : {}) as Record<string, string>;
    } catch (error) {
      if (error instanceof InputError) throw error;
      return {};
    }
  })();
  const minor = version === undefined ? undefined : parseKubernetesVersion(version)?.shown;
  const mapped = minor === undefined ? undefined : mapping[minor];
  const name = requested ?? (names.length === 1 ? names[0] : mapped);
  if (name === undefined || !names.includes(name)) {
    throw new UsageError(`--config-dir ${dir}: ${name === undefined ? `cannot tell which benchmark to run (Kubernetes version ${version ?? 'not given'}${minor === undefined ? '' : ' is not in config.yaml version_mapping'})` : `no benchmark ${name}`}`, names);
  }
  const files = readdirSync(join(dir, name)).filter((f) => f.endsWith('.yaml') && f !== 'config.yaml').sort();
  const sections = files.map((f) => controls(readYaml(join(dir, name, f)), join(dir, name, f)));
  sections.sort((a, b) => TARGETS.indexOf(a.target) - TARGETS.indexOf(b.target));
  const how = requested !== undefined ? `--benchmark ${requested}` : names.length === 1 ? 'the only benchmark there' : `config.yaml version_mapping "${minor ?? ''}": "${name}"`;
  return {
    benchmark: { name, title: `custom checks ${join(dir, name)}`, kubernetes: ['', ''], controls: sections },
    reason: `custom checks from --config-dir ${join(dir, name)} (${how}; audits are matched to collected facts, never run)`,
  };
}
