import { createHash } from 'node:crypto';
import { SEVERITY_ORDER } from '../domain/status.js';
import type { ScanReport } from '../scan/model.js';
import { whereText } from '../scan/run.js';
import { html } from './markup.js';

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
th button{font:inherit;border:0;background:none;cursor:pointer;padding:0}td.msg{max-width:40rem}
.critical{background:#8b0000;color:#fff}.high{background:#d1242f;color:#fff}.medium{background:#bf8700;color:#fff}
.low{background:#6e7781;color:#fff}.info{background:#eaeef2}.sev{font-weight:600;text-transform:uppercase;font-size:.8rem}
pre{white-space:pre-wrap;margin:0;font-size:.8rem}td code{overflow-wrap:anywhere}form{margin:.8rem 0}label{margin-right:1rem}
tr[hidden]{display:none}`;

/** Sorting and filtering; the table is complete and readable without it. */
const SCRIPT = `(function(){var t=document.getElementById('findings');if(!t)return;var rows=[].slice.call(t.tBodies[0].rows);
var f=document.getElementById('filters');f.hidden=false;function apply(){var a=f.area.value,s=f.severity.value,n=f.namespace.value,c=0;
rows.forEach(function(r){var ok=(!a||r.dataset.area===a)&&(!s||r.dataset.severity===s)&&(!n||r.dataset.namespace===n);r.hidden=!ok;if(ok)c++;});
document.getElementById('shown').textContent=c+' of '+rows.length+' shown';}
[].forEach.call(f.querySelectorAll('select'),function(e){e.addEventListener('change',apply);});
[].forEach.call(t.tHead.querySelectorAll('button'),function(b,i){var asc=true;b.addEventListener('click',function(){
rows.sort(function(x,y){var p=x.cells[i].dataset.key||x.cells[i].textContent,q=y.cells[i].dataset.key||y.cells[i].textContent;return (p<q?-1:p>q?1:0)*(asc?1:-1);});
asc=!asc;rows.forEach(function(r){t.tBodies[0].appendChild(r);});});});apply();})();`;

function options(name: string, values: readonly string[]): string {
  return `<label>${name} <select name="${name}"><option value="">all</option>${values.map((v) => `<option value="${html(v)}">${html(v)}</option>`).join('')}</select></label>`;
}

/**
 * One self-contained HTML file: no external requests (a Content-Security-Policy forbids them), every name from the
 * cluster or the files escaped, the whole report readable without JavaScript; the script only sorts and filters.
 */
export function scanHtml(report: ScanReport): string {
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const areas = report.areas.map((a) => a.id);
  const namespaces = [...new Set(report.findings.map((f) => f.namespace).filter((n): n is string => n !== undefined))].sort();
  const summary = report.areas.map((a) => `<tr><th scope="row">${html(a.title)} (${html(a.id)})</th>${SEVERITY_ORDER.map((s) => `<td>${a.counts[s]}</td>`).join('')}<td>${a.notEvaluated.length}</td></tr>`).join('\n');
  const rows = report.findings.map((f) => `<tr data-area="${html(f.area)}" data-severity="${f.severity}" data-namespace="${html(f.namespace ?? '')}">
<td class="sev ${f.severity}" data-key="${SEVERITY_ORDER.indexOf(f.severity)}">${f.severity}</td><td>${html(f.area)}</td><td>${html(f.ruleId)}</td><td>${html(f.namespace ?? '')}</td>
<td>${html(f.subject ?? '')}</td><td class="msg">${html(f.message)}${f.remediation === undefined ? '' : `<details><summary>fix</summary><pre>${html(f.remediation)}</pre></details>`}</td><td><code>${html(whereText(f))}</code></td><td><code>${html(f.id)}</code></td></tr>`).join('\n');
  const notEvaluated = report.areas.flatMap((a) => a.notEvaluated.map((n) => `<li><b>${html(a.id)}</b>: ${html(n)}</li>`));
  const unreadable = report.unreadable.map((u) => `<li>${html(u)}</li>`);
  // How an area read the input (e.g. netpol's hostNetwork reading): in the header, as it qualifies every finding.
  const info = report.areas.flatMap((a) => (a.info?.lines ?? []).map((l) => `<p class="run-info"><b>${html(a.id)}</b>: ${html(l)}</p>\n`)).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kubefort scan</title><style>${STYLE}</style></head><body>
<h1>kubefort scan</h1>
<p>Source: ${report.source.map((s) => `<code>${html(s)}</code>`).join(', ')} &middot; generated ${html(report.generatedAt)} &middot; ${report.findings.length} finding(s)</p>
${info}<h2>Summary</h2>
<table id="summary"><thead><tr><th>Area</th>${SEVERITY_ORDER.map((s) => `<th>${s}</th>`).join('')}<th>not evaluated</th></tr></thead><tbody>
${summary}
</tbody></table>
${unreadable.length === 0 ? '' : `<h2>Could not read</h2><p>Checks that need these are not evaluated (never PASS).</p><ul>${unreadable.join('')}</ul>`}
<h2>Findings</h2>
<form id="filters" hidden>${options('area', areas)}${options('severity', SEVERITY_ORDER)}${options('namespace', namespaces)}<span id="shown"></span></form>
<table id="findings"><thead><tr>${['Severity', 'Area', 'Rule', 'Namespace', 'Object', 'Message', 'Where', 'Id'].map((h) => `<th><button type="button">${h}</button></th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
${report.findings.length === 0 ? '<p>No findings.</p>' : ''}
${notEvaluated.length === 0 ? '' : `<h2>Not evaluated (${notEvaluated.length})</h2><ul>${notEvaluated.join('\n')}</ul>`}
${report.ignored.length === 0 ? '' : `<h2>Ignored (${report.ignored.length})</h2><ul>${report.ignored.map((i) => `<li><code>${html(i.id)}</code> ${html(i.subject ?? '')}: ${html(i.reason)}${i.expires === undefined ? '' : ` (until ${html(i.expires)})`}</li>`).join('')}</ul>`}
<script>${SCRIPT}</script>
</body></html>
`;
}
