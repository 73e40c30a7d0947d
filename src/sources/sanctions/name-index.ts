import { createHash } from 'node:crypto';
import { compareNames, editsAllowed, prepareTokens, type NameComparison, type PreparedName } from '../../names/match.js';
import { equivalentGroupsText, equivalentNames } from '../../names/equivalents.js';
import { fold, tokenise, type NameToken } from '../../names/normalise.js';
import { weightedDistance } from '../../names/similarity.js';
import type { Alias, SanctionsEntry } from './entry.js';
import { StringTable } from './string-table.js';

const TYPO_SEARCH_BELOW = 8;
// Typo search covers words of this many letters or more, and finds listed words that share their
// first or last three letters.
const TYPO_MIN_LETTERS = 5;
/** Key look-ups a NameIndex keeps: about 10 MB at most. */
const LOOKED_KEPT = 100_000;
const AFFIX = 3;

export type NameKind = 'primary' | Alias['type'];

/** One searchable name string: a primary name or an alias of an entry. */
export interface IndexedName {
  entry: number;
  name: string;
  kind: NameKind;
}

const NAME_KINDS: readonly NameKind[] = ['primary', 'aka', 'fka', 'nka', 'weak'];

/**
 * What is stored beside an installed list: the names and the posting lists, packed into flat
 * arrays and sorted string tables, because that is what loads fast. Objects per name, or a Map of
 * 100,000 small arrays, take longer to load than a whole `vet sdn` search may.
 */
export interface NameIndexData {
  /** Name i: its text, its entry and its kind (an index into NAME_KINDS). */
  names: StringTable;
  nameEntries: Int32Array;
  nameKinds: Uint8Array;
  /** Sorted. Posting list of keys[i]: ids[offsets[i] .. offsets[i + 1]). */
  keys: StringTable;
  offsets: Int32Array;
  ids: Int32Array;
  /** Sorted folded words, and in how many entries each occurs: the measure of a common name part. */
  wordKeys: StringTable;
  wordEntries: Int32Array;
  /** Position in `keys` of each word's posting list (word i is filed under keys[wordPostings[i]]). */
  wordPostings: Int32Array;
  /**
   * The typo search's answer for each listed word, worked out when the list is installed (most
   * words a screening searches for typos are listed ones): the words of word i are
   * typoWords[typoOffsets[i] .. typoOffsets[i + 1]), positions in `wordKeys`. Empty for words
   * under TYPO_MIN_LETTERS, which are never searched for typos.
   */
  typoOffsets: Int32Array;
  typoWords: Int32Array;
}

export interface Candidate {
  nameId: number;
  name: IndexedName;
  comparison: NameComparison;
}

/** Key a word is filed under: its fold. */
function wordKey(key: string): string {
  return `k:${key}`;
}

/**
 * Whether a listed word may be the same name as a query word with a typo: within one edit more
 * than `spanSimilarity` allows (`editsAllowed`) for a word a letter longer than the longer of the
 * two, counted on folded keys, or a known equivalent form. The slack is there because the
 * comparison also counts edits on the words as written, and folding can move a typo ("Mxjid"
 * folds to "mksjid") or shorten a word. Both words have TYPO_MIN_LETTERS or more.
 */
function typoClose(query: string, listed: string): boolean {
  const allowed = editsAllowed(Math.max(query.length, listed.length) + 1) + 1;
  if (Math.abs(query.length - listed.length) > allowed) return equivalentNames(query, listed);
  // The weighted distance is never above the plain one (no edit costs it more), so it alone decides.
  return weightedDistance(query, listed, allowed) <= allowed || equivalentNames(query, listed);
}

/**
 * Listed words of TYPO_MIN_LETTERS or more by their first and by their last AFFIX letters ("p:"
 * and "s:" keys; values index `words`).
 */
function fileByAffix(words: readonly string[]): Map<string, number[]> {
  const affixes = new Map<string, number[]>();
  const file = (k: string, id: number): void => {
    const list = affixes.get(k);
    if (list) list.push(id);
    else affixes.set(k, [id]);
  };
  for (let id = 0; id < words.length; id++) {
    const w = words[id]!;
    if (w.length < TYPO_MIN_LETTERS) continue;
    file(`p:${w.slice(0, AFFIX)}`, id);
    file(`s:${w.slice(-AFFIX)}`, id);
  }
  return affixes;
}

