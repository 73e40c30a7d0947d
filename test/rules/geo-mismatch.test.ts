import { join } from 'node:path';
import { parseConfig } from '../../src/engine/config.js';
import { Engine } from '../../src/engine/engine.js';
import rule from '../../src/rules/geo-mismatch.js';
import { loadSources } from '../../src/sources/index.js';
import { applicant } from '../helpers/applicant.js';
import { FIXTURES } from '../helpers/collect.js';
import { EMPTY_HOME } from '../helpers/home.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** Timed events, one a day at `hourUtc`. */
function daily(ip: string, hourUtc: number, days: number): { ip: string; at: string }[] {
  return Array.from({ length: days }, (_, d) => ({ ip, at: `2025-03-${String(d + 3).padStart(2, '0')}T${String(hourUtc).padStart(2, '0')}:15:00Z` }));
}

ruleTester.run(rule, {
  valid: [
    {
      name: 'US residential IP, claims the US',
      applicant: applicant({ ipAddresses: ['73.162.0.1'], location: { country: 'US', timezone: 'America/Chicago' } }),
    },
    { name: 'US residential IPv6, claims the US', applicant: applicant({ ipAddresses: ['2600:1700::1'], address: { country: 'US' } }) },
    {
      name: 'Korean applicant on Korea Telecom, claims Korea',
      applicant: applicant({ name: 'Kim Min-jun', ipAddresses: ['203.246.0.1'], location: { country: 'KR', timezone: 'Asia/Seoul' } }),
    },
    {
      name: 'Chinese applicant in China, claims China',
      applicant: applicant({ name: 'Wang Fang', ipAddresses: ['114.114.114.114'], location: { country: 'CN' } }),
    },
    { name: 'Russian applicant in Russia, claims Russia', applicant: applicant({ ipAddresses: ['77.88.8.8', '2a02:6b8::1'], location: { country: 'RU' } }) },
    { name: 'foreign IP with no claimed country is not an inconsistency', applicant: applicant({ ipAddresses: ['80.128.0.1'] }) },
    {
      name: 'sources that disagree: one places it in the claimed country',
      applicant: applicant({ ipAddresses: ['104.16.0.1'], location: { country: 'CA' } }),
      settings: { messages: { hostingNetwork: 'off' } },
    },
    { name: 'German IP and a German address, though location is absent', applicant: applicant({ ipAddresses: ['80.128.0.1'], address: { country: 'DE' } }) },
    {
      name: 'US and German IPs four hours apart is travel, not impossible',
      applicant: applicant({
        ipEvents: [
          { ip: '73.162.0.1', at: '2025-03-01T10:00:00Z' },
          { ip: '80.128.0.1', at: '2025-03-01T14:30:00Z' },
        ],
      }),
    },
    {
      name: 'daytime activity in the claimed zone',
      applicant: applicant({ ipEvents: daily('73.162.0.1', 16, 6), location: { country: 'US', timezone: 'America/Chicago' } }),
    },
    {
      name: 'a night owl in Seoul is not at work in UTC+8/+9 office hours',
      applicant: applicant({ ipEvents: daily('203.246.0.1', 17, 6), location: { country: 'KR', timezone: 'Asia/Seoul' } }),
    },
    { name: 'offset time zone that the country uses', applicant: applicant({ location: { country: 'US', timezone: 'UTC-05:00' } }) },
    { name: 'deprecated zone alias of the country', applicant: applicant({ location: { country: 'US', timezone: 'US/Eastern' } }) },
    {
      name: 'nationality alone is never compared with the IP',
      applicant: applicant({ nationality: 'RU', ipAddresses: ['73.162.0.1'], location: { country: 'US' } }),
    },
  ],
  invalid: [
    {
      name: 'claimed location in North Korea, written as "Pyongyang, Korea"',
      applicant: applicant({ location: 'Pyongyang, Korea' }),
      findings: [{ messageId: 'claimedNorthKorea', level: 'critical', paths: ['/location/country'] }],
    },
    {
      name: 'home address in the DPRK and a claimed location in Pyongyang: one finding',
      applicant: applicant({ location: { city: 'Pyongyang' }, address: { city: 'Pyongyang', country: 'DPRK' } }),
      findings: [{ messageId: 'claimedNorthKorea', data: { fields: 'claimed location and home address' }, paths: ['/location/country', '/address/country'] }],
    },
    {
      name: 'North Korean IP (Star JV)',
      applicant: applicant({ ipAddresses: ['175.45.176.10'], location: { country: 'US' } }),
      findings: [{ messageId: 'northKorea', level: 'critical', paths: ['/ipEvents/0/ip', '/location/country'] }],
    },
    {
      name: 'North Korean space that DB-IP places in Italy',
      applicant: applicant({ ipAddresses: ['175.45.178.1'] }),
      findings: [{ messageId: 'northKorea', level: 'critical' }],
    },
    {
      name: 'Russian IP, claims the US: high-risk origin',
      applicant: applicant({ ipAddresses: ['77.88.8.8'], location: { country: 'US' } }),
      findings: [
        { messageId: 'highRiskCountry', level: 'high', data: { ipCountry: 'RU', claimedCountry: 'US' }, paths: ['/ipEvents/0/ip', '/location/country'] },
      ],
    },
    {
      name: 'Chinese IPv6, claims Germany (address)',
      applicant: applicant({ ipAddresses: ['240e::1'], address: { country: 'DE' } }),
      findings: [{ messageId: 'highRiskCountry', data: { ipCountry: 'CN', claimedCountry: 'DE' }, paths: ['/ipEvents/0/ip', '/address/country'] }],
    },
    {
      name: 'German IP, claims the US: a plain mismatch',
      applicant: applicant({ ipAddresses: ['80.128.0.1'], location: { country: 'US' } }),
      findings: [{ messageId: 'countryMismatch', level: 'medium', data: { ipCountry: 'DE' } }],
    },
    {
      name: 'high-risk countries are configurable',
      applicant: applicant({ ipAddresses: ['80.128.0.1'], location: { country: 'US' } }),
      settings: { options: { highRiskCountries: ['DE'] } },
      findings: [{ messageId: 'highRiskCountry', data: { ipCountry: 'DE' } }],
    },
    {
      name: 'VPS in the claimed country: hosting, not a home connection',
      applicant: applicant({ ipAddresses: ['45.77.0.1'], location: { country: 'US' } }),
      findings: [{ messageId: 'hostingNetwork', level: 'medium', data: { asn: 20473, category: 'vps' } }],
    },
    {
      name: 'Tor exit operator network, in Germany, claims the US',
      applicant: applicant({ ipAddresses: ['185.220.101.1'], location: { country: 'US' } }),
      findings: [
        { messageId: 'countryMismatch', data: { ipCountry: 'DE' } },
        { messageId: 'hostingNetwork', data: { category: 'tor' } },
      ],
    },
    {
      name: 'private and documentation addresses are unusable, never a country',
      applicant: applicant({ ipAddresses: ['10.0.0.8', '2001:db8::1'], location: { country: 'US' } }),
      findings: [
        { messageId: 'unusableAddress', level: 'info', data: { kind: 'private (RFC 1918)' } },
        { messageId: 'unusableAddress', data: { kind: 'documentation (RFC 3849)' } },
      ],
    },
    {
      name: 'the US and Russia 20 minutes apart',
      applicant: applicant({
        ipEvents: [
          { ip: '73.162.0.1', at: '2025-03-01T10:00:00Z' },
          { ip: '77.88.8.8', at: '2025-03-01T10:20:00Z' },
        ],
      }),
      findings: [{ messageId: 'impossibleTravel', data: { fromCountry: 'US', toCountry: 'RU', minutes: 20 }, paths: ['/ipEvents/0/ip', '/ipEvents/1/ip'] }],
    },
    {
      name: 'working at night in Chicago, in office hours in Beijing and Pyongyang',
      applicant: applicant({ ipEvents: daily('73.162.0.1', 7, 6), location: { country: 'US', timezone: 'America/Chicago' } }),
      findings: [{ messageId: 'offHoursActivity', data: { share: 100, count: 6, timezone: 'America/Chicago' } }],
    },
    {
      name: 'the same with the zone written as an offset',
      applicant: applicant({ ipEvents: daily('73.162.0.1', 7, 6), location: { country: 'US', timezone: 'UTC-06:00' } }),
      findings: [{ messageId: 'offHoursActivity', data: { share: 100, timezone: 'UTC-06:00' } }],
    },
    {
      name: 'claimed zone from another continent',
      applicant: applicant({ location: { country: 'US', timezone: 'Asia/Shanghai' } }),
      findings: [{ messageId: 'timezoneMismatch', level: 'low', data: { timezone: 'Asia/Shanghai', claimedCountry: 'US' } }],
    },
    {
      name: 'claimed offset that the country never uses',
      applicant: applicant({ location: { country: 'US', timezone: 'UTC+09:00' } }),
      findings: [{ messageId: 'timezoneMismatch', data: { timezone: 'UTC+09:00' } }],
    },
  ],
});

describe("geo-mismatch with the user's own data", () => {
  it('reports VPN flags, Tor exits and listed networks from the files the user supplies', async () => {
    const { sources } = await loadSources(['ip'], {
      env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
      ipData: { mmdb: {}, torExits: [join(FIXTURES, 'ip', 'tor-exit-addresses.txt')], vpnRanges: [join(FIXTURES, 'ip', 'vpn-ranges.txt')] },
    });
    const engine = new Engine([rule], parseConfig({}, [rule]), sources);
    const result = engine.vet(applicant({ ipAddresses: ['80.128.0.99'], location: { country: 'DE' } }));
    expect(result.findings.map((f) => [f.messageId, f.level, f.data.list ?? f.data.source])).toEqual([
      ['listedNetwork', 'high', 'vpn-ranges'],
      ['torExit', 'high', expect.stringMatching(/tor-exit-addresses\.txt$/)],
    ]);
    expect(result.findings[0]!.message).toBe('IP address 80.128.0.99 is in 80.128.0.0/24 on the network list "vpn-ranges" (Example VPN, Frankfurt exit).');
  });
});
