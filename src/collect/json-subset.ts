import { isRecord } from '../domain/guards.js';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from './input-limits.js';
import { indexJsonList, type JsonListIndex } from './json-index.js';
import { decodeText } from './object-text.js';
import { listShell, parseIndexedItems } from './json-items.js';
import { JSON_FAST_PATH_MIN, parseJsonText } from './json-source.js';
import { addParsed, emptyObjectSet, type ObjectSet } from './objects.js';
import type { SourceShape } from './object-text.js';
import { effectiveNamespace } from './object-scope.js';
import { parseYamlText } from './yaml-source.js';

/** What a caller needs to know of an object to decide whether to read it, before it is parsed. */
export interface ItemKey {
  /** The kind the loader would give it (implied by a typed List), undefined when it has none. */
  kind: string | undefined;
  /** The namespace the loader would give it (src/collect/object-scope.ts); undefined for cluster-scoped kinds. */
  namespace: string | undefined;
  /** Not known without parsing it (escapes, odd types, a List inside the List): read it. */
  uncertain: boolean;
  /** It has a key among DeferOptions.flagKeys (or one spelled with escapes, which may be one). */
  flagged: boolean;
  /** It holds one of the strings asked about (keys `mentions`), or a `\u` escape, which may spell one. */
  mentions: boolean;
}

interface Deferred {
  index: JsonListIndex;
  /** Where its objects go in the set: the number of objects loaded before the text. */
  position: number;
  listKind: string;
}

export interface DeferOptions {
  /** Texts below this size take the ordinary path (as json-source.ts's fast path); tests lower it. */
  minSize?: number;
  limits?: Partial<YamlLimits>;
  /** Keys whose presence anywhere in an item the caller wants to know of (e.g. `hostNetwork`). */
  flagKeys?: readonly string[];
}

/**
 * Indexes of the items whose bytes hold one of `strings` as a whole JSON string (`"10.0.0.5"`, not `"10.0.0.50"`).
 * A string spelled with escapes is not found here: items with a `\u` escape are reported by the caller, and the
 * other escapes (`\"`, `\\`, `\/`, `\n` ...) spell characters a searched string does not have (checked).
 */
function itemsHolding(index: JsonListIndex, strings: readonly string[]): Set<number> {
  const found = new Set<number>();
  const { bytes, items } = index;
  for (const text of strings) {
    if ([...text].some((c) => c === '"' || c === '\\' || c === '/' || c < ' ')) throw new RangeError(`cannot search JSON bytes for ${JSON.stringify(text)}`);
    const needle = Buffer.from(`"${text}"`, 'utf8');
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      // The item holding offset `at`: the last one starting at or before it, if it ends after it.
      let lo = 0;
      let hi = items.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((items[mid] as { start: number }).start <= at) lo = mid;
        else hi = mid - 1;
      }
      const item = items[lo];
      if (item && item.start <= at && at < item.end) found.add(lo);
    }
  }
  return found;
}

/**
 * Large `kubectl get -o json` Lists held back from the loader (LoadOptions.deferBytes): indexed in one pass, then
 * only the items a caller chooses are parsed and added to the set, at the position the text had. Any text that is
 * not certainly such a List (not JSON, not valid, not a List) is left to the loader.
 */
export class DeferredJsonLists {
  private readonly deferred: Deferred[] = [];
  private readonly options: DeferOptions;

  constructor(options: DeferOptions = {}) {
    this.options = options;
  }

  /** For LoadOptions.deferBytes: the bytes of a file as read, and what the loader knows of them. */
  readonly defer = (bytes: Buffer, shape: Pick<SourceShape, 'ascii' | 'length'>, file: string, position: number): boolean => {
    const limits = { ...DEFAULT_YAML_LIMITS, ...this.options.limits };
    if (shape.length < (this.options.minSize ?? JSON_FAST_PATH_MIN) || shape.length > limits.maxBytes) return false;
    const index = indexJsonList(bytes, file, limits.maxDepth, this.options.flagKeys, shape.ascii);
    if (!index) return false;
    let list: unknown;
    try {
      list = JSON.parse(listShell(index));
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof RangeError) return false;
      throw error;
    }
    // The loader's own test for a List (src/collect/objects.ts addValue).
    if (!isRecord(list) || typeof list.kind !== 'string' || !(list.kind === 'List' || list.kind.endsWith('List'))) return false;
    this.deferred.push({ index, position, listKind: list.kind });
    return true;
  };

  get size(): number {
    return this.deferred.length;
  }

  private parseWhole(index: JsonListIndex) {
    const text = decodeText(index.bytes);
    return parseJsonText(text, index.file, this.options.limits) ?? parseYamlText(text, index.file, this.options.limits);
  }

  /**
   * The keys of every held-back item, text by text, in order. `mentions`: strings (e.g. an IP address) whose
   * presence as a JSON string value or key an item's key should tell, found by searching the bytes.
   */
  keys(defaultNamespace = 'default', mentions: readonly string[] = []): ItemKey[][] {
    return this.deferred.map((d) => {
      const mentioning = itemsHolding(d.index, mentions);
      return d.index.items.map((item, i) => {
        // Items of a typed list (`PodList`) without a kind are of the list's kind; a List in the List is read whole.
        const kind = item.kind ?? (d.listKind === 'List' ? undefined : d.listKind.slice(0, -'List'.length));
        return {
          kind,
          namespace: kind === undefined ? undefined : effectiveNamespace(kind, item.namespace, defaultNamespace),
          uncertain: item.uncertain || (kind !== undefined && kind.endsWith('List')),
          flagged: item.flagged,
          mentions: mentioning.has(i) || (mentions.length > 0 && item.unicodeEscaped),
        };
      });
    });
  }

  /**
   * Parses the chosen items of each held-back text and adds their objects to `set` where the text's objects
   * would have been. A text whose chosen items (or List fields) turn out not to be valid JSON is read whole the
   * ordinary way instead, so that its error is reported with its position as without this class.
   */
  addTo(set: ObjectSet, chosen: (text: number, item: number) => boolean, defaultNamespace?: string, position: (p: number) => number = (p) => p): void {
    const options = defaultNamespace === undefined ? {} : { defaultNamespace };
    for (let t = this.deferred.length - 1; t >= 0; t--) {
      const d = this.deferred[t] as Deferred;
      const part = emptyObjectSet();
      const parsed = parseIndexedItems(d.index, (i) => chosen(t, i))
        ?? this.parseWhole(d.index);
      addParsed(part, parsed, options);
      const at = position(d.position);
      set.objects = set.objects.slice(0, at).concat(part.objects, set.objects.slice(at));
      set.errors.push(...part.errors);
      (set.warnings ??= []).push(...(part.warnings ?? []));
    }
  }
}