/**
 * The listed words a typo search for `key` finds: those that share its first or last AFFIX letters
 * and are `typoClose` to it, itself excepted. Calls `found` with each one's position in `words`.
 */
function typoSearch(key: string, words: readonly string[], affixes: Map<string, number[]>, found: (id: number) => void): void {
  const prefix = key.slice(0, AFFIX);
  const consider = (id: number): void => {
    const w = words[id]!;
    if (w !== key && typoClose(key, w)) found(id);
  };
  for (const id of affixes.get(`p:${prefix}`) ?? []) consider(id);
  for (const id of affixes.get(`s:${key.slice(-AFFIX)}`) ?? []) if (!words[id]!.startsWith(prefix)) consider(id);
}

/** The same search by a scan of every word, without the affix map: what a single check does. */
export function scanTypoWords(key: string, words: readonly string[], found: (id: number) => void): void {
  const prefix = key.slice(0, AFFIX);
  const suffix = key.slice(-AFFIX);
  for (let id = 0; id < words.length; id++) {
    const w = words[id]!;
    if (w.length >= TYPO_MIN_LETTERS && w !== key && (w.startsWith(prefix) || w.endsWith(suffix)) && typoClose(key, w)) found(id);
  }
}

// Names whose tokens, folds and typo tests an index holds the answers to. An installed index is
// built by one version of vet and read by later ones: if a later one tokenises, folds or decides
// typos differently, the index's keys would not be found and its typo words would be another
// version's answers. So the index keeps a fingerprint of these answers, and a vet that gives
// others rebuilds it, even where INDEX_FORMAT was not bumped. The probes exercise fold rules
// (Korean, Russian, German, Chinese and Arabic spellings), legal forms, initials, numbers,
// particles and repeats, and the distance the typo test rests on. They are ASCII: a first
// transliteration costs a run about 7 ms (and the OFAC files are Latin-1), so a change in
// any-ascii's tables is for INDEX_FORMAT to say. The list of equivalent given names (which a
// typo test consults) goes in as text.
const PROBE_NAMES = [
  'Song Kum Hyok',
  'SONG, Kum-hyok',
  "Ch'oe Ch'un-yo'ng",
  'Park Jung-hee',
  'Ri Jong Chol, Lee Yong, Rim Yong-ho, Ryu Hyon U, Ro Kyong-il, Nyi Li',
  "Gayk Vardanovich Asatryan, Mikhail Yur'evich Pisklin, Dzhokhar Djamal",
  'Schwarzkopf Tschernow Phillips Thatcher Bach Schmidt',
  'Zhang Xiaoping, Hsu Chih-hsiang, Xu Qian, Kwok Cheung Ceylon',
  'Muhammad ibn Yusuf, Osama bin Laden, Al-Mansoori, Abdoullah',
  'Eoun Euljin Seo, Keeyoung Yiyi, Hyeok Hyok, Teoh Oi Leng, Feyj Bej Kaj',
  'Wassily Wolf Oskar Matthew Buddy',
  'FORTUNA LIMITED LIABILITY COMPANY',
  'Korea Kwangson Banking Corp. & Sons Intl',
  'A.B.C. Trading Co. Ltd',
  'Louis XIV, The 3rd Brigade, Unit 180',
  'Van der Berg, de la Cruz, Mr Dr John',
  'Shoigu Shoigu Sergey',
];
const PROBE_DISTANCES: readonly (readonly [string, string])[] = [
  ['asatlian', 'asatlyan'],
  ['asatlian', 'asamoah'],
  ['mohamet', 'muhamat'],
  ['fortuna', 'fortuuna'],
  ['volasis', 'volassis'],
  ['kastlo', 'kastiyo'],
  ['sanmann', 'sanmahn'],
  ['internasional', 'intelnasional'],
];
let fingerprint: string | undefined;

