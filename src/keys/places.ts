import { toCountryCode, toCountryCodeStrict } from './countries.js';
import { timezones } from './timezones.js';

// How people and ATS exports write where someone is: "Austin, TX", "Toronto, Ontario", "Remote - US",
// "Greater Seattle Area", "Pyongyang, Korea". Each reading rests on data (state and province codes,
// the IANA zone cities), never on a guess about the person.

/** US states, DC and territories, by code and by name (lower case). */
const US_REGIONS: Record<string, string> = {
  al: 'alabama', ak: 'alaska', az: 'arizona', ar: 'arkansas', ca: 'california', co: 'colorado', ct: 'connecticut',
  de: 'delaware', dc: 'district of columbia', fl: 'florida', ga: 'georgia', hi: 'hawaii', id: 'idaho', il: 'illinois',
  in: 'indiana', ia: 'iowa', ks: 'kansas', ky: 'kentucky', la: 'louisiana', me: 'maine', md: 'maryland',
  ma: 'massachusetts', mi: 'michigan', mn: 'minnesota', ms: 'mississippi', mo: 'missouri', mt: 'montana',
  ne: 'nebraska', nv: 'nevada', nh: 'new hampshire', nj: 'new jersey', nm: 'new mexico', ny: 'new york',
  nc: 'north carolina', nd: 'north dakota', oh: 'ohio', ok: 'oklahoma', or: 'oregon', pa: 'pennsylvania',
  ri: 'rhode island', sc: 'south carolina', sd: 'south dakota', tn: 'tennessee', tx: 'texas', ut: 'utah',
  vt: 'vermont', va: 'virginia', wa: 'washington', wv: 'west virginia', wi: 'wisconsin', wy: 'wyoming',
  pr: 'puerto rico', gu: 'guam', vi: 'virgin islands', as: 'american samoa', mp: 'northern mariana islands',
}; // prettier-ignore

/** Territories that are their own ISO 3166-1 country, though written like a state. */
const TERRITORY_COUNTRY: Record<string, string> = { pr: 'PR', gu: 'GU', vi: 'VI', as: 'AS', mp: 'MP' };

const CA_PROVINCES: Record<string, string> = {
  on: 'ontario', qc: 'quebec', bc: 'british columbia', ab: 'alberta', mb: 'manitoba', sk: 'saskatchewan',
  ns: 'nova scotia', nb: 'new brunswick', nl: 'newfoundland and labrador', pe: 'prince edward island',
  yt: 'yukon', nu: 'nunavut', nt: 'northwest territories',
}; // prettier-ignore

const AU_STATES: Record<string, string> = {
  nsw: 'new south wales', vic: 'victoria', qld: 'queensland', tas: 'tasmania', act: 'australian capital territory',
  wa: 'western australia', sa: 'south australia', nt: 'northern territory',
}; // prettier-ignore

/** Region names and codes (lower case) to the countries that use them: "wa" is Washington and Western Australia. */
const REGIONS = new Map<string, string[]>();
const add = (table: Record<string, string>, country: (code: string) => string) => {
  for (const [code, name] of Object.entries(table)) {
    for (const k of [code, name]) REGIONS.set(k, [...(REGIONS.get(k) ?? []), country(code)]);
  }
};
add(US_REGIONS, (code) => TERRITORY_COUNTRY[code] ?? 'US');
add(CA_PROVINCES, () => 'CA');
add(AU_STATES, () => 'AU');

/**
 * The country of a region written after a city: the one whose time zone the city names when the
 * region is in two countries ("Perth, WA"), else the US for a US state code (US exports write
 * "Seattle, WA"), else the region's only country; none for "Yellowknife, NT" (Canada or Australia).
 */
function regionCountry(region: string, city: string | undefined): string | undefined {
  const countries = REGIONS.get(
    region
      .toLowerCase()
      .replace(/\./g, '')
      .replace(/\s+(?:\d{4,5}(?:-\d{4})?|[a-z]\d[a-z]\s?\d[a-z]\d)$/, '')
      .trim(),
  );
  if (countries === undefined) return undefined;
  if (countries.length === 1) return countries[0];
  const zoned = city !== undefined ? zoneCity(city) : undefined;
  if (zoned !== undefined && countries.includes(zoned)) return zoned;
  return countries.includes('US') ? 'US' : undefined;
}

/** Cities that name an IANA time zone ("Asia/Pyongyang", "America/Denver"), to the zone's first country. */
let zoneCities: Map<string, string> | undefined;
function zoneCity(city: string): string | undefined {
  if (zoneCities === undefined) {
    zoneCities = new Map();
    for (const z of Object.values(timezones.getAllTimezones())) {
      const [area, ...rest] = z.name.split('/');
      if (!/^(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)$/.test(area ?? '') || rest.length === 0 || z.countries.length === 0) continue;
      const name = rest[rest.length - 1]!.replace(/_/g, ' ').toLowerCase();
      if (!zoneCities.has(name)) zoneCities.set(name, z.countries[0]!);
    }
  }
  return zoneCities.get(city.trim().toLowerCase());
}

