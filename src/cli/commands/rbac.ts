import type { Command } from 'commander';
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
import { RBAC_RULES } from '../../rbac/rules.js';
import { findingsJson, findingsText } from '../../report/findings.js';
import type { FindingFormat } from '../../report/findings-formats.js';
import { RBAC_NEEDS } from '../../scan/areas/rbac.js';
import { addFindingsOutput, unreadableKinds, writeFindings } from '../findings-output.js';
import { addObjectSourceOptions, liveSet, objectSet, type ObjectSourceConfig } from '../object-source.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { reportLoadProblems } from './warnings.js';

const RBAC_KINDS = ['Namespace', 'ServiceAccount', ...RBAC_NEEDS];

/** rbac findings: PATHs, else the cluster. */
const RBAC_SOURCE: ObjectSourceConfig = { liveWithoutPaths: true, kinds: RBAC_KINDS };

/**
 * can-i and who-can: -n/-A are kubectl auth can-i's (the namespace asked about), and the same flags bound what is
 * read, which is exactly the scope the answer needs: the ClusterRoles and ClusterRoleBindings, and the Roles and
 * RoleBindings of that namespace (of every namespace with -A). VERB and TYPE are not PATHs.
 */
function querySource(pathsOf: (args: readonly unknown[], opts: Record<string, unknown>) => string[]): ObjectSourceConfig {
  return {
    liveWithoutPaths: true, kinds: RBAC_KINDS, paths: pathsOf,
    namespaceHelp: 'namespace of the request, and of the Roles and RoleBindings read from the cluster (default: default for files, the context\'s namespace live)',
    allNamespacesHelp: 'ask cluster-wide: only ClusterRoleBindings count (who-can: every namespace\'s RoleBindings too); live: read every namespace',
  };
}

const strings = (a: unknown): string[] => (Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : typeof a === 'string' ? [a] : []);

/** Loads the input; a set without any RBAC object cannot be checked (exit 2), nor a cluster whose RBAC could not be read. */
export function loadRbac(paths: readonly string[], opts: object, ctx: CliContext): RbacModel {
  const live = liveSet(opts);
  if (paths.length === 0 && live === undefined) throw new UsageError('give at least one file, folder or - for stdin, or --live');
  const missing = unreadableKinds(opts, RBAC_NEEDS);
  // Without every role and binding, "nobody can" is a guess: no answer rather than a wrong one.
  if (missing.length > 0) throw new InputError(`not evaluated: RBAC needs ${missing.join(', ')}, which could not be read`);
  const set = objectSet(paths, opts, ctx);
  reportLoadProblems(set, ctx);
  const model = buildRbacModel(set.objects);
  if (model.roles.length === 0 && model.bindings.length === 0) {
    throw new InputError(`no Role, ClusterRole, RoleBinding or ClusterRoleBinding in ${live === undefined ? paths.join(', ') : `the cluster (context ${live.live.context})`}: nothing to check`);
  }
  return model;
}

/** The namespace a request is about: -n, else the context's (live, as kubectl auth can-i), else default. */
function requestNamespace(opts: QueryOptions): string | undefined {
  return opts.namespace ?? liveSet(opts)?.live.namespace;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface QueryOptions { as?: string; asGroup?: string[]; namespace?: string; allNamespaces?: boolean; subresource?: string; output: string }

function addQueryOptions(command: Command, ctx: CliContext, source: ObjectSourceConfig): Command {
  return addObjectSourceOptions(command, ctx, source)
    .option('--subresource <name>', 'subresource, e.g. log, exec, proxy, token')
    .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text'));
}

function userFrom(opts: QueryOptions) {
  if (opts.as === undefined || opts.as === '') throw new UsageError('--as USER is required: kubefort has no current user (e.g. --as system:serviceaccount:NS:NAME)');
  return impersonatedUser(opts.as, opts.asGroup ?? []);
}

export function registerRbac(program: Command, ctx: CliContext, state: RunState): void {
  const rbac = addFindingsOutput(addObjectSourceOptions(program.command('rbac'), ctx, RBAC_SOURCE))
    .description('RBAC findings, evaluated as the API server\'s RBAC authorizer does; can-i and who-can')
    .argument('[paths...]', 'files, folders (recursive) or - for stdin: YAML or JSON, multi-document, List kinds; none = the live cluster')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error or no RBAC objects in the input.')
    .action((paths: string[], opts: { failOn: Severity; output: FindingFormat }) => {
      const findings = rbacFindings(loadRbac(paths, opts, ctx));
      state.exitCode = writeFindings({
        area: 'rbac', title: 'RBAC', rules: RBAC_RULES, findings,
        text: () => findingsText(findings), json: (extra) => findingsJson(findings, extra),
      }, opts, paths, ctx);
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
    ctx,
    querySource((args, opts) => (opts.list === true ? strings(args[0]) : strings(args[0]).slice(2))),
  )
    .addHelpText('after', '\nExit codes: 0 yes, 1 no, 2 usage error or no RBAC objects in the input.')
    .action((args: string[], opts: QueryOptions & { list?: boolean; headers: boolean; quiet?: boolean }) => {
      const user = userFrom(opts);
      if (opts.list) {
        const model = loadRbac(args, opts, ctx);
        const namespace = opts.allNamespaces ? '' : (requestNamespace(opts) ?? 'default');
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
      const namespace = requestNamespace(opts);
      const query = parseQuery({ verb, target, ...(namespace !== undefined ? { namespace } : {}), ...(opts.allNamespaces ? { allNamespaces: true } : {}), ...(opts.subresource !== undefined ? { subresource: opts.subresource } : {}) });
      const model = loadRbac(paths, opts, ctx);
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
      .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster'),
    ctx,
    querySource((args) => strings(args[2])),
  )
    .addHelpText('after', '\nWith -A the RoleBindings of every namespace are included, each granting within its namespace.\nExit codes: 0 answered, 2 usage error or no RBAC objects in the input.')
    .action((verb: string, target: string, paths: string[], opts: QueryOptions) => {
      const namespace = requestNamespace(opts);
      const query = parseQuery({ verb, target, ...(namespace !== undefined ? { namespace } : {}), ...(opts.subresource !== undefined ? { subresource: opts.subresource } : {}) });
      const model = loadRbac(paths, opts, ctx);
      for (const w of query.warnings) ctx.stderr(`${printable(w)}\n`);
      const attrs = opts.allNamespaces && query.attrs.namespace !== '' ? { ...query.attrs, namespace: '*' } : query.attrs;
      ctx.stdout(opts.output === 'json' ? whoCanJson(model, attrs) : whoCanText(model, attrs));
      state.exitCode = ExitCode.ok;
    });
}
