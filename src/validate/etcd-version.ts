import { clampEtcdMinor, knownEtcdFlags, type KnownFlags } from './flags/index.js';
import { ETCD_MINORS, kubeadmEtcdMinor } from './flags/etcd.js';

/**
 * etcd's version from a container image reference, as registries tag it: `registry.k8s.io/etcd:3.5.21-0`
 * (kubeadm; the `-0` is the image build), `gcr.io/etcd-development/etcd:v3.6.4`, `rancher/hardened-etcd:v3.5.9-k3s1`,
 * optionally followed by `@sha256:...`. Only a repository whose last path component names etcd counts, and only a
 * 3.N.P tag: a digest alone or another tag says nothing about the binary, which is never executed to ask it.
 */
export function etcdVersionFromImage(image: string): { minor: number; version: string } | undefined {
  const ref = image.split('@')[0] ?? '';
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  // A colon before the last slash belongs to the registry's port (`localhost:5000/etcd`), not a tag.
  if (colon <= slash) return undefined;
  const repository = ref.slice(slash + 1, colon);
  const match = /^v?3\.(\d{1,3})\.(\d{1,4})(?![\d.])/.exec(ref.slice(colon + 1));
  if (!repository.includes('etcd') || match === null) return undefined;
  return { minor: Number(match[1]), version: `3.${match[1]}.${match[2]}` };
}

/** The etcd flag data for a manifest: by its image's etcd version; `note` (for MV008) when it is not that version's. */
export function etcdFlagsFor(image: string | undefined, kubernetesMinor: number): { known: KnownFlags; note?: string } {
  const found = image === undefined ? undefined : etcdVersionFromImage(image);
  if (found === undefined) {
    const known = knownEtcdFlags(kubeadmEtcdMinor(kubernetesMinor));
    const why = image === undefined ? 'the manifest names no image' : `the image ${image} has no etcd version tag`;
    return { known, note: `etcd version not known (${why}); the flags of ${known.shown} are assumed, the etcd kubeadm installs for Kubernetes 1.${kubernetesMinor}` };
  }
  const known = knownEtcdFlags(found.minor);
  if (clampEtcdMinor(found.minor) === found.minor) return { known };
  return { known, note: `etcd ${found.version} (image ${image ?? ''}) is outside the flag data (etcd 3.${ETCD_MINORS.low}–3.${ETCD_MINORS.high}); the flags of ${known.shown} are assumed` };
}
