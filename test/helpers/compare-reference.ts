// The name comparison's scoring as it was written before it was rewritten without allocations
// (src/names/match.ts), on the same weights, span likenesses and helpers: a property test holds
// the two equal, field for field. A change to how a comparison scores goes into both.
import {
  EXTRA_ORGANISATION,
  EXTRA_PERSON,
  EXTRA_QUERY_PERSON,
  markRange,
  prepareName,
  rangeUsed,
  SINGLE_WORD_CAP,
  spanSimilarity,
  SUBSTITUTED,
  tokenWeight,
  type CompareOptions,
  type NameComparison,
  type PairKind,
  type PreparedName,
} from '../../src/names/match.js';

type Span = PreparedName['spans'][number];

interface Candidate {
  sa: Span;
  sb: Span;
  sim: number;
  kind: PairKind;
}

export function compareNamesReference(a: string | PreparedName, b: string | PreparedName, options: CompareOptions = {}): NameComparison {
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
  candidates.sort((x, y) => y.sim - x.sim || y.sa.weight + y.sb.weight - (x.sa.weight + x.sb.weight));
  const usedA = new Uint8Array(pa.tokens.length);
  const usedB = new Uint8Array(pb.tokens.length);
  const chosen: Candidate[] = [];
  let matched = 0;
  let matchedWeight = 0;
  for (const c of candidates) {
    if (rangeUsed(usedA, c.sa) || rangeUsed(usedB, c.sb)) continue;
    markRange(usedA, c.sa);
    markRange(usedB, c.sb);
    chosen.push(c);
    // An initial stands for a word but carries only its letter's weight on both sides.
    const weight = c.kind === 'initial' ? 2 : c.sa.weight + c.sb.weight;
    matchedWeight += weight;
    matched += c.sim * weight;
  }
  const restB = pb.tokens.filter((_, i) => !usedB[i]);
  // A word on each side that matched nothing is a different name part (Castro/Castillo, a
  // different father's name): it counts in full. A word on one side only is an omitted middle
  // name or qualifier: it counts less for people, more for organisations, whose extra words
  // ("Trust", a country) often name a different body.
  const organisation = pa.tokens.some((t) => t.kind === 'legal') || pb.tokens.some((t) => t.kind === 'legal');
  // A query's first and last words are its given name and surname; the words between are middle
  // names, patronymics and initials, which a list may lack ("Gayk Vardanovich Asatryan").
  const lastA = pa.tokens.length - 1;
  const extraA = (i: number): number =>
    organisation
      ? EXTRA_ORGANISATION
      : options.screening === true && (i === 0 || i === lastA) && pa.tokens[i]!.kind === 'word'
        ? EXTRA_QUERY_PERSON
        : EXTRA_PERSON;
  const wa = pa.tokens.flatMap((t, i) => (usedA[i] ? [] : [{ w: tokenWeight(t), extra: extraA(i) }])).sort((x, y) => y.w - x.w);
  const wb = restB.map(tokenWeight).sort((x, y) => y - x);
  let penalty = 0;
  const paired = Math.min(wa.length, wb.length);
  for (let i = 0; i < paired; i++) penalty += SUBSTITUTED * (wa[i]!.w + wb[i]!);
  for (const { w, extra } of wa.slice(paired)) penalty += w * extra;
  for (const w of wb.slice(paired)) penalty += w * (organisation ? EXTRA_ORGANISATION : EXTRA_PERSON);
  let score = matchedWeight + penalty > 0 ? matched / (matchedWeight + penalty) : 0;
  // Legal forms alone never make two names the same.
  if (chosen.every((c) => c.sa.kind === 'legal' || c.sa.kind === 'number')) score = Math.min(score, 0.3);
  // Initials alone do not name anyone ("N.N.").
  if (!chosen.some((c) => c.kind !== 'initial' && c.sa.kind !== 'particle' && c.sa.kind !== 'legal')) score = Math.min(score, 0.5);
  // One word of a longer name is not that name ("Kim" is not "Kim Jong Un").
  const wordsA = pa.tokens.filter((t) => t.kind === 'word').length;
  const wordsB = pb.tokens.filter((t) => t.kind === 'word').length;
  const matchedWords = chosen.filter((c) => c.sa.kind === 'word' || c.sb.kind === 'word').length;
  if (matchedWords < 2 && Math.max(wordsA, wordsB) >= 2 && chosen.every((c) => c.sa.from === c.sa.to && c.sb.from === c.sb.to))
    score = Math.min(score, SINGLE_WORD_CAP);
  const rounded = Math.round(Math.min(1, score) * 1000) / 1000;
  if (options.minScore !== undefined && rounded < options.minScore) return { score: rounded, pairs: [], unmatchedA: [], unmatchedB: [], reordered: false };
  const unmatchedA = pa.tokens.filter((_, i) => !usedA[i]).map((t) => t.text);
  const unmatchedB = restB.map((t) => t.text);
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
