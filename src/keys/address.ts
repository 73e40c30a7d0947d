import { mayEndCountryName, toCountryCodeStrict } from './countries.js';

// USPS Publication 28 abbreviations (appendix C1, street suffixes; C2, secondary unit designators),
// the common ones: both spellings of one place must give one key.
const STREET_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    street: 'st',
    str: 'st',
    avenue: 'ave',
    av: 'ave',
    avn: 'ave',
    road: 'rd',
    boulevard: 'blvd',
    boul: 'blvd',
    drive: 'dr',
    drv: 'dr',
    lane: 'ln',
    court: 'ct',
    place: 'pl',
    terrace: 'ter',
    parkway: 'pkwy',
    pky: 'pkwy',
    highway: 'hwy',
    circle: 'cir',
    square: 'sq',
    trail: 'trl',
    route: 'rte',
    expressway: 'expy',
    freeway: 'fwy',
    crossing: 'xing',
    heights: 'hts',
    point: 'pt',
    plaza: 'plz',
    ridge: 'rdg',
    mount: 'mt',
    center: 'ctr',
    centre: 'ctr',
  }),
);
// Apartment, suite and the like all mean "this unit of the building": one token, so "Apt 4", "#4"
// and "Unit 4" agree. "No." only before a digit, since "no" is also a word.
const UNIT_WORDS = new Set(['apartment', 'apt', 'unit', 'suite', 'ste', 'room', 'rm', 'flat', 'number', 'num']);
const DIRECTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    north: 'n',
    south: 's',
    east: 'e',
    west: 'w',
    northeast: 'ne',
    northwest: 'nw',
    southeast: 'se',
    southwest: 'sw',
  }),
);
const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
];
const ORDINAL_WORDS = new Map(ORDINALS.map((w, i) => [w, `${i + 1}${ordinalSuffix(i + 1)}`]));

function ordinalSuffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

const US_STATES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    alabama: 'al',
    alaska: 'ak',
    arizona: 'az',
    arkansas: 'ar',
    california: 'ca',
    colorado: 'co',
    connecticut: 'ct',
    delaware: 'de',
    'district of columbia': 'dc',
    florida: 'fl',
    georgia: 'ga',
    hawaii: 'hi',
    idaho: 'id',
    illinois: 'il',
    indiana: 'in',
    iowa: 'ia',
    kansas: 'ks',
    kentucky: 'ky',
    louisiana: 'la',
    maine: 'me',
    maryland: 'md',
    massachusetts: 'ma',
    michigan: 'mi',
    minnesota: 'mn',
    mississippi: 'ms',
    missouri: 'mo',
    montana: 'mt',
    nebraska: 'ne',
    nevada: 'nv',
    'new hampshire': 'nh',
    'new jersey': 'nj',
    'new mexico': 'nm',
    'new york': 'ny',
    'north carolina': 'nc',
    'north dakota': 'nd',
    ohio: 'oh',
    oklahoma: 'ok',
    oregon: 'or',
    pennsylvania: 'pa',
    'rhode island': 'ri',
    'south carolina': 'sc',
    'south dakota': 'sd',
    tennessee: 'tn',
    texas: 'tx',
    utah: 'ut',
    vermont: 'vt',
    virginia: 'va',
    washington: 'wa',
    'west virginia': 'wv',
    wisconsin: 'wi',
    wyoming: 'wy',
    'puerto rico': 'pr',
    guam: 'gu',
  }),
);
// Multi-word state names by their first word ("new" starts four): tried only where one can start.
const MULTI_WORD_STATES = new Map<string, string[][]>();
for (const name of US_STATES.keys()) {
  const words = name.split(' ');
  if (words.length > 1) MULTI_WORD_STATES.set(words[0]!, [...(MULTI_WORD_STATES.get(words[0]!) ?? []), words]);
}

/** The parts of a postal address a key is made of (the applicant's Address has these and more). */
export interface AddressParts {
  street?: string | undefined;
  city?: string | undefined;
  region?: string | undefined;
  postalCode?: string | undefined;
  /** Not part of the key: one side often omits it. */
  country?: string | undefined;
  /** The address as one line, when it was given that way. */
  text?: string | undefined;
}

