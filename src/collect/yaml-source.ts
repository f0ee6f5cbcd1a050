import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';
import { formatLocation, type SourceLocation } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';

export type FieldPath = readonly (string | number)[];

/** One parsed YAML/JSON document that can still say where each of its fields was written. */
export interface SourceDocument {
  value: unknown;
  /** Position of the document's first token. */
  location: SourceLocation;
  /** file:line:column of the field at `path`, or undefined when the path is not in the document. */
  locate(path: FieldPath): SourceLocation | undefined;
}

export interface ParsedText {
  documents: SourceDocument[];
  /** Syntax errors, each with file:line:column; the documents without errors are still returned. */
  errors: InputError[];
}

/**
 * Parses a multi-document YAML (or JSON: YAML 1.2 is a superset) text, keeping positions.
 * A document with a syntax error is reported and dropped; the others are kept.
 */
export function parseYamlText(text: string, file: string): ParsedText {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const documents: SourceDocument[] = [];
  const errors: InputError[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const pos = error.linePos?.[0];
        const location: SourceLocation = pos ? { file, line: pos.line, column: pos.col } : { file };
        errors.push(new InputError(`${formatLocation(location)}: ${firstLine(error.message)}`, location));
      }
      continue;
    }
    if (doc.contents === null) continue; // an empty document between `---` separators
    documents.push(makeSourceDocument(doc, file, lineCounter));
  }
  return { documents, errors };
}

function makeSourceDocument(doc: Document.Parsed, file: string, lineCounter: LineCounter): SourceDocument {
  const at = (offset: number | undefined): SourceLocation => {
    if (offset === undefined) return { file };
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  return {
    value: doc.toJS({ maxAliasCount: 1000 }),
    location: at(doc.contents?.range?.[0]),
    locate(path) {
      if (path.length === 0) return at(doc.contents?.range?.[0]);
      const node = doc.getIn(path, true);
      return isNode(node) ? at(node.range?.[0]) : undefined;
    },
  };
}


function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
