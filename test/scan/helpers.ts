import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';

export async function scan(args: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  const ctx = captureContext({ cwd });
  const code = await run(['scan', ...args], ctx);
  return { code, out: ctx.out.join(''), err: ctx.err.join('') };
}

/** A draft-07 validator for a committed schema file. */
export function validator(schemaFile: string): (value: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}
