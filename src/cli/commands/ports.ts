import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import { printable } from '../../domain/printable.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { judgePorts } from '../../ports/judge.js';
import { nodePortOwners } from '../../ports/services.js';
import { readNodeSockets } from '../../ports/sockets.js';
import { PORT_RULES } from '../../ports/rules.js';
import { findingsJson, findingsText } from '../../report/findings.js';
import type { FindingFormat } from '../../report/findings-formats.js';
import { addFindingsOutput, unreadableKinds, writeFindings } from '../findings-output.js';
import { addObjectSourceOptions, liveSet, objectSet } from '../object-source.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { reportLoadProblems } from './warnings.js';

export function registerPorts(program: Command, ctx: CliContext, state: RunState): void {
  // Services only name NodePort owners: they are read from the cluster with --live, never by default (the node is the input).
  addFindingsOutput(addObjectSourceOptions(program.command('ports'), ctx, { liveWithoutPaths: false, kinds: ['Service'] }))
    .description('listening TCP/UDP sockets of a node from <root>/proc/net/{tcp,tcp6,udp,udp6}, their processes, judged against the Kubernetes port table')
    .argument('[paths...]', 'Service objects (files, folders or -) to name the owner of each NodePort; --live reads them from the cluster')
    .option('--root <dir>', 'where the node\'s filesystem is mounted (e.g. /host in a container)', '/')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
    .addHelpText('after', `
Reads only the kernel's tables; runs no ss or netstat. Processes are named through <root>/proc/<pid>/fd socket links
where readable (run as root for all). Exit codes: 0 no finding at or above --fail-on, 1 some, 2 no socket table readable.`)
    .action((paths: string[], opts: { root: string; failOn: Severity; output: FindingFormat }) => {
      const node = readNodeSockets(resolve(ctx.cwd, opts.root));
      for (const w of node.warnings) ctx.stderr(`kubefort: warning: ${printable(w)}\n`);
      if (node.read.length === 0) throw new InputError(`no /proc/net/tcp, tcp6, udp or udp6 under ${opts.root}: nothing to check`);
      let nodePorts = new Map<string, string[]>();
      if (paths.length > 0 || liveSet(opts) !== undefined) {
        const set = objectSet(paths, opts, ctx);
        reportLoadProblems(set, ctx);
        nodePorts = nodePortOwners(set.objects);
      }
      const findings = judgePorts({ node, nodePorts });
      // Unnamed NodePorts are still judged: the Services only say who owns a port, they decide no verdict.
      const notes = unreadableKinds(opts, ['Service']).length > 0 ? ['NodePort owners: Services could not be read, NodePorts are not named'] : [];
      state.exitCode = writeFindings({
        area: 'ports', title: 'Node ports', rules: PORT_RULES, findings, notes,
        text: () => findingsText(findings), json: (extra) => findingsJson(findings, extra),
      }, opts, paths, ctx);
    });
}
