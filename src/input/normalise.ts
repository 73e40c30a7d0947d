import { isIP } from 'node:net';
import { CANONICAL_FIELDS, setOwn } from './applicant.js';
import type {
  Address,
  Applicant,
  ApplicantRecord,
  ClaimedLocation,
  Employer,
  IdDocument,
  IdDocumentType,
  IpEvent,
  Origin,
  Interview,
  Payment,
  Profile,
  Reference,
} from './applicant.js';
import { toCountryCodeStrict } from '../keys/countries.js';
import { countryOf, readPlace } from '../keys/places.js';
import { parsePhone } from '../keys/phone.js';
import { parseEmail } from '../keys/values.js';
import { InputError } from '../errors.js';
import { joinPointer } from './pointers.js';

/** The order of day, month and year in numeric dates ("03/04/1990"), as an export writes them. */
export { DATE_ORDERS, type DateOrder } from './formats.js';
import type { DateOrder } from './formats.js';

/** How to read fields the data alone cannot settle: `--date-order`, `--default-country`. */
export interface FieldReading {
  dateOrder?: DateOrder;
  /** Alpha-2: phone numbers without a country code are read against it when the applicant claims no country. */
  defaultCountry?: string;
}

export interface NormaliseContext extends FieldReading {
  file: string;
  line: number;
  /** Values the reader already left out (a NUL, a cell over the limit): problems of this record like the normaliser's own. */
  damaged?: InputError[];
  /**
   * For CSV input: maps the pointer of a value in the record built from a row to the column it came
   * from. Absent for JSON, where the pointer itself is the origin.
   */
  columns?: Map<string, string>;
}

/** Cell values that ATS exports use for "nothing here". */
const EMPTY_MARKERS = new Set(['', 'n/a', 'na', 'none', 'null', 'nil', '-', '--', 'unknown']);

const TOP_LEVEL_HANDLED = new Set<string>(CANONICAL_FIELDS);

// Origins are never changed once made: one object per column or pointer, shared by every row
// that has it (a hundred thousand rows of an export have a few dozen), while the caches have room
// (bounded in count and length: a JSON input's pointers hold its own keys).
const COLUMN_ORIGINS = new Map<string, Origin>();
const POINTER_ORIGINS = new Map<string, Origin>();
const ORIGINS_KEPT = 4096;
const ORIGIN_LONGEST = 200;

function originOf(cache: Map<string, Origin>, kind: 'column' | 'pointer', text: string): Origin {
  let origin = cache.get(text);
  if (origin === undefined) {
    origin = Object.freeze(kind === 'column' ? { column: text } : { pointer: text });
    if (cache.size < ORIGINS_KEPT && text.length <= ORIGIN_LONGEST) cache.set(text, origin);
  }
  return origin;
}

class Reader {
  readonly errors: InputError[] = [];
  readonly origins = new Map<string, Origin>();
  /** Values read but not understood well enough to compare ("Korea"): said in the report, never an error. */
  readonly unclear: Applicant['unclear'] = [];

  constructor(private readonly ctx: NormaliseContext) {}

  origin(pointer: string): Origin {
    const column = this.ctx.columns?.get(pointer);
    return column !== undefined ? originOf(COLUMN_ORIGINS, 'column', column) : originOf(POINTER_ORIGINS, 'pointer', pointer);
  }

  fieldLabel(pointer: string): string {
    const column = this.ctx.columns?.get(pointer);
    return column !== undefined ? `column "${column}"` : pointer;
  }

  fail(pointer: string, detail: string): undefined {
    this.errors.push(new InputError({ file: this.ctx.file, line: this.ctx.line, field: this.fieldLabel(pointer) }, detail));
    return undefined;
  }

  /** Records that canonical `to` came from input `from`. */
  link(to: string, from: string): void {
    this.origins.set(to, this.origin(from));
  }

