import rule from '../../src/rules/phone-origin.js';
import { applicant } from '../helpers/applicant.js';
import { engineWithIocs } from '../helpers/iocs.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { name: 'US number, US location', applicant: applicant({ phone: '+1 415 555 0100', location: { country: 'US' } }) },
    { name: 'UK number, UK address', applicant: applicant({ phone: '+44 20 7946 0958', address: { country: 'GB' } }) },
    { name: 'Guernsey mobile for a UK resident (+44 family)', applicant: applicant({ phone: '+44 7911 123456', location: { country: 'GB' } }) },
    { name: 'Canadian number for a US resident (+1 NANP family)', applicant: applicant({ phone: '+1 416 555 0175', location: { country: 'US' } }) },
    { name: 'Jamaican number for a US resident (+1 NANP family)', applicant: applicant({ phone: '+1 876 555 1234', location: { country: 'US' } }) },
    { name: 'Russian number for a Kazakh resident (+7 family)', applicant: applicant({ phone: '+7 912 345 6789', location: { country: 'KZ' } }) },
    {
      name: 'Korean resident with a Korean number',
      applicant: applicant({ name: 'Kim Min-jun', phone: '+82 10 1234 5678', location: { country: 'South Korea' } }),
    },
    { name: 'Chinese resident with a Chinese number', applicant: applicant({ name: 'Wang Fang', phone: '+86 138 0013 8002', location: { country: 'CN' } }) },
    { name: 'Russian resident with a Russian number', applicant: applicant({ phone: '+7 912 345 6789', location: { country: 'Russia' } }) },
    { name: 'Lao resident with a Lao number', applicant: applicant({ phone: '+856 20 5555 1234', location: { country: 'LA' } }) },
    { name: 'national number read against the claimed country', applicant: applicant({ phone: '030 1234567', location: { country: 'DE' } }) },
    { name: 'Korean national format read against Korea', applicant: applicant({ phone: '010-2345-6789', address: { country: 'KR' } }) },
    { name: '"011" is a national prefix in Buenos Aires, not an exit code', applicant: applicant({ phone: '011 4444 5555', location: { country: 'AR' } }) },
    { name: '"00" international prefix', applicant: applicant({ phone: '0044 20 7946 0958', location: { country: 'GB' } }) },
    { name: '"011" exit code from the US', applicant: applicant({ phone: '011 44 20 7946 0958', location: { country: 'GB' } }) },
    { name: 'tel: URI', applicant: applicant({ phone: 'tel:+14155550100', location: { country: 'US' } }) },
    {
      name: 'number matches the address country though location differs',
      applicant: applicant({ phone: '+44 20 7946 0958', location: { country: 'US' }, address: { country: 'GB' } }),
    },
    { name: 'foreign number with no claimed country is not an inconsistency', applicant: applicant({ phone: '+86 138 0013 8000' }) },
    {
      name: 'nationality alone is never compared with the phone',
      applicant: applicant({ phone: '+1 415 555 0100', nationality: 'KR', location: { country: 'US' } }),
    },
    { name: 'no phone at all', applicant: applicant({ location: { country: 'US' } }) },
    {
      name: 'virtual-line check can be narrowed by option',
      applicant: applicant({ phone: '+44 56 0012 3456', location: { country: 'GB' } }),
      settings: { options: { lineTypes: ['PAGER'] } },
    },
    {
      name: 'a message can be turned off',
      applicant: applicant({ phone: '+49 30 1234567', location: { country: 'US' } }),
      settings: { messages: { countryMismatch: 'off' } },
    },
  ],
  invalid: [
    {
      name: 'Pyongyang fixed line, claims the US',
      applicant: applicant({ phone: '+850 2 381 2222', location: { country: 'US' } }),
      findings: [{ messageId: 'northKorea', level: 'critical', data: { phoneCountry: 'KP' }, paths: ['/phones/0'] }],
    },
    {
      name: 'Koryolink mobile written with 00',
      applicant: applicant({ phones: ['00850 191 234 5678'], location: { country: 'CA' } }),
      findings: [{ messageId: 'northKorea', level: 'critical' }],
    },
    {
      name: 'North Korean even with no claimed country',
      applicant: applicant({ phone: '+850 2 381 2222' }),
      findings: [{ messageId: 'northKorea' }],
    },
    {
      name: 'invalid +850 number is still North Korean, and invalid',
      applicant: applicant({ phone: '+850 12', location: { country: 'US' } }),
      findings: [{ messageId: 'northKorea' }, { messageId: 'invalidNumber', level: 'low' }],
    },
    {
      name: 'Chinese mobile, claims the US: high-risk origin',
      applicant: applicant({ phone: '+86 138 0013 8001', location: { country: 'USA' } }),
      findings: [
        { messageId: 'highRiskCountry', level: 'high', data: { phoneCountry: 'CN', claimedCountry: 'US' }, paths: ['/phones/0', '/location/country'] },
      ],
    },
    {
      name: 'Russian number, claims Poland',
      applicant: applicant({ phone: '+7 495 123 4567', address: { country: 'Poland' } }),
      findings: [{ messageId: 'highRiskCountry', data: { phoneCountry: 'RU', claimedCountry: 'PL' }, paths: ['/phones/0', '/address/country'] }],
    },
    {
      name: 'Kazakh number for a US resident is a mismatch, not Russian',
      applicant: applicant({ phone: '+7 701 123 4567', location: { country: 'US' } }),
      findings: [{ messageId: 'countryMismatch', level: 'medium', data: { phoneCountry: 'KZ' } }],
    },
    {
      name: 'Lao number, claims the US',
      applicant: applicant({ phone: '+856 20 5555 1234', location: { country: 'US' } }),
      findings: [{ messageId: 'highRiskCountry', data: { phoneCountry: 'LA' } }],
    },
    {
      name: 'German number, claims the US: ordinary mismatch',
      applicant: applicant({ phone: '+49 30 1234567', location: 'Denver, CO, United States' }),
      findings: [{ messageId: 'countryMismatch', level: 'medium', data: { phoneCountry: 'DE', claimedCountry: 'US' } }],
    },
    {
      name: 'high-risk list is configurable',
      applicant: applicant({ phone: '+84 91 234 5678', location: { country: 'US' } }),
      settings: { options: { highRiskCountries: ['VN'] } },
      findings: [{ messageId: 'highRiskCountry', data: { phoneCountry: 'VN' } }],
    },
    {
      name: 'China not high-risk when removed from the list',
      applicant: applicant({ phone: '+86 138 0013 8001', location: { country: 'US' } }),
      settings: { options: { highRiskCountries: ['KP'] } },
      findings: [{ messageId: 'countryMismatch', data: { phoneCountry: 'CN' } }],
    },
    {
      name: 'UK VoIP range',
      applicant: applicant({ phone: '+44 56 0012 3456', location: { country: 'GB' } }),
      findings: [{ messageId: 'virtualLine', level: 'low', data: { lineType: 'VOIP' } }],
    },
    {
      name: 'UK personal number (070)',
      applicant: applicant({ phone: '+44 70 1234 5678', location: { country: 'GB' } }),
      findings: [{ messageId: 'virtualLine', data: { lineType: 'PERSONAL_NUMBER' } }],
    },
    {
      name: 'UK UAN (03)',
      applicant: applicant({ phone: '+44 300 123 4567', location: { country: 'GB' } }),
      findings: [{ messageId: 'virtualLine', data: { lineType: 'UAN' } }],
    },
    {
      name: 'Japanese 050 VoIP number for a US resident: virtual and mismatched',
      applicant: applicant({ phone: '+81 50 1234 5678', location: { country: 'US' } }),
      findings: [
        { messageId: 'virtualLine', data: { lineType: 'VOIP' } },
        { messageId: 'countryMismatch', data: { phoneCountry: 'JP' } },
      ],
    },
    {
      name: 'not a phone number',
      applicant: applicant({ phone: 'call me maybe', location: { country: 'US' } }),
      findings: [{ messageId: 'invalidNumber', data: { reason: 'not a phone number' } }],
    },
    {
      name: 'unknown calling code',
      applicant: applicant({ phone: '+999 123 456', location: { country: 'US' } }),
      findings: [{ messageId: 'invalidNumber', data: { reason: 'unknown country calling code' } }],
    },
    {
      name: 'too short for its country',
      applicant: applicant({ phone: '+1 415 555', location: { country: 'US' } }),
      findings: [{ messageId: 'invalidNumber' }],
    },
    {
      name: 'national format with no country to read it against',
      applicant: applicant({ phone: '030 1234567' }),
      findings: [{ messageId: 'notChecked', level: 'info' }],
    },
    {
      name: 'each number is checked; the same number written twice counts once',
      applicant: applicant({ phones: ['+850 2 381 2222', '+86 138 0013 8000', '+850 (2) 381-2222'], location: { country: 'US' } }),
      findings: [
        { messageId: 'northKorea', paths: ['/phones/0'] },
        { messageId: 'highRiskCountry', paths: ['/phones/1', '/location/country'] },
      ],
    },
    {
      name: 'config can raise a message level',
      applicant: applicant({ phone: '+44 56 0012 3456', location: { country: 'GB' } }),
      settings: { messages: { virtualLine: 'medium' } },
      findings: [{ messageId: 'virtualLine', level: 'medium' }],
    },
  ],
});

describe('phone-origin with imported indicators', () => {
  it('reports a number on the list however it is written, with its source', async () => {
    const engine = await engineWithIocs(rule, [
      { kind: 'phone', value: '+1 415 555 0199', source: 'Our SOC case 2026-14', date: '2026-10-02', note: 'laptop-farm contact line' },
    ]);
    const hit = engine.vet(applicant({ phone: '(415) 555-0199', location: { country: 'US' } }));
    const miss = engine.vet(applicant({ phone: '(415) 555-0198', location: { country: 'US' } }));
    expect(hit.findings.map((f) => [f.messageId, f.level, f.data.source])).toEqual([['knownIndicator', 'high', 'Our SOC case 2026-14']]);
    expect(hit.findings[0]!.evidence[0]).toMatchObject({ path: '/phones/0', e164: '+14155550199', origin: 'imported' });
    expect(miss.findings).toEqual([]);
  });
});
