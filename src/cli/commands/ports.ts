import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadObjects } from '../../collect/objects.js';
import { ExitCode, InputError } from '../../domain/errors.js';
import { printable } from '../../domain/printable.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { judgePorts } from '../../ports/judge.js';
import { nodePortOwners } from '../../ports/services.js';
import { readNodeSockets } from '../../ports/sockets.js';
import { failsAt, findingsJson, findingsText } from '../../report/findings.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { reportLoadWarnings } from './warnings.js';

export function registerPorts(program: Command, ctx: CliContext, state: RunState): void {
  program
    .command('ports')
    .description('listening TCP/UDP sockets of a node from <root>/proc/net/{tcp,tcp6,udp,udp6}, their processes, judged against the Kubernetes port table')
    .argument('[paths...]', 'Service objects (files, folders or -) to name the owner of each NodePort')
    .option('--root <dir>', 'where the node\'s filesystem is mounted (e.g. /host in a container)', '/')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
    .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text'))
    .addHelpText('after', `
Reads only the kernel's tables; runs no ss or netstat. Processes are named through <root>/proc/<pid>/fd socket links
where readable (run as root for all). Exit codes: 0 no finding at or above --fail-on, 1 some, 2 no socket table readable.`)
    .action((paths: string[], opts: { root: string; failOn: Severity; output: string }) => {
      const node = readNodeSockets(resolve(ctx.cwd, opts.root));
      for (const w of node.warnings) ctx.stderr(`kubefort: warning: ${printable(w)}\n`);
      if (node.read.length === 0) throw new InputError(`no /proc/net/tcp, tcp6, udp or udp6 under ${opts.root}: nothing to check`);
      let nodePorts = new Map<string, string[]>();
      if (paths.length > 0) {
        const set = loadObjects(paths, { readStdin: ctx.readStdin });
        for (const e of set.errors) ctx.stderr(`kubefort: warning: ${e.message}\n`);
        reportLoadWarnings(set, ctx);
        nodePorts = nodePortOwners(set.objects);
      }
      const findings = judgePorts({ node, nodePorts });
      ctx.stdout(opts.output === 'json' ? findingsJson(findings) : findingsText(findings));
      state.exitCode = failsAt(findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
    });
}
