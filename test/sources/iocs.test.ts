import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { SourceError } from '../../src/errors.js';
import { mergeIocs, parseIocList } from '../../src/sources/iocs/import.js';
import { addressKey } from '../../src/keys/address.js';
import { iocKey, loadIocSource, readUserIocs, writeUserIocs } from '../../src/sources/iocs/index.js';
import { KNOWN_IOCS } from '../../src/sources/iocs/known.js';
import { FIXTURES } from '../helpers/collect.js';
import { EMPTY_HOME } from '../helpers/home.js';

const builtIn = loadIocSource({ VET_HOME: EMPTY_HOME });

describe('the shipped indicators', () => {
  it('each has a source, a date and a value vet can match', () => {
    for (const ioc of KNOWN_IOCS) {
      expect(ioc.source.length).toBeGreaterThan(10);
      expect(ioc.date).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(iocKey(ioc.kind, ioc.value)).toHaveProperty('key');
    }
  });

  it.each([
    ['inditechlab.com', 'inditechlab.com'],
    ['https://www.tonywangtech.com/about-us', 'tonywangtech.com'],
    ['careers.hopanatech.com', 'hopanatech.com'],
    ['example.com', undefined],
    ['notinditechlab.com', undefined],
  ])('domain %s is listed as %s', (host, listed) => {
    expect(builtIn.domain(host)?.value).toBe(listed);
  });

  it.each([
    ['Yanbian Silverstar', 'Yanbian Silverstar'],
    ['YANBIAN SILVER STAR NETWORK TECHNOLOGY CO LTD', 'Yanbian Silverstar Network Technology Co., Ltd.'],
    ['Korea Sobaeksu Trading Company', 'Korea Sobaeksu Trading Corporation'],
    ['Shenyang Guempungri Network Technology', 'Shenyang Geumpungri Network Technology Co., Ltd'],
    ['Google LLC', undefined],
    ['Silver Star Consulting', undefined],
    ['Shenyang Technology Ltd', undefined],
    ['Pioneer Star Real Estate', undefined],
    ['Alice LLC', undefined],
    ['Korea Telecom', undefined],
    ['Korea Trading Corporation', undefined],
    ['Liaoning China Trade Industry Co', 'Liaoning China Trade Industry Co., Ltd.'],
    ['China Trade Industry', undefined],
    // A name many firms share matches, and the rule reports it lower (common: true).
    ['Fortuna Consulting GmbH', 'Fortuna LLC'],
  ])('company %s matches %s', (name, listed) => {
    expect(builtIn.company(name)?.matched).toBe(listed);
  });

  it.each([
    ['Building A1, No. 11 Tawan Street, Huanggu District, Shenyang', 'same building'],
    ['Room 1006-24, Building A1, 11 Tawan St, Huanggu District, Shenyang', 'same building'],
    ['No. 1006-25, Building A1, No. 11 Tawan Street, Huanggu District, Shenyang, Liaoning 110036, China', 'same address'],
    ['12 Tawan Street, Shenyang', undefined],
    ['Tawan Street, Shenyang', undefined],
    ['100 Example Street, Springfield, IL 62701', undefined],
  ])('address %s is the %s', (text, how) => {
    const key = addressKey({ text });
    expect(key === undefined ? undefined : builtIn.address(key)?.how).toBe(how);
  });

  it('knows the wallet in the Andreyev designation', () => {
    expect(builtIn.wallet(' 1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2T ')?.kind).toBe('wallet');
    expect(builtIn.wallet('1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2t')).toBeUndefined();
  });
});

