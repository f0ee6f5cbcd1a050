/**
 * Sets of (protocol, port) as sorted, disjoint, inclusive port intervals per protocol.
 * NetworkPolicy ports are 1-65535 and the protocols TCP, UDP and SCTP (networking.k8s.io/v1 NetworkPolicyPort).
 */
export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export type PortRange = readonly [number, number];

/** Allowed connections: for each protocol the allowed port intervals (empty array = none). */
export type ConnSet = Readonly<Record<Protocol, readonly PortRange[]>>;

const FULL: readonly PortRange[] = [[MIN_PORT, MAX_PORT]];

export const NO_CONNS: ConnSet = { SCTP: [], TCP: [], UDP: [] };
export const ALL_CONNS: ConnSet = { SCTP: FULL, TCP: FULL, UDP: FULL };

export function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

export function single(protocol: Protocol, from: number, to: number = from): ConnSet {
  return { ...NO_CONNS, [protocol]: [[from, to]] };
}

export function allOf(protocol: Protocol): ConnSet {
  return { ...NO_CONNS, [protocol]: FULL };
}

function unionRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    // Adjacent intervals merge too: 80-80 and 81-90 are 80-90.
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as PortRange;
    const y = b[j] as PortRange;
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

export function union(a: ConnSet, b: ConnSet): ConnSet {
  if (a === ALL_CONNS || b === ALL_CONNS) return ALL_CONNS;
  return { SCTP: unionRanges(a.SCTP, b.SCTP), TCP: unionRanges(a.TCP, b.TCP), UDP: unionRanges(a.UDP, b.UDP) };
}

export function intersect(a: ConnSet, b: ConnSet): ConnSet {
  if (a === ALL_CONNS) return b;
  if (b === ALL_CONNS) return a;
  return { SCTP: intersectRanges(a.SCTP, b.SCTP), TCP: intersectRanges(a.TCP, b.TCP), UDP: intersectRanges(a.UDP, b.UDP) };
}

export function isEmpty(c: ConnSet): boolean {
  return c.SCTP.length === 0 && c.TCP.length === 0 && c.UDP.length === 0;
}

function isFull(r: readonly PortRange[]): boolean {
  return r.length === 1 && r[0]?.[0] === MIN_PORT && r[0][1] === MAX_PORT;
}

export function isAll(c: ConnSet): boolean {
  return isFull(c.SCTP) && isFull(c.TCP) && isFull(c.UDP);
}

export function contains(c: ConnSet, protocol: Protocol, port: number): boolean {
  return c[protocol].some(([lo, hi]) => lo <= port && port <= hi);
}

export function equals(a: ConnSet, b: ConnSet): boolean {
  return formatConns(a) === formatConns(b);
}

/**
 * `All Connections`, or protocol-grouped port ranges such as `TCP 80,8080-8090,UDP 53`
 * (the notation of np-guard's netpol-analyzer and `roxctl netpol connectivity map`); protocols in
 * alphabetical order, `No Connections` for the empty set.
 */
export function formatConns(c: ConnSet): string {
  if (isAll(c)) return 'All Connections';
  const parts: string[] = [];
  for (const protocol of PROTOCOLS) {
    const ranges = c[protocol];
    if (ranges.length === 0) continue;
    parts.push(`${protocol} ${ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`);
  }
  return parts.length === 0 ? 'No Connections' : parts.join(',');
}

/** JSON form: `{"TCP": [[80, 80]], ...}` with only non-empty protocols, or `"all"`. */
export function connsToJson(c: ConnSet): 'all' | Partial<Record<Protocol, PortRange[]>> {
  if (isAll(c)) return 'all';
  const out: Partial<Record<Protocol, PortRange[]>> = {};
  for (const protocol of PROTOCOLS) if (c[protocol].length > 0) out[protocol] = c[protocol].map((r) => [r[0], r[1]]);
  return out;
}

function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  if (a.length === 0 || b.length === 0) return a;
  const out: [number, number][] = [];
  for (const [lo, hi] of a) {
    let start = lo;
    for (const [blo, bhi] of b) {
      if (bhi < start || blo > hi) continue;
      if (blo > start) out.push([start, blo - 1]);
      start = bhi + 1;
      if (start > hi) break;
    }
    if (start <= hi) out.push([start, hi]);
  }
  return out;
}

/** The connections of `a` that are not in `b`. */
export function subtract(a: ConnSet, b: ConnSet): ConnSet {
  return { SCTP: subtractRanges(a.SCTP, b.SCTP), TCP: subtractRanges(a.TCP, b.TCP), UDP: subtractRanges(a.UDP, b.UDP) };
}
