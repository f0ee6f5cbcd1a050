import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportFiles } from '../../collect/live/export.js';
import { ExitCode, UsageError } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { addObjectSourceOptions, liveSet } from '../object-source.js';
import type { RunState } from '../program.js';

interface ExportOptions {
  out?: string;
  includeSecretData?: boolean;
}

export function registerExport(program: Command, ctx: CliContext, state: RunState): void {
  addObjectSourceOptions(program.command('export'), ctx, { liveWithoutPaths: true, includeSecretData: (o) => o.includeSecretData === true })
    .description('save the objects the analyses read from the cluster as YAML (one file per kind and namespace), to rerun offline')
    .requiredOption('--out <dir>', 'folder to write <namespace>/<Kind>.yaml and cluster/<Kind>.yaml into')
    .option('--include-secret-data', 'keep Secret values (default: every value except certificates is redacted)')
    .addHelpText('after', '\nExit codes: 0 written, 2 usage error or nothing could be read.')
    .action((opts: ExportOptions) => {
      const set = liveSet(opts);
      if (set === undefined || opts.out === undefined) throw new UsageError('export reads a live cluster: give --out DIR');
      const out = resolve(ctx.cwd, opts.out);
      const files = exportFiles(set.objects.map((o) => o.object));
      for (const file of files) {
        const path = join(out, file.path);
        mkdirSync(dirname(path), { recursive: true });
        // Secret values, when kept, are readable by the owner only.
        writeFileSync(path, file.text, { mode: opts.includeSecretData === true ? 0o600 : 0o644 });
      }
      ctx.stderr(`kubefort: wrote ${set.objects.length} object(s) in ${files.length} file(s) to ${opts.out}\n`);
      state.exitCode = ExitCode.ok;
    });
}
