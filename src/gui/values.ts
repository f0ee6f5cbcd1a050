import { parseYamlText, type SourceDocument } from '../collect/yaml-source.js';
import type { Finding } from '../domain/finding.js';
import { InputError } from '../domain/errors.js';
import { isRecord } from '../domain/guards.js';
import { GUI_RULE_IDS as ID, GUI_RULES } from './rules.js';

const sev = (id: string) => GUI_RULES.find((r) => r.id === id)?.severity ?? 'medium';

function get(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const p of path) v = isRecord(v) ? v[p] : undefined;
  return v;
}

/**
 * The Helm values of the kubernetes-dashboard chart (v7) that open it up. The chart ships kong.proxy.type: ClusterIP
 * and kong.proxy.http.enabled: false; the seeds switch them to NodePort and true.
 */
export function valuesFindings(text: string, file: string): Finding[] {
  const parsed = parseYamlText(text, file);
  if (parsed.errors.length > 0) throw new InputError(`--values ${parsed.errors.map((e) => e.message).join('; ')}`);
  const doc: SourceDocument | undefined = parsed.documents[0];
  if (!doc) return [];
  const out: Finding[] = [];
  const at = (path: string[]) => doc.locate(path) ?? doc.location;
  const type = get(doc.value, ['kong', 'proxy', 'type']);
  if (type === 'NodePort' || type === 'LoadBalancer') {
    out.push({ ruleId: ID.exposedService, severity: sev(ID.exposedService), subject: file, location: at(['kong', 'proxy', 'type']),
      message: `Helm values set kong.proxy.type: ${type}: the Dashboard's Kong proxy Service is reachable on every node${type === 'LoadBalancer' ? ' and through a load balancer' : ''}`,
      remediation: 'Keep kong.proxy.type: ClusterIP and use kubectl -n kubernetes-dashboard port-forward svc/kubernetes-dashboard-kong-proxy 8443:443.' });
  }
  if (get(doc.value, ['kong', 'proxy', 'http', 'enabled']) === true) {
    out.push({ ruleId: ID.kongHttp, severity: sev(ID.kongHttp), subject: file, location: at(['kong', 'proxy', 'http', 'enabled']),
      message: 'Helm values set kong.proxy.http.enabled: true: the Kong proxy serves the Dashboard over plain HTTP', remediation: 'Set kong.proxy.http.enabled: false (the chart default).' });
  }
  if (get(doc.value, ['kong', 'http', 'enabled']) !== undefined) {
    out.push({ ruleId: ID.values, severity: sev(ID.values), subject: file, location: at(['kong', 'http']),
      message: 'Helm values set kong.http.enabled, which the Kong chart does not read: the proxy\'s HTTP listener is kong.proxy.http.enabled',
      remediation: 'Move the setting under kong.proxy.http (and keep it false).' });
  }
  return out;
}