/** A digest of how this vet tokenises and folds names and decides typos (see PROBE_NAMES). */
export function nameIndexFingerprint(): string {
  if (fingerprint === undefined) {
    const answers = PROBE_NAMES.map((n) =>
      tokenise(n)
        .map((t) => `${t.kind}:${t.text}:${t.key}:${t.syllabic === true ? 1 : 0}`)
        .join(' '),
    );
    answers.push(PROBE_DISTANCES.map(([a, b]) => weightedDistance(a, b)).join(','));
    answers.push(Array.from({ length: 16 }, (_, n) => editsAllowed(n)).join(','));
    answers.push(`${TYPO_MIN_LETTERS} ${AFFIX}`, equivalentGroupsText());
    fingerprint = createHash('sha256').update(answers.join('\n')).digest('hex').slice(0, 16);
  }
  return fingerprint;
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
      keys.add(wordKey(t.key));
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
  const keys = [...lists.keys()].sort();
  const offsets = new Int32Array(keys.length + 1);
  let total = 0;
  keys.forEach((k, i) => {
    offsets[i] = total;
    total += lists.get(k)!.length;
  });
  offsets[keys.length] = total;
  const ids = new Int32Array(total);
  keys.forEach((k, i) => ids.set(lists.get(k)!, offsets[i]));
  const folded = [...frequency.keys()].sort();
  const wordEntries = Int32Array.from(folded.map((k) => frequency.get(k)!.size));
  // Every word is a key of its own ("k:" and the word), and both tables are sorted: one walk.
  const wordPostings = new Int32Array(folded.length);
  for (let i = 0, k = 0; i < folded.length; i++) {
    const key = wordKey(folded[i]!);
    while (k < keys.length && keys[k]! < key) k++;
    if (keys[k] !== key) throw new Error(`word ${folded[i]} has no posting list`);
    wordPostings[i] = k;
  }
  const affixes = fileByAffix(folded);
  const typoOffsets = new Int32Array(folded.length + 1);
  const typoWords: number[] = [];
  folded.forEach((w, i) => {
    if (w.length >= TYPO_MIN_LETTERS) typoSearch(w, folded, affixes, (id) => typoWords.push(id));
    typoOffsets[i + 1] = typoWords.length;
  });
  return {
    names: StringTable.of(names.map((n) => n.name)),
    nameEntries: Int32Array.from(names, (n) => n.entry),
    nameKinds: Uint8Array.from(names, (n) => NAME_KINDS.indexOf(n.kind)),
    keys: StringTable.of(keys),
    offsets,
    ids,
    wordKeys: StringTable.of(folded),
    wordEntries,
    wordPostings,
    typoOffsets,
    typoWords: Int32Array.from(typoWords),
  };
}

/** Searches an index: retrieval by shared keys, then a full comparison of the few candidates. */
export class NameIndex {
  readonly data: NameIndexData;
  private readonly prepared: (PreparedName | undefined)[];
  private readonly hits: Int32Array;
  private readonly stamp: Int32Array;
  /** Names a search has credited, in the order it first did: a list kept between searches (a search touches about a hundred). */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private round = 0;
  // Keys already looked up, by their position in `keys` (-1: not there): a batch asks for the same
  // names (and their keys) again and again. Misses are kept too, so a large export of distinct
  // names brings a new key with almost every applicant (24,699 for 20,000 distinct two-word
  // names): cleared past LOOKED_KEPT, as the fold cache is. Posting
  // lists are passed as positions, not as views of `ids`: an object for each list was a third of
  // what a screening of 20,000 names kept alive.
  private readonly looked = new Map<string, number>();
  // Listed words by their first and last AFFIX letters (fileByAffix), for the typo search of a
  // word not on the list (a listed word's was made at install), built by the 17th such search.
  private affixes: Map<string, number[]> | undefined;
  private typoSearches = 0;
  private readonly closeCache = new Map<string, number[]>();

  constructor(data: NameIndexData) {
    this.data = data;
    this.prepared = new Array<PreparedName | undefined>(data.names.length);
    this.hits = new Int32Array(data.names.length);
    this.stamp = new Int32Array(data.names.length);
    this.touched = new Int32Array(data.names.length);
  }

  get size(): number {
    return this.data.names.length;
  }

  /** In how many entries a word occurs (by its fold). */
  frequency(word: string): number {
    const i = this.data.wordKeys.find(fold(word));
    return i < 0 ? 0 : this.data.wordEntries[i]!;
  }

  /** Name `id` with its entry and kind. */
  name(id: number): IndexedName {
    return { entry: this.data.nameEntries[id]!, name: this.data.names.at(id), kind: NAME_KINDS[this.data.nameKinds[id]!]! };
  }

  /** The position of `key`'s posting list in `keys`, or -1. */
  private postings(key: string): number {
    let list = this.looked.get(key);
    if (list === undefined) {
      list = this.data.keys.find(key);
      if (this.looked.size >= LOOKED_KEPT) this.looked.clear();
      this.looked.set(key, list);
    }
    return list;
  }

