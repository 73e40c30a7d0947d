import { parse } from 'csv-parse/sync';
import { SourceError } from '../../errors.js';
import { toCountryCode } from '../../keys/countries.js';
import type { Alias, BirthDate, EntryAddress, EntryType, SanctionsEntry, Wallet } from './entry.js';
import { OFAC_FILES } from './files.js';

/**
 * OFAC's CSV files (SDN.CSV, ALT.CSV, ADD.CSV, SDN_COMMENTS.CSV and the CONS_* equivalents):
 * no header row, `-0- ` for an empty field, CRLF line ends, a trailing 0x1A byte, programs joined
 * as `X] [Y`, and Remarks that carry dates of birth, nationalities, e-mail and wallet addresses and
 * weak aliases as `a.k.a. 'NAME'`. Documented at https://ofac.treasury.gov/sdn-list-data-formats-data-schemas.
 */

const COLUMNS = { primary: 12, alt: 5, add: 6, comments: 2 } as const;
type FileKind = keyof typeof COLUMNS;

/** The text of each file of one list; `comments` may be absent (older publications lack it). */
export interface OfacFiles {
  primary: string;
  alt: string;
  add: string;
  comments?: string;
}

function empty(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '-0-' || value.trim() === '';
}

function field(value: string | undefined): string | undefined {
  return empty(value) ? undefined : value.trim();
}

/** Rows of one OFAC file, each with its line number, or a SourceError naming file and line. */
/** An entry with its names and type and nothing else yet: Remarks, aliases and addresses fill it. */
export function blankEntry(uid: string, list: SanctionsEntry['list'], name: string, type: SanctionsEntry['type'], programs: string[]): SanctionsEntry {
  return {
    uid,
    list,
    name,
    type,
    programs,
    aliases: [],
    birthDates: [],
    nationalities: [],
    citizenships: [],
    placesOfBirth: [],
    emails: [],
    websites: [],
    wallets: [],
    addresses: [],
  };
}

