import type { LoadedObject } from '../collect/objects.js';
import type { FieldPath } from '../collect/yaml-source.js';
import type { SourceLocation } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { printable } from '../domain/printable.js';
import { formatLocation } from '../domain/evidence.js';
import { overlaps, parseCidr, within, type IpRange } from './ip.js';
import { isProtocol, MAX_PORT, MIN_PORT, type Protocol } from './ports.js';
import { selectorProblems, type LabelSelector } from './selector.js';
import { isRecord } from '../domain/guards.js';

export type PodsPeer = {
  type: 'pods';
  id: number;
  /** Absent: "the Pods matching PodSelector in the policy's own namespace". */
  namespaceSelector?: LabelSelector;
  /** Absent: all pods of the selected namespaces. */
  podSelector?: LabelSelector;
  location?: SourceLocation;
};
export type IpBlockPeer = { type: 'ipBlock'; id: number; cidr: IpRange; except: IpRange[]; text: string; location?: SourceLocation };
export type Peer = PodsPeer | IpBlockPeer;

export interface PortSpec {
  protocol: Protocol;
  /** A number, a named port (resolved against the destination's container ports), or absent = every port. */
  port?: number | string;
  endPort?: number;
}

export interface Rule {
  index: number;
  /** 'all': `from`/`to` empty or missing — "this rule matches all sources/destinations". */
  peers: Peer[] | 'all';
  /** 'all': `ports` empty or missing — "this rule matches all ports". */
  ports: PortSpec[] | 'all';
  location: SourceLocation;
}

export interface Policy {
  id: number;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** Rules when the policy affects the direction (policyTypes), undefined otherwise. */
  ingress?: Rule[];
  egress?: Rule[];
  location: SourceLocation;
}

/** Stands in for the range of a rejected ipBlock (the policy is skipped, so it is never matched). */
const NO_RANGE: IpRange = { family: 4, first: 0n, last: -1n };

type Ctx = { obj: LoadedObject; errors: InputError[]; nextPeerId: () => number };

function fail(ctx: Ctx, path: FieldPath, message: string): void {
  const location = ctx.obj.locate(path) ?? ctx.obj.location;
  const m = ctx.obj.object.metadata;
  ctx.errors.push(new InputError(printable(`${formatLocation(location)}: NetworkPolicy ${m.namespace ?? 'default'}/${m.name ?? '?'}: ${message}`), location));
}

/** `spec.egress[0].to`, as kubectl explain and API errors name fields. */
function fieldPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}


/** The value at `path` as an object, or {} with an error when it is there but not an object. */
function record(ctx: Ctx, path: FieldPath, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value;
  fail(ctx, path, `${fieldPath(path)} must be an object`);
  return {};
}

/** The value at `path` as a list, or [] with an error when it is there but not a list. */
function list(ctx: Ctx, path: FieldPath, value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  fail(ctx, path, `${fieldPath(path)} must be a list`);
  return [];
}

function checkSelector(ctx: Ctx, path: FieldPath, value: unknown): LabelSelector {
  for (const p of selectorProblems(value)) fail(ctx, [...path, ...p.path], p.message);
  return (value ?? {}) as LabelSelector;
}

/**
 * Parses and validates one networking.k8s.io/v1 NetworkPolicy. Returns undefined (and errors with file:line)
 * for a policy the API server would reject; such a policy is skipped and the rest is analysed.
 */