describe('imported indicators', () => {
  it('reads CSV and JSON lists, keying each value as it will be matched', () => {
    const csv = parseIocList(readFileSync(FIXTURES + 'iocs/my-iocs.csv', 'utf8'), 'my-iocs.csv', '2026-11-21');
    expect(csv.errors).toEqual([]);
    expect(csv.indicators.map((i) => [i.kind, i.date])).toEqual([
      ['domain', '2026-10-02'],
      ['email', '2026-11-21'],
      ['phone', '2026-11-21'],
      ['wallet', '2026-11-21'],
      ['address', '2026-09'],
    ]);
    const json = parseIocList(readFileSync(FIXTURES + 'iocs/my-iocs.json', 'utf8'), 'my-iocs.json', '2026-11-21');
    expect(json.errors).toEqual([]);
    // The same domain written as a URL is the same indicator: it updates, not repeats.
    const { merged, added, updated } = mergeIocs(csv.indicators, json.indicators);
    expect([merged.length, added, updated]).toEqual([6, 1, 1]);
    expect(merged[0]!.note).toBe('same agency, new case');
    // Base58 wallets differ by case: two indicators, not one updated.
    const wallets = [
      { kind: 'wallet' as const, value: '1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2T', source: 'a', date: '2026' },
      { kind: 'wallet' as const, value: '1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2t', source: 'b', date: '2026' },
    ];
    expect(mergeIocs([], wallets).added).toBe(2);
  });

  it('names every bad row and field without the value', () => {
    const { indicators, errors } = parseIocList(readFileSync(FIXTURES + 'iocs/broken.csv', 'utf8'), 'broken.csv', '2026-11-21');
    expect(indicators).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'broken.csv:2: column "kind": expected one of domain, email, address, phone, wallet, company',
      'broken.csv:3: column "value": not a domain name',
      'broken.csv:4: column "source": missing: say where the indicator comes from',
      'broken.csv:5: column "value": too vague to be one place (give a street number and street)',
      'broken.csv:6: column "value": not an international phone number (expected +country code and number)',
    ]);
    for (const e of errors) expect(e.message).not.toMatch(/Mars|someone@|Springfield|555/);
    expect(parseIocList('value,source\nx.com,me\n', 'a.csv', '2026-01-01').errors[0]!.message).toBe(
      'a.csv:1: the header must name the columns kind, value and source (missing: kind)',
    );
    expect(parseIocList('[{"kind": "domain"', 'a.json', '2026-01-01').errors[0]!.message).toMatch(/^a\.json: not valid JSON/);
  });

  it('are kept in a private file in vet home and matched next to the shipped ones', () => {
    const home = mkdtempSync(join(tmpdir(), 'vet-iocs-'));
    const env = { VET_HOME: home };
    const { indicators } = parseIocList(readFileSync(FIXTURES + 'iocs/my-iocs.csv', 'utf8'), 'my-iocs.csv', '2026-11-21');
    const file = writeUserIocs(env, indicators);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const source = loadIocSource(env);
    expect(source.email('recruiter.sample@example.org')?.origin).toBe('imported');
    expect(source.phone('+14155550199')?.note).toBe('laptop-farm contact line');
    expect(source.address(addressKey({ street: '77 Example Rd', city: 'Springfield', region: 'Illinois', postalCode: '62701' })!)?.how).toBe('same address');
    expect(source.domain('inditechlab.com')?.origin).toBe('built-in');
    expect(source.info.description).toContain('5 imported');
  });

  it('stop the run when their file is damaged, rather than being skipped', () => {
    const home = mkdtempSync(join(tmpdir(), 'vet-iocs-'));
    writeFileSync(join(home, 'iocs.json'), '{"version": 1, "indicators": [{"kind": "domain"}]}');
    expect(() => readUserIocs({ VET_HOME: home })).toThrow(SourceError);
    writeFileSync(join(home, 'iocs.json'), '{"version": 1, "indicators": [{"kind": "address", "value": "Springfield", "source": "me", "date": "2026"}]}');
    expect(() => readUserIocs({ VET_HOME: home })).toThrow(/indicator 1 is damaged/);
    writeFileSync(join(home, 'iocs.json'), 'not json');
    expect(() => loadIocSource({ VET_HOME: home })).toThrow(/iocs\.json: not valid JSON/);
  });
});
