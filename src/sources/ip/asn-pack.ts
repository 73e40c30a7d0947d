/**
 * Packs @ip-location-db/asn (CSV, 62 MB, 515,000 ranges) into the compact file vet loads: sorted
 * typed arrays for binary search and one UTF-8 blob of organisation names. Run by `npm run build`
 * (node dist/sources/ip/asn-pack.js); parsing the CSV takes seconds, loading the pack milliseconds.
 * The data is RouteViews, NRO and DB-IP's, CC BY 4.0; packing it is a modification (said in `vet sources`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { underRoot } from '../../paths.js';

export const ASN_PACK_VERSION = 1;

export interface AsnPack {
  formatVersion: number;
  /** Package version of @ip-location-db/asn, which encodes its data date (2.3.YYYYMMDDHH). */
  dataVersion: string;
  /** IPv4 ranges, sorted by start: [start, end] inclusive, and the ASN of each. */
  v4Start: Uint32Array;
  v4End: Uint32Array;
  v4Asn: Uint32Array;
  /** IPv6 ranges at /64 precision: the top 64 bits of start and end as two 32-bit words each. */
  v6StartHi: Uint32Array;
  v6StartLo: Uint32Array;
  v6EndHi: Uint32Array;
  v6EndLo: Uint32Array;
  v6Asn: Uint32Array;
  /** Sorted ASNs, and the byte range of each one's organisation name in `orgBlob`. */
  asns: Uint32Array;
  orgOffsets: Uint32Array;
  orgBlob: Uint8Array;
}

/** One CSV line: start,end,asn,org (org may be quoted and hold commas). */
function splitLine(line: string): [string, string, string, string] | undefined {
  const a = line.indexOf(',');
  const b = line.indexOf(',', a + 1);
  const c = line.indexOf(',', b + 1);
  if (a < 0 || b < 0 || c < 0) return undefined;
  let org = line.slice(c + 1).trim();
  if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
  return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1, c), org];
}

export function packAsn(dir: string, dataVersion: string): AsnPack {
  const orgs = new Map<number, string>();
  const v4: [number, number, number][] = [];
  for (const line of readFileSync(join(dir, 'asn-ipv4-num.csv'), 'utf8').split('\n')) {
    const cells = splitLine(line);
    if (!cells) continue;
    const asn = Number(cells[2]);
    v4.push([Number(cells[0]), Number(cells[1]), asn]);
    if (!orgs.has(asn)) orgs.set(asn, cells[3]);
  }
  const v6: [bigint, bigint, number][] = [];
  for (const line of readFileSync(join(dir, 'asn-ipv6-num.csv'), 'utf8').split('\n')) {
    const cells = splitLine(line);
    if (!cells) continue;
    const asn = Number(cells[2]);
    v6.push([BigInt(cells[0]) >> 64n, BigInt(cells[1]) >> 64n, asn]);
    if (!orgs.has(asn)) orgs.set(asn, cells[3]);
  }
  if (v4.length < 100_000 || v6.length < 10_000) throw new Error(`${dir}: only ${v4.length} IPv4 and ${v6.length} IPv6 ranges; not the ASN data expected`);
  v4.sort((x, y) => x[0] - y[0]);
  v6.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const hi = (n: bigint): number => Number(n >> 32n);
  const lo = (n: bigint): number => Number(n & 0xffffffffn);
  const asns = Uint32Array.from([...orgs.keys()].sort((x, y) => x - y));
  const encoder = new TextEncoder();
  const encoded = [...asns].map((a) => encoder.encode(orgs.get(a)));
  const orgOffsets = new Uint32Array(asns.length + 1);
  let total = 0;
  encoded.forEach((bytes, i) => {
    orgOffsets[i] = total;
    total += bytes.length;
  });
  orgOffsets[asns.length] = total;
  const orgBlob = new Uint8Array(total);
  encoded.forEach((bytes, i) => orgBlob.set(bytes, orgOffsets[i]));
  return {
    formatVersion: ASN_PACK_VERSION,
    dataVersion,
    v4Start: Uint32Array.from(v4, (r) => r[0]),
    v4End: Uint32Array.from(v4, (r) => r[1]),
    v4Asn: Uint32Array.from(v4, (r) => r[2]),
    v6StartHi: Uint32Array.from(v6, (r) => hi(r[0])),
    v6StartLo: Uint32Array.from(v6, (r) => lo(r[0])),
    v6EndHi: Uint32Array.from(v6, (r) => hi(r[1])),
    v6EndLo: Uint32Array.from(v6, (r) => lo(r[1])),
    v6Asn: Uint32Array.from(v6, (r) => r[2]),
    asns,
    orgOffsets,
    orgBlob,
  };
}

/**
 * Where the build writes the pack: dist/data/asn.v8 in vet's folder, so that tests that run the
 * TypeScript sources read the same file.
 */
export const ASN_PACK_FILE = underRoot('dist/data/asn.v8');

/** Beside the pack, what it is: a run names its data (the report's sources) without reading 10 MB it may not need. */
export const ASN_PACK_META_FILE = `${ASN_PACK_FILE}.json`;
export interface AsnPackMeta {
  formatVersion: number;
  dataVersion: string;
}

// `node dist/sources/ip/asn-pack.js`: pack unless a pack of this format and data version exists.
// Run as this very file (the bundled command holds this code too, and must never pack anything).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1] && import.meta.url.endsWith('/asn-pack.js')) {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@ip-location-db/asn/package.json');
  const dir = dirname(pkgFile);
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  const meta: AsnPackMeta = { formatVersion: ASN_PACK_VERSION, dataVersion: version };
  if (existsSync(ASN_PACK_FILE)) {
    try {
      const existing = deserialize(readFileSync(ASN_PACK_FILE)) as Partial<AsnPack>;
      if (existing.formatVersion === ASN_PACK_VERSION && existing.dataVersion === version) {
        writeFileSync(ASN_PACK_META_FILE, JSON.stringify(meta));
        process.exit(0);
      }
    } catch {
      // unreadable: pack again
    }
  }
  const started = Date.now();
  const pack = packAsn(dir, version);
  mkdirSync(dirname(ASN_PACK_FILE), { recursive: true });
  const tmp = `${ASN_PACK_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, serialize(pack));
  renameSync(tmp, ASN_PACK_FILE);
  writeFileSync(ASN_PACK_META_FILE, JSON.stringify(meta));
  console.log(
    `packed ${pack.v4Start.length} IPv4 and ${pack.v6Asn.length} IPv6 ASN ranges (${pack.asns.length} organisations) from @ip-location-db/asn ${version} into ${ASN_PACK_FILE} in ${Date.now() - started} ms`,
  );
}
