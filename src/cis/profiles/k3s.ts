import type { BenchmarkDef } from '../model.js';
import { K3S_CIS_1_23 } from './k3s-cis-1.23.js';
import { K3S_CIS_1_24 } from './k3s-cis-1.24.js';
import { K3S_CIS_1_7 } from './k3s-cis-1.7.js';
import { K3S_CIS_1_8 } from './k3s-cis-1.8.js';

/** k3s's self-assessment profiles, as kube-bench ships them (cfg/k3s-cis-*). */
export const K3S_PROFILES: readonly BenchmarkDef[] = [K3S_CIS_1_23, K3S_CIS_1_24, K3S_CIS_1_7, K3S_CIS_1_8];