  /** A trimmed, non-empty string; numbers are accepted where `allowNumber` (ids, account numbers). */
  str(value: unknown, pointer: string, allowNumber = false): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && allowNumber && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') return this.fail(pointer, `expected a string, got ${describe(value)}`);
    const trimmed = value.trim();
    if (this.ctx.columns && EMPTY_MARKERS.has(trimmed.toLowerCase())) return undefined;
    return trimmed === '' ? undefined : trimmed;
  }

  /** A string or an array of strings: calls `each` with every value and its pointer (no list of pairs per field). */
  eachString(value: unknown, pointer: string, each: (value: string, pointer: string) => void): void {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const at = joinPointer(pointer, i);
        const s = this.str(value[i], at);
        if (s !== undefined) each(s, at);
      }
      return;
    }
    if (typeof value !== 'string') {
      this.fail(pointer, `expected a string or an array of strings, got ${describe(value)}`);
      return;
    }
    const s = this.str(value, pointer);
    if (s !== undefined) each(s, pointer);
  }

  object(value: unknown, pointer: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      return this.fail(pointer, `expected an object, got ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  country(value: unknown, pointer: string): string | undefined {
    const s = this.str(value, pointer);
    if (s === undefined) return undefined;
    const { country, ambiguous } = countryOf(s);
    if (ambiguous !== undefined) {
      this.unclear.push({ path: pointer, reason: `${ambiguous}: not compared` });
      return undefined;
    }
    if (country === undefined) return this.fail(pointer, 'not a country vet knows (use an ISO code such as "US" or "USA", or an English name)');
    return country;
  }
}

const ADDRESS_TEXT = new Set(['street', 'city', 'region', 'postalCode', 'text']);

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads a date of birth into YYYY-MM-DD (or YYYY-MM, YYYY). Day-first and month-first numeric dates
 * are read only when the numbers make the order certain: "03/04/1990" is refused, not guessed.
 */
export function parseDateOfBirth(text: string, order?: DateOrder): { value: string } | { error: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const ok = (y: number, m?: number, d?: number): { value: string } | { error: string } => {
    if (y < 1900 || y > 2100) return { error: 'year out of range' };
    if (m === undefined) return { value: String(y) };
    if (m < 1 || m > 12) return { error: 'month out of range' };
    if (d === undefined) return { value: `${y}-${pad(m)}` };
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCMonth() !== m - 1 || d < 1) return { error: 'no such date' };
    return { value: `${y}-${pad(m)}-${pad(d)}` };
  };
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/))) return ok(+m[1]!, +m[2]!, +m[3]!);
  if ((m = text.match(/^(\d{4})-(\d{1,2})$/))) return ok(+m[1]!, +m[2]!);
  if ((m = text.match(/^(\d{4})$/))) return ok(+m[1]!);
  if ((m = text.match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/))) {
    const a = +m[1]!;
    const b = +m[2]!;
    if (a > 12 && b <= 12) return ok(+m[3]!, b, a);
    if (b > 12 && a <= 12) return ok(+m[3]!, a, b);
    if (a === b) return ok(+m[3]!, a, b);
    if (order === 'mdy') return ok(+m[3]!, a, b);
    if (order === 'dmy') return ok(+m[3]!, b, a);
    return { error: 'ambiguous day and month order; write it as YYYY-MM-DD, or give the order with --date-order mdy|dmy' };
  }
  const month = (word: string) => MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
  if ((m = text.match(/^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/)) && month(m[2]!) > 0) return ok(+m[3]!, month(m[2]!), +m[1]!);
  if ((m = text.match(/^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/)) && month(m[1]!) > 0) return ok(+m[3]!, month(m[1]!), +m[2]!);
  return { error: 'not a date (expected YYYY-MM-DD)' };
}

const OFFSET_ZONE = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

// ICU's canonical zone names, listed in about a millisecond: a name among them needs no
// Intl.DateTimeFormat, whose first construction loads ICU's calendar data (20 ms of a cold check).
let canonicalZones: ReadonlySet<string> | undefined;

/** An IANA zone name, or a UTC offset normalised to "UTC+09:00". */
export function parseTimezone(text: string): string | undefined {
  if (/^(UTC|GMT|Z)$/i.test(text)) return 'UTC';
  const m = text.match(OFFSET_ZONE);
  if (m) {
    const hours = +m[2]!;
    const minutes = m[3] ? +m[3] : 0;
    if (hours > 14 || minutes > 59) return undefined;
    return `UTC${m[1]}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  }
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(text)) return text;
  // Links ("US/Pacific") and other spellings ICU accepts.
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return text;
  } catch {
    return undefined;
  }
}

