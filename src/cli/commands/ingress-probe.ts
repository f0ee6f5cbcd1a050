import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { parseDuration } from '../../ingress/duration.js';
import { parseAddress } from '../../ingress/probe.js';
import type { CliContext } from '../context.js';
import { addFindingsOutput } from '../findings-output.js';
import { addObjectSourceOptions } from '../object-source.js';
import { choiceOption, type RunState } from '../program.js';
import type { FindingFormat } from '../../report/findings-formats.js';
import { INGRESS_SOURCE } from './ingress.js';

const MAX_TIMEOUT_MS = 60_000;

interface ProbeCliOptions {
  address: string;
  httpPort: string;
  timeout: string;
  failOn: Severity;
  output: FindingFormat;
}

export function registerIngressProbe(ingress: Command, ctx: CliContext, state: RunState): void {
  const probe = addObjectSourceOptions(ingress.command('probe'), ctx, INGRESS_SOURCE)
    .description('TLS handshake with each TLS host as SNI against the controller address; compare the served leaf with the Secret, report protocol and cipher, and the HTTP→HTTPS redirect (one HEAD /)')
    .argument('[paths...]', 'files, folders or - for stdin, as for kubefort ingress; none = the live cluster')
    .requiredOption('--address <host[:port]>', 'the ingress controller address (port 443 unless given), e.g. the ADDRESS of kubectl get ingress')
    .option('--http-port <port>', 'plain HTTP port on the same address for the redirect check', '80')
    .option('--timeout <duration>', 'bound for each handshake and for each HEAD / (at most 60s)', '5s')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'high'))
    .addHelpText('after', `
Sends nothing but TLS handshakes and one HEAD / per host; certificates are compared, not trusted (curl -k).
Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error, no TLS host to probe or not evaluated.`);
  addFindingsOutput(probe)
    .action(async (paths: string[], opts: ProbeCliOptions) => {
      const tls = parseAddress(opts.address, 443);
      if (!tls) throw new UsageError(`--address takes host, host:port or [ipv6]:port, got ${JSON.stringify(opts.address)}`);
      const httpPort = Number(opts.httpPort);
      if (!/^\d+$/.test(opts.httpPort) || httpPort < 1 || httpPort > 65535) throw new UsageError(`--http-port takes a port number, got ${JSON.stringify(opts.httpPort)}`);
      const timeoutMs = parseDuration(opts.timeout);
      if (timeoutMs === undefined || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) throw new UsageError(`--timeout takes a duration from 1s to 60s such as 5s, got ${JSON.stringify(opts.timeout)}`);
      const { runProbe } = await import('./ingress-run.js');
      state.exitCode = await runProbe(paths, { tls, http: { host: tls.host, port: httpPort }, timeoutMs }, opts, ctx);
    });
}
