import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Reader, type Response } from 'maxmind';
import { SourceError } from '../../errors.js';
import { MmdbTree } from './mmdb-tree.js';
import { ipKey, parseCidr, parseIp, type ParsedIp } from '../../keys/ip.js';

/**
 * The reader's cache of decoded data, by offset in the file: records share nested data (a City
 * record points at its country's), so decoding a new record reuses what others decoded. Bounded,
 * since a City database has millions of records.
 */
export class RecordCache {
  private readonly map = new Map<number, unknown>();
  constructor(private readonly max: number) {}
  get(key: number): unknown {
    return this.map.get(key);
  }
  set(key: number, value: unknown): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, value);
  }
}

/** Which kind of MaxMind database a slot takes, and how to recognise it from its databaseType. */
export const MMDB_KINDS = {
  city: { label: 'GeoIP2 City', accepts: /City|Enterprise/i },
  country: { label: 'GeoIP2 Country (or City)', accepts: /Country|City|Enterprise/i },
  asn: { label: 'GeoIP2 ASN (or ISP)', accepts: /ASN|ISP/i },
  anonymous: { label: 'GeoIP2 Anonymous IP or Anonymous Plus', accepts: /Anonymous/i },
} as const;
export type MmdbKind = keyof typeof MMDB_KINDS;

/** Files a user supplies (config `ipData` or flags): each optional. */
export interface IpDataFiles {
  mmdb: Partial<Record<MmdbKind, string>>;
  torExits: string[];
  vpnRanges: string[];
}

export interface UserMmdb {
  kind: MmdbKind;
  file: string;
  tree: MmdbTree;
  databaseType: string;
  /** Build date (YYYY-MM-DD), and how evidence names the file: its type and date. */
  date: string;
  label: string;
}

/** Opens a user's .mmdb and checks it is the kind of database the slot asks for. */
export function openUserMmdb(kind: MmdbKind, file: string): { db: UserMmdb; warning?: string } {
  let reader: Reader<Response>;
  let data: Buffer;
  try {
    data = readFileSync(file);
    if (data[0] === 0x1f && data[1] === 0x8b) throw new Error('it is gzip-compressed; unpack it first');
    reader = new Reader<Response>(data, { cache: new RecordCache(10_000) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code
          ? `cannot read (${err.code})`
          : /gzip/.test(err.message)
            ? err.message
            : `not a MaxMind DB (.mmdb) file (${err.message})`;
    throw new SourceError(`${file}: ${why}`);
  }
  const { databaseType, buildEpoch } = reader.metadata;
  const spec = MMDB_KINDS[kind];
  if (!spec.accepts.test(databaseType)) {
    throw new SourceError(`${file} was given as a ${spec.label} database, but it says it is "${databaseType}"`);
  }
  const date = buildEpoch.toISOString().slice(0, 10);
  const db: UserMmdb = { kind, file, tree: new MmdbTree(reader, data), databaseType, date, label: `${databaseType} (${date})` };
  if (/^GeoLite2/i.test(databaseType)) {
    return {
      db,
      warning: `${basename(file)} is MaxMind GeoLite2 data: its licence forbids use "for employment purposes" and for FCRA purposes, which screening applicants is. Use GeoIP2 (and check its terms with counsel) or vet's embedded data.`,
    };
  }
  return { db };
}

/** Country, city and time zone from a City or Country record (MaxMind's nested or ip-location-db's flat schema). */
export function geoOf(record: Record<string, unknown> | null): { country?: string; city?: string; timezone?: string } {
  if (!record) return {};
  const r = record as {
    country?: { iso_code?: string };
    registered_country?: { iso_code?: string };
    city?: { names?: { en?: string } } | string;
    location?: { time_zone?: string };
    country_code?: string;
    timezone?: string;
  };
  const out: { country?: string; city?: string; timezone?: string } = {};
  const country = r.country?.iso_code ?? r.country_code;
  if (country) out.country = country.toUpperCase();
  const city = typeof r.city === 'string' ? r.city : r.city?.names?.en;
  if (city) out.city = city;
  const tz = r.location?.time_zone ?? r.timezone;
  if (tz) out.timezone = tz;
  return out;
}

/** The Tor Project's bulk exit list ("1.2.3.4" per line) or its exit-addresses format ("ExitAddress 1.2.3.4 ..."). */
export function readTorExits(file: string): Set<string> {
  const out = new Set<string>();
  readLines(file).forEach(({ text }) => {
    const m = /^ExitAddress\s+(\S+)/.exec(text);
    const candidate = m ? m[1]! : text.split(/\s+/)[0]!;
    const ip = parseIp(candidate);
    if (ip) out.add(ipKey(ip));
  });
  if (out.size === 0)
    throw new SourceError(`${file}: no IP addresses found (expected the Tor Project's exit list: one address per line, or "ExitAddress" lines)`);
  return out;
}

export interface UserRange {
  list: string;
  cidr: string;
  label?: string;
}

/** A user's list of networks ("CIDR [label]" per line, # comments), for example a VPN provider's ranges. */
export class RangeList {
  private readonly v4: { start: number; end: number; range: UserRange }[] = [];
  private readonly v6: { start: bigint; end: bigint; range: UserRange }[] = [];

  constructor(readonly file: string) {
    const list = basename(file, extname(file));
    for (const { text, line } of readLines(file)) {
      const [, cidr, rest] = /^([^\s,;]+)(?:[\s,;]+(.*))?$/.exec(text) ?? [];
      const net = cidr === undefined ? undefined : parseCidr(cidr);
      if (!net) throw new SourceError(`${file}:${line}: not a network (expected CIDR notation such as 203.0.113.0/24, optionally followed by a label)`);
      const label = (rest ?? '').trim();
      const range: UserRange = { list, cidr: net.cidr, ...(label ? { label } : {}) };
      if (net.version === 4) {
        const size = 2 ** (32 - net.prefix);
        this.v4.push({ start: net.v4, end: net.v4 + size - 1, range });
      } else {
        const start = wordsToBigInt(net.words);
        this.v6.push({ start, end: start + (1n << BigInt(128 - net.prefix)) - 1n, range });
      }
    }
    if (this.v4.length + this.v6.length === 0) throw new SourceError(`${file}: no networks found`);
  }

  get size(): number {
    return this.v4.length + this.v6.length;
  }

  /** Every listed network that holds the address (lists are small: a scan is fast enough). */
  find(ip: ParsedIp): UserRange[] {
    if (ip.version === 4) return this.v4.filter((r) => ip.v4 >= r.start && ip.v4 <= r.end).map((r) => r.range);
    if (this.v6.length === 0) return [];
    const n = wordsToBigInt(ip.words);
    return this.v6.filter((r) => n >= r.start && n <= r.end).map((r) => r.range);
  }
}

function wordsToBigInt(words: readonly number[]): bigint {
  return words.reduce((acc, w) => (acc << 32n) | BigInt(w), 0n);
}

function readLines(file: string): { text: string; line: number }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SourceError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`}`);
  }
  return text
    .split(/\r?\n/)
    .map((l, i) => ({ text: l.replace(/#.*/, '').trim(), line: i + 1 }))
    .filter((l) => l.text.length > 0);
}
