import { stat } from 'node:fs/promises';
import { openRegular, READ_LIMITS, readRegular } from '../../collect/node/bounded-read.js';
import { LineTooLongError } from '../../binaries/line-stream.js';
import { quoteName } from '../../binaries/check-report.js';
import { basename, resolve } from 'node:path';
import type { X509Certificate } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';
import { choiceOption } from '../program.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { Algorithm, parseChecksumText, parseDigestArgument, selectExpected } from '../../binaries/checksum-format.js';
import { checkSums } from '../../binaries/check-sums.js';
import { type StreamOptions } from '../../binaries/file-stream.js';
import { strerror } from '../../domain/fs-errors.js';
import { printable } from '../../domain/printable.js';
import { progressWriter } from '../../binaries/progress.js';
import { verifyNode } from '../../binaries/node-verify.js';
import { digestForKey, formatSignatureVerdict, judgeSignature, parseCertificates, parseSignature, SignatureInputError, SignatureSink } from '../../binaries/signature.js';
import { authoritiesFromTrustedRoot, pinnedAuthorities } from '../../binaries/trust.js';
import { formatNodeJson, formatNodeText, nodeExitCode } from '../../binaries/node-report.js';
import { formatFileVerification, verifyFileDigests, type Expectation } from '../../binaries/verify-file.js';

/** Who signs Kubernetes release artifacts (cosign keyless, Google service account of the release engineering project). */
const DEFAULT_IDENTITY = 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com';
const DEFAULT_ISSUER = 'https://accounts.google.com';

interface VerifyOptions {
  sha256?: string;
  sha512?: string;
  checksum?: string;
  check?: string | true;
  quiet?: boolean;
  status?: boolean;
  strict?: boolean;
  warn?: boolean;
  ignoreMissing?: boolean;
  root?: string;
  checksums?: string;
  output: 'text' | 'json';
  signature?: string;
  certificate?: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  trustedRoot?: string;
  bundle?: string;
  readSize?: string;
  insecureIgnoreSct?: boolean;
}

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

function streamOptions(opts: VerifyOptions, name: string, ctx: CliContext): StreamOptions & { finish(): void } {
  const chunkSize = opts.readSize === undefined ? undefined : Number(opts.readSize) * 1024 * 1024;
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 4096 && chunkSize <= 64 * 1024 * 1024)) {
    throw new UsageError('--read-size must be a whole number of MiB between 1 and 64');
  }
  if (!ctx.stderrIsTTY) return { chunkSize, finish: () => undefined };
  const bar = progressWriter(name, (s) => ctx.stderr(s), () => ctx.now().getTime());
  return { chunkSize, onProgress: bar.onProgress, finish: bar.finish };
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

async function runNode(root: string, opts: VerifyOptions, ctx: CliContext): Promise<ExitCode> {
  for (const [flag, dir] of [['--root', root], ['--checksums', opts.checksums]] as const) {
    if (dir === undefined) continue;
    let isDir = false;
    try {
      isDir = (await stat(resolve(ctx.cwd, dir))).isDirectory();
    } catch (error) {
      throw new InputError(`${flag} ${dir}: ${strerror(error)}`, { file: dir }, { cause: error });
    }
    if (!isDir) throw new InputError(`${flag} ${dir}: not a directory`, { file: dir });
  }
  const report = await verifyNode(resolve(ctx.cwd, root), opts.checksums === undefined ? undefined : resolve(ctx.cwd, opts.checksums));
  const shown = { ...report, root, ...(opts.checksums === undefined ? {} : { checksums: opts.checksums }) };
  ctx.stdout(opts.output === 'json' ? formatNodeJson(shown) : formatNodeText(shown));
  return nodeExitCode(report, opts.strict === true);
}

async function runCheck(sums: string, opts: VerifyOptions, ctx: CliContext): Promise<ExitCode> {
  const flags = { quiet: opts.quiet === true, status: opts.status === true, strict: opts.strict === true, warn: opts.warn === true, ignoreMissing: opts.ignoreMissing === true };
  const name = sums === '-' ? 'standard input' : sums;
  const source = sums === '-' ? ctx.stdinChunks?.() ?? [ctx.readStdin()] : await sumsStream(sums, ctx);
  try {
    return await checkSums(name, source, ctx.cwd, flags, {
      stdout: (s) => ctx.stdout(s),
      warn: (line) => ctx.stderr(`kubefort: ${line}\n`),
    }, (file) => streamOptions(opts, file, ctx));
  } catch (error) {
    if (error instanceof LineTooLongError) throw new InputError(`${quoteName(name)}: ${error.message}`, { file: name }, { cause: error });
    throw error;
  }
}

