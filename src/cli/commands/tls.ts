import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { fsErrorReason } from '../../domain/fs-errors.js';
import type { CreateSpec } from '../../ingress/create.js';
import { isHostName, OBJECT_NAME } from '../../ingress/names.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';

interface TlsCreateOptions {
  name: string;
  namespace: string;
  host: string[];
  days: string;
  keyType: 'ec' | 'rsa';
  out: string;
  force?: boolean;
  ingress?: string;
  service?: string;
  class?: string;
}

const MAX_DAYS = 825; // the longest validity browsers have accepted for a TLS server certificate

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function specOf(opts: TlsCreateOptions, now: Date): CreateSpec {
  for (const [flag, value] of [['--name', opts.name], ['--namespace', opts.namespace], ['--ingress', opts.ingress]] as const) {
    if (value !== undefined && !OBJECT_NAME.test(value)) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a Kubernetes object name (lower case letters, digits, - and .)`);
  }
  const hosts = [...new Set(opts.host.map((h) => h.toLowerCase()))];
  const bad = hosts.filter((h) => !isHostName(h));
  if (bad.length > 0) throw new UsageError(`--host ${bad.join(', ')}: not a DNS name or IP address`);
  if (!/^\d+$/.test(opts.days) || Number(opts.days) < 1 || Number(opts.days) > MAX_DAYS) throw new UsageError(`--days takes 1 to ${MAX_DAYS}, got ${JSON.stringify(opts.days)}`);
  const spec: CreateSpec = { name: opts.name, namespace: opts.namespace, hosts, days: Number(opts.days), keyType: opts.keyType, now };
  if (opts.ingress === undefined) {
    if (opts.service !== undefined || opts.class !== undefined) throw new UsageError('--service and --class go with --ingress NAME');
    return spec;
  }
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?):(\d+|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/.exec(opts.service ?? '');
  if (!m) throw new UsageError(`--ingress needs --service SVC:PORT (port number or name), got ${JSON.stringify(opts.service ?? '')}`);
  const portText = m[3] as string;
  const numeric = /^\d+$/.test(portText);
  if (numeric && (Number(portText) < 1 || Number(portText) > 65535)) throw new UsageError(`--service port ${portText} is not 1-65535`);
  const port = numeric ? { number: Number(portText) } : { name: portText };
  spec.ingress = { name: opts.ingress, service: m[1] as string, port, ...(opts.class !== undefined ? { className: opts.class } : {}) };
  return spec;
}

export function registerTls(program: Command, ctx: CliContext, state: RunState): void {
  const tls = program.command('tls').description('TLS set-up for Ingresses');
  tls
    .command('create')
    .description('write a self-signed certificate (hosts as SANs, serverAuth, random serial) and its key, a kubernetes.io/tls Secret and optionally a matching Ingress')
    .requiredOption('--name <name>', 'the Secret name (the Ingress tls secretName)')
    .requiredOption('--namespace <namespace>', 'the namespace of the Secret and the Ingress')
    .requiredOption('--host <host>', 'a host name (repeat for more); the first is also the subject CN', collect)
    .option('--days <days>', `validity in days (1-${MAX_DAYS})`, '90')
    .addOption(choiceOption('--key-type <type>', 'ECDSA P-256 or RSA 2048', ['ec', 'rsa'], 'ec'))
    .option('--out <dir>', 'where to write tls.crt, tls.key, secret.yaml and ingress.yaml', '.')
    .option('--force', 'overwrite files that exist')
    .option('--ingress <name>', 'also write ingress.yaml: an Ingress with this name and the tls section')
    .option('--service <svc:port>', 'the Ingress backend Service and port (number or name)')
    .option('--class <ingressClassName>', 'spec.ingressClassName of the Ingress')
    .addHelpText('after', `
tls.key and secret.yaml hold the private key: written with mode 0600, never printed.
Exit codes: 0 written, 2 usage error or a file exists (use --force).`)
    .action(async (opts: TlsCreateOptions) => {
      const spec = specOf(opts, ctx.now());
      const dir = resolve(ctx.cwd, opts.out);
      const files: [string, 'crt' | 'key' | 'secret' | 'ingress', number][] = [['tls.crt', 'crt', 0o644], ['tls.key', 'key', 0o600], ['secret.yaml', 'secret', 0o600]];
      if (spec.ingress) files.push(['ingress.yaml', 'ingress', 0o644]);
      const existing = files.map(([f]) => join(dir, f)).filter((p) => existsSync(p));
      if (existing.length > 0 && opts.force !== true) throw new InputError(`${existing.join(', ')}: exists; not overwritten (use --force)`);
      // X.509 generation loads @peculiar/x509: only when a certificate is made, not at every kubefort start-up.
      const { createSelfSigned } = await import('../../ingress/create.js');
      const made = await createSelfSigned(spec);
      const content = { crt: made.certPem, key: made.keyPem, secret: made.secretYaml, ingress: made.ingressYaml ?? '' };
      try {
        mkdirSync(dir, { recursive: true });
        for (const [file, part, mode] of files) {
          const path = join(dir, file);
          writeFileSync(path, content[part], { mode, flag: opts.force === true ? 'w' : 'wx' });
          chmodSync(path, mode); // an overwritten file keeps its old mode otherwise
          ctx.stdout(`wrote ${path}${mode === 0o600 ? ' (mode 0600)' : ''}\n`);
        }
      } catch (error) {
        throw new InputError(`${dir}: cannot write: ${fsErrorReason(error)}`, { file: dir }, { cause: error });
      }
      ctx.stdout(`self-signed for ${spec.hosts.join(', ')}, valid ${spec.days} day(s); apply with: kubectl apply -f ${join(dir, 'secret.yaml')}${spec.ingress ? ` -f ${join(dir, 'ingress.yaml')}` : ''}\n`);
      state.exitCode = ExitCode.ok;
    });
}