function readAddress(r: Reader, value: unknown, pointer: string, canonical: string): Address | undefined {
  if (typeof value === 'string') {
    const text = r.str(value, pointer);
    if (text === undefined) return undefined;
    r.link(canonical, pointer);
    r.link(`${canonical}/text`, pointer);
    const address: Address = { text };
    // A one-line address often ends in its country; only full names and alpha-3 count, since a
    // trailing "IL" or "CA" is more likely a US state than Israel or Canada.
    const last = text.split(',').pop();
    const country = last !== undefined && text.includes(',') ? toCountryCodeStrict(last) : undefined;
    if (country !== undefined) {
      address.country = country;
      r.link(`${canonical}/country`, pointer);
    }
    return address;
  }
  const obj = r.object(value, pointer);
  if (obj === undefined) return undefined;
  const address: Address = {};
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const p = joinPointer(pointer, key);
    let read: string | undefined;
    if (key === 'country') read = r.country(v, p);
    else if (ADDRESS_TEXT.has(key)) read = r.str(v, p, key === 'postalCode');
    else {
      if (v !== undefined && v !== null && v !== '') setOwn(address, key, v);
      continue;
    }
    if (read !== undefined) {
      address[key] = read;
      r.link(joinPointer(canonical, key), p);
    }
  }
  if (Object.keys(address).length === 0) return undefined;
  r.link(canonical, pointer);
  return address;
}

function readLocation(r: Reader, value: unknown, pointer: string): ClaimedLocation | undefined {
  if (typeof value === 'string') {
    const text = r.str(value, pointer);
    if (text === undefined) return undefined;
    // "Austin, TX, USA", "Houston, TX", "Remote - US", "Greater Seattle Area", "Pyongyang, Korea".
    const place = readPlace(text);
    const location: ClaimedLocation = {};
    if (place.ambiguous !== undefined) r.unclear.push({ path: pointer, reason: `${place.ambiguous}: not compared` });
    for (const key of ['city', 'region', 'country'] as const) {
      const v = place[key];
      if (v === undefined) continue;
      location[key] = v;
      r.link(joinPointer('/location', key), pointer);
    }
    if (Object.keys(location).length === 0) return undefined;
    r.link('/location', pointer);
    return location;
  }
  const obj = r.object(value, pointer);
  if (obj === undefined) return undefined;
  const location: ClaimedLocation = {};
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const p = joinPointer(pointer, key);
    if (key === 'country') setIf(location, 'country', r.country(v, p));
    else if (key === 'city' || key === 'region') setIf(location, key, r.str(v, p));
    else if (key === 'text') {
      // The whole location beside its parts ("Location" and "Timezone" columns): it fills what they leave out.
      const s = r.str(v, p);
      if (s === undefined) continue;
      const place = readPlace(s);
      if (place.ambiguous !== undefined && obj.country === undefined) r.unclear.push({ path: p, reason: `${place.ambiguous}: not compared` });
      for (const part of ['city', 'region', 'country'] as const) {
        if (place[part] === undefined || obj[part] !== undefined) continue;
        location[part] = place[part];
        r.link(joinPointer('/location', part), p);
      }
      continue;
    } else if (key === 'timezone') {
      const s = r.str(v, p);
      if (s !== undefined) {
        const tz = parseTimezone(s);
        if (tz === undefined) r.fail(p, 'not a time zone (expected an IANA name such as "America/Chicago" or an offset such as "UTC+09:00")');
        setIf(location, 'timezone', tz);
      }
    } else r.fail(p, 'unknown location field (expected city, region, country, timezone or text)');
    if ((location as Record<string, unknown>)[key] !== undefined) r.link(joinPointer('/location', key), p);
  }
  for (const key of Object.keys(location) as Array<keyof ClaimedLocation>) if (location[key] === undefined) delete location[key];
  // {"city": "Pyongyang"} or {"city": "Houston", "region": "TX"}: the country those name.
  if (location.country === undefined && location.city !== undefined) {
    const country = readPlace([location.city, location.region].filter(Boolean).join(', ')).country;
    if (country !== undefined) {
      location.country = country;
      r.link('/location/country', `${pointer}/city`);
    }
  }
  if (Object.keys(location).length === 0) return undefined;
  r.link('/location', pointer);
  return location;
}

