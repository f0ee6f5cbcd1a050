import type { Command } from 'commander';
import { loadObjects } from '../../collect/objects.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { printable, printableJson } from '../../domain/printable.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { canI, canIJson, canIText, listRules, whoCanJson, whoCanText } from '../../rbac/explain.js';
import { parseQuery } from '../../rbac/can-i.js';
import { rbacFindings } from '../../rbac/findings.js';
import { listTable } from '../../rbac/list.js';
import { buildRbacModel } from '../../rbac/load.js';
import type { RbacModel } from '../../rbac/types.js';
import { impersonatedUser } from '../../rbac/user.js';
import { failsAt, findingsJson, findingsText } from '../../report/findings.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { reportLoadWarnings } from './warnings.js';

/**
 * Loads the input; a set without any RBAC object cannot be checked (exit 2). `-n` places namespace-less Roles and
 * RoleBindings of the files in that namespace, as `kubectl apply -n NS -f` would have.
 */
export function loadRbac(paths: readonly string[], ctx: CliContext, defaultNamespace?: string): RbacModel {
  if (paths.length === 0) throw new UsageError('give at least one file, folder or - for stdin');
  const set = loadObjects(paths, { readStdin: ctx.readStdin, ...(defaultNamespace === undefined ? {} : { defaultNamespace }) });
  for (const error of set.errors) ctx.stderr(`kubefort: warning: ${error.message}\n`);
  reportLoadWarnings(set, ctx);
  const model = buildRbacModel(set.objects);
  if (model.roles.length === 0 && model.bindings.length === 0) {
    throw new InputError(`no Role, ClusterRole, RoleBinding or ClusterRoleBinding in ${paths.join(', ')}: nothing to check`);
  }
  return model;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface QueryOptions { as?: string; asGroup?: string[]; namespace?: string; allNamespaces?: boolean; subresource?: string; output: string }

function addQueryOptions(command: Command): Command {
  return command
    .option('-n, --namespace <ns>', 'namespace of the request, and of namespace-less objects in the files, as for kubectl (default: default)')
    .option('-A, --all-namespaces', 'ask cluster-wide: only ClusterRoleBindings count')
    .option('--subresource <name>', 'subresource, e.g. log, exec, proxy, token')
    .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text'));
}

function userFrom(opts: QueryOptions) {
  if (opts.as === undefined || opts.as === '') throw new UsageError('--as USER is required: kubefort has no current user (e.g. --as system:serviceaccount:NS:NAME)');
  return impersonatedUser(opts.as, opts.asGroup ?? []);
}

export function registerRbac(program: Command, ctx: CliContext, state: RunState): void {
  const rbac = program
    .command('rbac')
    .description('RBAC findings, evaluated as the API server\'s RBAC authorizer does; can-i and who-can')
    .argument('[paths...]', 'files, folders (recursive) or - for stdin: YAML or JSON, multi-document, List kinds')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
    .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text'))
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error or no RBAC objects in the input.')
    .action((paths: string[], opts: { failOn: Severity; output: string }) => {
      const findings = rbacFindings(loadRbac(paths, ctx));
      ctx.stdout(opts.output === 'json' ? findingsJson(findings) : findingsText(findings));
      state.exitCode = failsAt(findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
    });

  addQueryOptions(
    rbac
      .command('can-i')
      .description('answer yes or no like kubectl auth can-i, naming the binding, role and rule (file:line) that grant it')
      .argument('[args...]', 'VERB [TYPE | TYPE/NAME | NONRESOURCEURL] then the files or folders; with --list only the files')
      .option('--as <user>', 'user to ask for: a name or system:serviceaccount:NS:NAME')
      .option('--as-group <group>', 'group to ask for (repeatable)', collect)
      .option('--list', 'list the rules that apply to the user, like kubectl auth can-i --list')
      .option('--no-headers', 'with --list: no header row')
      .option('-q, --quiet', 'print nothing; the exit code is the answer'),
  )
    .addHelpText('after', '\nExit codes: 0 yes, 1 no, 2 usage error or no RBAC objects in the input.')
    .action((args: string[], opts: QueryOptions & { list?: boolean; headers: boolean; quiet?: boolean }) => {
      const user = userFrom(opts);
      if (opts.list) {
        const model = loadRbac(args, ctx, opts.namespace);
        const namespace = opts.allNamespaces ? '' : (opts.namespace ?? 'default');
        const rules = listRules(model, user, namespace);
        if (opts.output === 'json') {
          ctx.stdout(`${printableJson(JSON.stringify({ user, namespace, rules: rules.map((r) => ({ rule: r.rule.rule, role: r.rule.roleName, index: r.rule.index, location: r.rule.location, binding: `${r.binding.kind} ${r.binding.namespace ? `${r.binding.namespace}/` : ''}${r.binding.name}` })) }, null, 2))}\n`);
        } else if (!opts.quiet) {
          ctx.stdout(listTable(rules.map((r) => r.rule.rule), opts.headers));
        }
        state.exitCode = ExitCode.ok;
        return;
      }
      const [verb, target, ...paths] = args;
      if (verb === undefined || target === undefined) throw new UsageError('can-i needs VERB and TYPE, TYPE/NAME or a non-resource URL, then the files (or --list)');
      const query = parseQuery({ verb, target, ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}), ...(opts.allNamespaces ? { allNamespaces: true } : {}), ...(opts.subresource !== undefined ? { subresource: opts.subresource } : {}) });
      const model = loadRbac(paths, ctx, opts.namespace);
      if (!opts.quiet) for (const w of query.warnings) ctx.stderr(`${printable(w)}\n`);
      const answer = canI(model, user, query.attrs);
      if (!opts.quiet) ctx.stdout(opts.output === 'json' ? canIJson(answer) : canIText(answer));
      state.exitCode = answer.decision.allowed ? ExitCode.ok : ExitCode.findings;
    });

  addQueryOptions(
    rbac
      .command('who-can')
      .description('every subject that can make the request, with the binding, role and rule that grant it')
      .argument('<verb>', 'verb, e.g. get, create, *')
      .argument('<target>', 'TYPE, TYPE/NAME or a non-resource URL')
      .argument('<paths...>', 'files, folders or - for stdin'),
  )
    .addHelpText('after', '\nWith -A the RoleBindings of every namespace are included, each granting within its namespace.\nExit codes: 0 answered, 2 usage error or no RBAC objects in the input.')
    .action((verb: string, target: string, paths: string[], opts: QueryOptions) => {
      const query = parseQuery({ verb, target, ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}), ...(opts.subresource !== undefined ? { subresource: opts.subresource } : {}) });
      const model = loadRbac(paths, ctx, opts.namespace);
      for (const w of query.warnings) ctx.stderr(`${printable(w)}\n`);
      const attrs = opts.allNamespaces && query.attrs.namespace !== '' ? { ...query.attrs, namespace: '*' } : query.attrs;
      ctx.stdout(opts.output === 'json' ? whoCanJson(model, attrs) : whoCanText(model, attrs));
      state.exitCode = ExitCode.ok;
    });
}
