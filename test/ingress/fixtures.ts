/** Copies test/fixtures/ingress/<case> to a temp dir and writes its generated Secrets there as secrets.yaml. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlSecret, type SecretSpec } from './pki.js';

export const FIXTURES = 'test/fixtures/ingress';

export interface Materialized {
  dir: string;
  /** Output with the temp dir replaced by the committed case path, for golden comparison. */
  normalize(text: string): string;
  remove(): void;
}

export function materialize(caseName: string, secrets: readonly SecretSpec[]): Materialized {
  const dir = mkdtempSync(join(tmpdir(), `kubefort-ingress-${caseName}-`));
  cpSync(join(FIXTURES, caseName), dir, { recursive: true, filter: (src) => !src.endsWith('README.md') });
  if (secrets.length > 0) writeFileSync(join(dir, 'secrets.yaml'), secrets.map((s, i) => kubectlSecret(s, i + 1)).join('---\n'));
  return {
    dir,
    normalize: (text) => text.split(dir).join(`${FIXTURES}/${caseName}`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
