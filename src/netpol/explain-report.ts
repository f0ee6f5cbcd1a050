import { formatLocation } from '../domain/evidence.js';
import type { DirectionVerdict, Verdict } from './explain.js';
import { printable, printableJson } from '../domain/printable.js';
import { readingComment } from './reading.js';

function direction(d: DirectionVerdict): string[] {
  const lines = [`  ${d.direction.padEnd(7)} ${d.allowed ? 'allowed' : 'DENIED '}  ${printable(d.endpoint)}: ${printable(d.reason)}`];
  for (const p of d.policies) lines.push(`      selected by ${printable(p.policy)} (${printable(formatLocation(p.location))})`);
  for (const r of d.admittedBy) lines.push(`      admitted by ${printable(r.policy)} ${printable(r.rule)} at ${printable(formatLocation(r.location))}`);
  if (d.decidedBy) lines.push(`      decided by ${printable(d.decidedBy.policy)} ${printable(d.decidedBy.rule)} (${d.decidedBy.action}) at ${printable(formatLocation(d.decidedBy.location))}`);
  return lines;
}

/** Human-readable verdict: the answer first, then each direction with the policies and rules behind it. */
export function verdictText(v: Verdict): string {
  return [
    `${printable(v.from)} => ${printable(v.to)} ${v.protocol} ${printable(String(v.port))}: ${v.allowed ? 'ALLOWED' : 'DENIED'}`,
    ...direction(v.egress),
    ...direction(v.ingress),
    ...(v.hostNetwork.affects ? [readingComment(v.hostNetwork, '  ').trimEnd()] : []),
    '',
  ].join('\n');
}

export function verdictJson(v: Verdict): string {
  return `${printableJson(JSON.stringify(v, null, 2))}\n`;
}
