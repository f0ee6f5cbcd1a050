// PKI, token file, exec plugin and kubeconfig of the test control plane (test/helpers/apiserver.ts).
// openssl is used in test setup only; kubefort itself never runs a child process to judge anything.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKEN = 'kubefort-test-token-0123456789';
/** A user with no RBAC binding at all: may list nothing. */
const NOBODY_TOKEN = 'kubefort-test-nobody-0123456789';

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0] ?? ''}: ${r.stderr}`);
}

export function makePki(dir: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=kubefort-test-ca', '-days', '2']);
  const sign = (name: string, subj: string, ext: string): void => {
    openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`]);
  };
  sign('serving', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubefort-api.test\nextendedKeyUsage=serverAuth\n');
  sign('admin', '/O=system:masters/CN=kubefort-admin', 'extendedKeyUsage=clientAuth\n');
  sign('auditor', '/CN=auditor', 'extendedKeyUsage=clientAuth\n');
  openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  openssl(dir, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  // token,user,uid,"groups"
  writeFileSync(join(dir, 'tokens.csv'), `${TOKEN},token-user,1001,"kubefort:readers"\n${NOBODY_TOKEN},nobody,1002\n`);
  writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
  // An exec credential plugin (client.authentication.k8s.io/v1) that hands out the same bearer token.
  writeFileSync(join(dir, 'exec-plugin.mjs'), `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(TOKEN)} } }));\n`);
}

export function kubeconfigText(dir: string, server: string): string {
  const users = `
- name: admin
  user:
    client-certificate: admin.crt
    client-key: admin.key
- name: auditor
  user:
    client-certificate-data: ${readFileSync(join(dir, 'auditor.crt')).toString('base64')}
    client-key-data: ${readFileSync(join(dir, 'auditor.key')).toString('base64')}
- name: token
  user:
    tokenFile: token
- name: nobody
  user:
    token: ${NOBODY_TOKEN}
- name: exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${JSON.stringify(process.execPath)}
      args: [${JSON.stringify(join(dir, 'exec-plugin.mjs'))}]
      interactiveMode: Never`;
  const contexts = ['admin', 'auditor', 'token', 'exec', 'nobody'].map((u) => `
- name: ${u}
  context:
    cluster: test
    user: ${u}`).join('');
  return `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${server}
    certificate-authority: ca.crt
contexts:${contexts}
current-context: admin
users:${users}
`;
}

