import { formatLocation } from '../domain/evidence.js';
import type { DirectionVerdict, Verdict } from './explain.js';
import { readingComment } from './reading.js';

function direction(d: DirectionVerdict): string[] {
  const lines = [`  ${d.direction.padEnd(7)} ${d.allowed ? 'allowed' : 'DENIED '}  ${d.endpoint}: ${d.reason}`];
  for (const p of d.policies) lines.push(`      selected by ${p.policy} (${formatLocation(p.location)})`);
  for (const r of d.admittedBy) lines.push(`      admitted by ${r.policy} ${r.rule} at ${formatLocation(r.location)}`);
  if (d.decidedBy) lines.push(`      decided by ${d.decidedBy.policy} ${d.decidedBy.rule} (${d.decidedBy.action}) at ${formatLocation(d.decidedBy.location)}`);
  return lines;
}

/** Human-readable verdict: the answer first, then each direction with the policies and rules behind it. */
export function verdictText(v: Verdict): string {
  return [
    `${v.from} => ${v.to} ${v.protocol} ${v.port}: ${v.allowed ? 'ALLOWED' : 'DENIED'}`,
    ...direction(v.egress),
    ...direction(v.ingress),
    ...(v.hostNetwork.affects ? [readingComment(v.hostNetwork, '  ').trimEnd()] : []),
    '',
  ].join('\n');
}

export function verdictJson(v: Verdict): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}