function readIp(r: Reader, value: unknown, pointer: string): string | undefined {
  const ip = r.str(value, pointer);
  if (ip === undefined) return undefined;
  const bare = ip.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) === 0) return r.fail(pointer, 'not an IPv4 or IPv6 address');
  return bare.toLowerCase();
}

function readIpEvents(r: Reader, raw: Record<string, unknown>): IpEvent[] {
  const events: IpEvent[] = [];
  r.eachString(raw.ipAddresses, '/ipAddresses', (value, p) => {
    const ip = readIp(r, value, p);
    if (ip === undefined) return;
    r.link(joinPointer(joinPointer('/ipEvents', events.length), 'ip'), p);
    events.push({ ip });
  });
  if (raw.ipEvents === undefined || raw.ipEvents === null) return events;
  if (!Array.isArray(raw.ipEvents)) {
    r.fail('/ipEvents', `expected an array of { ip, at, event } objects, got ${describe(raw.ipEvents)}`);
    return events;
  }
  raw.ipEvents.forEach((item, i) => {
    const p = `/ipEvents/${i}`;
    const obj = typeof item === 'string' ? { ip: item } : r.object(item, p);
    if (obj === undefined) return;
    const ip = readIp(r, obj.ip, `${p}/ip`);
    if (ip === undefined) {
      if (obj.ip === undefined) r.fail(`${p}/ip`, 'missing');
      return;
    }
    const event: IpEvent = { ip };
    const at = readTime(r, obj.at, `${p}/at`);
    if (at !== undefined) event.at = at;
    const name = r.str(obj.event, `${p}/event`);
    if (name !== undefined) event.event = name;
    const index = events.length;
    r.link(`/ipEvents/${index}`, p);
    r.link(`/ipEvents/${index}/ip`, `${p}/ip`);
    if (event.at) r.link(`/ipEvents/${index}/at`, `${p}/at`);
    events.push(event);
  });
  return events;
}

/** A timestamp as ISO 8601 (UTC), or a failure naming the field. */
function readTime(r: Reader, value: unknown, pointer: string): string | undefined {
  const text = r.str(value, pointer);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return r.fail(pointer, 'not a date or timestamp (expected ISO 8601, e.g. 2025-03-01T14:05:00Z)');
  return new Date(time).toISOString();
}

/** The items of a field given as a list, or as one item (as a CSV row gives it), each with its pointer. */
function itemsOf(value: unknown, field: string): Array<[unknown, string]> {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map((item, i) => [item, `/${field}/${i}`]) : [[value, `/${field}`]];
}

function readList(r: Reader, raw: Record<string, unknown>, keys: string[], canonical: string): string[] {
  const out: string[] = [];
  for (const key of keys) {
    r.eachString(raw[key], joinPointer('', key), (value, p) => {
      // The same value from two columns ("candidate_email" and "all_candidate_emails") is one.
      if (out.includes(value)) return;
      r.link(joinPointer(canonical, out.length), p);
      out.push(value);
    });
  }
  return out;
}

function readEmployers(r: Reader, value: unknown): Employer[] {
  const out: Employer[] = [];
  for (const [item, p] of itemsOf(value, 'employers')) {
    if (typeof item === 'string') {
      const name = r.str(item, p);
      if (name === undefined) continue;
      r.link(`/employers/${out.length}/name`, p);
      out.push({ name });
      continue;
    }
    const obj = r.object(item, p);
    if (obj === undefined) continue;
    const employer: Employer = { ...obj };
    for (const key of ['name', 'domain']) {
      const s = r.str(obj[key], `${p}/${key}`);
      if (s === undefined) delete employer[key];
      else {
        employer[key] = s;
        r.link(`/employers/${out.length}/${key}`, `${p}/${key}`);
      }
    }
    const address = readAddress(r, obj.address, `${p}/address`, `/employers/${out.length}/address`);
    if (address === undefined) delete employer.address;
    else employer.address = address;
    out.push(employer);
  }
  return out;
}

