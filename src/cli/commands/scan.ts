import type { Command } from 'commander';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { failsAt } from '../../report/findings.js';
import { scanHtml } from '../../report/html.js';
import { findingsJunit } from '../../report/junit-findings.js';
import { scanJson } from '../../report/scan-json.js';
import { scanSarif } from '../../report/sarif.js';
import { scanText } from '../../report/scan-text.js';
import { AREA_IDS } from '../../scan/areas.js';
import { readIgnoreFile } from '../../scan/ignore.js';
import { runScan } from '../../scan/run.js';
import type { CliContext } from '../context.js';
import { addObjectSourceOptions, liveSet, objectSet } from '../object-source.js';
import { choiceOption, VERSION, type RunState } from '../program.js';
import { reportLoadProblems } from './warnings.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SCAN_FORMATS = ['text', 'json', 'junit', 'sarif', 'html'] as const;

interface ScanOptions {
  root?: string;
  checksums?: string;
  area?: string;
  skipRule?: string;
  ignoreFile?: string;
  failOn: Severity;
  output: (typeof SCAN_FORMATS)[number];
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function registerScan(program: Command, ctx: CliContext, state: RunState): void {
  // Without PATHs scan reads the cluster, except when only the node (--root) is asked for.
  addObjectSourceOptions(program.command('scan'), ctx, { liveWithoutPaths: (o) => o.root === undefined })
    .description('every area over one object set (cluster access, CIS section 5, NetworkPolicy lint, Ingress TLS, RBAC, GUIs; node checks, ports and binaries with --root), one report')
    .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster')
    .option('--root <dir>', 'also check this node\'s filesystem (CIS sections 1-4, platform binaries)')
    .option('--checksums <dir>', 'release checksum tree for the binaries area (with --root)')
    .option('--area <ids>', `only these areas, comma list of ${AREA_IDS.join(', ')}`)
    .option('--skip-rule <ids>', 'leave out these rule ids, e.g. NP003,CIS-5.1.1')
    .option('--ignore-file <file>', 'accepted findings: YAML list of { rule, object, reason, expires } (default: .kubefortignore when present)')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
    .addOption(choiceOption('-o, --output <format>', 'report format', SCAN_FORMATS, 'text'))
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error or nothing could be read.')
    .action(async (paths: string[], opts: ScanOptions) => {
      const live = liveSet(opts);
      if (paths.length === 0 && live === undefined && opts.root === undefined) throw new UsageError('give PATHs, --live or --root');
      const set = paths.length === 0 && live === undefined ? { objects: [], errors: [], files: [] } : objectSet(paths, opts, ctx);
      reportLoadProblems(set, ctx);
      if (paths.length > 0 && set.objects.length === 0) throw new InputError(`no Kubernetes objects in ${paths.join(', ')}`);
      const defaultIgnore = resolve(ctx.cwd, '.kubefortignore');
      const ignoreFile = opts.ignoreFile ?? (existsSync(defaultIgnore) ? defaultIgnore : undefined);
      const areas = list(opts.area);
      const skipRules = list(opts.skipRule);
      const report = await runScan({
        objects: set.objects,
        ...(live === undefined ? {} : { live: live.live }),
        ...(opts.root === undefined ? {} : { root: resolve(ctx.cwd, opts.root) }),
        ...(opts.checksums === undefined ? {} : { checksums: resolve(ctx.cwd, opts.checksums) }),
        now: ctx.now(),
      }, {
        source: live !== undefined ? [`live:${live.live.context}`] : [...paths, ...(opts.root === undefined ? [] : [`--root ${opts.root}`])],
        ...(areas === undefined ? {} : { areas }),
        ...(skipRules === undefined ? {} : { skipRules }),
        ...(ignoreFile === undefined ? {} : { ignore: readIgnoreFile(resolve(ctx.cwd, ignoreFile)) }),
      });
      const render = {
        text: () => scanText(report, { color: ctx.color }),
        json: () => scanJson(report),
        junit: () => findingsJunit(report),
        sarif: () => scanSarif(report, { version: VERSION, cwd: ctx.cwd }),
        html: () => scanHtml(report),
      } as const;
      ctx.stdout(render[opts.output]());
      state.exitCode = failsAt(report.findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
    });
}
