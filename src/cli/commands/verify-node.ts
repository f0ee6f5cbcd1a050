/** `kubefort verify --root DIR [--checksums DIR]`: every platform binary of a node, identified and checked. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatNodeJson, formatNodeText, nodeExitCode } from '../../binaries/node-report.js';
import { verifyNode } from '../../binaries/node-verify.js';
import { ExitCode, InputError } from '../../domain/errors.js';
import { strerror } from '../../domain/fs-errors.js';
import type { CliContext } from '../context.js';
import type { VerifyOptions } from './verify-options.js';

export async function runNode(root: string, opts: VerifyOptions, ctx: CliContext): Promise<ExitCode> {
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

