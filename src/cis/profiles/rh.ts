import type { BenchmarkDef } from '../model.js';
import { RH_1_4 } from './rh-1.4.js';
import { RH_1_8 } from './rh-1.8.js';

/** The bundled OpenShift profiles (kube-bench's cfg/rh-*), oldest first. */
export const OPENSHIFT_PROFILES: readonly BenchmarkDef[] = [RH_1_4, RH_1_8];