const INTERVIEW_ANSWERS = ['cameraOn', 'identityConsistent', 'livenessPassed', 'declinedInPerson'] as const;

/** Yes/no as ATS exports write it. */
function readYesNo(r: Reader, value: unknown, pointer: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const s = String(value).trim().toLowerCase();
    if (['true', 'yes', 'y', '1', 'passed', 'pass'].includes(s)) return true;
    if (['false', 'no', 'n', '0', 'failed', 'fail'].includes(s)) return false;
    if (s === '') return undefined;
  }
  return r.fail(pointer, `expected yes or no (true/false, y/n, 1/0), got ${describe(value)}`);
}

/** `interviews` as a list, or one interview as an object (as a CSV row gives it). */
function readInterviews(r: Reader, value: unknown): Interview[] {
  const out: Interview[] = [];
  for (const [item, p] of itemsOf(value, 'interviews')) {
    const obj = r.object(item, p);
    if (obj === undefined) continue;
    const interview: Interview = {};
    const at = readTime(r, obj.at, `${p}/at`);
    if (at !== undefined) {
      interview.at = at;
      r.link(`/interviews/${out.length}/at`, `${p}/at`);
    }
    for (const key of INTERVIEW_ANSWERS) {
      const answer = readYesNo(r, obj[key], `${p}/${key}`);
      if (answer === undefined) continue;
      interview[key] = answer;
      r.link(`/interviews/${out.length}/${key}`, `${p}/${key}`);
    }
    if (Object.keys(interview).length > 0) out.push(interview);
  }
  return out;
}

const REFERENCE_FIELDS = ['name', 'email', 'phone', 'company'] as const;

/** `references` as a list, or one reference as an object (as a CSV row gives it). */
function readReferences(r: Reader, value: unknown): Reference[] {
  const out: Reference[] = [];
  for (const [item, p] of itemsOf(value, 'references')) {
    const obj = r.object(item, p);
    if (obj === undefined) continue;
    const reference: Reference = {};
    for (const key of REFERENCE_FIELDS) {
      const s = r.str(obj[key], `${p}/${key}`);
      if (s === undefined) continue;
      reference[key] = s;
      r.link(`/references/${out.length}/${key}`, `${p}/${key}`);
    }
    if (reference.email !== undefined) reference.emailAddress = parseEmail(reference.email);
    if (Object.keys(reference).length > 0) out.push(reference);
  }
  return out;
}

/** The words ATS and ID-check exports use for a document's type. */
function idDocumentType(text: string): IdDocumentType {
  const t = text.toLowerCase();
  if (/passport/.test(t)) return 'passport';
  if (/driv|licen[cs]e|\bdl\b/.test(t)) return 'driving-licence';
  if (/residen|permit|green ?card|\bbrp\b|visa/.test(t)) return 'residence-permit';
  if (/\bid\b|identity|national|citizen|\bnic\b/.test(t)) return 'national-id';
  return 'other';
}

function readIdDocument(r: Reader, value: unknown): IdDocument | undefined {
  const obj = r.object(value, '/idDocument');
  if (obj === undefined) return undefined;
  const doc: IdDocument = {};
  for (const [key, v] of Object.entries(obj)) {
    const p = `/idDocument/${key}`;
    if (key === 'type') {
      const s = r.str(v, p);
      if (s !== undefined) doc.type = idDocumentType(s);
    } else if (key === 'issuingCountry') setIf(doc, 'issuingCountry', r.country(v, p));
    else if (key === 'name') setIf(doc, 'name', r.str(v, p));
    else if (key === 'address') setIf(doc, 'address', readAddress(r, v, p, p));
    else r.fail(p, 'unknown ID document field (expected type, issuingCountry, name or address)');
    if (doc[key as keyof IdDocument] === undefined) delete doc[key as keyof IdDocument];
    else if (key !== 'address') r.link(p, p);
  }
  if (Object.keys(doc).length === 0) return undefined;
  r.link('/idDocument', '/idDocument');
  return doc;
}

