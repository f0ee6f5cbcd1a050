/** `kubefort verify --check [SUMS]`: a checksum list, checked line by line as sha256sum --check does. */
import { resolve } from 'node:path';
import { quoteName } from '../../binaries/check-report.js';
import { checkSums } from '../../binaries/check-sums.js';
import { LineTooLongError } from '../../binaries/line-stream.js';
import { openRegular } from '../../collect/node/bounded-read.js';
import { ExitCode, InputError } from '../../domain/errors.js';
import { strerror } from '../../domain/fs-errors.js';
import type { CliContext } from '../context.js';
import { streamOptions, type VerifyOptions } from './verify-options.js';

export async function runCheck(sums: string, opts: VerifyOptions, ctx: CliContext): Promise<ExitCode> {
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

