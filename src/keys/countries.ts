import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// i18n-iso-countries' own entry point registers all 78 locales; we only need English names.
const isoCountries = require('i18n-iso-countries/index.js') as {
  registerLocale(data: unknown): void;
  getNames(lang: string, options?: { select: 'official' | 'alias' | 'all' }): Record<string, string | string[]>;
  getAlpha2Codes(): Record<string, string>;
  getAlpha3Codes(): Record<string, string>;
};
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/**
 * Names applicants and ATS exports actually use that the ISO English list does not carry. Each maps
 * to an ISO 3166-1 alpha-2 code.
 */
const ALIASES: Record<string, string> = {
  dprk: 'KP',
  'north korea': 'KP',
  'korea dpr': 'KP',
  'dpr korea': 'KP',
  'korea north': 'KP',
  'korea democratic peoples republic of': 'KP',
  'democratic peoples republic of korea': 'KP',
  'south korea': 'KR',
  'korea south': 'KR',
  rok: 'KR',
  'republic of korea': 'KR',
  'korea republic of': 'KR',
  laos: 'LA',
  'lao pdr': 'LA',
  lao: 'LA',
  'lao peoples democratic republic': 'LA',
  'viet nam': 'VN',
  russia: 'RU',
  'russian federation': 'RU',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  us: 'US',
  'u s': 'US',
  usa: 'US',
  'u s a': 'US',
  america: 'US',
  'united states of america': 'US',
  prc: 'CN',
  'mainland china': 'CN',
  'peoples republic of china': 'CN',
  'china mainland': 'CN',
  'hong kong sar': 'HK',
  'hong kong sar china': 'HK',
  'macao sar': 'MO',
  macau: 'MO',
  'taiwan province of china': 'TW',
  'republic of china': 'TW',
  uae: 'AE',
  turkey: 'TR',
  turkiye: 'TR',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  'cote divoire': 'CI',
  burma: 'MM',
  macedonia: 'MK',
  swaziland: 'SZ',
  holland: 'NL',
  'the netherlands': 'NL',
  vatican: 'VA',
  syria: 'SY',
  iran: 'IR',
  moldova: 'MD',
  bolivia: 'BO',
  venezuela: 'VE',
  tanzania: 'TZ',
  palestine: 'PS',
  brunei: 'BN',
  'cape verde': 'CV',
  'east timor': 'TL',
  kosovo: 'XK',
};

// Already a key but perhaps for a leading "the": lower-case letters and digits, words one space apart.
const KEY_FORM = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

function key(name: string): string {
  // An address's last words ("springfield il 62704") are asked about three times an applicant:
  // text already in the form the steps below give needs none of them (NFKD changes no ASCII).
  if (KEY_FORM.test(name)) return name.startsWith('the ') ? name.slice(4) : name;
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const byKey = new Map<string, string>();
const alpha3 = isoCountries.getAlpha3Codes(); // alpha3 -> alpha2
const alpha2 = isoCountries.getAlpha2Codes(); // alpha2 -> alpha3
for (const [code, names] of Object.entries(isoCountries.getNames('en', { select: 'all' }))) {
  for (const name of Array.isArray(names) ? names : [names]) byKey.set(key(name), code);
}
for (const [name, code] of Object.entries(ALIASES)) byKey.set(key(name), code);

// The last words of the names and codes toCountryCodeStrict reads, for a quick "no" about an
// address's last word: most addresses end in a postcode or a state, which ends no country's name.
const LAST_WORDS = new Set<string>(['uk', 'us']);
for (const k of byKey.keys()) LAST_WORDS.add(k.slice(k.lastIndexOf(' ') + 1));
for (const code of Object.keys(alpha3)) LAST_WORDS.add(code.toLowerCase());
const PLAIN_WORD = /^[a-z0-9]+$/;

/**
 * False when no name or code toCountryCodeStrict reads ends with this word (lower-case letters and
 * digits); true when one may, or when the word holds anything else (then the full reading decides).
 */
export function mayEndCountryName(word: string): boolean {
  return !PLAIN_WORD.test(word) || LAST_WORDS.has(word);
}

// Kosovo has a user-assigned code in wide use (XK) but no ISO entry.
const EXTRA_CODES: Record<string, string> = { XK: 'Kosovo' };

// Made on the first name asked for: constructing it loads ICU's region names, 11 ms of a check.
let displayNames: Intl.DisplayNames | undefined;

/**
 * Reads a country as ISO alpha-2, alpha-3 or an English name ("South Korea", "Korea, Republic of",
 * "DPRK"). Returns the alpha-2 code, or undefined when the value is not a country we know.
 */
export function toCountryCode(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && (alpha2[upper] !== undefined || upper in EXTRA_CODES)) return upper;
  if (/^[A-Z]{3}$/.test(upper) && alpha3[upper] !== undefined) return alpha3[upper];
  return byKey.get(key(trimmed));
}

/**
 * Like toCountryCode, but only for unambiguous forms: full names and alpha-3. Used for the last part
 * of a one-line address, where "IL" or "CA" is far more likely a US state than a country.
 */
export function toCountryCodeStrict(value: string): string | undefined {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && !['uk', 'us'].includes(trimmed.toLowerCase())) return undefined;
  return toCountryCode(trimmed);
}

// Intl.DisplayNames is slow for a per-finding call; there are only a few hundred codes.
const NAMES = new Map<string, string>();

export function countryName(code: string): string {
  let name = NAMES.get(code);
  if (name !== undefined) return name;
  if (code in EXTRA_CODES) name = EXTRA_CODES[code] ?? code;
  else {
    try {
      displayNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
      name = displayNames.of(code) ?? code;
    } catch {
      name = code;
    }
  }
  if (NAMES.size < 1000) NAMES.set(code, name);
  return name;
}
