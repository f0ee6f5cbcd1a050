import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { collectNodeFacts } from '../../collect/node/index.js';
import { normalizeVersion } from '../../collect/node/version.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { formatFactsJson } from '../../report/facts-json.js';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';

export interface CollectOptions {
  root: string;
  k8sVersion?: string;
  output?: string;
}

export function registerCollect(program: Command, ctx: CliContext, state: RunState): void {
  program
    .command('collect')
    .description('Write the facts the CIS benchmark judges about this node as JSON: running components and their ' +
      'arguments, static pod manifests, the kubelet\'s effective configuration, modes and owners of the files the ' +
      'benchmark names, and the Kubernetes version. Reads only; starts no processes.')
    .option('--root <dir>', 'where the node\'s filesystem is mounted (e.g. /host in a container)', '/')
    .option('--k8s-version <version>', 'Kubernetes version to record instead of detecting it (e.g. v1.32.4)')
    .option('--output <file>', 'write the JSON to this file instead of standard output')
    .addHelpText('after', `
The JSON is what \`kubefort bench --facts FILE\` evaluates; its schema is in docs/collect.md.
Problems met while reading (unreadable or malformed files) are listed under "warnings"; collection goes on.`)
    .action((options: CollectOptions) => {
      state.exitCode = runCollect(options, ctx);
    });
}

export function runCollect(options: CollectOptions, ctx: CliContext): ExitCode {
  if (options.k8sVersion !== undefined && normalizeVersion(options.k8sVersion) === undefined) {
    throw new UsageError(`--k8s-version ${options.k8sVersion}: not a Kubernetes version such as v1.32.4`);
  }
  const root = resolve(ctx.cwd, options.root);
  const facts = collectNodeFacts({ root, now: ctx.now(), ...(options.k8sVersion === undefined ? {} : { k8sVersion: options.k8sVersion }) });
  facts.root = options.root;
  const json = formatFactsJson(facts);
  if (options.output === undefined) {
    ctx.stdout(json);
  } else {
    const target = resolve(ctx.cwd, options.output);
    try {
      writeFileSync(target, json);
    } catch (error) {
      throw new InputError(`cannot write ${options.output}: ${error instanceof Error ? error.message : String(error)}`, { file: options.output }, { cause: error });
    }
  }
  return ExitCode.ok;
}
