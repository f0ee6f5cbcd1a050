import { Composer, LineCounter, Parser, isNode, type Document } from 'yaml';
import { formatLocation, type SourceLocation } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { printable } from '../domain/printable.js';
import { DEFAULT_YAML_LIMITS, formatBytes, type YamlLimits } from './input-limits.js';
import { KUBECTL_YAML_OPTIONS, kubectlLexer } from './yaml-compat.js';
import { checkStructure } from './yaml-structure.js';

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
  /** Documents that could not be read, each with file:line:column; the documents without errors are still returned. */
  errors: InputError[];
  /** Read, but worth saying: duplicate keys (with both locations). */
  warnings: InputError[];
}

/** A kubectl document: the text between lines that start with `---` and hold nothing else (apimachinery's YAMLReader). */
interface Chunk {
  text: string;
  /** Line number of the chunk's first line, from 1. */
  line: number;
}

const SEPARATOR = /^---[ \t\r]*$/;
/** Lone CR, NEL, LS and PS end lines for go-yaml (and YAML 1.1) but not for the `yaml` library; one character each. */
const OTHER_LINE_BREAKS = /\r(?!\n)|[\u0085\u2028\u2029]/g;

function chunks(text: string): Chunk[] {
  const out: Chunk[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let pos = 0;
  let onlyDirectives = true;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const content = text.slice(pos, end);
    if (SEPARATOR.test(content) && !(onlyDirectives && start < pos)) {
      out.push({ text: text.slice(start, pos), line: startLine });
      start = end + 1;
      startLine = line + 1;
      onlyDirectives = true;
    } else if (onlyDirectives && content.trim() !== '' && !content.startsWith('#') && !content.startsWith('%') && !SEPARATOR.test(content)) {
      onlyDirectives = false;
    }
    pos = end + 1;
    line += 1;
  }
  if (start < text.length) out.push({ text: text.slice(start), line: startLine });
  return out;
}

class TextReport {
  readonly documents: SourceDocument[] = [];
  readonly errors: InputError[] = [];
  readonly warnings: InputError[] = [];
  private droppedErrors = 0;
  private droppedWarnings = 0;
  count = 0;
  constructor(readonly file: string, readonly limits: YamlLimits) {}

  error(location: SourceLocation, message: string): void {
    if (this.errors.length >= this.limits.maxErrorsPerText) this.droppedErrors += 1;
    else this.errors.push(new InputError(printable(`${formatLocation(location)}: ${shortened(message)}`), location));
  }

  warning(location: SourceLocation, message: string): void {
    if (this.warnings.length >= this.limits.maxWarningsPerText) this.droppedWarnings += 1;
    else this.warnings.push(new InputError(printable(`${formatLocation(location)}: ${message}`), location));
  }

  result(): ParsedText {
    const file = printable(this.file);
    if (this.droppedErrors > 0) this.errors.push(new InputError(`${file}: and ${this.droppedErrors} more error(s) in this file`, { file: this.file }));
    if (this.droppedWarnings > 0) this.warnings.push(new InputError(`${file}: and ${this.droppedWarnings} more warning(s) in this file`, { file: this.file }));
    return { documents: this.documents, errors: this.errors, warnings: this.warnings };
  }
}

/**
 * Parses a multi-document YAML (or JSON: YAML is a superset) text as kubectl would, keeping positions. This is
 * the one bounded entry point for every YAML kubefort reads (object files, static pod manifests, kubelet and
 * kube-proxy configs): size, document count, nesting depth and alias expansion are limited (`limits`), every
 * problem is an InputError with file:line:column, and a document that cannot be read is reported and dropped
 * while the others are kept. Never throws for any input text.
 */