/** The checksum list as a stream of chunks (never one string: lists of gigabytes are checked line by line). */
async function sumsStream(path: string, ctx: CliContext): Promise<AsyncIterable<Buffer>> {
  try {
    return (await openRegular(resolve(ctx.cwd, path))).createReadStream({ highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
  } catch (error) {
    throw new InputError(`${path}: ${strerror(error)}`, { file: path }, { cause: error });
  }
}

async function expectationsFor(file: string, opts: VerifyOptions, ctx: CliContext): Promise<Expectation[]> {
  const expectations: Expectation[] = [];
  for (const algorithm of [Algorithm.sha256, Algorithm.sha512]) {
    const given = opts[algorithm];
    if (given === undefined) continue;
    const digest = parseDigestArgument(given, algorithm);
    if (digest === undefined) throw new UsageError(`--${algorithm} needs ${algorithm === 'sha256' ? 64 : 128} hex digits`);
    expectations.push({ algorithm, digest, source: `--${algorithm}` });
  }
  if (opts.checksum !== undefined) {
    const text = (await readInput(opts.checksum, ctx)).toString('utf8');
    const selected = selectExpected(parseChecksumText(text), basename(file));
    if (typeof selected === 'string') throw new InputError(`${opts.checksum}: ${selected}`, { file: opts.checksum });
    expectations.push({ algorithm: selected.algorithm, digest: selected.digest, source: `${opts.checksum}:${selected.line}` });
  }
  return expectations;
}

/** Reads an input file named on the command line; unreadable is exit 2 with the reason, prefixed by the flag if any. */
async function readInput(path: string, ctx: CliContext, flag?: string): Promise<Buffer> {
  try {
    return await readRegular(resolve(ctx.cwd, path), READ_LIMITS.input, `a ${flag ?? 'checksum'} file`);
  } catch (error) {
    throw new InputError(`${flag === undefined ? '' : `${flag} `}${path}: ${strerror(error)}`, { file: path }, { cause: error });
  }
}

/** --trusted-root for --certificate: a PEM bundle of CA certificates, or a Sigstore trusted_root.json. */
async function trustedRootAuthorities(path: string, ctx: CliContext) {
  const bytes = await readInput(path, ctx, '--trusted-root');
  const label = `--trusted-root ${path}`;
  try {
    if (bytes.toString('utf8').trimStart().startsWith('{')) return authoritiesFromTrustedRoot(JSON.parse(bytes.toString('utf8')), label);
    return [{ label, certificates: parseCertificates(bytes) }];
  } catch (error) {
    const reason = error instanceof SignatureInputError ? error.detail : error instanceof Error ? error.message : String(error);
    throw inputProblem(`invalid trusted root: ${path}: ${reason}`, path, error);
  }
}

async function signatureInputs(opts: VerifyOptions, ctx: CliContext) {
  if (opts.signature === undefined && opts.certificate === undefined) return undefined;
  if (opts.signature === undefined || opts.certificate === undefined) throw new UsageError('--signature and --certificate go together');
  const certificateBytes = await readInput(opts.certificate, ctx, '--certificate');
  const signatureBytes = await readInput(opts.signature, ctx, '--signature');
  const input = (path: string, parse: () => void): void => {
    try {
      parse();
    } catch (error) {
      if (!(error instanceof SignatureInputError)) throw error;
      throw inputProblem(`invalid ${error.input}: ${path}: ${error.detail}`, path, error);
    }
  };
  let certificates: X509Certificate[] = [];
  let signature: Buffer = Buffer.alloc(0);
  input(opts.certificate, () => { certificates = parseCertificates(certificateBytes); });
  input(opts.signature, () => { signature = parseSignature(signatureBytes); });
  const leaf = certificates[0];
  if (leaf === undefined) throw new InputError(`invalid certificate: ${opts.certificate}: none found`, { file: opts.certificate });
  let digest = '';
  input(opts.certificate, () => { digest = digestForKey(leaf.publicKey); });
  const authorities = opts.trustedRoot === undefined ? pinnedAuthorities() : await trustedRootAuthorities(opts.trustedRoot, ctx);
  return { leaf, signature, sink: new SignatureSink(digest), authorities };
}

async function bundleInputs(opts: VerifyOptions, ctx: CliContext) {
  if (opts.bundle === undefined) return undefined;
  const parseJson = (what: string, path: string, bytes: Buffer): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8')) as unknown;
    } catch (error) {
      throw inputProblem(`invalid ${what}: ${path}: not JSON: ${error instanceof Error ? error.message : String(error)}`, path, error);
    }
  };
  const trustedRootJson = opts.trustedRoot === undefined ? undefined : parseJson('trusted root', opts.trustedRoot, await readInput(opts.trustedRoot, ctx, '--trusted-root'));
  const bundleJson = parseJson('bundle', opts.bundle, await readInput(opts.bundle, ctx, '--bundle'));
  // The Sigstore libraries are loaded only for --bundle: they would cost every other command start-up time.
  const bundle = await import('../../binaries/bundle.js');
  try {
    const trust = bundle.prepareTrustMaterial(trustedRootJson);
    return { bundle, prepared: bundle.prepareBundle(bundleJson), trust };
  } catch (error) {
    if (error instanceof SignatureInputError) throw inputProblem(labelled(error, opts.bundle, opts.trustedRoot), opts.bundle, error);
    throw error;
  }
}

