import type { ComponentFacts, ComponentName, VersionFact } from '../../domain/node-facts.js';
import type { NodeFs } from './node-fs.js';

/** A Kubernetes release as its images and gitVersion spell it: v1.32.4, v1.33.0-rc.1. */
const VERSION = /^v?(1\.\d{1,2}\.\d{1,3}(?:-(?:alpha|beta|rc)\.\d{1,3})?)$/;

/** RKE2 and k3s suffix the Kubernetes version in their image tags: `v1.24.17-rke2r1-build20230824`, `v1.27.4-k3s1`. */
const DISTRIBUTION_TAG = /^(v?1\.\d{1,2}\.\d{1,3})(?:-rke2r\d{1,3}(?:-build\d{8})?|[+-]k3s\d{1,3})$/;

/** Reading a kubelet binary is bounded: 160 MiB covers today's ~80 MiB binaries with room to grow. */
export const BINARY_READ_LIMIT = 160 * 1024 * 1024;

/** Images whose tag is the Kubernetes version (etcd's tag is etcd's own version, so it is not used). */
const VERSIONED_IMAGES: readonly ComponentName[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'];

/**
 * The node's Kubernetes version, from (in order): the --k8s-version override; the tag of a control-plane
 * image (`registry.k8s.io/kube-apiserver:v1.32.4`); the gitVersion embedded in the kubelet binary
 * (read, never executed). When none answers, the version is undefined and the source says so.
 */
export function detectVersion(
  fs: NodeFs,
  override: string | undefined,
  components: Partial<Record<ComponentName, ComponentFacts>>,
): VersionFact {
  if (override !== undefined) {
    const normalized = normalizeVersion(override);
    return normalized === undefined
      ? { source: `--k8s-version ${override} (not a Kubernetes version such as v1.32.4)` }
      : { version: normalized, source: '--k8s-version' };
  }
  for (const name of VERSIONED_IMAGES) {
    const image = components[name]?.image;
    const tag = image === undefined ? undefined : imageTag(image);
    const version = tag === undefined ? undefined : normalizeVersion(tag) ?? normalizeVersion(DISTRIBUTION_TAG.exec(tag)?.[1] ?? '');
    if (version !== undefined) return { version, source: `image ${name} ${image} (${components[name]?.manifest ?? 'pod'})` };
  }
  const kubelet = components.kubelet;
  // /proc/<pid>/exe links to the binary the kernel runs, whatever argv[0] says (resolved inside the root).
  const exe = kubelet?.pid === undefined ? undefined : fs.resolve(`/proc/${kubelet.pid}/exe`);
  const binaries = [exe, kubelet?.executable, '/usr/bin/kubelet', '/usr/local/bin/kubelet'].filter(
    (path): path is string => path !== undefined && path.startsWith('/'),
  );
  for (const binary of [...new Set(binaries)]) {
    const read = fs.readBytes(binary, BINARY_READ_LIMIT);
    if (!read.ok) continue;
    const version = versionInBinary(read.value);
    if (version !== undefined) return { version, source: `kubelet binary ${binary} (embedded gitVersion)` };
  }
  return { source: 'not detected: no --k8s-version, no versioned control-plane image, no kubelet binary with a gitVersion' };
}

export function normalizeVersion(text: string): string | undefined {
  const match = VERSION.exec(text.trim());
  return match?.[1] === undefined ? undefined : `v${match[1]}`;
}

/** The tag of `registry/name:tag` or `name:tag@sha256:...`; undefined for a digest-only reference. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}

/**
 * Kubernetes stamps `vMAJOR.MINOR.PATCH` into its binaries (-ldflags -X ...gitVersion=v1.32.4); the string sits
 * between other string data, so it is found by shape. Go module versions in the build info share the shape but
 * follow a tab (`dep\tgoogle.golang.org/grpc\tv1.65.0`), so those are skipped; the most frequent remaining
 * 1.x version with a minor between 10 and 99 wins (ties: the highest).
 */
export function versionInBinary(buffer: Buffer): string | undefined {
  const text = buffer.toString('latin1');
  const counts = new Map<string, number>();
  const pattern = /v1\.(\d{2})\.(\d{1,3})(-(?:alpha|beta|rc)\.\d{1,2})?(?![0-9A-Za-z.])/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const before = text[match.index - 1];
    if (before === '\t' || before === ' ' || (before !== undefined && /[0-9A-Za-z.]/.test(before))) continue;
    counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [version, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && compareVersions(version, best) > 0)) {
      best = version;
      bestCount = count;
    }
  }
  return best;
}

function compareVersions(a: string, b: string): number {
  const pa = a.slice(1).split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.slice(1).split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
