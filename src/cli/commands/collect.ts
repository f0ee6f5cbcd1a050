import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { collectNodeFacts } from '../../collect/node/index.js';
import { normalizeVersion } from '../../collect/node/version.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { formatFactsJson } from '../../report/facts-json.js';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';
import { strerror } from '../../domain/fs-errors.js';
import { reportCollectWarnings } from './warnings.js';

export interface CollectOptions {
  root: string;
  k8sVersion?: string;
  k3sLog?: string;
  output?: string;
  outputfile?: string;
}

export function registerCollect(program: Command, ctx: CliContext, state: RunState): void {
  program
    .command('collect')
    .description('Write the facts the CIS benchmark judges about this node as JSON: running components and their ' +
      'arguments, static pod manifests, the kubelet\'s effective configuration, modes and owners of the files the ' +
      'benchmark names, and the Kubernetes version. Reads only; starts no processes.')
    .option('--root <dir>', 'where the node\'s filesystem is mounted (e.g. /host in a container)', '/')
    .option('--k8s-version <version>', 'Kubernetes version to record instead of detecting it (e.g. v1.32.4)')
    .option('--k3s-log <file>', 'on a k3s node: a text export of its log (`journalctl -u k3s > FILE`) to read the embedded components\' arguments from')
    .option('-o, --output <json|file>', 'json (the format; the default) writes to standard output, like -o on the other commands; any other value is a file to write the JSON to')
    .option('--outputfile <file>', 'write the JSON to this file instead of standard output')
    .addHelpText('after', `
The JSON is what \`kubefort bench --facts FILE\` evaluates; its schema is in docs/collect.md.
Problems met while reading (unreadable or malformed files) are listed under "warnings" and on stderr; collection goes on.`)
    .action((options: CollectOptions) => {
      state.exitCode = runCollect(options, ctx);
    });
}

/** Format names other commands take: `-o yaml` is a mistake, not a file to write. */
const OTHER_FORMATS: ReadonlySet<string> = new Set(['text', 'yaml', 'junit', 'csv', 'md', 'dot', 'mermaid']);

/** `-o json` is the (only) format; `--output FILE` keeps its older meaning; --outputfile is bench's spelling. */
function outputFile(options: CollectOptions): string | undefined {
  if (options.output !== undefined && OTHER_FORMATS.has(options.output)) {
    throw new UsageError(`collect writes JSON only (-o json), not ${options.output}`);
  }
  const file = options.output === 'json' ? undefined : options.output;
  if (file !== undefined && options.outputfile !== undefined && file !== options.outputfile) {
    throw new UsageError(`--output ${file} and --outputfile ${options.outputfile} name different files; give one`);
  }
  return options.outputfile ?? file;
}

export function runCollect(options: CollectOptions, ctx: CliContext): ExitCode {
  if (options.k8sVersion !== undefined && normalizeVersion(options.k8sVersion) === undefined) {
    throw new UsageError(`--k8s-version ${options.k8sVersion}: not a Kubernetes version such as v1.32.4`);
  }
  const root = resolve(ctx.cwd, options.root);
  const facts = collectNodeFacts({ root, now: ctx.now(), ...(options.k8sVersion === undefined ? {} : { k8sVersion: options.k8sVersion }), ...(options.k3sLog === undefined ? {} : { k3sLog: resolve(ctx.cwd, options.k3sLog) }) });
  facts.root = options.root;
  reportCollectWarnings(facts, ctx);
  const json = formatFactsJson(facts);
  const file = outputFile(options);
  if (file === undefined) {
    ctx.stdout(json);
  } else {
    const target = resolve(ctx.cwd, file);
    try {
      writeFileSync(target, json);
    } catch (error) {
      throw new InputError(`cannot write ${file}: ${strerror(error)}`, { file }, { cause: error });
    }
  }
  return ExitCode.ok;
}