export function readOfacRows(text: string, file: string, kind: FileKind): { line: number; cells: string[] }[] {
  // OFAC ends its files with Ctrl-Z (0x1A), a DOS end-of-file mark.
  const body = text.replace(/^\uFEFF/, '').replace(/[\x1A\s]+$/, '');
  if (body.length === 0) return [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { relax_column_count: true, info: true, skip_empty_lines: true, relax_quotes: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new SourceError(`${file}: line ${err.lines ?? '?'}: not a valid OFAC CSV file (${err.message.replace(/^.*?: /, '')})`);
  }
  const expected = COLUMNS[kind];
  return records.map(({ record, info }) => {
    if (record.length !== expected) {
      throw new SourceError(`${file}: line ${info.lines}: expected ${expected} fields, found ${record.length}; is this the right file?`);
    }
    if (!/^\d+$/.test(record[0]!.trim())) throw new SourceError(`${file}: line ${info.lines}: the first field is not an OFAC entry number`);
    return { line: info.lines, cells: record };
  });
}

const ENTRY_TYPES: Record<string, EntryType> = { individual: 'individual', vessel: 'vessel', aircraft: 'aircraft' };
const ALIAS_TYPES: Record<string, Alias['type']> = { aka: 'aka', fka: 'fka', nka: 'nka' };

/** Builds the entries of one list from its files, and checks that aliases and addresses join. */
export function parseOfacList(files: OfacFiles, list: 'SDN' | 'CONS'): SanctionsEntry[] {
  const names = OFAC_FILES[list];
  const entries = new Map<string, SanctionsEntry>();
  const remarks = new Map<string, string>();
  for (const { line, cells } of readOfacRows(files.primary, names.primary, 'primary')) {
    const uid = cells[0]!.trim();
    const name = field(cells[1]);
    if (name === undefined) throw new SourceError(`${names.primary}: line ${line}: entry ${uid} has no name`);
    if (entries.has(uid)) throw new SourceError(`${names.primary}: line ${line}: entry ${uid} appears twice`);
    const type = ENTRY_TYPES[(field(cells[2]) ?? '').toLowerCase()] ?? 'entity';
    const entry = blankEntry(uid, list, name, type, splitPrograms(field(cells[3])));
    const title = field(cells[4]);
    if (title !== undefined) entry.title = title;
    entries.set(uid, entry);
    const text = field(cells[11]);
    if (text !== undefined) remarks.set(uid, text);
  }
  if (files.comments !== undefined) {
    // SDN_COMMENTS holds the tail of Remarks too long for the main file; some ids are of entries
    // no longer listed, which is not an error.
    for (const { cells } of readOfacRows(files.comments, names.comments, 'comments')) {
      const uid = cells[0]!.trim();
      const tail = cells[1] ?? '';
      if (entries.has(uid)) remarks.set(uid, (remarks.get(uid) ?? '') + tail);
    }
  }
  for (const [uid, text] of remarks) applyRemarks(entries.get(uid)!, text);
  for (const { line, cells } of readOfacRows(files.alt, names.alt, 'alt')) {
    const entry = join(entries, cells[0]!, names.alt, line);
    const name = field(cells[3]);
    if (name === undefined) continue;
    entry.aliases.push({ name, type: ALIAS_TYPES[(field(cells[2]) ?? '').toLowerCase()] ?? 'aka' });
  }
  for (const { line, cells } of readOfacRows(files.add, names.add, 'add')) {
    const entry = join(entries, cells[0]!, names.add, line);
    const address: EntryAddress = {};
    const street = field(cells[2]);
    const city = field(cells[3]);
    const country = field(cells[4]);
    if (street !== undefined) address.street = street;
    if (city !== undefined) address.city = city;
    if (country !== undefined) address.country = country;
    if (Object.keys(address).length > 0) entry.addresses.push(address);
  }
  return [...entries.values()];
}

function join(entries: Map<string, SanctionsEntry>, id: string, file: string, line: number): SanctionsEntry {
  const entry = entries.get(id.trim());
  if (!entry)
    throw new SourceError(`${file}: line ${line}: refers to entry ${id.trim()}, which is not in the primary file (files from different publications?)`);
  return entry;
}

function splitPrograms(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/\]\s*\[/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** An OFAC date of birth: "30 Aug 1987", "Aug 1987", "1987", "circa 1960", "1958 to 1960". */
export function parseBirthDate(text: string): BirthDate | undefined {
  const t = text.trim().replace(/\.$/, '');
  const circa = /^circa\s+/i.test(t);
  const body = t.replace(/^circa\s+/i, '');
  const one = (s: string): { year: number; month?: number; day?: number } | undefined => {
    const m = /^(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\s+)?(\d{4})$/.exec(s.trim());
    if (!m) return undefined;
    const out: { year: number; month?: number; day?: number } = { year: Number(m[3]) };
    if (m[2] !== undefined) {
      const month = MONTHS[m[2].toLowerCase()];
      if (month === undefined) return undefined;
      out.month = month;
      if (m[1] !== undefined) out.day = Number(m[1]);
    }
    return out;
  };
  const range = body.split(/\s+to\s+/i);
  if (range.length === 2) {
    const a = one(range[0]!);
    const b = one(range[1]!);
    if (!a || !b) return undefined;
    return { text: t, fromYear: a.year, toYear: b.year, circa };
  }
  const d = one(body);
  if (!d) return undefined;
  // "circa" allows a year either side, as OFAC does not say how wide it is.
  const date: BirthDate = { text: t, fromYear: circa ? d.year - 1 : d.year, toYear: circa ? d.year + 1 : d.year, circa };
  if (d.month !== undefined) date.month = d.month;
  if (d.day !== undefined) date.day = d.day;
  return date;
}

/** Reads the facts vet uses out of a Remarks field (joined with its SDN_COMMENTS tail). */
export function applyRemarks(entry: SanctionsEntry, remarks: string): void {
  // Weak aliases first: their names may hold apostrophes and semicolons, so they are cut out
  // before the field is split on "; ". A weak alias ends at the quote followed by ";", "." or the end.
  const weak = /a\.k\.a\.,?\s+'(.+?)'(?=\s*(?:;|\.?\s*$|\.;))/g;
  let rest = remarks;
  for (const m of remarks.matchAll(weak)) {
    entry.aliases.push({ name: m[1]!.trim(), type: 'weak' });
  }
  rest = rest.replace(weak, '');
  for (const rawPart of rest.split(/;\s*/)) {
    const part = rawPart.trim().replace(/\.$/, '');
    let m: RegExpExecArray | null;
    if ((m = /^(?:alt\.\s+)?DOB\s+(.+)$/i.exec(part))) {
      const date = parseBirthDate(m[1]!);
      if (date) entry.birthDates.push(date);
    } else if ((m = /^(?:alt\.\s+)?nationality\s+(.+)$/i.exec(part))) {
      pushUnique(entry.nationalities, country(m[1]!));
    } else if ((m = /^(?:alt\.\s+)?citizen\s+(.+)$/i.exec(part))) {
      pushUnique(entry.citizenships, country(m[1]!));
    } else if ((m = /^(?:alt\.\s+)?POB\s+(.+)$/i.exec(part))) {
      pushUnique(entry.placesOfBirth, m[1]!.trim());
    } else if ((m = /^Gender\s+(.+)$/i.exec(part))) {
      entry.gender = m[1]!.trim();
    } else if ((m = /^(?:alt\.\s+)?Email Address\s+(\S+)$/i.exec(part))) {
      pushUnique(entry.emails, m[1]!.trim().toLowerCase());
    } else if ((m = /^(?:alt\.\s+)?Website\s+(\S+)$/i.exec(part))) {
      pushUnique(entry.websites, m[1]!.trim());
    } else if ((m = /^(?:alt\.\s+)?Digital Currency Address\s*-\s*([A-Za-z0-9]+)\s+(\S+)$/i.exec(part))) {
      const wallet: Wallet = { currency: m[1]!.toUpperCase(), address: m[2]!.trim() };
      if (!entry.wallets.some((w) => w.currency === wallet.currency && w.address === wallet.address)) entry.wallets.push(wallet);
    }
  }
}

function country(name: string): string {
  const trimmed = name.trim();
  return toCountryCode(trimmed) ?? trimmed;
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
