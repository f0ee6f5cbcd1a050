/**
 * `kubefort tls create`: what the seeds do with `openssl req -x509` and `kubectl create secret tls`, done right:
 * the hosts as SANs (not only the CN), serverAuth EKU, a random serial, a leaf that is not a CA.
 */
import type { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import { Document } from 'yaml';
import { x509 } from './x509.js';
import { toPem } from './pem.js';

export interface CreateSpec {
  name: string;
  namespace: string;
  hosts: string[];
  days: number;
  keyType: 'ec' | 'rsa';
  now: Date;
  ingress?: { name: string; service: string; port: { number: number } | { name: string }; className?: string };
}

export interface CreatedTls {
  certPem: string;
  keyPem: string;
  secretYaml: string;
  ingressYaml?: string;
}

function randomSerial(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  // A positive 16-byte INTEGER without a leading zero octet: 126 random bits (the CA/Browser Forum asks for 64).
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}

export async function createSelfSigned(spec: CreateSpec): Promise<CreatedTls> {
  const alg = spec.keyType === 'ec'
    ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
    : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = (await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const usages = spec.keyType === 'ec' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment;
  const [first] = spec.hosts;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [first ?? spec.name] }],
    notBefore: spec.now,
    notAfter: new Date(spec.now.getTime() + spec.days * 86_400_000),
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usages, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(spec.hosts.map((h) => (isIP(h) !== 0 ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certPem = cert.toString('pem').replace(/\r\n/g, '\n').trimEnd() + '\n';
  const keyPem = toPem('PRIVATE KEY', Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey)));
  const secretYaml = new Document({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: spec.name, namespace: spec.namespace },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(certPem).toString('base64'), 'tls.key': Buffer.from(keyPem).toString('base64') },
  }).toString({ lineWidth: 0, indentSeq: false });
  return { certPem, keyPem, secretYaml, ...(spec.ingress ? { ingressYaml: ingressYaml(spec, spec.ingress) } : {}) };
}

function ingressYaml(spec: CreateSpec, ing: NonNullable<CreateSpec['ingress']>): string {
  const port = 'number' in ing.port ? { number: ing.port.number } : { name: ing.port.name };
  return new Document({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: ing.name, namespace: spec.namespace },
    spec: {
      ...(ing.className !== undefined ? { ingressClassName: ing.className } : {}),
      tls: [{ hosts: spec.hosts, secretName: spec.name }],
      rules: spec.hosts.map((host) => ({
        host,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: ing.service, port } } }] },
      })),
    },
  }).toString({ lineWidth: 0, indentSeq: false });
}
