import type { Command } from 'commander';
import { SEVERITY_ORDER } from '../../domain/status.js';
import type { CliContext } from '../context.js';
import { addFindingsOutput } from '../findings-output.js';
import { addObjectSourceOptions, type ObjectSourceConfig } from '../object-source.js';
import { choiceOption, type RunState } from '../program.js';
import { registerIngressProbe } from './ingress-probe.js';
import type { AuditCliOptions } from './ingress-run.js';

/** What the Ingress audit reads: the Ingresses, their TLS Secrets, backends, classes and controller pods. */
export const INGRESS_SOURCE: ObjectSourceConfig = {
  liveWithoutPaths: true,
  kinds: ['Ingress', 'Secret', 'Service', 'IngressClass', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'],
};

export function registerIngress(program: Command, ctx: CliContext, state: RunState): void {
  const ingress = program
    .command('ingress')
    .description('Ingress TLS: audit every host → Secret → certificate chain (the default sub-command), probe a controller');
  // The audit is the default sub-command so that `kubefort ingress PATH…` runs it and every sub-command owns its options.
  const audit = addObjectSourceOptions(ingress.command('audit', { isDefault: true }), ctx, INGRESS_SOURCE)
    .description('every host → Secret → certificate chain, IngressClass and backends (rules ING000–ING060); `kubefort ingress PATH…` runs it')
    .argument('[paths...]', 'files, folders (recursive) or - for stdin: objects as `kubectl get -o yaml` writes them (Ingress, Secret, Service, IngressClass, pods, cert-manager Certificate); none = the live cluster')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'high'))
    .option('--expiry-warn <duration>', 'report certificates expiring within this time (e.g. 30d, 720h)', '30d')
    .addHelpText('after', `
A first path named "probe" or "audit" is taken as the sub-command; write ./probe for a file of that name.
Private keys and Secret data never appear in the output.
Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error, no Ingress in the input or not evaluated.`);
  addFindingsOutput(audit)
    .action(async (paths: string[], opts: AuditCliOptions) => {
      const { runAudit } = await import('./ingress-run.js');
      state.exitCode = runAudit(paths, opts, ctx);
    });
  registerIngressProbe(ingress, ctx, state);
}
