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
  tokens: NameToken[];
}

/** What is stored beside an installed list: the names, their tokens and the posting lists. */
export interface NameIndexData {
  names: IndexedName[];
  postings: Map<string, Int32Array>;
  /** In how many entries each folded word occurs: the measure of a common name part. */
  entryFrequency: Map<string, number>;
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
      names.push({ entry: i, name, kind, tokens: tokenise(name) });
    };
    add(entry.name, 'primary');
    for (const alias of entry.aliases) add(alias.name, alias.type);
  });
  const lists = new Map<string, number[]>();
  const frequency = new Map<string, Set<number>>();
  names.forEach((n, id) => {
    const keys = new Set<string>();
    const words = n.tokens.filter(isWord);
    for (const t of words) {
      for (const k of wordKeys(t.key)) keys.add(k);
      const set = frequency.get(t.key) ?? new Set<number>();
      set.add(n.entry);
      frequency.set(t.key, set);
    }
    // Joined neighbours, so that "Kumhyok" finds "Kum Hyok" and "Kum Hyok" finds "KUMHYOK".
    for (let i = 0; i + 1 < n.tokens.length; i++) {
      const a = n.tokens[i]!;
      const b = n.tokens[i + 1]!;
      if (isWord(a) && isWord(b)) keys.add(`k:${fold(a.text + b.text)}`);
    }
    for (const k of keys) {
      const list = lists.get(k);
      if (list) list.push(id);
      else lists.set(k, [id]);
    }
  });
  const postings = new Map<string, Int32Array>();
  for (const [k, list] of lists) postings.set(k, Int32Array.from(list));
  const entryFrequency = new Map<string, number>();
  for (const [k, set] of frequency) entryFrequency.set(k, set.size);
  return { names, postings, entryFrequency };
}

/** Searches an index: retrieval by shared keys, then a full comparison of the few candidates. */
export class NameIndex {
  readonly data: NameIndexData;
  private readonly prepared: (PreparedName | undefined)[];
  private readonly hits: Int32Array;
  private readonly stamp: Int32Array;
  private round = 0;

  constructor(data: NameIndexData) {
    this.data = data;
    this.prepared = new Array<PreparedName | undefined>(data.names.length);
    this.hits = new Int32Array(data.names.length);
    this.stamp = new Int32Array(data.names.length);
  }

  get size(): number {
    return this.data.names.length;
  }

  /** In how many entries a word occurs (by its fold). */
  frequency(word: string): number {
    return this.data.entryFrequency.get(fold(word)) ?? 0;
  }

  private preparedName(id: number): PreparedName {
    let p = this.prepared[id];
    if (p === undefined) {
      p = prepareTokens(this.data.names[id]!.tokens);
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
    const { postings } = this.data;
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
