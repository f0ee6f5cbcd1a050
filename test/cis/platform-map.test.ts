import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KUBE_BENCH_MAP_SOURCE, PROFILE_BENCHMARKS } from '../../src/cis/benchmarks/index.js';
import { PLATFORM_MAPS, pickPlatformProfile, type MappedPlatform } from '../../src/cis/benchmarks/platform-map.js';
import { chooseProfile } from '../../src/cis/profiles/index.js';

/**
 * kube-bench's cmd/util.go getPlatformBenchmarkVersion (eksBenchmark, gkeBenchmark, aksBenchmark,
 * rke2Benchmark) as read at aquasecurity/kube-bench cmd/util.go@8ff7c8502cb8e427e9a8511005f328ba6ae2fe85:
 * [platform, minor, kube-bench's profile, kubefort's profile (undefined: the CIS benchmark), note].
 */
const UTIL_GO = '8ff7c8502cb8e427e9a8511005f328ba6ae2fe85';
const bundled = (name: string) => PROFILE_BENCHMARKS.some((b) => b.name === name);

const ROWS: [MappedPlatform, string, string, string | undefined, RegExp][] = [
  ['eks', '1.18', 'eks-1.0.1', 'eks-1.5.0', /^kube-bench's eks map: 1\.18 -> eks-1\.0\.1, which is not bundled; the nearest bundled$/],
  ['eks', '1.24', 'eks-1.5.0', 'eks-1.5.0', /^kube-bench's eks default for 1\.24 is eks-1\.5\.0$/],
  ['eks', '1.28', 'eks-1.5.0', 'eks-1.5.0', /default for 1\.28 is eks-1\.5\.0/],
  ['eks', '1.29', 'eks-1.7.0', 'eks-1.7.0', /^kube-bench's eks map: 1\.29 -> eks-1\.7\.0$/],
  ['eks', '1.31', 'eks-1.7.0', 'eks-1.7.0', /1\.31 -> eks-1\.7\.0/],
  ['eks', '1.32', 'eks-1.8.0', 'eks-1.8.0', /1\.32 -> eks-1\.8\.0/],
  ['eks', '1.34', 'eks-1.8.0', 'eks-1.8.0', /1\.34 -> eks-1\.8\.0/],
  ['eks', '1.35', 'eks-1.5.0', 'eks-1.8.0', /^1\.35 is newer than kube-bench's eks map, whose default is eks-1\.5\.0; the newest bundled$/],
  ['gke', '1.19', 'gke-1.0', 'gke-1.6.0', /gke map: 1\.19 -> gke-1\.0, which is not bundled; the nearest bundled/],
  ['gke', '1.27', 'gke-1.2.0', 'gke-1.6.0', /gke map: 1\.27 -> gke-1\.2\.0, which is not bundled; the nearest bundled/],
  ['gke', '1.28', 'gke-1.6.0', 'gke-1.6.0', /^kube-bench's gke map: 1\.28 -> gke-1\.6\.0$/],
  ['gke', '1.29', 'gke-1.6.0', 'gke-1.6.0', /1\.29 -> gke-1\.6\.0/],
  ['gke', '1.30', 'gke-1.8.0', 'gke-1.8.0', /1\.30 -> gke-1\.8\.0/],
  ['gke', '1.31', 'gke-1.9.0', 'gke-1.9.0', /1\.31 -> gke-1\.9\.0/],
  ['gke', '1.34', 'gke-1.9.0', 'gke-1.9.0', /1\.34 -> gke-1\.9\.0/],
  ['gke', '1.36', 'gke-1.9.0', 'gke-1.9.0', /^kube-bench's gke default for 1\.36 is gke-1\.9\.0$/],
  ['aks', '1.24', 'aks-1.0', 'aks-1.7', /aks map: 1\.24 -> aks-1\.0, which is not bundled; the nearest bundled/],
  ['aks', '1.28', 'aks-1.8', 'aks-1.8', /^kube-bench's aks default for 1\.28 is aks-1\.8$/],
  ['aks', '1.29', 'aks-1.7', 'aks-1.7', /^kube-bench's aks map: 1\.29 -> aks-1\.7$/],
  ['aks', '1.31', 'aks-1.7', 'aks-1.7', /1\.31 -> aks-1\.7/],
  ['aks', '1.32', 'aks-1.8', 'aks-1.8', /default for 1\.32 is aks-1\.8/],
  ['rke2', '1.22', 'rke2-cis-1.9', 'rke2-cis-1.23', /^1\.22 is older than kube-bench's rke2 map, whose default is rke2-cis-1\.9; the oldest bundled$/],
  ['rke2', '1.23', 'rke2-cis-1.23', 'rke2-cis-1.23', /^kube-bench's rke2 map: 1\.23 -> rke2-cis-1\.23$/],
  ['rke2', '1.24', 'rke2-cis-1.24', 'rke2-cis-1.24', /1\.24 -> rke2-cis-1\.24/],
  ['rke2', '1.25', 'rke2-cis-1.7', 'rke2-cis-1.7', /^kube-bench's rke2 map: 1\.25 -> rke2-cis-1\.7$/],
  ['rke2', '1.26', 'rke2-cis-1.8', 'rke2-cis-1.8', /^kube-bench's rke2 map: 1\.26 -> rke2-cis-1\.8$/],
  ['rke2', '1.27', 'rke2-cis-1.9', 'rke2-cis-1.9', /^kube-bench's rke2 map: 1\.27 -> rke2-cis-1\.9$/],
  ['rke2', '1.29', 'rke2-cis-1.9', 'rke2-cis-1.9', /1\.29 -> rke2-cis-1\.9/],
  ['rke2', '1.32', 'rke2-cis-1.9', 'rke2-cis-1.9', /^kube-bench's rke2 default for 1\.32 is rke2-cis-1\.9$/],
  ['k3s', '1.22', 'k3s-cis-1.23', 'k3s-cis-1.23', /^kube-bench's k3s map: 1\.22 -> k3s-cis-1\.23$/],
  ['k3s', '1.24', 'k3s-cis-1.24', 'k3s-cis-1.24', /^kube-bench's k3s map: 1\.24 -> k3s-cis-1\.24$/],
  ['k3s', '1.25', 'k3s-cis-1.7', 'k3s-cis-1.7', /^kube-bench's k3s map: 1\.25 -> k3s-cis-1\.7$/],
  ['k3s', '1.26', 'k3s-cis-1.8', 'k3s-cis-1.8', /^kube-bench's k3s map: 1\.26 -> k3s-cis-1\.8$/],
  ['k3s', '1.28', 'k3s-cis-1.10', undefined, /^kube-bench's k3s map: 1\.28 -> k3s-cis-1\.10, which is not bundled$/],
  ['k3s', '1.35', 'k3s-cis-1.11', undefined, /^kube-bench's k3s default for 1\.35 is k3s-cis-1\.11, which is not bundled$/],
];

for (const [platform, minor, kubeBench, profile, note] of ROWS) {
  test(`${platform} ${minor}: kube-bench (cmd/util.go@${UTIL_GO.slice(0, 12)}) runs ${kubeBench}, kubefort ${profile ?? 'the CIS benchmark'}`, () => {
    const pick = pickPlatformProfile(platform, minor, bundled);
    assert.deepEqual([pick.kubeBench, pick.profile], [kubeBench, profile]);
    assert.match(pick.note, note);
  });
}

test('the platform maps name the kube-bench commit they were read at', () => {
  assert.match(KUBE_BENCH_MAP_SOURCE.platforms, new RegExp(`cmd/util\\.go@${UTIL_GO}$`));
});

test('every profile a platform map names is in its order list, and every bundled profile of the platform is reachable by some minor', () => {
  let reachable = 0;
  for (const [platform, map] of Object.entries(PLATFORM_MAPS)) {
    for (const p of [...Object.values(map.minors), map.otherwise]) assert.ok(map.order.includes(p), `${platform} ${p}`);
    for (const p of map.order.filter(bundled)) {
      const minors = Array.from({ length: 25 }, (_, i) => `1.${15 + i}`);
      assert.ok(minors.some((m) => pickPlatformProfile(platform as MappedPlatform, m, bundled).profile === p), `${platform} ${p} is chosen for some minor`);
      reachable++;
    }
  }
  // The loop checked something: the maps name bundled profiles (rke2 alone bundles three).
  assert.ok(reachable >= 3, `${reachable} bundled profiles checked`);
});

test('an RKE2 profile that is not bundled gives the CIS benchmark (no profile), saying so', () => {
  const pick = pickPlatformProfile('rke2', '1.27', (name) => bundled(name) && name !== 'rke2-cis-1.9');
  assert.equal(pick.profile, undefined);
  assert.match(pick.note, /^kube-bench's rke2 map: 1\.27 -> rke2-cis-1\.9, which is not bundled$/);
});

test('chooseProfile: a version picks by the map; none keeps the managed defaults and gives RKE2 no profile', () => {
  const eks = { platform: 'eks' as const, evidence: ['/etc/eks/bootstrap.sh'] };
  assert.equal(chooseProfile(eks, 'v1.33.2-eks-1234')?.benchmark?.name, 'eks-1.8.0');
  assert.equal(chooseProfile(eks, undefined)?.benchmark?.name, 'eks-1.7.0');
  const rke2 = { platform: 'rke2' as const, evidence: ['/etc/rancher/rke2/config.yaml'] };
  assert.equal(chooseProfile(rke2, undefined)?.benchmark, undefined);
  assert.match(chooseProfile(rke2, undefined)?.note ?? '', /; the Kubernetes version is not known and RKE2's profiles are chosen by it \(rke2-cis-1\.7, .*; give --k8s-version or --benchmark\), the CIS benchmark is used$/);
  assert.equal(chooseProfile(rke2, 'v1.28.9+rke2r1')?.benchmark?.name, 'rke2-cis-1.9');
});
