import { readdirSync } from 'node:fs';

// Every netpol fixture that analyses (not the ones of unreadable or invalid input), and the kubectl-compat file
// whose Deployments issue 7 saw vanish: the inputs the cross-checks run over.
const DIRS = ['rules', 'lint', 'splits', 'hostnetwork', 'admin', 'ingress', 'diff-ranges', 'workloads'].map((d) => `test/fixtures/netpol/${d}`);

export const ANALYSED_FIXTURES: readonly string[] = [
  ...DIRS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml')).map((f) => `${d}/${f}`)).sort(),
  ...['seed-g04', 'seed-a12', 'diff/before', 'diff/after'].map((d) => `test/fixtures/netpol/${d}`),
  'test/fixtures/objects/kubectl-compat/tabs-in-flow.yaml',
];
