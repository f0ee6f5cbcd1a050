import type { BenchmarkDef } from '../../model.js';
import { CIS_1_10 } from '../cis-1.10/index.js';
import { apiserverCiphers, APISERVER_CIPHERS_1_11 } from '../cis-1.11/index.js';
import { change, derive, editGroup } from '../delta.js';

/**
 * The API server suites v1.7–v1.9 and the 1.23/1.24 benchmarks accept: v1.10's list plus 3DES and the RSA
 * key-exchange suites (no forward secrecy), which later versions dropped.
 */
export const APISERVER_CIPHERS_1_9 = [
  ...APISERVER_CIPHERS_1_11.slice(0, 9),
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  ...APISERVER_CIPHERS_1_11.slice(9),
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_AES_256_GCM_SHA384',
] as const;

const automated = { automated: true } as const;

/**
 * CIS Kubernetes Benchmark v1.9.0 (Kubernetes 1.27), as kube-bench's cfg/cis-1.9. Differences from v1.10:
 * - 1.2.29 accepts 3DES and RSA key-exchange suites too.
 * - 5.1.1–5.1.6 are titled "(Automated)" (still unscored in kube-bench); v1.10 made them Manual.
 */
export const CIS_1_9: BenchmarkDef = derive(CIS_1_10, { name: 'cis-1.9', title: 'CIS Kubernetes Benchmark v1.9.0', kubernetes: ['1.27', '1.27'] }, {
  '1.2': (g) => editGroup(g, [change('1.2.29', apiserverCiphers(APISERVER_CIPHERS_1_9))]),
  '5.1': (g) => editGroup(g, ['5.1.1', '5.1.2', '5.1.3', '5.1.4', '5.1.5', '5.1.6'].map((id) => change(id, automated))),
});
