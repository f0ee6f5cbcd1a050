/** `kubefort verify`: options and wiring; each mode is a file of its own (verify-file, verify-check, verify-node). */
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';
import { choiceOption } from '../program.js';
import { ExitCode, UsageError } from '../../domain/errors.js';
import { runCheck } from './verify-check.js';
import { runFile } from './verify-file.js';
import { runNode } from './verify-node.js';
import { DEFAULT_IDENTITY, DEFAULT_ISSUER, type VerifyOptions } from './verify-options.js';

export function registerVerify(program: Command, ctx: CliContext, state: RunState): void {
  // sha256sum's --status, --warn and --quiet override one another: the last one given wins.
  const outputMode: Array<'status' | 'warn' | 'quiet'> = [];
  program.command('verify')
    .on('option:status', () => void outputMode.push('status'))
    .on('option:warn', () => void outputMode.push('warn'))
    .on('option:quiet', () => void outputMode.push('quiet'))
    .description('Verify platform binaries (kubectl, kubeadm, kubelet, ...) by checksum, on a node, or by signature. Never executes them.')
    .argument('[file]', 'the binary to verify')
    .option('--sha256 <hex>', 'expected SHA-256 digest of FILE')
    .option('--sha512 <hex>', 'expected SHA-512 digest of FILE')
    .option('--checksum <file>', 'checksum file for FILE: bare digest (as dl.k8s.io publishes), sha256sum/sha512sum or BSD tagged lines')
    .option('-c, --check [sums]', 'read checksums from SUMS and check the files they name, like sha256sum --check (stdin without SUMS or with -)')
    .option('--quiet', '--check: do not print OK for each successfully verified file')
    .option('--status', '--check: print nothing, the exit code tells')
    .option('--strict', '--check: exit 1 on improperly formatted lines; --root: exit 1 when a binary has no checksum')
    .option('-w, --warn', '--check: warn about each improperly formatted line')
    .option('--ignore-missing', '--check: do not fail or report status for missing files')
    .option('--root <dir>', 'node mode: the node\'s filesystem root (/ on the node itself, or a mounted copy)')
    .option('--checksums <dir>', 'node mode: checksum tree laid out as the release download: <version>/bin/linux/<arch>/<name>.sha256')
    .addOption(choiceOption('-o, --output <format>', 'report format (node mode)', ['text', 'json'], 'text'))
    .option('--signature <file>', 'cosign signature of FILE (base64 of the DER signature, as FILE.sig)')
    .option('--certificate <file>', 'signing certificate (PEM, or base64-wrapped PEM as Kubernetes publishes FILE.cert)')
    .option('--certificate-identity <email>', 'expected signer identity (SAN email or URI)', DEFAULT_IDENTITY)
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer of the signer', DEFAULT_ISSUER)
    .option('--trusted-root <file>', 'trust these instead of the pinned Sigstore public-good roots: CA certificates (PEM) with --certificate, a trusted_root.json with --bundle')
    .option('--bundle <file>', 'Sigstore bundle of FILE (cosign sign-blob --bundle): full offline verification incl. transparency log')
    .option('--insecure-ignore-sct', '--bundle: accept a certificate without a certificate-transparency proof')
    .addOption(new Option('--read-size <MiB>', 'read buffer size in MiB (benchmarking)').hideHelp())
    .action(async (file: string | undefined, opts: VerifyOptions) => {
      const last = outputMode.at(-1);
      const effective = last === undefined ? opts : { ...opts, status: last === 'status', warn: last === 'warn', quiet: last === 'quiet' };
      state.exitCode = await verifyCommand(file, effective, ctx, opts);
    });
}

type Mode = 'file' | 'check' | 'root';
/** Flags that only make sense in some modes: using them elsewhere is a mistake worth saying. */
const MODE_FLAGS: ReadonlyArray<readonly [string, (o: VerifyOptions) => boolean, readonly Mode[]]> = [
  ['--sha256', (o) => o.sha256 !== undefined, ['file']],
  ['--sha512', (o) => o.sha512 !== undefined, ['file']],
  ['--checksum', (o) => o.checksum !== undefined, ['file']],
  ['--signature', (o) => o.signature !== undefined, ['file']],
  ['--certificate', (o) => o.certificate !== undefined, ['file']],
  ['--bundle', (o) => o.bundle !== undefined, ['file']],
  ['--trusted-root', (o) => o.trustedRoot !== undefined, ['file']],
  ['--quiet', (o) => o.quiet === true, ['check']],
  ['--status', (o) => o.status === true, ['check']],
  ['--warn', (o) => o.warn === true, ['check']],
  ['--ignore-missing', (o) => o.ignoreMissing === true, ['check']],
  ['--strict', (o) => o.strict === true, ['check', 'root']],
  ['--checksums', (o) => o.checksums !== undefined, ['root']],
  ['--output json', (o) => o.output === 'json', ['root']],
];

/** `given` holds the flags as typed (for the mode checks), `opts` the effective ones after sha256sum's overrides. */
async function verifyCommand(file: string | undefined, opts: VerifyOptions, ctx: CliContext, given: VerifyOptions): Promise<ExitCode> {
  const modes = [opts.check !== undefined, opts.root !== undefined, file !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give exactly one of: FILE, --check SUMS, --root DIR');
  const mode = opts.check !== undefined ? 'check' : opts.root !== undefined ? 'root' : 'file';
  for (const [flag, set, allowed] of MODE_FLAGS) {
    if (set(given) && !allowed.includes(mode)) throw new UsageError(`${flag} does not apply to ${mode === 'file' ? 'FILE' : `--${mode}`} mode`);
  }
  if (opts.bundle !== undefined && (opts.signature !== undefined || opts.certificate !== undefined)) {
    throw new UsageError('--bundle replaces --signature and --certificate; give one or the other');
  }
  if (opts.check !== undefined) return runCheck(opts.check === true ? '-' : opts.check, opts, ctx);
  if (file !== undefined) return runFile(file, opts, ctx);
  return runNode(opts.root ?? '/', opts, ctx);
}