export function parsePolicy(obj: LoadedObject, errors: InputError[], nextPeerId: () => number): Policy | undefined {
  const ctx: Ctx = { obj, errors: [], nextPeerId };
  const spec = record(ctx, ['spec'], obj.object.spec);
  const podSelector = checkSelector(ctx, ['spec', 'podSelector'], spec.podSelector);
  const types = spec.policyTypes === undefined || spec.policyTypes === null ? undefined : list(ctx, ['spec', 'policyTypes'], spec.policyTypes);
  types?.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') fail(ctx, ['spec', 'policyTypes', i], `invalid policyType ${JSON.stringify(t)} (valid: Ingress, Egress)`);
  });
  const ingressRaw = list(ctx, ['spec', 'ingress'], spec.ingress);
  const egressRaw = list(ctx, ['spec', 'egress'], spec.egress);
  // "If this field is not specified, it will default based on the existence of ingress or egress rules;
  // policies that contain an egress section are assumed to affect egress, and all policies (whether or not
  // they contain an ingress section) are assumed to affect ingress." (NetworkPolicySpec.policyTypes)
  const affectsIngress = types === undefined || types.length === 0 ? true : types.includes('Ingress');
  const affectsEgress = types === undefined || types.length === 0 ? egressRaw.length > 0 : types.includes('Egress');
  const ingress = ingressRaw.map((r, i) => parseRule(ctx, ['spec', 'ingress', i], r, 'from', i));
  const egress = egressRaw.map((r, i) => parseRule(ctx, ['spec', 'egress', i], r, 'to', i));
  errors.push(...ctx.errors);
  if (ctx.errors.length > 0) return undefined;
  const m = obj.object.metadata;
  return {
    id: 0,
    namespace: m.namespace ?? 'default',
    name: m.name ?? '',
    podSelector,
    ...(affectsIngress ? { ingress } : {}),
    ...(affectsEgress ? { egress } : {}),
    location: obj.location,
  };
}

function parseRule(ctx: Ctx, path: FieldPath, raw: unknown, peerField: 'from' | 'to', index: number): Rule {
  const rule = record(ctx, path, raw);
  const obj = ctx.obj;
  const peersRaw = list(ctx, [...path, peerField], rule[peerField]);
  const portsRaw = list(ctx, [...path, 'ports'], rule.ports);
  // "If this field is empty or missing, this rule matches all sources/destinations (traffic not restricted by
  // source/destination). If this field is present and contains at least one item, this rule allows traffic only
  // if the traffic matches at least one item in the list." — separate peers are an OR.
  const peers = peersRaw.length === 0 ? 'all' : peersRaw.map((p, i) => parsePeer(ctx, [...path, peerField, i], p));
  const ports = portsRaw.length === 0 ? 'all' : portsRaw.map((p, i) => parsePort(ctx, [...path, 'ports', i], p));
  // Positions are looked up when printed (eval, lint, explain), not for every rule of every policy.
  return { index, peers, ports, get location() { return obj.locate(path) ?? obj.location; } };
}

function parsePeer(ctx: Ctx, path: FieldPath, raw: unknown): Peer {
  const peer = record(ctx, path, raw);
  const obj = ctx.obj;
  const id = ctx.nextPeerId();
  const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  const hasPod = peer.podSelector !== undefined && peer.podSelector !== null;
  if (peer.ipBlock !== undefined && peer.ipBlock !== null) {
    // ipBlock: "If this field is set then neither of the other fields can be."
    if (hasNs || hasPod) fail(ctx, path, 'ipBlock cannot be combined with podSelector or namespaceSelector');
    if (!isRecord(peer.ipBlock)) {
      fail(ctx, [...path, 'ipBlock'], `${fieldPath([...path, 'ipBlock'])} must be an object`);
      return { type: 'ipBlock', id, cidr: NO_RANGE, except: [], text: '' };
    }
    return withLocation(parseIpBlock(ctx, [...path, 'ipBlock'], peer.ipBlock, id), obj, path);
  }
  if (!hasNs && !hasPod) fail(ctx, path, 'a peer must set podSelector, namespaceSelector or ipBlock');
  // Both set: "selects particular Pods within particular namespaces" (an AND of the two selectors).
  const out: PodsPeer = withLocation({ type: 'pods', id }, obj, path);
  if (hasNs) out.namespaceSelector = checkSelector(ctx, [...path, 'namespaceSelector'], peer.namespaceSelector);
  if (hasPod) out.podSelector = checkSelector(ctx, [...path, 'podSelector'], peer.podSelector);
  return out;
}

