/** `kubefort verify FILE`: against digests (--sha256, --sha512, --checksum), a cosign signature, or a Sigstore bundle. */
import type { X509Certificate } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { Algorithm, parseChecksumText, parseDigestArgument, selectExpected } from '../../binaries/checksum-format.js';
import { digestForKey, formatSignatureVerdict, judgeSignature, parseCertificates, parseSignature, SignatureInputError, SignatureSink } from '../../binaries/signature.js';
import { authoritiesFromTrustedRoot, pinnedAuthorities } from '../../binaries/trust.js';
import { formatFileVerification, verifyFileDigests, type Expectation } from '../../binaries/verify-file.js';
import { READ_LIMITS, readRegular } from '../../collect/node/bounded-read.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { strerror } from '../../domain/fs-errors.js';
import { printable } from '../../domain/printable.js';
import type { CliContext } from '../context.js';
import { DEFAULT_IDENTITY, DEFAULT_ISSUER, streamOptions, type VerifyOptions } from './verify-options.js';

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

export async function runFile(file: string, opts: VerifyOptions, ctx: CliContext): Promise<ExitCode> {
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
