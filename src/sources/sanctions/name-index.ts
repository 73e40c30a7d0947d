import { compareNames, prepareTokens, type NameComparison, type PreparedName } from '../../names/match.js';
import { fold, tokenise, type NameToken } from '../../names/normalise.js';
import type { Alias, SanctionsEntry } from './entry.js';

const TYPO_SEARCH_BELOW = 8;

export type NameKind = 'primary' | Alias['type'];

/** One searchable name string: a primary name or an alias of an entry. */
export interface IndexedName {
  entry: number;
  name: string;
  kind: NameKind;
}

/**
 * What is stored beside an installed list: the names and the posting lists, packed into a few
 * flat arrays because that is what loads fast (a Map of 100,000 small arrays does not).
 */
export interface NameIndexData {
  names: IndexedName[];
  /** Posting list of keys[i]: ids[offsets[i] .. offsets[i + 1]). */
  keys: string[];
  offsets: Int32Array;
  ids: Int32Array;
  /** In how many entries each folded word occurs: the measure of a common name part. */
  wordKeys: string[];
  wordEntries: Int32Array;
}

export interface Candidate {
  nameId: number;
  name: IndexedName;
  comparison: NameComparison;
}

/** Keys a word is filed under: its fold, plus its first and last three letters to survive a typo. */
function wordKeys(key: string): string[] {
  const keys = [`k:${key}`];
  if (key.length >= 5) keys.push(`p:${key.slice(0, 3)}`, `s:${key.slice(-3)}`);
  return keys;
}

function isWord(t: NameToken): boolean {
  return t.kind === 'word';
}

/** Builds the index once per installed list (a few seconds for the full SDN list). */
export function buildNameIndex(entries: readonly SanctionsEntry[]): NameIndexData {
  const names: IndexedName[] = [];
  entries.forEach((entry, i) => {
    const seen = new Set<string>();
    const add = (name: string, kind: NameKind): void => {
      const norm = name.toLowerCase();
      if (seen.has(norm)) return;
      seen.add(norm);
      names.push({ entry: i, name, kind });
    };
    add(entry.name, 'primary');
    for (const alias of entry.aliases) add(alias.name, alias.type);
  });
  const lists = new Map<string, number[]>();
  const frequency = new Map<string, Set<number>>();
  names.forEach((n, id) => {
    const keys = new Set<string>();
    const tokens = tokenise(n.name);
    const words = tokens.filter(isWord);
    for (const t of words) {
      for (const k of wordKeys(t.key)) keys.add(k);
      const set = frequency.get(t.key) ?? new Set<number>();
      set.add(n.entry);
      frequency.set(t.key, set);
    }
    // Joined neighbours, so that "Kumhyok" finds "Kum Hyok" and "Kum Hyok" finds "KUMHYOK".
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i]!;
      const b = tokens[i + 1]!;
      if (isWord(a) && isWord(b)) keys.add(`k:${fold(a.text + b.text)}`);
    }
    for (const k of keys) {
      const list = lists.get(k);
      if (list) list.push(id);
      else lists.set(k, [id]);
    }
  });
  const keys = [...lists.keys()];
  const offsets = new Int32Array(keys.length + 1);
  let total = 0;
  keys.forEach((k, i) => {
    offsets[i] = total;
    total += lists.get(k)!.length;
  });
  offsets[keys.length] = total;
  const ids = new Int32Array(total);
  keys.forEach((k, i) => ids.set(lists.get(k)!, offsets[i]!));
  const folded = [...frequency.keys()];
  const wordEntries = Int32Array.from(folded.map((k) => frequency.get(k)!.size));
  return { names, keys, offsets, ids, wordKeys: folded, wordEntries };
}

/** Searches an index: retrieval by shared keys, then a full comparison of the few candidates. */
export class NameIndex {
  readonly data: NameIndexData;
  private readonly prepared: (PreparedName | undefined)[];
  private readonly hits: Int32Array;
  private readonly stamp: Int32Array;
  private round = 0;
  private readonly postings = new Map<string, Int32Array>();
  private readonly entryFrequency = new Map<string, number>();

  constructor(data: NameIndexData) {
    this.data = data;
    data.keys.forEach((k, i) => this.postings.set(k, data.ids.subarray(data.offsets[i]!, data.offsets[i + 1]!)));
    data.wordKeys.forEach((k, i) => this.entryFrequency.set(k, data.wordEntries[i]!));
    this.prepared = new Array<PreparedName | undefined>(data.names.length);
    this.hits = new Int32Array(data.names.length);
    this.stamp = new Int32Array(data.names.length);
  }

  get size(): number {
    return this.data.names.length;
  }

  /** In how many entries a word occurs (by its fold). */
  frequency(word: string): number {
    return this.entryFrequency.get(fold(word)) ?? 0;
  }

  private preparedName(id: number): PreparedName {
    let p = this.prepared[id];
    if (p === undefined) {
      p = prepareTokens(tokenise(this.data.names[id]!.name));
      this.prepared[id] = p;
    }
    return p;
  }

  /**
   * Names scoring at least `minScore` against the query, best first. `accept` filters by entry
   * before any comparison (for example, individuals only).
   */
  search(query: string | PreparedName, minScore: number, accept?: (entry: number) => boolean): Candidate[] {
    const q = typeof query === 'string' ? prepareTokens(tokenise(query)) : query;
    const words = q.tokens.filter(isWord);
    if (words.length === 0 && q.tokens.length === 0) return [];
    const touched: number[] = [];
    const { postings } = this;
    const visit = (key: string, credit: number, round: number): void => {
      const list = postings.get(key);
      if (!list) return;
      for (let i = 0; i < list.length; i++) {
        const id = list[i]!;
        if (this.stamp[id] === round) continue;
        this.stamp[id] = round;
        if (this.hits[id] === 0) touched.push(id);
        this.hits[id] = this.hits[id]! + credit;
      }
    };
    for (const t of words) {
      const round = ++this.round;
      const keys = wordKeys(t.key);
      visit(keys[0]!, 1, round);
      // A word that is on the list as written needs no typo search; one that is not (or rarely)
      // may be a misspelling, found through its first or last three letters.
      if ((postings.get(keys[0]!)?.length ?? 0) < TYPO_SEARCH_BELOW) for (const k of keys.slice(1)) visit(k, 1, round);
    }
    for (let i = 0; i + 1 < q.tokens.length; i++) {
      const a = q.tokens[i]!;
      const b = q.tokens[i + 1]!;
      if (isWord(a) && isWord(b)) visit(`k:${fold(a.text + b.text)}`, 2, ++this.round);
    }
    // Initials and legal forms are not indexed: a name with none of its words on the list is not on it.
    const need = Math.min(2, Math.max(1, words.length));
    const out: Candidate[] = [];
    for (const id of touched) {
      const count = this.hits[id]!;
      this.hits[id] = 0;
      if (count < need) continue;
      const name = this.data.names[id]!;
      if (accept && !accept(name.entry)) continue;
      const comparison = compareNames(q, this.preparedName(id));
      if (comparison.score >= minScore) out.push({ nameId: id, name, comparison });
    }
    if (this.round > 1_000_000_000) {
      this.stamp.fill(0);
      this.round = 0;
    }
    return out.sort((a, b) => b.comparison.score - a.comparison.score || a.nameId - b.nameId);
  }
}
