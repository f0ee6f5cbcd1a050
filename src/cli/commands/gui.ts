import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_INPUT_LIMITS } from '../../collect/input-limits.js';
import { readObjectFile } from '../../collect/object-files.js';
import { loadObjects } from '../../collect/objects.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { printable } from '../../domain/printable.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { guiFindings } from '../../gui/index.js';
import { valuesFindings } from '../../gui/values.js';
import { sortFindings } from '../../rbac/findings.js';
import { failsAt, findingsJson, findingsText } from '../../report/findings.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { reportLoadWarnings } from './warnings.js';

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export function registerGui(program: Command, ctx: CliContext, state: RunState): void {
  program
    .command('gui')
    .description('cluster GUIs (Kubernetes Dashboard v2 and v7 with its Kong proxy, Headlamp, Portainer) found by image and Helm labels: arguments, exposure, NetworkPolicies, privilege, maintenance')
    .argument('[paths...]', 'files, folders (recursive) or - for stdin: YAML or JSON, multi-document, List kinds')
    .option('--values <file>', 'Helm values file of the kubernetes-dashboard chart (kong.proxy.type, kong.proxy.http.enabled)')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
    .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text'))
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error or no workloads (and no --values) to check.')
    .action((paths: string[], opts: { values?: string; failOn: Severity; output: string }) => {
      if (paths.length === 0 && opts.values === undefined) throw new UsageError('give files, folders or - for stdin, and/or --values FILE');
      const set = paths.length > 0 ? loadObjects(paths, { readStdin: ctx.readStdin }) : { objects: [], errors: [], files: [] };
      for (const e of set.errors) ctx.stderr(`kubefort: warning: ${e.message}\n`);
      reportLoadWarnings(set, ctx);
      const findings = [];
      if (opts.values !== undefined) {
        // Bounded like every object file: a device or an endless pipe given as --values is refused, not read for ever.
        const read = readObjectFile(resolve(ctx.cwd, opts.values), DEFAULT_INPUT_LIMITS.maxBytes, DEFAULT_INPUT_LIMITS.pipeTimeoutMs);
        if (!read.ok) throw new InputError(printable(`--values ${opts.values}: ${read.reason}`), { file: opts.values });
        findings.push(...valuesFindings(read.text, opts.values));
      }
      if (paths.length > 0) {
        if (!set.objects.some((o) => WORKLOAD_KINDS.has(o.object.kind)) && opts.values === undefined) {
          throw new InputError(`no Pod, Deployment, StatefulSet, DaemonSet or ReplicaSet in ${paths.join(', ')}: nothing to check`);
        }
        const report = guiFindings(set);
        if (report.guis.length === 0) ctx.stderr(`kubefort: no cluster GUI among the ${set.objects.length} objects given\n`);
        findings.push(...report.findings);
      }
      const sorted = sortFindings(findings);
      ctx.stdout(opts.output === 'json' ? findingsJson(sorted) : findingsText(sorted));
      state.exitCode = failsAt(sorted, opts.failOn) ? ExitCode.findings : ExitCode.ok;
    });
}
