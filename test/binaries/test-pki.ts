/**
 * A throw-away Fulcio-like PKI for signature tests: root CA -> intermediate CA -> short-lived leaf carrying the
 * Fulcio extensions (SAN email, issuer in 1.3.6.1.4.1.57264.1.1 raw and 1.3.6.1.4.1.57264.1.8 UTF8String), plus an
 * unrelated CA for the untrusted case. Keys from node:crypto, certificates from /usr/bin/openssl (argument arrays,
 * no shell). Test code only: src never spawns processes.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

export interface LeafSpec {
  email?: string;
  /** SAN URI, as Fulcio issues for workload identities (a GitHub Actions workflow ref). */
  uri?: string;
  /** Written to 1.3.6.1.4.1.57264.1.8 unless undefined. */
  issuerV2?: string;
  /** Written raw to 1.3.6.1.4.1.57264.1.1 unless undefined. */
  issuerV1?: string;
  codeSigning?: boolean;
  curve?: 'prime256v1' | 'secp384r1';
}

function key(dir: string, name: string, curve = 'prime256v1'): { path: string; pem: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const path = join(dir, `${name}.key`);
  writeFileSync(path, pem, { mode: 0o600 });
  return { path, pem };
}

async function selfSigned(dir: string, name: string, subject: string): Promise<{ cert: string; key: string }> {
  const k = key(dir, name);
  const cert = join(dir, `${name}.pem`);
  await run(OPENSSL, ['req', '-x509', '-new', '-key', k.path, '-subj', subject, '-days', '3650', '-out', cert,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { cert, key: k.path };
}

async function issue(dir: string, name: string, subject: string, issuer: { cert: string; key: string }, extensions: string[], curve?: string, days = 3650) {
  const k = key(dir, name, curve);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `[v3]\n${extensions.join('\n')}\n`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  await run(OPENSSL, ['req', '-new', '-key', k.path, '-subj', subject, '-out', csr]);
  await run(OPENSSL, ['x509', '-req', '-in', csr, '-CA', issuer.cert, '-CAkey', issuer.key, '-set_serial', String(Date.now() % 1e9),
    '-days', String(days), '-extfile', ext, '-extensions', 'v3', '-out', cert]);
  return { cert, key: k.path, keyPem: k.pem };
}

export interface TestPki {
  /** PEM bundle of the trusted root + intermediate (what --trusted-root takes). */
  trustedRoot: string;
  /** Root and intermediate PEM paths, intermediate first. */
  caChain: string[];
  intermediate: { cert: string; key: string };
  untrusted: { cert: string; key: string };
  leaf(name: string, spec: LeafSpec, by?: { cert: string; key: string }): Promise<{ cert: string; sign(data: Buffer): string }>;
}

export async function createTestPki(dir: string): Promise<TestPki> {
  const root = await selfSigned(dir, 'root', '/O=kubefort-test/CN=test-root');
  const intermediate = await issue(dir, 'intermediate', '/O=kubefort-test/CN=test-intermediate', root,
    ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign']);
  const untrusted = await selfSigned(dir, 'other-root', '/O=somebody-else/CN=other-root');
  const trustedRoot = join(dir, 'trusted-root.pem');
  const { readFileSync } = await import('node:fs');
  writeFileSync(trustedRoot, readFileSync(intermediate.cert, 'utf8') + readFileSync(root.cert, 'utf8'));
  return {
    trustedRoot,
    caChain: [intermediate.cert, root.cert],
    intermediate,
    untrusted,
    async leaf(name, spec, by = intermediate) {
      const ext = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'];
      if (spec.codeSigning !== false) ext.push('extendedKeyUsage=codeSigning');
      const san = [...(spec.email === undefined ? [] : [`email:${spec.email}`]), ...(spec.uri === undefined ? [] : [`URI:${spec.uri}`])];
      if (san.length > 0) ext.push(`subjectAltName=${san.join(',')}`);
      if (spec.issuerV1 !== undefined) ext.push(`1.3.6.1.4.1.57264.1.1=DER:${Buffer.from(spec.issuerV1).toString('hex')}`);
      if (spec.issuerV2 !== undefined) ext.push(`1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:${spec.issuerV2}`);
      const leaf = await issue(dir, name, '/O=sigstore.dev', by, ext, spec.curve, 1);
      const digest = spec.curve === 'secp384r1' ? 'sha384' : 'sha256';
      return { cert: leaf.cert, sign: (data) => sign(digest, data, leaf.keyPem).toString('base64') };
    },
  };
}
