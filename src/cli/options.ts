import { InvalidArgumentError, Option } from 'commander';

/**
 * Option parsers shared by commands. kube-bench users write Go flag spellings: repeated list flags
 * (`--check 1.2.1 --check 1.2.15`) that add up, and booleans with a value (`--json=true`, `--scored=false`).
 */

/** Go's strconv.ParseBool spellings, which pflag accepts for `--flag=value`. */
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseBoolValue(value: string): boolean {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new InvalidArgumentError(`"${value}" is not a boolean (true, false, 1, 0, t, f)`);
}

/** `--flag` (true), `--flag=true`, `--flag=false`. */
export function boolOption(flags: string, description: string): Option {
  return new Option(`${flags} [bool]`, description).argParser(parseBoolValue);
}

/** A comma list that may be repeated; each repetition adds to the list. */
export function listOption(flags: string, description: string): Option {
  return new Option(flags, `${description} (comma list; may be repeated)`).argParser((value: string, previous: string[] | undefined) => {
    const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (items.length === 0) throw new InvalidArgumentError('empty list');
    return [...(previous ?? []), ...items];
  });
}
