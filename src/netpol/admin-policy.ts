import type { LoadedObject } from '../collect/objects.js';
import type { FieldPath } from '../collect/yaml-source.js';
import { formatLocation, type SourceLocation } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { isRecord } from '../domain/guards.js';
import { parseCidr, type IpRange } from './ip.js';
import { isProtocol, MAX_PORT, MIN_PORT, type Protocol } from './ports.js';
import { selectorProblems, type LabelSelector } from './selector.js';

/** policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy (ANP) and BaselineAdminNetworkPolicy (BANP). */
export const ADMIN_KINDS = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'] as const;
export type AdminKind = (typeof ADMIN_KINDS)[number];
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

/** Subjects and in-cluster peers: `namespaces` (all pods of matching namespaces) or `pods` (namespace AND pod selector). */
export type AdminPodsPeer = { type: 'pods'; id: number; namespaceSelector: LabelSelector; podSelector?: LabelSelector };
/** Egress only: `networks` (CIDRs; "cluster-internal traffic will be checked against the rule as well") and `nodes`. */
export type AdminNetworksPeer = { type: 'networks'; id: number; cidrs: IpRange[]; text: string };
export type AdminNodesPeer = { type: 'nodes'; id: number; selector: LabelSelector };
export type AdminPeer = AdminPodsPeer | AdminNetworksPeer | AdminNodesPeer;

export type AdminPort = { protocol: Protocol; start: number; end: number } | { namedPort: string };

export interface AdminRule {
  index: number;
  name?: string;
  action: AdminAction;
  peers: AdminPeer[];
  /** 'all': "If Ports is not set then the rule does not filter traffic via port." */
  ports: AdminPort[] | 'all';
  location: SourceLocation;
}

export interface AdminPolicy {
  kind: AdminKind;
  name: string;
  /** ANP only: 0-1000, lower first. */
  priority: number;
  subject: AdminPodsPeer;
  ingress: AdminRule[];
  egress: AdminRule[];
  location: SourceLocation;
}

type Ctx = { obj: LoadedObject; errors: InputError[]; nextId: () => number };

function fail(ctx: Ctx, path: FieldPath, message: string): void {
  const location = ctx.obj.locate(path) ?? ctx.obj.location;
  ctx.errors.push(new InputError(`${formatLocation(location)}: ${ctx.obj.object.kind} ${ctx.obj.object.metadata.name ?? '?'}: ${message}`, location));
}

