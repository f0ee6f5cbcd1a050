import { parseDocument, type Document, type ToStringOptions } from 'yaml';
import { FixRefusedError } from './errors.js';

/**
 * A YAML document opened for editing, with the serialisation options that reproduce the original byte for byte
 * (kubeadm writes sequences unindented under their key; others indent them). If neither does, editing would
 * reformat lines the fix does not touch, and kubefort refuses instead.
 */
export function openYaml(text: string, file: string): { doc: Document.Parsed; options: ToStringOptions } {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new FixRefusedError(`${file}: not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? ''}); nothing was changed`);
  for (const indentSeq of [false, true]) {
    const options: ToStringOptions = { lineWidth: 0, minContentWidth: 0, indentSeq };
    if (doc.toString(options) === text) return { doc, options };
  }
  throw new FixRefusedError(`${file}: kubefort cannot edit this file without reformatting lines it does not change; edit it by hand`);
}