/** Years of experience: a number from 0 to 70, or a string holding one ("7", "7 years", "7+"). */
function readYears(r: Reader, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const s = r.str(value, '/yearsOfExperience');
    if (s === undefined) return undefined;
    const m = s.match(/^(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)?$/i);
    if (m) n = Number(m[1]);
  }
  if (n === undefined || !Number.isFinite(n) || n < 0 || n > 70) {
    return r.fail('/yearsOfExperience', 'expected a number of years from 0 to 70');
  }
  r.link('/yearsOfExperience', '/yearsOfExperience');
  return n;
}

function readPayment(r: Reader, value: unknown): Payment | undefined {
  const obj = r.object(value, '/payment');
  if (obj === undefined) return undefined;
  const payment: Payment = { ...obj };
  for (const key of ['method', 'provider', 'walletAddress', 'accountHolder', 'bankCountry']) {
    const s = key === 'bankCountry' ? r.country(obj[key], `/payment/${key}`) : r.str(obj[key], `/payment/${key}`);
    if (s === undefined) delete payment[key];
    else {
      payment[key] = s;
      r.link(`/payment/${key}`, `/payment/${key}`);
    }
  }
  return Object.keys(payment).length > 0 ? payment : undefined;
}

const PROFILE_TEXT = ['url', 'login', 'name'] as const;
const PROFILE_TIMES = ['createdAt', 'earliestCommitAt'] as const;

/** A profile given as an object: its known fields read and checked, the others kept as they are. */
function readProfile(r: Reader, obj: Record<string, unknown>, pointer: string): Profile {
  const profile: Profile = {};
  for (const [key, v] of Object.entries(obj)) {
    const p = `${pointer}/${key}`;
    let read: unknown;
    if ((PROFILE_TEXT as readonly string[]).includes(key)) read = r.str(v, p);
    else if ((PROFILE_TIMES as readonly string[]).includes(key)) read = readTime(r, v, p);
    else read = v === null || v === '' ? undefined : v;
    if (read === undefined) continue;
    setOwn(profile, key, read);
    r.link(p, p);
  }
  return profile;
}

function readProfiles(r: Reader, value: unknown): Record<string, string | Profile> {
  const obj = r.object(value, '/profiles');
  if (obj === undefined) return {};
  const out: Record<string, string | Profile> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string') {
      const s = r.str(v, `/profiles/${key}`);
      if (s !== undefined) setOwn(out, key, s);
    } else if (typeof v === 'object' && !Array.isArray(v)) setOwn(out, key, readProfile(r, v as Record<string, unknown>, `/profiles/${key}`));
    else {
      r.fail(`/profiles/${key}`, `expected a URL, a handle or an object, got ${describe(v)}`);
      continue;
    }
    r.link(`/profiles/${key}`, `/profiles/${key}`);
  }
  return out;
}

function readDateOfBirth(r: Reader, value: unknown, order: DateOrder | undefined): string | undefined {
  const s = r.str(value, '/dateOfBirth');
  if (s === undefined) return undefined;
  const parsed = parseDateOfBirth(s, order);
  if ('error' in parsed) return r.fail('/dateOfBirth', parsed.error);
  r.link('/dateOfBirth', '/dateOfBirth');
  return parsed.value;
}

/**
 * Turns one input record (a parsed JSON object, or the object built from a CSV row) into the
 * canonical Applicant, or throws the list of field problems. Never echoes a value in an error.
 */
