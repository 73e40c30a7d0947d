import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { FIXTURES } from '../helpers/collect.js';
import { EMPTY_HOME } from '../helpers/home.js';
import { writeMmdb } from '../helpers/mmdb.js';

const env = { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' };

describe('vet ip', () => {
  it("shows each source's answer as JSON", async () => {
    const r = await run(['ip', '175.45.176.1', '10.0.0.1', '2a02:6b8::1', '--format', 'json'], { env, cwd: FIXTURES });
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    const out = JSON.parse(r.stdout) as { addresses: Array<Record<string, unknown>>; sources: { id: string; license?: string }[] };
    expect(out.addresses[0]).toMatchObject({ ip: '175.45.176.1', northKorea: expect.stringMatching(/Star Joint Venture/), asn: { asn: 131279 } });
    expect(out.addresses[1]).toMatchObject({ ip: '10.0.0.1', unusable: 'private (RFC 1918)', countries: [] });
    expect(out.addresses[2]).toMatchObject({ version: 6, countries: [{ country: 'RU' }, { country: 'RU' }] });
    expect(out.sources.map((s) => s.id)).toEqual(['ip-country-nro', 'ip-country-dbip', 'ip-asn', 'hosting-asns']);
  });

  it('names what it shows and where it came from as text', async () => {
    const r = await run(['ip', '45.77.0.1'], { env, cwd: FIXTURES });
    expect(r.stdout).toMatch(/country {7}US {2}\(ip-country-nro \d{4}-\d{2}-\d{2}\)/);
    expect(r.stdout).toMatch(/hosting {7}vps: Vultr/);
  });

  it('refuses what is not an address, and a file that is not the database it is given as', async () => {
    const bad = await run(['ip', '999.1.1.1'], { env, cwd: FIXTURES });
    expect(bad).toMatchObject({ exitCode: 2, stderr: 'vet: "999.1.1.1" is not an IPv4 or IPv6 address\n' });
    const dir = mkdtempSync(join(tmpdir(), 'vet-ip-cli-'));
    writeFileSync(join(dir, 'asn.mmdb'), writeMmdb({ databaseType: 'GeoLite2-ASN', records: [] }));
    const wrong = await run(['ip', '8.8.8.8', '--mmdb-anonymous', 'asn.mmdb'], { env, cwd: dir });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/asn\.mmdb was given as a GeoIP2 Anonymous IP or Anonymous Plus database, but it says it is "GeoLite2-ASN"/);
    const lite = await run(['ip', '8.8.8.8', '--mmdb-asn', 'asn.mmdb'], { env, cwd: dir });
    expect(lite.exitCode).toBe(0);
    expect(lite.stderr).toMatch(/^vet: warning: asn\.mmdb is MaxMind GeoLite2 data: its licence forbids use "for employment purposes"/);
  });
});

describe('vet sources', () => {
  it('lists every data source with its licence and the attribution the licences ask for', async () => {
    const r = await run(['sources', '--format', 'json'], { env });
    const out = JSON.parse(r.stdout) as { sources: { id: string; license?: string; date?: string }[]; attribution: string[] };
    expect(out.sources.map((s) => s.id)).toEqual([
      'libphonenumber',
      'sanctions',
      'email',
      'iocs',
      'ip-country-nro',
      'ip-country-dbip',
      'ip-asn',
      'hosting-asns',
    ]);
    expect(out.sources.find((s) => s.id === 'ip-country-dbip')).toMatchObject({
      license: expect.stringMatching(/CC BY 4\.0/),
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(out.attribution.join('\n')).toMatch(/IP Geolocation by DB-IP/);
    expect(out.attribution.join('\n')).toMatch(/Route Views/);
  });
});

describe('ipData in the config and as flags', () => {
  it('reads list paths relative to the config file, and adds the flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-ipdata-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'ranges.txt'), '73.162.0.0/16 office VPN\n');
    writeFileSync(join(dir, 'conf', 'vet.config.json'), JSON.stringify({ ipData: { vpnRanges: 'ranges.txt' } }));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ id: 'A', ipAddresses: ['73.162.0.1', '80.128.0.99'], location: { country: 'US' } }));
    const r = await run(
      [
        'a.json',
        '--config',
        'conf/vet.config.json',
        '--tor-exits',
        join(FIXTURES, 'ip', 'tor-exit-addresses.txt'),
        '--format',
        'json',
        '--rules',
        'geo-mismatch',
      ],
      { env, cwd: dir },
    );
    expect(r.stderr).toBe('');
    const findings = (JSON.parse(r.stdout) as { applicants: { findings: { messageId: string; data: Record<string, unknown> }[] }[] }).applicants[0]!.findings;
    expect(findings.map((f) => f.messageId).sort()).toEqual(['countryMismatch', 'listedNetwork', 'torExit']);
    expect(findings.find((f) => f.messageId === 'listedNetwork')!.data).toMatchObject({ list: 'ranges', cidr: '73.162.0.0/16' });
  });

  it('rejects an unknown ipData key, and a missing list file names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-ipdata-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ id: 'A', ipAddresses: ['73.162.0.1'] }));
    writeFileSync(join(dir, 'vet.config.json'), JSON.stringify({ ipData: { mmdbCty: 'x.mmdb' } }));
    const typo = await run(['a.json'], { env, cwd: dir });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/unknown key "mmdbCty" in ipData \(did you mean "mmdbCity"\?\)/);
    writeFileSync(join(dir, 'vet.config.json'), JSON.stringify({ ipData: { torExits: ['nowhere.txt'] } }));
    const missing = await run(['a.json'], { env, cwd: dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.txt: no such file/);
  });
});
