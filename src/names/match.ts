import { fold, tokenise, type NameToken } from './normalise.js';
import { equivalentNames } from './equivalents.js';
import { editDistance, weightedDistance } from './similarity.js';

// Weights, tuned on the public nomenklatura name benchmark (test/bench/names-eval.mjs) and checked
// on vet's own labelled set (fixtures/names/screening-set.csv): a word on each side that matches nothing counts 1.3 times its length, a word on one side only
// 0.2 (people) or 0.8 (organisations) times.
export const SUBSTITUTED = 1.3;
export const EXTRA_PERSON = 0.2;
// When a query is screened against a list, a first or last word only the query has counts more:
// lists spell names out in full and applicants leave middle words out, but an outer word that no
// alias holds is the applicant's own given name or surname ("Min-jun B. Mock" is not "MIN, Byong
// Chun"). Checked on the ordinary-names probe in test/bench/screening-eval.mjs.
export const EXTRA_QUERY_PERSON = 0.8;
export const EXTRA_ORGANISATION = 0.8;
export const SINGLE_WORD_CAP = 0.7;
// Similarity lost per edit left after folding, by word length (5-7 letters, 8 and more).
const PER_EDIT_MID = 0.12;
const PER_EDIT_LONG = 0.08;

export type PairKind = 'exact' | 'variant' | 'typo' | 'initial' | 'joined';

export interface TokenPair {
  a: string;
  b: string;
  kind: PairKind;
  similarity: number;
}

export interface NameComparison {
  score: number;
  pairs: TokenPair[];
  /** Tokens of each name that matched nothing. */
  unmatchedA: string[];
  unmatchedB: string[];
  /** True when the matched tokens appear in a different order in the two names. */
  reordered: boolean;
}

/** A name prepared once for many comparisons (the index keeps these for list names). */
export interface PreparedName {
  tokens: NameToken[];
  spans: Span[];
  weight: number;
  /** Tokens of kind 'word'. */
  words: number;
  /** A legal form among the tokens: the name is an organisation's. */
  legal: boolean;
}

interface Span {
  /** Token positions covered (one, or adjacent ones joined). */
  from: number;
  to: number;
  text: string;
  key: string;
  kind: NameToken['kind'];
  weight: number;
  syllabic: boolean;
  /** First letters of the words covered, for "U.S." against "United States". */
  initials: string;
}

export function tokenWeight(t: NameToken): number {
  switch (t.kind) {
    case 'legal':
      return 0.5;
    case 'initial':
    case 'particle':
      return 1;
    case 'initials':
      return t.text.length;
    case 'number':
      return 2;
    default:
      return Math.max(2, t.text.length);
  }
}

export function prepareName(raw: string): PreparedName {
  return prepareTokens(tokenise(raw));
}

export function prepareTokens(tokens: NameToken[]): PreparedName {
  const spans: Span[] = [];
  let weight = 0;
  tokens.forEach((t, i) => {
    const w = tokenWeight(t);
    weight += w;
    spans.push({ from: i, to: i, text: t.text, key: t.key, kind: t.kind, weight: w, syllabic: t.syllabic === true, initials: t.text[0]! });
  });
  // Joined given names: "Kum Hyok", "Kum-Hyok" and "Kumhyok" are one name written three ways.
  for (let len = 2; len <= 3; len++) {
    for (let i = 0; i + len <= tokens.length; i++) {
      const part = tokens.slice(i, i + len);
      // An initial stands for a word of its own: "B. Pattern" is not one word "Bpattern".
      if (part.some((t) => t.kind === 'number' || t.kind === 'initials' || t.kind === 'initial')) continue;
      const text = part.map((t) => t.text).join('');
      spans.push({
        from: i,
        to: i + len - 1,
        text,
        key: fold(text),
        kind: 'word',
        weight: part.reduce((s, t) => s + tokenWeight(t), 0),
        syllabic: part.some((t) => t.syllabic === true),
        initials: part.map((t) => t.text[0]).join(''),
      });
    }
  }
  return { tokens, spans, weight, words: tokens.filter((t) => t.kind === 'word').length, legal: tokens.some((t) => t.kind === 'legal') };
}

interface Candidate {
  sa: Span;
  sb: Span;
  sim: number;
  kind: PairKind;
}

