import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The check ids kube-bench's cfg/<name> defines, in order (test/fixtures/cis/ids/<name>.txt; comments name the document and source commits). */
export function kubeBenchIds(name: string): string[] {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cis', 'ids', `${name}.txt`), 'utf8');
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}
