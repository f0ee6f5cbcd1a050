import type { SourceLocation } from '../domain/evidence.js';
import type { GuiContainer, GuiWorkload } from './detect.js';

/** Boolean flags of the Dashboard (pflag) and Headlamp (Go flag): written bare, they never take the next argument. */
const BOOLEAN = new Set([
  'enable-skip-login', 'enable-insecure-login', 'disable-settings-authorizer', 'auto-generate-certificates', 'apiserver-skip-tls-verify',
  'disable-csrf-protection', 'profiler', 'insecure-ssl', 'enable-dynamic-clusters', 'in-cluster', 'metrics-provider',
]);

export interface Flag {
  value: string;
  location: SourceLocation;
}

/**
 * The flags of a container's command and args: `--flag=value`, `--flag value`, bare booleans; one or two dashes
 * (Go's flag package accepts both). The last occurrence wins. `--flag=false` on a boolean is false.
 */
export function containerFlags(w: GuiWorkload): Map<string, Flag> {
  const c: GuiContainer = w.container;
  const flags = new Map<string, Flag>();
  const locate = (i: number): SourceLocation => {
    const path = i < c.commandLength ? [...c.path, 'command', i] : [...c.path, 'args', i - c.commandLength];
    return w.item.locate(path) ?? w.item.locate(c.path) ?? w.item.location;
  };
  for (let i = 0; i < c.argv.length; i++) {
    const token = c.argv[i] ?? '';
    if (!/^--?[A-Za-z]/.test(token)) continue;
    const body = token.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    if (eq >= 0) {
      flags.set(name, { value: body.slice(eq + 1), location: locate(i) });
      continue;
    }
    const next = c.argv[i + 1];
    if (!BOOLEAN.has(name) && next !== undefined && !next.startsWith('-')) {
      flags.set(name, { value: next, location: locate(i) });
      i++;
    } else {
      flags.set(name, { value: 'true', location: locate(i) });
    }
  }
  return flags;
}

export const isTrue = (f: Flag | undefined): boolean => f !== undefined && /^(1|t|T|true|TRUE|True)$/.test(f.value);
export const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1' || address === 'localhost';
