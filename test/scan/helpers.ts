import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { kubefort } from '../helpers/cli.js';

export async function scan(args: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  return kubefort(['scan', ...args], { cwd });
}

/** A draft-07 validator for a committed schema file. */
export function validator(schemaFile: string): (value: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}
