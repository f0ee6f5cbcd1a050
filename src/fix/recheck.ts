import { lastArg, parseArgs } from '../collect/node/cmdline.js';
import { etcdEnvArgs } from '../collect/node/etcd-env.js';
import { satisfies } from '../cis/expect.js';
import type { CheckDef } from '../cis/model.js';
import { isRecord } from '../domain/guards.js';
import { parseStaticPod } from '../validate/pod.js';
import { FixRefusedError } from './errors.js';

/**
 * Judges the flag checks a manifest edit claims to fix against the edited text, as the component would read
 * it (etcd: its ETCD_* env entries first, shadowed by flags). An edit that would not satisfy its check (removing
 * the last --authorization-mode item leaves the default AlwaysAllow) is refused rather than written.
 */
export function recheckManifest(text: string, file: string, component: string, defs: readonly CheckDef[]): void {
  const parsed = parseStaticPod(text, file, component);
  if (!parsed.ok) return;
  const argv = parsed.pod.argv;
  const args = parseArgs(argv.map((a) => a.text), (i) => argv[i]?.location ?? { file });
  if (component === 'etcd') {
    const container = (parsed.pod.doc.value as { spec?: { containers?: unknown[] } }).spec?.containers?.[parsed.pod.containerIndex];
    const env = isRecord(container) && Array.isArray(container.env) ? container.env : [];
    const vars = env.flatMap((e: unknown) => (isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string' ? [{ name: e.name, value: e.value, location: { file } }] : []));
    args.unshift(...etcdEnvArgs(vars));
  }
  for (const def of defs) {
    if (def.test.kind !== 'flag' || def.test.component !== component) continue;
    for (const condition of def.test.all) {
      const arg = lastArg(args, condition.flag);
      const value = arg ? (arg.value ?? 'true') : condition.default;
      const judged = satisfies(value, condition.expect);
      if (!judged.ok) {
        throw new FixRefusedError(`refusing to write ${file}: after the change ${condition.flag} would be ${value === undefined ? 'unset' : `"${value}"${arg ? '' : ' (the default)'}`}, so ${def.id} would still fail (it needs ${judged.required}); ` +
          `fix it together with the checks that set the flag, or give the value with --set ${component}:${condition.flag}=<value>. Nothing was changed`);
      }
    }
  }
}
