import type { SourceLocation } from '../domain/evidence.js';

/** The TCP states of include/net/tcp_states.h, as /proc/net/tcp prints them (hex). */
export const TCP_STATES: Readonly<Record<string, string>> = {
  '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT',
  '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING', '0C': 'NEW_SYN_RECV',
};
/** TCP listens in LISTEN; a bound, unconnected UDP socket is in TCP_CLOSE (07) — the kernel reuses the TCP codes. */
const LISTENING: Readonly<Record<Protocol, string>> = { tcp: '0A', udp: '07' };

export type Protocol = 'tcp' | 'udp';
export type Family = 4 | 6;

export interface Socket {
  protocol: Protocol;
  family: Family;
  address: string;
  port: number;
  remoteAddress: string;
  remotePort: number;
  state: string;
  uid: number;
  inode: number;
  /** Where the line is: /proc/net/tcp:3. */
  location: SourceLocation;
}

export interface ParsedProcNet {
  sockets: Socket[];
  problems: { message: string; location: SourceLocation }[];
}

/** An IPv4 address as the kernel prints it: the 32-bit word in host byte order (little-endian on x86, arm64). */
function ipv4(hex: string): string {
  const bytes = [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return bytes.join('.');
}

/** An IPv6 address: four 32-bit words, each in host byte order. */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (const i of [6, 4, 2, 0]) bytes.push(parseInt(word.slice(i, i + 2), 16));
  }
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // RFC 5952: the longest run (of two or more) of zero groups becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function endpoint(text: string, family: Family): { address: string; port: number } | undefined {
  const [hex, port] = text.split(':');
  const width = family === 4 ? 8 : 32;
  if (hex === undefined || port === undefined || hex.length !== width || !/^[0-9A-Fa-f]+$/.test(hex) || !/^[0-9A-Fa-f]{4}$/.test(port)) return undefined;
  return { address: family === 4 ? ipv4(hex) : ipv6(hex), port: parseInt(port, 16) };
}

/**
 * Parses /proc/net/{tcp,tcp6,udp,udp6} (net/ipv4/tcp_ipv4.c get_tcp4_sock and friends): a header line, then
 * `sl: local rem st tx:rx tr:when retrnsmt uid timeout inode ...`. A short or garbled line is a problem with its
 * line number, never a crash; the rest of the file is still read.
 */
export function parseProcNet(text: string, file: string, protocol: Protocol, family: Family): ParsedProcNet {
  const sockets: Socket[] = [];
  const problems: ParsedProcNet['problems'] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (i === 0 || line === '') return;
    const location = { file, line: i + 1 };
    const f = line.split(/\s+/);
    const local = f[1] !== undefined ? endpoint(f[1], family) : undefined;
    const remote = f[2] !== undefined ? endpoint(f[2], family) : undefined;
    const state = f[3]?.toUpperCase();
    const uid = Number(f[7]);
    const inode = Number(f[9]);
    if (f.length < 10 || !/^\d+:$/.test(f[0] ?? '') || !local || !remote || !state || !/^[0-9A-F]{2}$/.test(state) || !Number.isInteger(uid) || !Number.isInteger(inode)) {
      problems.push({ message: `${file}:${i + 1}: not a socket line in the kernel's format (${f.length} fields); skipped`, location });
      return;
    }
    sockets.push({ protocol, family, ...local, remoteAddress: remote.address, remotePort: remote.port, state, uid, inode, location });
  });
  return { sockets, problems };
}

/** Listening TCP sockets and bound, unconnected UDP sockets. */
export function isListening(s: Socket): boolean {
  return s.state === LISTENING[s.protocol] && s.remotePort === 0;
}

export function stateName(s: Socket): string {
  if (s.protocol === 'udp') return s.state === '07' ? 'UNCONN' : s.state === '01' ? 'ESTAB' : (TCP_STATES[s.state] ?? s.state);
  return TCP_STATES[s.state] ?? s.state;
}

export const Scope = { all: 'all interfaces', loopback: 'loopback only', specific: 'a specific address' } as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

export function scopeOf(address: string): Scope {
  if (address === '0.0.0.0' || address === '::') return Scope.all;
  if (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.')) return Scope.loopback;
  return Scope.specific;
}
