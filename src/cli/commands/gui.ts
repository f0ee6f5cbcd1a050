import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_INPUT_LIMITS } from '../../collect/input-limits.js';
import { readObjectFile } from '../../collect/object-files.js';
import { InputError, UsageError } from '../../domain/errors.js';
import { printable } from '../../domain/printable.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { guiFindings } from '../../gui/index.js';
import { valuesFindings } from '../../gui/values.js';
import { GUI_RULES } from '../../gui/rules.js';
import { findingsJson, findingsText, sortFindings } from '../../report/findings.js';
import type { FindingFormat } from '../../report/findings-formats.js';
import { GUI_NEEDS } from '../../scan/areas/gui.js';
import { addFindingsOutput, unreadableKinds, writeFindings } from '../findings-output.js';
import { addObjectSourceOptions, liveSet, objectSet } from '../object-source.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { reportLoadProblems } from './warnings.js';

/** The kinds whose pod specs the GUI detection walks (src/cis/objects/pod-specs.ts), CronJob jobTemplates included. */
const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

/** Without PATHs (and without --values alone) the GUI checks read the cluster: workloads, exposure, RBAC. */
const GUI_SOURCE = {
  liveWithoutPaths: (o: Record<string, unknown>) => o.values === undefined,
  kinds: ['Namespace', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'Ingress', 'NetworkPolicy', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
};

export function registerGui(program: Command, ctx: CliContext, state: RunState): void {
  addFindingsOutput(addObjectSourceOptions(program.command('gui'), ctx, GUI_SOURCE))
    .description('cluster GUIs (Kubernetes Dashboard v2 and v7 with its Kong proxy, Headlamp, Portainer) found by image and Helm labels: arguments, exposure, NetworkPolicies, privilege, maintenance')
    .argument('[paths...]', 'files, folders (recursive) or - for stdin: YAML or JSON, multi-document, List kinds; none (and no --values) = the live cluster')
    .option('--values <file>', 'Helm values file of the kubernetes-dashboard chart (kong.proxy.type, kong.proxy.http.enabled)')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error, no workloads (and no --values) to check, or not evaluated.')
    .action((paths: string[], opts: { values?: string; failOn: Severity; output: FindingFormat }) => {
      const live = liveSet(opts);
      if (paths.length === 0 && opts.values === undefined && live === undefined) throw new UsageError('give files, folders or - for stdin, and/or --values FILE, or --live');
      const readsObjects = paths.length > 0 || live !== undefined;
      const set = readsObjects ? objectSet(paths, opts, ctx) : { objects: [], errors: [], files: [] };
      reportLoadProblems(set, ctx);
      const findings = [];
      if (opts.values !== undefined) {
        // Bounded like every object file: a device or an endless pipe given as --values is refused, not read for ever.
        const read = readObjectFile(resolve(ctx.cwd, opts.values), DEFAULT_INPUT_LIMITS.maxBytes, DEFAULT_INPUT_LIMITS.pipeTimeoutMs);
        if (!read.ok) throw new InputError(printable(`--values ${opts.values}: ${read.reason}`), { file: opts.values });
        findings.push(...valuesFindings(read.text, opts.values));
      }
      // Without every workload, exposure and binding, "no exposed GUI" would be a guess.
      const missing = unreadableKinds(opts, GUI_NEEDS);
      const notEvaluated = missing.length > 0 ? [`GUI: needs ${missing.join(', ')}, which could not be read`] : [];
      if (readsObjects && notEvaluated.length === 0) {
        if (!set.objects.some((o) => WORKLOAD_KINDS.includes(o.object.kind)) && opts.values === undefined) {
          throw new InputError(`no workload (${WORKLOAD_KINDS.join(', ')}) in ${live === undefined ? paths.join(', ') : `the cluster (context ${live.live.context})`}: nothing to check`);
        }
        const report = guiFindings(set);
        if (report.guis.length === 0) ctx.stderr(`kubefort: no cluster GUI among the ${set.objects.length} objects given\n`);
        findings.push(...report.findings);
      }
      const sorted = sortFindings(findings);
      state.exitCode = writeFindings({
        area: 'gui', title: 'Cluster GUIs', rules: GUI_RULES, findings: sorted, notEvaluated,
        text: () => findingsText(sorted), json: (extra) => findingsJson(sorted, extra),
      }, opts, paths, ctx);
    });
}