/** `invalid bundle: FILE: reason` (or trusted root): a SignatureInputError with the file it is about. */
function labelled(error: SignatureInputError, bundlePath: string, trustedRootPath: string | undefined): string {
  const file = error.input === 'trusted root' ? trustedRootPath ?? 'the pinned Sigstore trusted root' : bundlePath;
  return `invalid ${error.input}: ${file}: ${error.detail}`;
}

/** One printable line (control characters escaped, bounded length), exit 2. */
function inputProblem(message: string, file: string, cause: unknown): InputError {
  const line = printable(message.replace(/\s*\n\s*/g, ' '));
  return new InputError(line.length > 400 ? `${line.slice(0, 400)}...` : line, { file }, { cause });
}

async function runFile(file: string, opts: VerifyOptions, ctx: CliContext): Promise<ExitCode> {
  const expectations = await expectationsFor(file, opts, ctx);
  const signed = await signatureInputs(opts, ctx);
  const bundled = await bundleInputs(opts, ctx);
  if (expectations.length === 0 && signed === undefined && bundled === undefined) {
    throw new UsageError('nothing to verify FILE against: give --sha256, --sha512, --checksum, --signature with --certificate, or --bundle');
  }
  const stream = streamOptions(opts, basename(file), ctx);
  const sinks = [...(signed === undefined ? [] : [signed.sink]), ...(bundled === undefined ? [] : [bundled.prepared.digest, bundled.prepared.signature])];
  const verification = await verifyFileDigests(resolve(ctx.cwd, file), expectations, stream, sinks);
  stream.finish();
  if (expectations.length > 0 || verification.kind === 'unreadable') ctx.stdout(formatFileVerification(file, verification));
  let ok = verification.kind === 'hashed' && verification.results.every((r) => r.ok);
  const identity = opts.certificateIdentity ?? DEFAULT_IDENTITY;
  const issuer = opts.certificateOidcIssuer ?? DEFAULT_ISSUER;
  if (signed !== undefined && verification.kind === 'hashed') {
    const verdict = judgeSignature(signed.leaf, signed.signature, signed.sink, { identity, issuer, authorities: signed.authorities });
    ctx.stdout(formatSignatureVerdict(file, verdict));
    ok &&= verdict.ok;
  }
  if (bundled !== undefined && verification.kind === 'hashed') {
    let verdict;
    try {
      verdict = bundled.bundle.judgeBundle(bundled.prepared, { identity, issuer, trust: bundled.trust, ignoreSct: opts.insecureIgnoreSct === true });
    } catch (error) {
      if (error instanceof SignatureInputError) throw inputProblem(labelled(error, opts.bundle ?? '', opts.trustedRoot), opts.bundle ?? '', error);
      throw error;
    }
    ctx.stdout(bundled.bundle.formatBundleVerdict(file, verdict));
    ok &&= verdict.ok;
  }
  return ok ? ExitCode.ok : ExitCode.findings;
}
