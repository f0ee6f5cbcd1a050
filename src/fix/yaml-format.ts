import { parseDocument, type Document, type ToStringOptions } from 'yaml';
import { FixRefusedError } from './errors.js';
import { lineOps } from './diff.js';

/**
 * A YAML document opened for editing. The Document API makes the change; the result is then mapped back onto
 * the original text line by line, so every line the change does not touch keeps its exact bytes even where the
 * yaml library would normalise it (two spaces before a comment, a quoting style). The serialisation options are
 * the ones closest to the original (kubeadm writes sequences unindented under their key).
 */
export function openYaml(text: string, file: string): { doc: Document.Parsed; render(): string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new FixRefusedError(`${file}: not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? ''}); nothing was changed`);
  const original = text.split('\n');
  let chosen: { options: ToStringOptions; base: string } | undefined;
  for (const indentSeq of [false, true]) {
    const options: ToStringOptions = { lineWidth: 0, minContentWidth: 0, indentSeq };
    const base = doc.toString(options);
    if (base.split('\n').length === original.length && (chosen === undefined || base === text)) chosen = { options, base };
  }
  if (chosen === undefined) throw new FixRefusedError(`${file}: kubefort cannot edit this file without reformatting lines it does not change; edit it by hand`);
  const { options, base } = chosen;
  return {
    doc,
    render() {
      const after = doc.toString(options);
      if (base === text) return after;
      const out: string[] = [];
      let i = 0;
      for (const op of lineOps(base.split('\n'), after.split('\n'))) {
        if (op.op === ' ') out.push(original[i++] ?? op.text);
        else if (op.op === '-') i++;
        else out.push(op.text);
      }
      return out.join('\n');
    },
  };
}