type Comparable = Pick<Span, 'text' | 'key' | 'kind' | 'syllabic' | 'initials'> & { from?: number; to?: number };

/**
 * How many edits a word of this length may take and still be the same name: none but a close
 * vowel in a short word (Jong/Jung; Kim and Kum are different names), one in a mid-length word
 * (Benz/Benn), two in a long one. Beyond that it is another name (Castro/Castillo).
 */
export function editsAllowed(longest: number): number {
  return longest <= 4 ? 0.4 : longest <= 7 ? 1 : longest <= 11 ? 2 : 3;
}

// Shared results: a screening asks for millions of span likenesses, most of them none.
const NONE: Readonly<{ sim: number; kind: PairKind }> = Object.freeze({ sim: 0, kind: 'typo' });
const EXACT: Readonly<{ sim: number; kind: PairKind }> = Object.freeze({ sim: 1, kind: 'exact' });
const INITIAL: Readonly<{ sim: number; kind: PairKind }> = Object.freeze({ sim: 0.9, kind: 'initial' });
const SAME_KEY: Readonly<{ sim: number; kind: PairKind }> = Object.freeze({ sim: 0.94, kind: 'variant' });
const EQUIVALENT: Readonly<{ sim: number; kind: PairKind }> = Object.freeze({ sim: 0.9, kind: 'variant' });

function joined(x: Comparable): boolean {
  return x.from !== undefined && x.from !== x.to;
}

/** Similarity of two spans (0 when they are different words) and what kind of likeness it is. */
export function spanSimilarity(a: Comparable, b: Comparable): Readonly<{ sim: number; kind: PairKind }> {
  if (a.kind === 'initials' || b.kind === 'initials') {
    const [i, w] = a.kind === 'initials' ? [a, b] : [b, a];
    if (i.text === w.text) return EXACT;
    return joined(w) && w.initials === i.text ? INITIAL : NONE;
  }
  if (a.kind === 'legal' || b.kind === 'legal' || a.kind === 'number' || b.kind === 'number') {
    return a.kind === b.kind && a.text === b.text ? EXACT : NONE;
  }
  if (a.text === b.text) return EXACT;
  if (a.kind === 'particle' || b.kind === 'particle') return NONE;
  if (a.kind === 'initial' || b.kind === 'initial') {
    if (a.kind === 'initial' && b.kind === 'initial') return NONE;
    const [i, w] = a.kind === 'initial' ? [a, b] : [b, a];
    return !joined(w) && w.text.startsWith(i.text) ? INITIAL : NONE;
  }
  // A Hangul or Chinese syllable is the same syllable or another one: 김정은 and 김종은 are two
  // people. Against a romanised name, its romanisation may differ by system (금 = Kum = Geum).
  if (a.syllabic && b.syllabic) return NONE;
  if (a.key === b.key) return SAME_KEY;
  if (a.syllabic || b.syllabic) return NONE;
  if (!joined(a) && !joined(b) && equivalentNames(a.key, b.key)) return EQUIVALENT;
  const longest = Math.max(a.text.length, b.text.length);
  const allowed = editsAllowed(longest);
  // Each edit changes the length by at most one: words far apart in length cannot be close.
  if (Math.abs(a.key.length - b.key.length) > allowed && Math.abs(a.text.length - b.text.length) > allowed) return NONE;
  const variant = weightedDistance(a.key, b.key, allowed);
  // Only a typo distance below the variant's changes the result: past it, the count may stop.
  const typo = editDistance(a.text, b.text, Math.min(allowed, variant));
  const distance = Math.min(variant, typo);
  if (distance > allowed) return NONE;
  const perEdit = longest <= 4 ? 0.3 : longest <= 7 ? PER_EDIT_MID : PER_EDIT_LONG;
  return { sim: 1 - distance * perEdit, kind: variant < typo ? 'variant' : 'typo' };
}

export interface CompareOptions {
  /** `a` is a query screened against `b`, a listed name: an outer word only `a` has counts more (EXTRA_QUERY_PERSON). */
  screening?: boolean;
  /**
   * Only a score at or above this matters to the caller: below it, the comparison stops at the
   * score and leaves its pairs and unmatched words empty (most candidates a search compares).
   */
  minScore?: number;
}

