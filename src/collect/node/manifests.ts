import type { ArgFact, CollectWarning } from '../../domain/node-facts.js';
import type { SourceLocation } from '../../domain/evidence.js';
import { parseYamlText } from '../yaml-source.js';
import { parseArgs } from './cmdline.js';
import { etcdEnvArgs } from './etcd-env.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { isRecord } from '../../domain/guards.js';
import { getPath } from './user-tree.js';
import { READ_LIMITS } from './bounded-read.js';

const own = (value: unknown, key: string): unknown => getPath(value, [key]);

/** The control-plane components kubeadm runs as static pods, each from `<staticPodPath>/<name>.yaml`. */
export const STATIC_POD_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;
export type StaticPodComponent = (typeof STATIC_POD_COMPONENTS)[number];

export interface ManifestFacts {
  manifest: string;
  /** False when the manifest does not exist; the other fields are then absent. */
  exists: boolean;
  image?: string;
  /** command[0] of the component's container. */
  executable?: string;
  /** command[1..] followed by args, each with the manifest file:line:column where it is written. */
  args?: ArgFact[];
}

/**
 * Reads one static pod manifest. The component's container is the one named like the component
 * (kubeadm's naming), else the first container. Its argv is `command` followed by `args`, as the kubelet
 * passes them to the container runtime. A malformed manifest yields a warning with file:line:column.
 */
export function readManifest(fs: NodeFs, dir: string, name: StaticPodComponent, warnings: CollectWarning[]): ManifestFacts {
  const manifest = `${dir.replace(/\/+$/, '')}/${name}.yaml`;
  const read = fs.readText(manifest, READ_LIMITS.config, 'a static pod manifest');
  if (!read.ok) {
    if (!isAbsent(read)) warnings.push({ message: `cannot read ${manifest}: ${read.reason}`, code: read.code, location: { file: manifest } });
    return { manifest, exists: !isAbsent(read) };
  }
  const parsed = parseYamlText(read.value, manifest);
  const [first, ...rest] = parsed.errors;
  if (first !== undefined) {
    // The first YAML error is the one to fix; the ones after it are usually its consequences.
    const more = rest.length === 0 ? '' : ` (and ${rest.length} more error${rest.length === 1 ? '' : 's'} after it)`;
    warnings.push({ message: `malformed static pod manifest ${first.message}${more}; ${name} is left out`, location: first.location ?? { file: manifest } });
  }
  const doc = parsed.documents[0];
  if (parsed.errors.length > 0 || doc === undefined) {
    if (parsed.errors.length === 0) warnings.push({ message: `${manifest}: empty static pod manifest`, location: { file: manifest } });
    return { manifest, exists: true };
  }
  const containers = getPath(doc.value, ['spec', 'containers']);
  if (!Array.isArray(containers) || containers.length === 0) {
    warnings.push({ message: `${manifest}: no spec.containers in the static pod manifest`, location: doc.location });
    return { manifest, exists: true };
  }
  let index = containers.findIndex((c) => own(c, 'name') === name);
  if (index === -1) index = 0;
  // Fields are read as own properties (user-tree.ts): a `__proto__` key in the manifest supplies nothing.
  const container: unknown = containers[index];
  const command = stringList(own(container, 'command'));
  const args = stringList(own(container, 'args'));
  if (command === undefined || args === undefined) {
    warnings.push({
      message: `${manifest}: spec.containers[${index}].command and .args must be lists of strings`,
      location: doc.locate(['spec', 'containers', index]) ?? doc.location,
    });
    return { manifest, exists: true };
  }
  // The image's entrypoint runs when there is no command; the registry.k8s.io images have none, so kubeadm always writes one.
  const tokens = [...command.slice(1), ...args];
  const paths: (string | number)[][] = [
    ...command.slice(1).map((_, i) => ['spec', 'containers', index, 'command', i + 1]),
    ...args.map((_, i) => ['spec', 'containers', index, 'args', i]),
  ];
  const facts: ManifestFacts = {
    manifest,
    exists: true,
    executable: command[0] ?? name,
    args: [
      ...(name === 'etcd' ? manifestEtcdEnv(own(container, 'env'), (i) => doc.locate(['spec', 'containers', index, 'env', i]) ?? { file: manifest }) : []),
      ...parseArgs(tokens, (i) => doc.locate(paths[i] ?? []) ?? { file: manifest }),
    ],
  };
  const image = own(container, 'image');
  if (typeof image === 'string') facts.image = image;
  return facts;
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  return value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    ? value.map(String)
    : undefined;
}


/** `env` entries with a literal `value` (valueFrom cannot be resolved from the node) that etcd reads as flags. */
function manifestEtcdEnv(env: unknown, locate: (index: number) => SourceLocation): ArgFact[] {
  if (!Array.isArray(env)) return [];
  const variables = env.flatMap((entry: unknown, i) =>
    isRecord(entry) && typeof entry.name === 'string' && typeof entry.value === 'string'
      ? [{ name: entry.name, value: entry.value, location: locate(i) }]
      : [],
  );
  return etcdEnvArgs(variables);
}
