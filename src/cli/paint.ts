import { createColors } from 'picocolors';

/**
 * Colours for the netpol text reports on a terminal, applied to the finished text so the reporters stay
 * colour-free (their output is also golden-tested and parsed). The words painted are verdict and severity
 * tokens in capitals; Kubernetes object names are lower case (RFC 1123), so a name is never painted.
 */
export function paintVerdicts(text: string, color: boolean): string {
  if (!color) return text;
  const c = createColors(true);
  return text
    .replace(/\bDENIED\b/g, (w) => c.red(c.bold(w)))
    .replace(/\bALLOWED\b/g, (w) => c.green(w))
    .replace(/^(CRITICAL|HIGH)(?= )/gm, (w) => c.red(c.bold(w)))
    .replace(/^MEDIUM(?= )/gm, (w) => c.yellow(w));
}
