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
  /** Alpha-2 codes the person is said to hold or live in (nationality, address, claimed location). */
  countries?: string[];
  /** The nationality the person claims (alpha-2): one the entry does not list speaks against the match. */
  nationality?: string;
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
  /** Why the date of birth could not be compared, when `dob` is 0. */
  dobUncompared?: string;
  /** The agreeing date of birth agrees to the day (not only a year, a month or OFAC's "circa" or range). */
  dobExact: boolean;
  nationality: boolean;
  /**
   * The person lives (address, claimed location) in a country of the entry's nationality. Millions
   * do: it lifts the score a little but does not corroborate a name on its own.
   */
  residence: boolean;
  /** The person claims a nationality and the entry lists others, none of them that one. */
  nationalityDiffers: boolean;
  /**
   * The name is common: short and made of parts many listed people carry, or so common on the list
   * that the list itself would hold it by chance (see `expectedOnList`). Needs corroboration.
   */
  common: boolean;
  /** Words of the listed name that the query lacks. */
  partial: boolean;
  /**
   * How many entries of this list would carry this combination of name parts by chance: the
   * number of entries times the product of each matched part's share of entries. 2.8 for
   * "Mohammed Hassan", 0.0001 for "Gayk Asatryan". Data from the installed list, not a guess
   * about anyone's origin.
   */
  expectedOnList: number;
  /** Every part of the listed name is there and each is rare on the list (at most RARE_ENTRIES entries). */
  distinctive: boolean;
}

const COMMON_ENTRIES = 15;
/** A name part in this many entries or fewer is rare on the list. */
const RARE_ENTRIES = 2;
/** Rarity on a list says something only when the list is large (the built-in watchlist has 28 entries). */
const RARITY_MIN_ENTRIES = 1000;
const SHORT_NAME_LETTERS = 12;
const VERY_SHORT_NAME_LETTERS = 8;
// Patronymics (Sergeyevich, Ivanovna) are often left out of a name and do not make it another person.
const PATRONYMIC = /(ovich|evich|ovna|evna|ichna|ogly|kyzy)$/;

function dobAgreement(entry: SanctionsEntry, dob: string | undefined): { value: 1 | 0 | -1; text?: string; exact?: boolean; why?: string } {
  if (dob === undefined) return { value: 0, why: 'no date of birth given' };
  if (entry.birthDates.length === 0) return { value: 0, why: 'the entry gives no date of birth' };
  const [y, m, d] = dob.split('-').map(Number) as [number, number?, number?];
  for (const b of entry.birthDates) {
    if (y < b.fromYear || y > b.toYear) continue;
    if (b.month !== undefined && m !== undefined && b.month !== m) continue;
    if (b.day !== undefined && d !== undefined && b.day !== d) continue;
    return { value: 1, text: b.text, exact: !b.circa && b.fromYear === b.toYear && b.day !== undefined && d !== undefined };
  }
  // A year off by one is a common data-entry slip; only a clear difference counts against.
  const close = entry.birthDates.some((b) => y >= b.fromYear - 1 && y <= b.toYear + 1);
  const listed = entry.birthDates.map((b) => b.text).join(', ');
  return close ? { value: 0, why: `the date of birth is a year off the entry's (${listed})` } : { value: -1, text: listed };
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
    const nationality = options.nationality !== undefined && listed.has(options.nationality);
    const residence = !nationality && (options.countries ?? []).some((cc) => listed.has(cc));
    if (nationality || residence) {
      score += 0.04;
      reasons.push(nationality ? 'nationality agrees' : 'lives in a country of the listed nationality');
    }
    const nationalityDiffers = !nationality && options.nationality !== undefined && listed.size > 0 && !listed.has(options.nationality);
    if (nationalityDiffers) reasons.push(`nationality differs (list: ${[...listed].join(', ')})`);
    const matchedWords = c.comparison.pairs.map((p) => p.b);
    const letters = matchedWords.join('').length;
    const frequencies = matchedWords.map((w) => Math.max(1, s.index.frequency(w)));
    const total = Math.max(1, s.entries.length);
    const expectedOnList = frequencies.reduce((e, f) => (e * f) / total, total);
    // Short names are shared by many people whatever the list says: two syllables ("Gao Yan",
    // "Yang Fan") or words that many listed people carry ("Kim", "Chol", "Ali"). A name the list
    // would hold about once by chance ("Mohammed Hassan") is as weak a match.
    const shortCommon = letters <= VERY_SHORT_NAME_LETTERS || (letters <= SHORT_NAME_LETTERS && frequencies.every((f) => f >= COMMON_ENTRIES));
    const common = entry.type === 'individual' && (shortCommon || expectedOnList >= 1);
    if (common) reasons.push(shortCommon ? 'short name made of common name parts' : 'name parts common on the list: the list would hold this name by chance');
    const partial = c.comparison.unmatchedB.some((w) => !PATRONYMIC.test(w));
    const distinctive =
      entry.type === 'individual' &&
      total >= RARITY_MIN_ENTRIES &&
      c.comparison.unmatchedB.length === 0 &&
      frequencies.length >= 2 &&
      frequencies.every((f) => f <= RARE_ENTRIES);
    if (distinctive) reasons.push(`every part of the listed name is there, each in at most ${RARE_ENTRIES} entries of the list`);
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
      dobExact: dob.exact === true,
      ...(dob.why !== undefined ? { dobUncompared: dob.why } : {}),
      nationality,
      residence,
      nationalityDiffers,
      common,
      partial,
      expectedOnList: Math.round(expectedOnList * 10000) / 10000,
      distinctive,
    };
    const prior = best.get(c.name.entry);
    if (!prior || match.score > prior.score) best.set(c.name.entry, match);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || Number(a.entry.uid) - Number(b.entry.uid));
}