/** Words that say how someone works, not where: "Remote - US", "US (Remote)", "Hybrid, London". */
const WORK_MODE = /\b(?:fully\s+)?(?:remote|hybrid|on-?site|in[- ]office|anywhere|wfh|work from home)\b/gi;

/** Metro-area names (LinkedIn's "Greater Seattle Area", "San Francisco Bay Area", "Dallas-Fort Worth Metroplex"). */
const METRO = /^(?:greater\s+)?(.+?)(?:\s+(?:bay\s+area|metropolitan\s+(?:area|region)|metro(?:\s+area)?|metroplex|area|region))$/i;
const GREATER = /^greater\s+(.+)$/i;

export interface ReadPlace {
  city?: string;
  region?: string;
  country?: string;
  /** Why no country could be read, when the text names a place that could be in two ("Korea"). */
  ambiguous?: string;
}

/** Names that stand for two countries: no country is read from them, and the reading says why. */
const AMBIGUOUS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    korea: '"Korea" does not say which Korea (North or South)',
    congo: '"Congo" does not say which Congo (the Republic or the Democratic Republic)',
  }),
);

/** A country from one part of a place ("USA", "North Korea"), or why it is ambiguous. */
export function countryOf(part: string): { country?: string; ambiguous?: string } {
  const k = part.trim().toLowerCase().replace(/[.'’]/g, '').replace(/\s+/g, ' ');
  const ambiguous = AMBIGUOUS.get(k);
  if (ambiguous !== undefined) return { ambiguous };
  const c = toCountryCode(part);
  return c !== undefined ? { country: c } : {};
}

/**
 * Reads a place written as one line: "Austin, TX", "Austin, Texas, USA", "Toronto, ON", "Remote - US",
 * "US (Remote)", "Greater Seattle Area", "Pyongyang", "Pyongyang, Korea", "Seoul, Korea". The last part
 * is a country when it is one (full names and alpha-3; two letters only for "US" and "UK"), else a
 * US state or territory, Canadian province or Australian state gives the country; a city that names
 * an IANA time zone gives its country when nothing else does, and settles "Korea". A metro area
 * without a country is LinkedIn's way of writing a US metro ("Greater Seattle Area"), unless its city
 * names a time zone elsewhere ("Greater London").
 */
export function readPlace(text: string): ReadPlace {
  const cleaned = text
    .replace(WORK_MODE, ' ')
    .replace(/[()[\]]/g, ',')
    .replace(/\s+[-–—|/]\s+/g, ', ')
    .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '')
    .replace(/\s*,\s*(?:,\s*)*/g, ', ')
    .trim();
  if (cleaned === '') return {};
  // "Korea, Democratic People's Republic of": a country name with a comma in it.
  const named = cleaned.includes(',') ? toCountryCode(cleaned) : undefined;
  if (named !== undefined) return { country: named };
  const parts = cleaned
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const out: ReadPlace = {};
  const last = parts[parts.length - 1]!;
  const whole = countryOf(last);
  let country = parts.length === 1 ? whole.country : toCountryCodeStrict(last);
  const first = parts.length > 1 ? parts[0] : undefined;
  // "Berlin, DE" and "Tbilisi, Georgia": a country that is also a state's name or code is the country
  // when the city names one of its time zones; otherwise the state ("Dover, DE", "Atlanta, Georgia").
  const iso = parts.length > 1 ? toCountryCode(last) : undefined;
  if (first !== undefined && iso !== undefined && regionCountry(last, undefined) !== undefined) {
    country = zoneCity(first) === iso ? iso : undefined;
  }
  if (country === undefined && first !== undefined && whole.ambiguous === undefined) {
    const region = regionCountry(last, first);
    if (region !== undefined) {
      country = region;
      out.region = last;
    }
  }
  if (country !== undefined || whole.ambiguous !== undefined) parts.pop();
  // A region written before an explicit country: "Austin, TX, USA".
  if (country !== undefined && parts.length > 1 && out.region === undefined && regionCountry(parts[parts.length - 1]!, parts[0]) === country) {
    out.region = parts.pop()!;
  }
  let city = parts[0];
  if (city !== undefined && country === undefined) {
    const metro = METRO.exec(city) ?? GREATER.exec(city);
    const name = metro?.[1]?.replace(/-.*$/, '').trim();
    const zoned = zoneCity(city) ?? (name !== undefined ? zoneCity(name) : undefined);
    if (zoned !== undefined) country = zoned;
    else if (metro !== null && METRO.test(city) && whole.ambiguous === undefined) country = 'US';
    if (metro !== null && name !== undefined) city = name;
  }
  if (country === undefined && whole.ambiguous !== undefined) out.ambiguous = whole.ambiguous;
  if (city !== undefined) out.city = city;
  if (parts.length > 1 && out.region === undefined) out.region = parts.slice(1).join(', ');
  if (country !== undefined) out.country = country;
  return out;
}
