import ipaddr from 'ipaddr.js';

/** An inclusive range of addresses of one family, as 128-bit-safe integers. */
export interface IpRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

// Dotted-quad IPv4 without leading zeros, as Go's net.ParseIP (used by the API server) accepts it; ipaddr.js alone
// would also take shorthand forms such as `10.1` or `0x0a.0.0.1`.
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

function wellFormed(address: string): boolean {
  return address.includes(':') ? ipaddr.IPv6.isValid(address) : IPV4.test(address);
}

const MAX: Record<4 | 6, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

function toBigInt(bytes: readonly number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function fromBigInt(value: bigint, family: 4 | 6): string {
  const length = family === 4 ? 4 : 16;
  const bytes: number[] = new Array<number>(length).fill(0);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** Parses a single address (`10.0.0.1`, `fd00:ec2::254`); undefined when malformed. */
export function parseIp(text: string): IpRange | undefined {
  if (!wellFormed(text)) return undefined;
  const addr = ipaddr.parse(text);
  const family = addr.kind() === 'ipv4' ? 4 : 6;
  const value = toBigInt(addr.toByteArray());
  return { family, first: value, last: value };
}

/**
 * Parses a CIDR (`10.0.0.0/8`, `2001:db8::/32`); undefined when malformed. Host bits are masked
 * (`10.1.2.3/8` is `10.0.0.0/8`), as the API server's CIDR parsing does for NetworkPolicy ipBlocks.
 */
export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || !wellFormed(text.slice(0, slash)) || !/^\d{1,3}$/.test(text.slice(slash + 1))) return undefined;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch (error) {
    if (error instanceof Error) return undefined;
    throw error;
  }
  const [addr, prefix] = parsed;
  const family = addr.kind() === 'ipv4' ? 4 : 6;
  const bits = family === 4 ? 32n : 128n;
  const hostBits = bits - BigInt(prefix);
  const value = toBigInt(addr.toByteArray());
  const first = (value >> hostBits) << hostBits;
  return { family, first, last: first + (1n << hostBits) - 1n };
}

/** Address order: IPv4 before IPv6, then by first address, then by last. */
export function compareRanges(a: IpRange, b: IpRange): number {
  return a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.last < b.last ? -1 : a.last > b.last ? 1 : 0);
}

export function within(inner: IpRange, outer: IpRange): boolean {
  return inner.family === outer.family && inner.first >= outer.first && inner.last <= outer.last;
}

export function overlaps(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** `0.0.0.0/0` or `::/0`: every address of the family. */
export function isWholeFamily(r: IpRange): boolean {
  return r.first === 0n && r.last === MAX[r.family];
}

/** The first address of a range, in canonical form (`fd00::1`, as Go's net.IP writes pod and host IPs). */
export function formatAddress(r: IpRange): string {
  return fromBigInt(r.first, r.family);
}

export function formatRange(r: IpRange): string {
  return `${fromBigInt(r.first, r.family)}-${fromBigInt(r.last, r.family)}`;
}

/**
 * Cuts the whole address space of each family into the disjoint ranges delimited by every given range,
 * so that each piece lies either wholly inside or wholly outside each given range.
 */
export function cutAddressSpace(ranges: readonly IpRange[], families: readonly (4 | 6)[]): IpRange[] {
  const out: IpRange[] = [];
  for (const family of families) {
    const cuts = new Set<bigint>([0n]);
    for (const r of ranges) {
      if (r.family !== family) continue;
      cuts.add(r.first);
      if (r.last < MAX[family]) cuts.add(r.last + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((first, i) => {
      const next = sorted[i + 1];
      out.push({ family, first, last: next === undefined ? MAX[family] : next - 1n });
    });
  }
  return out;
}