export function parseYamlText(text: string, file: string, limits: Partial<YamlLimits> = {}): ParsedText {
  const all: YamlLimits = { ...DEFAULT_YAML_LIMITS, ...limits };
  const report = new TextReport(file, all);
  if (text.length > all.maxBytes) {
    report.error({ file }, `larger than ${formatBytes(all.maxBytes)} (the limit for one file); not read`);
    return report.result();
  }
  for (const chunk of chunks(text.replace(OTHER_LINE_BREAKS, '\n'))) {
    if (!parseChunk(chunk, report)) break;
  }
  return report.result();
}

/** Parses one kubectl document; false when the text's document limit is reached. */
function parseChunk(chunk: Chunk, report: TextReport): boolean {
  const { file, limits } = report;
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): SourceLocation => {
    if (offset === undefined) return { file, line: chunk.line };
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line + chunk.line - 1, column: pos.col };
  };
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0); // Parser.parse() does this; feeding lexemes through next() does not
  const lexer = kubectlLexer();
  let tooDeep: number | undefined;
  function* tokens() {
    for (const lexeme of lexer.lex(chunk.text)) {
      yield* parser.next(lexeme);
      // The parser's stack is the nesting of the node being read; past the limit, stop reading this document
      // before the composer recurses into it (one line of a million `[` would otherwise cost seconds and a GB).
      if (parser.stack.length > limits.maxDepth + 1) {
        tooDeep = parser.offset;
        return;
      }
    }
    yield* parser.end();
  }
  const composer = new Composer(KUBECTL_YAML_OPTIONS);
  const docs: Document.Parsed[] = [];
  // A too deep document never leaves the parser (its token is not emitted), so every document yielded is whole.
  for (const doc of composer.compose(tokens())) {
    docs.push(doc);
    if (docs.length > limits.maxDocuments) break;
  }
  // Documents completed before a too deep one (after `--- # comment` in the same chunk) are still read.
  for (const doc of docs) {
    report.count += 1;
    if (report.count > limits.maxDocuments) {
      report.error(at(doc.range[0]), `more than ${limits.maxDocuments} documents (the limit for one file); the rest of the file is not read`);
      return false;
    }
    readDocument(doc, report, at);
  }
  if (tooDeep !== undefined) report.error(at(tooDeep), `nested deeper than ${limits.maxDepth} levels; this document is not read`);
  return true;
}

function readDocument(doc: Document.Parsed, report: TextReport, at: (offset: number | undefined) => SourceLocation): void {
  const [first, ...rest] = doc.errors;
  if (first !== undefined) {
    // The first YAML error is the one to fix; the ones after it are usually its consequences.
    const more = rest.length === 0 ? '' : ` (and ${rest.length} more error(s) in this document)`;
    report.error(at(first.pos[0]), `${firstLine(first.message)}${more}`);
    return;
  }
  if (doc.contents === null) return; // an empty document between `---` separators
  const structure = checkStructure(doc, report.limits);
  for (const dup of structure.duplicates) {
    const first = formatLocation(at(dup.first));
    report.warning(at(dup.again), `duplicate key "${dup.key}" in one mapping (first at ${first}); the later value is used, as kubectl does (two files joined without ---?)`);
  }
  if (structure.fatal !== undefined) {
    report.error(at(structure.fatal.offset), `${structure.fatal.message}; this document is not read`);
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    // checkStructure rules out what toJS throws for (dangling and excessive aliases); this stays an input error.
    report.error(at(doc.contents.range[0]), `${error instanceof Error ? error.message : String(error)}; this document is not read`);
    return;
  }
  report.documents.push(sourceDocument(doc, value, at));
}

function sourceDocument(doc: Document.Parsed, value: unknown, at: (offset: number | undefined) => SourceLocation): SourceDocument {
  return {
    value,
    location: at(doc.contents?.range?.[0]),
    locate(path) {
      if (path.length === 0) return at(doc.contents?.range?.[0]);
      const node = doc.getIn(path, true);
      return isNode(node) ? at(node.range?.[0]) : undefined;
    },
  };
}

/** Library messages can quote the input; a quoted megabyte is not a message. */
function shortened(message: string): string {
  return message.length > 400 ? `${message.slice(0, 400)}…` : message;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
