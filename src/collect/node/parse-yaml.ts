import { InputError } from '../../domain/errors.js';
import { parseYamlText, type ParsedText } from '../yaml-source.js';

/**
 * parseYamlText for node files, which anyone with write access to the node shaped: input nested deeper than the
 * YAML parser's recursion can follow (`a: a: a: ...` thousands deep on one line) overflows the stack inside the
 * parser. That is reported like any other syntax error of the file, so the collector's warning names it.
 */
export function parseNodeYaml(text: string, file: string): ParsedText {
  try {
    return parseYamlText(text, file);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { documents: [], errors: [new InputError(`${file}: nested too deeply to parse (${error.message})`, { file }, { cause: error })], warnings: [] };
  }
}