/** A lazily looked-up `location` of a peer: the position is only needed when a finding or verdict names it. */
function withLocation<T extends object>(peer: T, obj: LoadedObject, path: FieldPath): T & { location?: SourceLocation } {
  return Object.defineProperty(peer, 'location', { get: () => obj.locate(path), enumerable: true, configurable: true }) as T & { location?: SourceLocation };
}

function parseIpBlock(ctx: Ctx, path: FieldPath, block: Record<string, unknown>, id: number): IpBlockPeer {
  const text = typeof block.cidr === 'string' ? block.cidr : '';
  const cidr = parseCidr(text);
  if (block.cidr === undefined || block.cidr === null) fail(ctx, path, 'ipBlock.cidr is required');
  else if (!cidr) fail(ctx, [...path, 'cidr'], `malformed CIDR ${JSON.stringify(block.cidr)}`);
  const except: IpRange[] = [];
  const exceptRaw = list(ctx, [...path, 'except'], block.except);
  exceptRaw.forEach((e, i) => {
    const r = typeof e === 'string' ? parseCidr(e) : undefined;
    if (!r) return fail(ctx, [...path, 'except', i], `malformed CIDR ${JSON.stringify(e)}`);
    // "Except values will be rejected if they are outside the cidr range": each must be a strict subset of cidr.
    if (cidr && (!within(r, cidr) || (r.first === cidr.first && r.last === cidr.last))) {
      return fail(ctx, [...path, 'except', i], `except ${String(e)} is not a strict subset of cidr ${text}`);
    }
    except.push(r);
  });
  const all = [text, ...exceptRaw.map((e) => `except ${String(e)}`)].join(' ');
  return { type: 'ipBlock', id, cidr: cidr ?? NO_RANGE, except, text: all };
}

function parsePort(ctx: Ctx, path: FieldPath, raw: unknown): PortSpec {
  const p = record(ctx, path, raw);
  // "The protocol (TCP, UDP, or SCTP) which traffic must match. If not specified, this field defaults to TCP."
  const protocol = p.protocol ?? 'TCP';
  if (!isProtocol(protocol)) fail(ctx, [...path, 'protocol'], `invalid protocol ${JSON.stringify(p.protocol)} (valid: TCP, UDP, SCTP)`);
  const spec: PortSpec = { protocol: isProtocol(protocol) ? protocol : 'TCP' };
  const port = p.port;
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT) fail(ctx, [...path, 'port'], `port ${port} is not in ${MIN_PORT}-${MAX_PORT}`);
    spec.port = port;
  } else if (typeof port === 'string') {
    if (/^\d+$/.test(port)) spec.port = Number(port);
    else if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(port)) fail(ctx, [...path, 'port'], `invalid named port ${JSON.stringify(port)}`);
    else spec.port = port;
  } else if (port !== undefined && port !== null) fail(ctx, [...path, 'port'], 'port must be a number or a port name');
  if (p.endPort !== undefined && p.endPort !== null) {
    const end = p.endPort;
    // "endPort indicates that the range of ports from port to endPort if set, inclusive, should be allowed";
    // it "must be equal or greater than port" and cannot be used with a named port.
    if (typeof end !== 'number' || !Number.isInteger(end) || end < MIN_PORT || end > MAX_PORT) fail(ctx, [...path, 'endPort'], 'endPort must be a port number');
    else if (typeof spec.port === 'string') fail(ctx, [...path, 'endPort'], 'endPort cannot be used with a named port');
    else if (spec.port === undefined) fail(ctx, [...path, 'endPort'], 'endPort needs port');
    else if (end < spec.port) fail(ctx, [...path, 'endPort'], `endPort ${end} is less than port ${spec.port}`);
    else spec.endPort = end;
  }
  return spec;
}

/** Does an ipBlock admit this address range? "cidr ... except: a slice of CIDRs that should not be included". */
export function ipBlockAdmits(peer: IpBlockPeer, range: IpRange): boolean {
  return within(range, peer.cidr) && !peer.except.some((e) => overlaps(range, e));
}

