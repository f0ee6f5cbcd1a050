import { Lexer, type DocumentOptions, type ParseOptions, type SchemaOptions, type Tags } from 'yaml';

/**
 * YAML as kubectl reads it. kubectl, the API machinery and the kubelet decode YAML with sigs.k8s.io/yaml, which
 * is go-yaml v2: YAML 1.1 scalars (`yes`/`on`/`y` are true, `0755` is octal), merge keys (`<<: *base`), and a
 * scanner that does not check indentation inside flow collections and quoted strings (`[a,` / `<TAB>b]` on the next line is a list
 * of two). The `yaml` library is YAML 1.2 and strict there, so on its own it would drop documents that
 * `kubectl apply` loads, or read `hostNetwork: yes` as a string. These options and the lexer below close those
 * gaps; each was compared with sigs.k8s.io/yaml's output (test/collect/objects-kubectl-compat.test.ts).
 */

const DROPPED_TAGS = new Set([
  // go-yaml v2 leaves timestamps as strings (creationTimestamp stays a string), and has no sexagesimal numbers.
  'tag:yaml.org,2002:timestamp',
  // !!set, !!omap and !!pairs become JS Set/Map objects; go-yaml v2 reads them as a plain map and list.
  'tag:yaml.org,2002:set', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:binary',
]);

/** go-yaml v2 decodes !!binary to bytes, which reach JSON as the decoded string. */
const binaryAsString = {
  tag: 'tag:yaml.org,2002:binary',
  resolve: (source: string) => Buffer.from(source.replace(/\s+/g, ''), 'base64').toString('utf8'),
};

const DROPPED_IDS = new Set(['timestamp', 'intTime', 'floatTime', 'set', 'omap', 'pairs', 'binary']);

function kubectlTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => (typeof tag === 'string'
    ? !DROPPED_IDS.has(tag)
    : !DROPPED_TAGS.has(tag.tag) && !('format' in tag && tag.format === 'TIME')));
  return [...kept, binaryAsString];
}

export const KUBECTL_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'yaml-1.1',
  merge: true,
  customTags: kubectlTags,
  // Explicit !!set / !!omap / !!timestamp would otherwise still resolve through the library's "known tags".
  resolveKnownTags: false,
  // Duplicate keys are reported by kubefort as warnings with both locations; the last value wins, as in kubectl.
  uniqueKeys: false,
  // The library would print "Keys with collection values will be stringified" on the process's stderr.
  logLevel: 'error',
  prettyErrors: false,
};

interface LexerInternals {
  indentNext: number;
  parseFlowCollection(this: LexerInternals): Generator<string, string>;
  parseQuotedScalar(this: LexerInternals): Generator<string, string>;
}

const proto = Lexer.prototype as unknown as Partial<LexerInternals>;
const flowCollection = proto.parseFlowCollection;
const quotedScalar = proto.parseQuotedScalar;

/** Runs one lexer step with the indentation requirement lifted (document markers still end the scalar). */
function withoutIndent(step: (this: LexerInternals) => Generator<string, string>) {
  return function* lenient(this: LexerInternals) {
    const saved = this.indentNext;
    this.indentNext = 0;
    try {
      return yield* step.call(this);
    } finally {
      this.indentNext = saved;
    }
  };
}

/**
 * A lexer that reads flow collections and quoted scalars as libyaml does: inside `[...]`, `{...}` and a quoted
 * string, a line's indentation, spaces or tabs, is only separation. The library ends them at a line indented less
 * than their parent (an error that takes the rest of the document with it); with the indentation requirement
 * lifted for the duration of each such token, they continue. Should a future `yaml` release rename its internals,
 * the plain lexer is used and such input is reported as an error again (the compatibility test then fails).
 */
export function kubectlLexer(): Lexer {
  const lexer = new Lexer();
  const internals = lexer as unknown as LexerInternals;
  if (typeof flowCollection !== 'function' || typeof quotedScalar !== 'function' || typeof internals.indentNext !== 'number') return lexer;
  internals.parseFlowCollection = withoutIndent(flowCollection);
  internals.parseQuotedScalar = withoutIndent(quotedScalar);
  return lexer;
}