  /**
   * The posting lists (positions in `keys`) of the listed words (folded) within typo distance of
   * `key`, found through their first or last letters: kept, since a batch asks again for the same words.
   */
  private closeLists(key: string): number[] {
    const known = this.closeCache.get(key);
    if (known) return known;
    const { wordKeys, wordPostings, typoOffsets, typoWords } = this.data;
    const out: number[] = [];
    const found = (id: number): void => {
      out.push(wordPostings[id]!);
    };
    const listed = wordKeys.find(key);
    if (listed >= 0) {
      // A listed word's typo search was made when the list was installed.
      for (let i = typoOffsets[listed]!; i < typoOffsets[listed + 1]!; i++) found(typoWords[i]!);
    } else {
      // A single check's one or two typo searches scan the words (a few milliseconds); the 17th
      // search files them all by affix once (about ten), which a batch then uses.
      const words = wordKeys.all();
      if (!this.affixes && ++this.typoSearches > 16) this.affixes = fileByAffix(words);
      if (this.affixes) typoSearch(key, words, this.affixes, found);
      else scanTypoWords(key, words, found);
    }
    // Bounded: a batch of real names brings many distinct rare words.
    if (this.closeCache.size >= 50_000) this.closeCache.clear();
    this.closeCache.set(key, out);
    return out;
  }

  private preparedName(id: number): PreparedName {
    let p = this.prepared[id];
    if (p === undefined) {
      p = prepareTokens(tokenise(this.data.names.at(id)));
      this.prepared[id] = p;
    }
    return p;
  }

  /** Credits each name of posting list `list` (a position in `keys`, -1 for none) once a round; gives the list's length. */
  private visit(list: number, credit: number, round: number): number {
    if (list < 0) return 0;
    const { ids, offsets } = this.data;
    const from = offsets[list]!;
    const to = offsets[list + 1]!;
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      if (this.stamp[id] === round) continue;
      this.stamp[id] = round;
      if (this.hits[id] === 0) this.touched[this.touchedCount++] = id;
      this.hits[id] = this.hits[id]! + credit;
    }
    return to - from;
  }

  /**
   * Names scoring at least `minScore` against the query, best first. `accept` filters by entry
   * before any comparison (for example, individuals only).
   */
  search(query: string | PreparedName, minScore: number, accept?: (entry: number) => boolean): Candidate[] {
    // The query's spans (its words joined in twos and threes) are made only if a listed name is
    // compared with it: most applicants' names share too little with any to be compared.
    const tokens = typeof query === 'string' ? tokenise(query) : query.tokens;
    let prepared = typeof query === 'string' ? undefined : query;
    const words = tokens.filter(isWord);
    if (words.length === 0 && tokens.length === 0) return [];
    this.touchedCount = 0;
    for (const t of words) {
      const round = ++this.round;
      const exact = this.visit(this.postings(wordKey(t.key)), 1, round);
      // A word that is on the list as written needs no typo search; one that is not (or rarely)
      // may be a misspelling of a listed word that shares its first or last three letters.
      if (exact < TYPO_SEARCH_BELOW && t.key.length >= TYPO_MIN_LETTERS) for (const list of this.closeLists(t.key)) this.visit(list, 1, round);
    }
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i]!;
      const b = tokens[i + 1]!;
      if (isWord(a) && isWord(b)) this.visit(this.postings(`k:${fold(a.text + b.text)}`), 2, ++this.round);
    }
    // Initials and legal forms are not indexed: a name with none of its words on the list is not on it.
    const need = Math.min(2, Math.max(1, words.length));
    const out: Candidate[] = [];
    for (let k = 0, n = this.touchedCount; k < n; k++) {
      const id = this.touched[k]!;
      const count = this.hits[id]!;
      this.hits[id] = 0;
      if (count < need) continue;
      if (accept && !accept(this.data.nameEntries[id]!)) continue;
      prepared ??= prepareTokens(tokens);
      const comparison = compareNames(prepared, this.preparedName(id), { screening: true, minScore });
      if (comparison.score >= minScore) out.push({ nameId: id, name: this.name(id), comparison });
    }
    if (this.round > 1_000_000_000) {
      this.stamp.fill(0);
      this.round = 0;
    }
    return out.sort((a, b) => b.comparison.score - a.comparison.score || a.nameId - b.nameId);
  }
}
