import type { Finding } from '../domain/finding.js';
import { containerFlags, isLoopback, isTrue, type Flag } from './args.js';
import { GuiKind, type GuiWorkload } from './detect.js';
import { GUI_RULE_IDS as ID, GUI_RULES } from './rules.js';

export function guiSubject(w: GuiWorkload): string {
  return `${w.namespace}/${w.name}[${w.item.object.kind}]`;
}

export function guiLabel(w: GuiWorkload): string {
  return `${w.item.object.kind} ${w.namespace}/${w.name} (${w.kind}, container ${w.container.name})`;
}

export function finding(ruleId: string, w: GuiWorkload, message: string, location = w.item.location, severity = GUI_RULES.find((r) => r.id === ruleId)?.severity ?? 'medium'): Finding {
  const remediation = GUI_RULES.find((r) => r.id === ruleId)?.remediation;
  return { ruleId, severity, subject: guiSubject(w), location, message, ...(remediation ? { remediation } : {}) };
}

/** Dashboard v2 defaults (cmd/dashboard flags): --insecure-port=9090, --insecure-bind-address=127.0.0.1, --token-ttl=900. */
function dashboardV2(w: GuiWorkload, flags: Map<string, Flag>, out: Finding[]): void {
  const at = (f: Flag | undefined) => f?.location ?? w.item.locate(w.container.path) ?? w.item.location;
  const label = guiLabel(w);
  const skip = flags.get('enable-skip-login');
  if (isTrue(skip)) out.push(finding(ID.skipLogin, w, `${label} runs with --enable-skip-login: the login page can be skipped`, at(skip)));
  const insecureLogin = flags.get('enable-insecure-login');
  if (isTrue(insecureLogin)) out.push(finding(ID.insecureLogin, w, `${label} runs with --enable-insecure-login: tokens are accepted over HTTP`, at(insecureLogin)));
  const port = flags.get('insecure-port');
  const bind = flags.get('insecure-bind-address');
  if ((port?.value ?? '9090') !== '0' && bind !== undefined && !isLoopback(bind.value)) {
    out.push(finding(ID.insecurePort, w, `${label} serves HTTP on ${bind.value}:${port?.value ?? '9090'} (--insecure-bind-address ${bind.value}, --insecure-port ${port?.value ?? '9090 (default)'})`, at(bind)));
  }
  const settings = flags.get('disable-settings-authorizer');
  if (isTrue(settings)) out.push(finding(ID.settingsAuthorizer, w, `${label} runs with --disable-settings-authorizer`, at(settings)));
  const mode = flags.get('authentication-mode');
  if (mode && mode.value.split(',').includes('basic')) out.push(finding(ID.basicAuth, w, `${label} runs with --authentication-mode=${mode.value}`, at(mode)));
  const ttl = flags.get('token-ttl');
  if (ttl?.value === '0') out.push(finding(ID.tokenTtl, w, `${label} runs with --token-ttl=0: sessions never expire`, at(ttl)));
  const generated = isTrue(flags.get('auto-generate-certificates'));
  const given = flags.has('tls-cert-file') && flags.has('tls-key-file');
  if (!generated && !given) out.push(finding(ID.noTls, w, `${label} has neither --auto-generate-certificates nor --tls-cert-file/--tls-key-file: it serves no HTTPS`, at(undefined)));
}

function dashboardV7(w: GuiWorkload, flags: Map<string, Flag>, out: Finding[]): void {
  const label = guiLabel(w);
  const checks: [string, string, string][] = [
    ['apiserver-skip-tls-verify', ID.skipApiserverTls, 'does not verify the API server certificate'],
    ['disable-csrf-protection', ID.noCsrf, 'has no CSRF protection'],
    ['profiler', ID.profiler, 'serves the Go profiler'],
  ];
  for (const [name, id, what] of checks) {
    const f = flags.get(name);
    if (isTrue(f)) out.push(finding(id, w, `${label} runs with --${name}: it ${what}`, f?.location));
  }
  const bind = flags.get('insecure-bind-address');
  if (bind && !isLoopback(bind.value)) out.push(finding(ID.insecurePort, w, `${label} serves HTTP on --insecure-bind-address ${bind.value}`, bind.location));
}

/** Kong's listeners: KONG_PROXY_LISTEN entries without `ssl` are plain HTTP. */
function kong(w: GuiWorkload, out: Finding[]): void {
  const listen = w.container.env.KONG_PROXY_LISTEN;
  if (listen === undefined) return;
  const http = listen.split(',').map((l) => l.trim()).filter((l) => l !== '' && l !== 'off' && !/\bssl\b/.test(l));
  if (http.length > 0) out.push(finding(ID.kongHttp, w, `${guiLabel(w)} has HTTP proxy listeners (KONG_PROXY_LISTEN ${http.join(', ')})`, w.item.locate([...w.container.path, 'env']) ?? w.item.location));
}

function headlamp(w: GuiWorkload, flags: Map<string, Flag>, out: Finding[]): void {
  const insecure = flags.get('insecure-ssl');
  if (isTrue(insecure)) out.push(finding(ID.headlamp, w, `${guiLabel(w)} runs with -insecure-ssl: it does not verify the API server certificate`, insecure?.location));
}

export function argumentFindings(w: GuiWorkload): Finding[] {
  const out: Finding[] = [];
  const flags = containerFlags(w);
  if (w.kind === GuiKind.dashboardV2) dashboardV2(w, flags, out);
  else if (w.kind === GuiKind.dashboardV7) dashboardV7(w, flags, out);
  else if (w.kind === GuiKind.kong) kong(w, out);
  else if (w.kind === GuiKind.headlamp) headlamp(w, flags, out);
  if (w.kind === GuiKind.dashboardV2 || w.kind === GuiKind.dashboardV7) {
    out.push(finding(ID.unmaintained, w, `${guiLabel(w)} runs ${w.container.image}: the Kubernetes Dashboard was archived in January 2026 and gets no security fixes; Headlamp is its maintained successor`, w.item.locate([...w.container.path, 'image']) ?? w.item.location));
  }
  return out;
}