function field(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function selector(ctx: Ctx, path: FieldPath, value: unknown): LabelSelector {
  if (!isRecord(value)) {
    fail(ctx, path, `${field(path)} must be a label selector`);
    return {};
  }
  for (const p of selectorProblems(value)) fail(ctx, [...path, ...p.path], p.message);
  return value as LabelSelector;
}

/** Exactly one of the fields must be set ("+kubebuilder:validation:MaxProperties=1, MinProperties=1"). */
function onlyOne(ctx: Ctx, path: FieldPath, value: unknown, allowed: readonly string[]): string | undefined {
  if (!isRecord(value)) {
    fail(ctx, path, `${field(path)} must be an object`);
    return undefined;
  }
  const set = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  if (set.length !== 1 || !allowed.includes(set[0] as string)) {
    fail(ctx, path, `${field(path)} must set exactly one of ${allowed.join(', ')}${set.length > 0 ? ` (has ${set.join(', ')})` : ''}`);
    return undefined;
  }
  return set[0];
}

function podsPeer(ctx: Ctx, path: FieldPath, value: Record<string, unknown>, which: string): AdminPodsPeer {
  const id = ctx.nextId();
  if (which === 'namespaces') return { type: 'pods', id, namespaceSelector: selector(ctx, [...path, 'namespaces'], value.namespaces) };
  const pods = isRecord(value.pods) ? value.pods : {};
  return {
    type: 'pods', id,
    namespaceSelector: selector(ctx, [...path, 'pods', 'namespaceSelector'], pods.namespaceSelector),
    podSelector: selector(ctx, [...path, 'pods', 'podSelector'], pods.podSelector),
  };
}

function peer(ctx: Ctx, path: FieldPath, raw: unknown, egress: boolean): AdminPeer | undefined {
  const which = onlyOne(ctx, path, raw, egress ? ['namespaces', 'pods', 'nodes', 'networks'] : ['namespaces', 'pods']);
  if (which === undefined || !isRecord(raw)) return undefined;
  if (which === 'nodes') return { type: 'nodes', id: ctx.nextId(), selector: selector(ctx, [...path, 'nodes'], raw.nodes) };
  if (which === 'networks') {
    const list = Array.isArray(raw.networks) ? raw.networks : [];
    if (list.length === 0 || list.length > 25) fail(ctx, [...path, 'networks'], 'networks must list 1 to 25 CIDRs');
    const cidrs: IpRange[] = [];
    list.forEach((c: unknown, i) => {
      const r = typeof c === 'string' ? parseCidr(c) : undefined;
      if (r) cidrs.push(r);
      else fail(ctx, [...path, 'networks', i], `malformed CIDR ${JSON.stringify(c)}`);
    });
    return { type: 'networks', id: ctx.nextId(), cidrs, text: list.map(String).join(',') };
  }
  return podsPeer(ctx, path, raw, which);
}

function port(ctx: Ctx, path: FieldPath, raw: unknown): AdminPort | undefined {
  const which = onlyOne(ctx, path, raw, ['portNumber', 'portRange', 'namedPort']);
  if (which === undefined || !isRecord(raw)) return undefined;
  if (which === 'namedPort') {
    if (typeof raw.namedPort !== 'string' || raw.namedPort === '') return void fail(ctx, [...path, 'namedPort'], 'namedPort must be a port name');
    return { namedPort: raw.namedPort };
  }
  const p = isRecord(raw[which]) ? (raw[which] as Record<string, unknown>) : {};
  // "Protocol ... If not specified, this field defaults to TCP."
  const protocol = p.protocol ?? 'TCP';
  if (!isProtocol(protocol)) return void fail(ctx, [...path, which, 'protocol'], `invalid protocol ${JSON.stringify(p.protocol)} (valid: TCP, UDP, SCTP)`);
  const num = (k: string): number | undefined => {
    const v = p[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= MIN_PORT && v <= MAX_PORT) return v;
    fail(ctx, [...path, which, k], `${k} must be a port number in ${MIN_PORT}-${MAX_PORT}`);
    return undefined;
  };
  if (which === 'portNumber') {
    const n = num('port');
    return n === undefined ? undefined : { protocol, start: n, end: n };
  }
  const start = num('start');
  const end = num('end');
  if (start === undefined || end === undefined) return undefined;
  // "Start defines a network port that is the start of a port range, the Start value must be less than End."
  if (start >= end) return void fail(ctx, [...path, which], `portRange start ${start} must be less than end ${end}`);
  return { protocol, start, end };
}

function rules(ctx: Ctx, kind: AdminKind, dir: 'ingress' | 'egress', raw: unknown): AdminRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    fail(ctx, ['spec', dir], `spec.${dir} must be a list`);
    return [];
  }
  const peerField = dir === 'ingress' ? 'from' : 'to';
  const actions = kind === 'AdminNetworkPolicy' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  return raw.map((r: unknown, index) => {
    const path: FieldPath = ['spec', dir, index];
    const rule = isRecord(r) ? r : {};
    if (!actions.includes(rule.action as string)) fail(ctx, [...path, 'action'], `invalid action ${JSON.stringify(rule.action)} (valid: ${actions.join(', ')})`);
    const peersRaw = rule[peerField];
    if (!Array.isArray(peersRaw) || peersRaw.length === 0) fail(ctx, path, `${field([...path, peerField])} must list at least one peer`);
    const peers = (Array.isArray(peersRaw) ? peersRaw : []).map((p: unknown, i) => peer(ctx, [...path, peerField, i], p, dir === 'egress')).filter((p): p is AdminPeer => p !== undefined);
    let ports: AdminPort[] | 'all' = 'all';
    if (rule.ports !== undefined && rule.ports !== null) {
      if (!Array.isArray(rule.ports)) fail(ctx, [...path, 'ports'], `${field([...path, 'ports'])} must be a list`);
      else ports = rule.ports.map((p: unknown, i) => port(ctx, [...path, 'ports', i], p)).filter((p): p is AdminPort => p !== undefined);
    }
    // "networks/nodes peer cannot be set with namedPorts since there are no namedPorts for networks/nodes"
    if (ports !== 'all' && ports.some((p) => 'namedPort' in p) && peers.some((p) => p.type !== 'pods')) {
      fail(ctx, [...path, 'ports'], 'networks/nodes peer cannot be set with namedPorts since there are no namedPorts for networks/nodes');
    }
    return { index, ...(typeof rule.name === 'string' && rule.name !== '' ? { name: rule.name } : {}), action: rule.action as AdminAction, peers, ports, location: ctx.obj.locate(path) ?? ctx.obj.location };
  });
}

/**
 * Parses and validates one AdminNetworkPolicy or BaselineAdminNetworkPolicy; undefined (with errors at
 * file:line) for an object the API server would reject. Both are cluster-scoped.
 */
export function parseAdminPolicy(obj: LoadedObject, errors: InputError[], nextId: () => number): AdminPolicy | undefined {
  const kind = obj.object.kind as AdminKind;
  const ctx: Ctx = { obj, errors: [], nextId };
  const spec = isRecord(obj.object.spec) ? obj.object.spec : {};
  if (!isRecord(obj.object.spec)) fail(ctx, ['spec'], 'spec must be an object');
  const name = obj.object.metadata.name ?? '';
  let priority = 0;
  if (kind === 'AdminNetworkPolicy') {
    // "Priority is a value from 0 to 1000. Rules with lower priority values have higher precedence".
    if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
      fail(ctx, ['spec', 'priority'], `priority must be an integer in 0-1000, got ${JSON.stringify(spec.priority)}`);
    } else priority = spec.priority;
  } else if (name !== 'default') {
    // "Only one baseline admin network policy with metadata.name="default" can be created in the cluster"
    fail(ctx, ['metadata', 'name'], `a BaselineAdminNetworkPolicy must be named "default", got ${JSON.stringify(name)}`);
  }
  const which = onlyOne(ctx, ['spec', 'subject'], spec.subject, ['namespaces', 'pods']);
  const subject = which !== undefined && isRecord(spec.subject) ? podsPeer(ctx, ['spec', 'subject'], spec.subject, which) : undefined;
  const ingress = rules(ctx, kind, 'ingress', spec.ingress);
  const egress = rules(ctx, kind, 'egress', spec.egress);
  errors.push(...ctx.errors);
  if (ctx.errors.length > 0 || !subject) return undefined;
  return { kind, name, priority, subject, ingress, egress, location: obj.location };
}

export function adminRef(p: AdminPolicy): string {
  return p.kind === 'AdminNetworkPolicy' ? `AdminNetworkPolicy ${p.name} (priority ${p.priority})` : `BaselineAdminNetworkPolicy ${p.name}`;
}
