import { goldenIn } from '../helpers/golden.js';

/** Compares with test/golden/netpol/<name>; `UPDATE_GOLDEN=1` rewrites the file (then review the diff). */
export const assertGolden = goldenIn('netpol');