/** Compares two names, order-insensitive, with joined tokens, initials and romanization variants. */
export function compareNames(a: string | PreparedName, b: string | PreparedName, options: CompareOptions = {}): NameComparison {
  const pa = typeof a === 'string' ? prepareName(a) : a;
  const pb = typeof b === 'string' ? prepareName(b) : b;
  const total = pa.weight + pb.weight;
  if (pa.tokens.length === 0 || pb.tokens.length === 0 || total === 0) {
    return { score: 0, pairs: [], unmatchedA: pa.tokens.map((t) => t.text), unmatchedB: pb.tokens.map((t) => t.text), reordered: false };
  }
  const candidates: Candidate[] = [];
  for (const sa of pa.spans) {
    const joinedA = sa.from !== sa.to;
    for (const sb of pb.spans) {
      const joinedB = sb.from !== sb.to;
      if (joinedA && joinedB) continue;
      const { sim, kind } = spanSimilarity(sa, sb);
      if (sim > 0) candidates.push({ sa, sb, sim, kind: joinedA || joinedB ? 'joined' : kind });
    }
  }
  // Best first: likeness, then weight; equal ones in the order they were found (a stable sort).
  // A comparison has a few candidates: an insertion sort, without a comparator's calls.
  for (let i = 1; i < candidates.length; i++) {
    const x = candidates[i]!;
    let j = i - 1;
    while (j >= 0 && after(candidates[j]!, x)) {
      candidates[j + 1] = candidates[j]!;
      j--;
    }
    candidates[j + 1] = x;
  }
  const usedA = new Uint8Array(pa.tokens.length);
  const usedB = new Uint8Array(pb.tokens.length);
  const chosen: Candidate[] = [];
  let matched = 0;
  let matchedWeight = 0;
  // What the caps below need to know of the chosen pairs, counted as they are chosen.
  let onlyLegal = true;
  let named = false;
  let matchedWords = 0;
  let onlySingle = true;
  for (const c of candidates) {
    if (rangeUsed(usedA, c.sa) || rangeUsed(usedB, c.sb)) continue;
    markRange(usedA, c.sa);
    markRange(usedB, c.sb);
    chosen.push(c);
    // An initial stands for a word but carries only its letter's weight on both sides.
    const weight = c.kind === 'initial' ? 2 : c.sa.weight + c.sb.weight;
    matchedWeight += weight;
    matched += c.sim * weight;
    if (c.sa.kind !== 'legal' && c.sa.kind !== 'number') onlyLegal = false;
    if (c.kind !== 'initial' && c.sa.kind !== 'particle' && c.sa.kind !== 'legal') named = true;
    if (c.sa.kind === 'word' || c.sb.kind === 'word') matchedWords++;
    if (c.sa.from !== c.sa.to || c.sb.from !== c.sb.to) onlySingle = false;
  }
  // A word on each side that matched nothing is a different name part (Castro/Castillo, a
  // different father's name): it counts in full. A word on one side only is an omitted middle
  // name or qualifier: it counts less for people, more for organisations, whose extra words
  // ("Trust", a country) often name a different body.
  const organisation = pa.legal || pb.legal;
  // A query's first and last words are its given name and surname; the words between are middle
  // names, patronymics and initials, which a list may lack ("Gayk Vardanovich Asatryan").
  const lastA = pa.tokens.length - 1;
  // The unmatched words' weights, heaviest first (equal ones in token order, as a stable sort
  // leaves them: on the query's side each carries its own extra weight).
  const restA = unmatchedWeights(pa.tokens, usedA, SCRATCH_A);
  const restB = unmatchedWeights(pb.tokens, usedB, SCRATCH_B);
  const wa = SCRATCH_A.weights;
  const wb = SCRATCH_B.weights;
  let penalty = 0;
  const paired = Math.min(restA, restB);
  for (let i = 0; i < paired; i++) penalty += SUBSTITUTED * (wa[i]! + wb[i]!);
  for (let i = paired; i < restA; i++) {
    const t = SCRATCH_A.tokens[i]!;
    const extra = organisation
      ? EXTRA_ORGANISATION
      : options.screening === true && (t === 0 || t === lastA) && pa.tokens[t]!.kind === 'word'
        ? EXTRA_QUERY_PERSON
        : EXTRA_PERSON;
    penalty += wa[i]! * extra;
  }
  for (let i = paired; i < restB; i++) penalty += wb[i]! * (organisation ? EXTRA_ORGANISATION : EXTRA_PERSON);
  let score = matchedWeight + penalty > 0 ? matched / (matchedWeight + penalty) : 0;
  // Legal forms alone never make two names the same.
  if (onlyLegal) score = Math.min(score, 0.3);
  // Initials alone do not name anyone ("N.N.").
  if (!named) score = Math.min(score, 0.5);
  // One word of a longer name is not that name ("Kim" is not "Kim Jong Un").
  if (matchedWords < 2 && Math.max(pa.words, pb.words) >= 2 && onlySingle) score = Math.min(score, SINGLE_WORD_CAP);
  const rounded = Math.round(Math.min(1, score) * 1000) / 1000;
  if (options.minScore !== undefined && rounded < options.minScore) return { score: rounded, pairs: [], unmatchedA: [], unmatchedB: [], reordered: false };
  const unmatchedA = pa.tokens.filter((_, i) => !usedA[i]).map((t) => t.text);
  const unmatchedB = pb.tokens.filter((_, i) => !usedB[i]).map((t) => t.text);
  const order = [...chosen].sort((x, y) => x.sa.from - y.sa.from).map((c) => c.sb.from);
  const reordered = order.some((v, i) => i > 0 && v < order[i - 1]!);
  return {
    score: rounded,
    pairs: chosen.sort((x, y) => x.sa.from - y.sa.from).map((c) => ({ a: c.sa.text, b: c.sb.text, kind: c.kind, similarity: Math.round(c.sim * 1000) / 1000 })),
    unmatchedA,
    unmatchedB,
    reordered,
  };
}