export function normaliseApplicant(raw: unknown, ctx: NormaliseContext): ApplicantRecord {
  const r = new Reader(ctx);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ApplicantErrors([new InputError({ file: ctx.file, line: ctx.line }, `expected an applicant object, got ${describe(raw)}`)]);
  }
  const obj = raw as Record<string, unknown>;
  const applicant: Applicant = {
    id: r.str(obj.id, '/id', true) ?? defaultId(ctx),
    otherNames: readList(r, obj, ['otherNames'], '/otherNames'),
    emails: readList(r, obj, ['email', 'emails'], '/emails'),
    emailAddresses: [],
    phones: readPhones(r, obj),
    phoneNumbers: [],
    ipEvents: readIpEvents(r, obj),
    employers: readEmployers(r, obj.employers),
    references: readReferences(r, obj.references),
    profiles: readProfiles(r, obj.profiles),
    interviews: readInterviews(r, obj.interviews),
    unclear: r.unclear,
    extra: {},
  };
  if (obj.id !== undefined) r.link('/id', '/id');

  const givenName = r.str(obj.givenName, '/givenName');
  const familyName = r.str(obj.familyName, '/familyName');
  const name = r.str(obj.name, '/name');
  if (givenName !== undefined) applicant.givenName = givenName;
  if (familyName !== undefined) applicant.familyName = familyName;
  if (name !== undefined) {
    applicant.name = name;
    r.link('/name', '/name');
  } else if (givenName !== undefined || familyName !== undefined) {
    applicant.name = [givenName, familyName].filter(Boolean).join(' ');
    r.link('/name', givenName !== undefined ? '/givenName' : '/familyName');
  }

  const set = <K extends keyof Applicant>(key: K, value: Applicant[K] | undefined) => {
    if (value === undefined) return;
    applicant[key] = value;
    const pointer = `/${key}`;
    if (!r.origins.has(pointer)) r.link(pointer, pointer);
  };
  set('dateOfBirth', readDateOfBirth(r, obj.dateOfBirth, ctx.dateOrder));
  set('nationality', r.country(obj.nationality, '/nationality'));
  set('idDocument', readIdDocument(r, obj.idDocument));
  set('yearsOfExperience', readYears(r, obj.yearsOfExperience));
  set('address', readAddress(r, obj.address, '/address', '/address'));
  set('shippingAddress', readAddress(r, obj.shippingAddress, '/shippingAddress', '/shippingAddress'));
  set('location', readLocation(r, obj.location, '/location'));
  set('nationalId', r.str(obj.nationalId, '/nationalId', true));
  set('bankAccount', r.str(obj.bankAccount, '/bankAccount', true));
  set('payment', readPayment(r, obj.payment));
  set('photoHash', r.str(obj.photoHash, '/photoHash', true));
  set('resumeHash', r.str(obj.resumeHash, '/resumeHash', true));
  set('resumeText', r.str(obj.resumeText, '/resumeText'));

  for (const key of Object.keys(obj)) {
    if (TOP_LEVEL_HANDLED.has(key)) continue;
    const value = obj[key];
    if (value !== undefined) setOwn(applicant.extra, key, value);
  }
  // One bad field never drops an applicant: the field is left out, the report names the problem
  // (report errors) and says what could not be checked (the applicant's checks).
  const problems = ctx.damaged !== undefined && ctx.damaged.length > 0 ? [...ctx.damaged, ...r.errors] : r.errors;
  for (const e of problems) r.unclear.push({ path: e.location.field ?? '(record)', reason: `could not be read: ${e.detail}` });
  // Canonical forms, once: every rule and the identity ledger read these instead of parsing.
  applicant.emailAddresses = applicant.emails.map(parseEmail);
  const claimed = applicant.location?.country ?? applicant.address?.country ?? ctx.defaultCountry;
  applicant.phoneNumbers = applicant.phones.map((raw) => parsePhone(raw, claimed));
  return { applicant, input: { file: ctx.file, line: ctx.line }, origins: r.origins, problems };
}

function readPhones(r: Reader, obj: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['phone', 'phones']) {
    r.eachString(obj[key], joinPointer('', key), (value, p) => {
      if (out.includes(value)) return;
      r.link(joinPointer('/phones', out.length), p);
      out.push(value);
    });
  }
  return out;
}

function defaultId(ctx: NormaliseContext): string {
  const base = ctx.file.split(/[\\/]/).pop() ?? ctx.file;
  return `${base}:${ctx.line}`;
}

/** All the field problems of one record; the record is rejected as a whole. */
export class ApplicantErrors extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'ApplicantErrors';
  }
}

/** Sets an optional field only to a value: an absent field stays absent, never `undefined`. */
function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
