/** Small builders for table tests: objects in the shape kubectl writes, audited through the shared loader. */
import { addText, type ObjectSet } from '../../src/collect/objects.js';
import { auditIngresses, type AuditResult } from '../../src/ingress/audit.js';
import { kubectlSecret, NOW, type SecretSpec } from './pki.js';

export interface IngressSpec {
  name?: string;
  namespace?: string;
  hosts?: string[];
  tls?: { hosts?: string[]; secretName?: string }[];
  className?: string | null;
  annotations?: Record<string, string>;
  service?: string;
  port?: number | string;
  address?: string | null;
}

export function ingressYaml(s: IngressSpec = {}): string {
  const hosts = s.hosts ?? ['app.example.com'];
  const port = typeof (s.port ?? 80) === 'number' ? `number: ${String(s.port ?? 80)}` : `name: ${String(s.port)}`;
  const lines = ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:'];
  if (s.annotations) {
    lines.push('  annotations:');
    for (const [k, v] of Object.entries(s.annotations)) lines.push(`    ${k}: ${JSON.stringify(v)}`);
  }
  lines.push('  generation: 1', `  name: ${s.name ?? 'web'}`, `  namespace: ${s.namespace ?? 'shop'}`, 'spec:');
  if (s.className !== null) lines.push(`  ingressClassName: ${s.className ?? 'nginx'}`);
  lines.push('  rules:');
  for (const h of hosts) {
    lines.push(`  - host: ${h}`, '    http:', '      paths:', '      - backend:', '          service:', `            name: ${s.service ?? 'web'}`, '            port:', `              ${port}`, '        path: /', '        pathType: Prefix');
  }
  const tls = s.tls ?? [{ hosts, secretName: 'web-tls' }];
  if (tls.length > 0) {
    lines.push('  tls:');
    for (const t of tls) {
      lines.push('  - hosts:');
      for (const h of t.hosts ?? []) lines.push(`    - ${h}`);
      if (t.secretName !== undefined) lines.push(`    secretName: ${t.secretName}`);
    }
  }
  lines.push('status:', '  loadBalancer:');
  if (s.address === null) lines[lines.length - 1] += ' {}';
  else lines.push('    ingress:', `    - ip: ${s.address ?? '10.0.0.10'}`);
  return `${lines.join('\n')}\n`;
}

export const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  clusterIP: 10.96.0.20
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  type: ClusterIP
status:
  loadBalancer: {}
`;

export const POD = `apiVersion: v1
kind: Pod
metadata:
  labels:
    app: web
  name: web-6d4cf56db6-abcde
  namespace: shop
spec:
  containers:
  - image: nginx:1.27.3
    name: nginx
status:
  phase: Running
`;

export const INGRESS_CLASS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

export function secretYaml(s: Partial<SecretSpec> & { crt?: string; key?: string }): string {
  return kubectlSecret({ name: 'web-tls', namespace: 'shop', ...s });
}

/** Audits YAML documents as the CLI would load them from one file. */
export function audit(docs: readonly string[], opts: { now?: Date; expiryWarnDays?: number } = {}): AuditResult {
  const set: ObjectSet = { objects: [], errors: [], files: [] };
  addText(set, docs.join('---\n'), 'input.yaml');
  if (set.errors.length > 0) throw new Error(set.errors.map((e) => e.message).join('; '));
  return auditIngresses(set, { now: opts.now ?? NOW, expiryWarnMs: (opts.expiryWarnDays ?? 30) * 86_400_000 });
}

export function ruleIds(result: AuditResult): string[] {
  return result.findings.map((f) => f.ruleId).sort();
}