/** Whether candidate x goes after y: less alike, or as alike and lighter. */
function after(y: Candidate, x: Candidate): boolean {
  return (x.sim - y.sim || x.sa.weight + x.sb.weight - (y.sa.weight + y.sb.weight)) > 0;
}

/** Weights of a name's unmatched tokens and their positions, reused by every comparison. */
interface Scratch {
  weights: Float64Array;
  tokens: Int32Array;
}
const SCRATCH_A: Scratch = { weights: new Float64Array(16), tokens: new Int32Array(16) };
const SCRATCH_B: Scratch = { weights: new Float64Array(16), tokens: new Int32Array(16) };

/**
 * Writes the weights of the tokens not `used` into `scratch`, heaviest first and equal ones in
 * token order, with each one's position; gives how many.
 */
function unmatchedWeights(tokens: readonly NameToken[], used: Uint8Array, scratch: Scratch): number {
  if (scratch.weights.length < tokens.length) {
    scratch.weights = new Float64Array(tokens.length);
    scratch.tokens = new Int32Array(tokens.length);
  }
  const { weights, tokens: at } = scratch;
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const w = tokenWeight(tokens[i]!);
    let j = n - 1;
    while (j >= 0 && weights[j]! < w) {
      weights[j + 1] = weights[j]!;
      at[j + 1] = at[j]!;
      j--;
    }
    weights[j + 1] = w;
    at[j + 1] = i;
    n++;
  }
  return n;
}

export function rangeUsed(used: Uint8Array, s: Span): boolean {
  for (let i = s.from; i <= s.to; i++) if (used[i]) return true;
  return false;
}

export function markRange(used: Uint8Array, s: Span): void {
  for (let i = s.from; i <= s.to; i++) used[i] = 1;
}

/** One line per reason, for a reviewer: what matched what, and how. */
export function explain(c: NameComparison): string[] {
  const lines = c.pairs.map((p) => {
    switch (p.kind) {
      case 'exact':
        return `"${p.a}" = "${p.b}"`;
      case 'variant':
        return `"${p.a}" ~ "${p.b}" (spelling or romanization variant, ${p.similarity})`;
      case 'typo':
        return `"${p.a}" ~ "${p.b}" (close spelling, ${p.similarity})`;
      case 'initial':
        return `"${p.a}" ~ "${p.b}" (initial)`;
      case 'joined':
        return `"${p.a}" ~ "${p.b}" (joined or split words, ${p.similarity})`;
    }
  });
  if (c.reordered) lines.push('word order differs');
  if (c.unmatchedA.length > 0) lines.push(`unmatched in first name: ${c.unmatchedA.join(' ')}`);
  if (c.unmatchedB.length > 0) lines.push(`unmatched in second name: ${c.unmatchedB.join(' ')}`);
  return lines;
}