/**
 * A postal address as a comparison key: case, accents, punctuation, street types, unit designators
 * (Apartment, Apt, #, Unit, Suite), directions, ordinal words, US state names and ZIP+4 all folded,
 * so "123 Main Street, Apt. 4, Springfield, Illinois 62701" and "123 MAIN ST #4 SPRINGFIELD IL
 * 62701-1234" give one key. The country is left out: one side often omits it. Undefined when the address is too vague to be one place (no number, or
 * fewer than three words): a city alone is shared by millions.
 */
export function addressKey(address: AddressParts): string | undefined {
  // Kept per address object: a rule and the identity index ask about the same address.
  const known = KEYS.get(address);
  if (known !== undefined) return known ?? undefined;
  const key = computeKey(address);
  KEYS.set(address, key ?? null);
  return key;
}

const KEYS = new WeakMap<AddressParts, string | null>();

const ASCII = /^[\x00-\x7f]*$/;

function computeKey(address: AddressParts): string | undefined {
  const parts =
    address.text !== undefined
      ? [address.text]
      : [address.street, address.city, address.region, address.postalCode].filter((p): p is string => typeof p === 'string');
  let text = parts.join(' ');
  // ASCII has no format characters, and NFKD leaves it as it is: most addresses need neither step.
  if (!ASCII.test(text)) {
    text = text
      .replace(/\p{Cf}/gu, '') // zero-width and bidi characters: invisible, never a different address
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '');
  }
  // Each step runs only where the text holds what it looks for (most addresses have no ZIP+4, "#" or "No.").
  text = text.toLowerCase();
  const hyphen = text.includes('-');
  if (hyphen) text = text.replace(/\b(\d{5})-\d{4}\b/g, '$1'); // ZIP+4
  const hash = text.includes('#');
  if (hash) text = text.replace(/#/g, ' # ');
  if (text.includes('no')) text = text.replace(/\bno\.?\s*(?=\d)/g, ' # ');
  text = text.replace(/[.,;:()'"]/g, ' ');
  // "4B" and "4-B" after a unit word are one unit.
  if (hyphen && text.includes('#')) text = text.replace(/(#\s*\d+)\s*-\s*([a-z])\b/g, '$1$2');
  let words = text.split(/\s+/).filter(Boolean);
  words = dropTrailingCountry(words);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const state = MULTI_WORD_STATES.get(words[i]!)?.find((s) => s.every((w, k) => words[i + k] === w));
    if (state) {
      out.push(US_STATES.get(state.join(' '))!);
      i += state.length - 1;
      continue;
    }
    const w = words[i]!;
    if (UNIT_WORDS.has(w) || w === '#') {
      if (out[out.length - 1] !== '#') out.push('#');
      continue;
    }
    out.push(STREET_TYPES.get(w) ?? DIRECTIONS.get(w) ?? ORDINAL_WORDS.get(w) ?? US_STATES.get(w) ?? w);
  }
  if (out.length < 3 || !out.some((w) => /\d/.test(w))) return undefined;
  return out.join(' ');
}

/** An address key's words (`all`), and those that name the building: without unit markers and the unit numbers after them. */
export interface AddressWords {
  all: Set<string>;
  building: string[];
}

export function addressWords(key: string): AddressWords {
  const words = key.split(' ');
  return { all: new Set(words.filter((w) => w !== '#')), building: words.filter((w, i) => w !== '#' && words[i - 1] !== '#') };
}

/**
 * Every building word of one address is a word of the other: the same building, perhaps another
 * unit. At least three words and a number must match: a street alone is not a place.
 */
export function sameBuilding(a: AddressWords, b: AddressWords): boolean {
  const within = (small: string[], large: Set<string>) => small.length >= 3 && small.some((w) => /\d/.test(w)) && small.every((w) => large.has(w));
  return within(a.building, b.all) || within(b.building, a.all);
}

/** Removes a country named at the end ("..., USA", "United States"): the country field says it. */
function dropTrailingCountry(words: string[]): string[] {
  if (words.length < 2 || !mayEndCountryName(words[words.length - 1]!)) return words;
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    // "Georgia" at the end of a US address is the state.
    if (!US_STATES.has(tail) && toCountryCodeStrict(tail) !== undefined) return words.slice(0, -n);
  }
  return words;
}
