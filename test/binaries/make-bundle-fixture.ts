/**
 * Regenerates test/fixtures/binaries/bundle (committed; run by hand: `node --import tsx test/binaries/make-bundle-fixture.ts`):
 * a fake kubectl signed by a test Fulcio-like leaf, as FILE.sig + FILE.cert (base64-wrapped PEM) and as a Sigstore
 * bundle with its trusted_root.json. The seeds of the hostile-input tests, which mutate these files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki } from './test-pki.js';
import { bundleJson, testRekor, trustedRootJson } from './test-bundle.js';

const OUT = join(import.meta.dirname, '..', 'fixtures', 'binaries', 'bundle');
const work = mkdtempSync(join(tmpdir(), 'kubefort-mkbundle-'));
try {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const pki = await createTestPki(work);
  const binary = Buffer.from('\x7fELF fake kubectl for bundle fixtures\n', 'latin1');
  const leaf = await pki.leaf('kubectl', { email: 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com', issuerV1: 'https://accounts.google.com', issuerV2: 'https://accounts.google.com' });
  const signature = leaf.sign(binary);
  const rekor = testRekor();
  writeFileSync(join(OUT, 'kubectl'), binary);
  writeFileSync(join(OUT, 'kubectl.sig'), `${signature}\n`);
  writeFileSync(join(OUT, 'kubectl.cert'), Buffer.from(readFileSync(leaf.cert, 'utf8')).toString('base64'));
  writeFileSync(join(OUT, 'ca.pem'), pki.caChain.map((p) => readFileSync(p, 'utf8')).join(''));
  writeFileSync(join(OUT, 'kubectl.sigstore.json'), `${JSON.stringify(bundleJson(rekor, leaf.cert, binary, signature, Math.floor(Date.now() / 1000) + 5), null, 2)}\n`);
  writeFileSync(join(OUT, 'trusted_root.json'), `${JSON.stringify(trustedRootJson(rekor, pki.caChain), null, 2)}\n`);
  console.log('wrote', OUT);
} finally {
  rmSync(work, { recursive: true, force: true });
}
