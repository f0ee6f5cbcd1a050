import { lastArg } from '../../collect/node/cmdline.js';
import type { Evidence } from '../../domain/evidence.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import { satisfies } from '../expect.js';
import type { KubeProxyTest } from '../model.js';
import { argValue } from './flag.js';
import { componentMissing, withLocation, type Outcome } from './outcome.js';

/** kube-proxy: a flag wins over the --config file; an absent or empty field takes the default. */
export function judgeKubeProxy(test: KubeProxyTest, facts: NodeFacts): Outcome {
  const component = facts.components['kube-proxy'];
  const proxy = facts.kubeProxy;
  if (!component && !proxy) return componentMissing('kube-proxy', facts);
  const arg = component ? lastArg(component.args, test.flag) : undefined;
  let evidence: Evidence;
  if (arg) {
    evidence = { subject: test.flag, value: argValue(arg), source: component?.source ?? 'process', location: arg.location };
  } else if (proxy?.configFileError) {
    const { message, location } = proxy.configFileError;
    return {
      verdict: 'warn',
      reason: `the kube-proxy configuration could not be read: ${withLocation(message, location)}`,
      evidence: [{ subject: 'kube-proxy config', source: 'config-file', location, note: message }],
    };
  } else {
    const written = proxy?.config?.[test.field];
    const value = written === undefined || written === null || written === '' ? undefined : String(written);
    evidence = value === undefined
      ? { subject: test.field, value: test.default, source: 'default', location: proxy?.readFrom ? { file: proxy.readFrom } : undefined, note: 'not set; kube-proxy default' }
      : { subject: test.field, value, source: 'config-file', location: proxy?.locations[test.field] ?? (proxy?.readFrom ? { file: proxy.readFrom } : undefined) };
  }
  const judged = satisfies(evidence.value, test.expect);
  const shown = `${evidence.subject} is ${evidence.value}${evidence.source === 'default' ? ' (default)' : ''}`;
  if (!judged.ok) return { verdict: 'fail', reason: `kube-proxy ${shown}; it needs ${judged.required}.`, evidence: [evidence] };
  return { verdict: 'pass', reason: `kube-proxy ${shown}.`, evidence: [evidence] };
}
