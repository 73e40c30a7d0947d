import { explain } from '../../names/match.js';
import { MATCH_THRESHOLD } from '../../names/threshold.js';
import type { SanctionsEntry, SanctionsList } from './entry.js';
import { EntryTable } from './entry-table.js';
import { buildNameIndex, NameIndex, type NameKind } from './name-index.js';
import { domainOf, walletKey } from '../../keys/values.js';

/** A loaded list, indexed for names and for exact identifiers. */
export interface Sanctions extends Identifiers {
  list: Omit<SanctionsList, 'entries'>;
  entries: EntryTable;
  index: NameIndex;
}

/** Entries by the identifiers OFAC lists in Remarks, compared exactly (after light normalising). */
export interface Identifiers {
  byEmail: Map<string, number[]>;
  byWallet: Map<string, number[]>;
  byDomain: Map<string, number[]>;
}

export function identifierMaps(entries: readonly SanctionsEntry[]): Identifiers {
  const byEmail = new Map<string, number[]>();
  const byWallet = new Map<string, number[]>();
  const byDomain = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, i: number): void => {
    const l = map.get(key);
    if (!l) map.set(key, [i]);
    else if (!l.includes(i)) l.push(i);
  };
  entries.forEach((e, i) => {
    for (const m of e.emails) add(byEmail, m.toLowerCase(), i);
    for (const w of e.wallets) add(byWallet, walletKey(w.address) ?? w.address.trim(), i);
    for (const site of e.websites) {
      const d = domainOf(site);
      if (d !== undefined) add(byDomain, d, i);
    }
  });
  return { byEmail, byWallet, byDomain };
}

/** Indexes a list held in memory (the built-in watchlist, tests); an installed list loads its stored index. */
export function indexSanctions(list: SanctionsList): Sanctions {
  const { entries, ...rest } = list;
  return { list: rest, entries: EntryTable.of(entries), index: new NameIndex(buildNameIndex(entries)), ...identifierMaps(entries) };
}

export interface ScreenOptions {
  /** Report matches at or above this score (after evidence adjustments). */
  minScore?: number;
  /** Which entries a name may match: people against individuals, companies against the rest. */
  against?: 'individuals' | 'organisations' | 'all';
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  dateOfBirth?: string;
  /** Alpha-2 codes the person is said to hold or live in. */
  countries?: string[];
}

export interface NameMatch {
  entry: SanctionsEntry;
  matchedName: string;
  nameKind: NameKind;
  /** Name similarity alone. */
  nameScore: number;
  /** After date of birth and nationality are weighed in. */
  score: number;
  reasons: string[];
  /** Date of birth agrees (+), contradicts (-) or cannot be compared (0). */
  dob: 1 | 0 | -1;
  nationality: boolean;
  /** Every matched word is common on the list and the name is short: needs corroboration. */
  common: boolean;
  /** Words of the listed name that the query lacks. */
  partial: boolean;
}

const COMMON_ENTRIES = 15;
const SHORT_NAME_LETTERS = 12;
const VERY_SHORT_NAME_LETTERS = 8;
// Patronymics (Sergeyevich, Ivanovna) are often left out of a name and do not make it another person.
const PATRONYMIC = /(ovich|evich|ovna|evna|ichna|ogly|kyzy)$/;

function dobAgreement(entry: SanctionsEntry, dob: string | undefined): { value: 1 | 0 | -1; text?: string } {
  if (dob === undefined || entry.birthDates.length === 0) return { value: 0 };
  const [y, m, d] = dob.split('-').map(Number) as [number, number?, number?];
  for (const b of entry.birthDates) {
    if (y < b.fromYear || y > b.toYear) continue;
    if (b.month !== undefined && m !== undefined && b.month !== m) continue;
    if (b.day !== undefined && d !== undefined && b.day !== d) continue;
    return { value: 1, text: b.text };
  }
  // A year off by one is a common data-entry slip; only a clear difference counts against.
  const close = entry.birthDates.some((b) => y >= b.fromYear - 1 && y <= b.toYear + 1);
  return close ? { value: 0 } : { value: -1, text: entry.birthDates.map((b) => b.text).join(', ') };
}

/**
 * Screens one name against the list, with the applicant's date of birth and countries as evidence:
 * which entries, how close and why. What a match means (its level) is the rule's to say.
 */
export function screenName(s: Sanctions, name: string, options: ScreenOptions = {}): NameMatch[] {
  const minScore = options.minScore ?? MATCH_THRESHOLD;
  const against = options.against ?? 'all';
  // Vessels and aircraft are never an applicant, an employer or a payee.
  const accept = (i: number): boolean => {
    const type = s.entries.type(i);
    if (type === 'vessel' || type === 'aircraft') return false;
    return against === 'all' || (type === 'individual') === (against === 'individuals');
  };
  // Retrieve a little below the threshold: agreeing evidence may lift a near match over it.
  const candidates = s.index.search(name, Math.max(0, minScore - 0.08), accept);
  const best = new Map<number, NameMatch>();
  for (const c of candidates) {
    const entry = s.entries.get(c.name.entry);
    const reasons = explain(c.comparison);
    let score = c.comparison.score;
    const dob = entry.type === 'individual' ? dobAgreement(entry, options.dateOfBirth) : { value: 0 as const };
    if (dob.value === 1) {
      score += 0.08;
      reasons.push(`date of birth agrees (${dob.text})`);
    } else if (dob.value === -1) {
      score -= 0.2;
      reasons.push(`date of birth differs (list: ${dob.text})`);
    }
    const listed = new Set([...entry.nationalities, ...entry.citizenships]);
    const nationality = (options.countries ?? []).some((cc) => listed.has(cc));
    if (nationality) {
      score += 0.04;
      reasons.push('nationality agrees');
    }
    const matchedWords = c.comparison.pairs.map((p) => p.b);
    const letters = matchedWords.join('').length;
    // Short names are shared by many people whatever the list says: two syllables ("Gao Yan",
    // "Yang Fan") or words that many listed people carry ("Kim", "Chol", "Ali").
    const common =
      entry.type === 'individual' &&
      (letters <= VERY_SHORT_NAME_LETTERS || (letters <= SHORT_NAME_LETTERS && matchedWords.every((w) => s.index.frequency(w) >= COMMON_ENTRIES)));
    if (common) reasons.push('short name made of common name parts');
    const partial = c.comparison.unmatchedB.some((w) => !PATRONYMIC.test(w));
    if (c.name.kind === 'weak') reasons.push('weak alias (OFAC: low-quality a.k.a.)');
    score = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
    if (score < minScore) continue;
    const match: NameMatch = {
      entry,
      matchedName: c.name.name,
      nameKind: c.name.kind,
      nameScore: c.comparison.score,
      score,
      reasons,
      dob: dob.value,
      nationality,
      common,
      partial,
    };
    const prior = best.get(c.name.entry);
    if (!prior || match.score > prior.score) best.set(c.name.entry, match);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || Number(a.entry.uid) - Number(b.entry.uid));
}
