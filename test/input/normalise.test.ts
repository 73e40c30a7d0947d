import { ApplicantErrors, normaliseApplicant, parseDateOfBirth, parseTimezone } from '../../src/input/normalise.js';
import { toCountryCode } from '../../src/keys/countries.js';

const ctx = { file: 'a.json', line: 1 };

function fieldErrors(raw: unknown): string[] {
  try {
    // A field problem leaves the field out and keeps the applicant; the record says what and why.
    const { problems } = normaliseApplicant(raw, ctx);
    return (problems ?? []).map((x) => `${x.location.field}: ${x.detail}`);
  } catch (e) {
    if (e instanceof ApplicantErrors) return e.errors.map((x) => `${x.location.field}: ${x.detail}`);
    throw e;
  }
}

describe('countries', () => {
  it.each([
    ['KR', 'KR'],
    ['KOR', 'KR'],
    ['South Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['korea (south)', 'KR'],
    ['DPRK', 'KP'],
    ['North Korea', 'KP'],
    ["Korea, Democratic People's Republic of", 'KP'],
    ['Russia', 'RU'],
    ['Russian Federation', 'RU'],
    ['United States', 'US'],
    ['U.S.A.', 'US'],
    ['UK', 'GB'],
    ['Laos', 'LA'],
    ['Viet Nam', 'VN'],
    ['Türkiye', 'TR'],
    ["Côte d'Ivoire", 'CI'],
  ])('%s -> %s', (name, code) => {
    expect(toCountryCode(name)).toBe(code);
  });

  it('does not guess', () => {
    expect(toCountryCode('Narnia')).toBeUndefined();
    expect(toCountryCode('')).toBeUndefined();
  });
});

describe('dates of birth', () => {
  it.each([
    ['1990-04-12', '1990-04-12'],
    ['1990/4/2', '1990-04-02'],
    ['1990-04', '1990-04'],
    ['1990', '1990'],
    ['15.03.1991', '1991-03-15'],
    ['03/15/1991', '1991-03-15'],
    ['5/5/1991', '1991-05-05'],
    ['15 March 1991', '1991-03-15'],
    ['Mar 15, 1991', '1991-03-15'],
  ])('%s -> %s', (text, iso) => {
    expect(parseDateOfBirth(text)).toEqual({ value: iso });
  });

  it.each(['03/04/1990', '1990-02-30', '1850-01-01', 'yesterday'])('refuses %s', (text) => {
    expect(parseDateOfBirth(text)).toHaveProperty('error');
  });
});

describe('time zones', () => {
  it('accepts IANA names and offsets', () => {
    expect(parseTimezone('America/Chicago')).toBe('America/Chicago');
    expect(parseTimezone('UTC+9')).toBe('UTC+09:00');
    expect(parseTimezone('GMT-05:30')).toBe('UTC-05:30');
    expect(parseTimezone('Mars/Olympus')).toBeUndefined();
  });

  it('accepts what ICU accepts beyond its canonical names, as written: links and other cases', () => {
    expect(parseTimezone('US/Pacific')).toBe('US/Pacific');
    expect(parseTimezone('Asia/Calcutta')).toBe('Asia/Calcutta');
    expect(parseTimezone('asia/seoul')).toBe('asia/seoul');
    expect(parseTimezone('Asia/Seoul ')).toBeUndefined();
  });
});

describe('normaliseApplicant', () => {
  it('derives an id from file and line', () => {
    expect(normaliseApplicant({ name: 'A' }, { file: 'dir/x.json', line: 7 }).applicant.id).toBe('x.json:7');
  });

  it('accepts numeric ids and account numbers', () => {
    const { applicant } = normaliseApplicant({ id: 1042, bankAccount: 12345678 }, ctx);
    expect(applicant).toMatchObject({ id: '1042', bankAccount: '12345678' });
  });

  it('merges phone and phones, email and emails, without duplicates', () => {
    const { applicant, origins } = normaliseApplicant(
      { phone: '+1 415 555 0100', phones: ['+1 415 555 0100', '+44 20 7946 0958'], email: 'a@example.com', emails: ['b@example.com'] },
      ctx,
    );
    expect(applicant.phones).toEqual(['+1 415 555 0100', '+44 20 7946 0958']);
    expect(applicant.emails).toEqual(['a@example.com', 'b@example.com']);
    expect(origins.get('/phones/1')).toEqual({ pointer: '/phones/1' });
    expect(origins.get('/phones/0')).toEqual({ pointer: '/phone' });
  });

  it('parses every phone and e-mail once, beside the raw values, reading national numbers against the claimed country', () => {
    const { applicant } = normaliseApplicant(
      {
        phones: ['020 7946 0958', '+1 (415) 555-0101', 'not a number'],
        emails: ['  Jane.Doe+jobs@GoogleMail.com ', 'mailto:ops@Example.org.'],
        location: { city: 'London', country: 'United Kingdom' },
        address: { country: 'US' },
        references: [{ name: 'Ref', email: 'Ref@Corp.Example.com' }],
      },
      ctx,
    );
    expect(applicant.phones).toEqual(['020 7946 0958', '+1 (415) 555-0101', 'not a number']);
    const [national, international, bad] = applicant.phoneNumbers;
    // The claimed location (GB) wins over the address (US) for a number without a country code.
    expect(national).toMatchObject({ input: '020 7946 0958', e164: '+442079460958', country: 'GB', readAs: 'GB', valid: true });
    expect(international).toMatchObject({ input: '+1 (415) 555-0101', e164: '+14155550101', callingCode: '1', possible: true });
    expect(international?.readAs).toBeUndefined();
    expect(bad).toMatchObject({ input: 'not a number', valid: false, possible: false });
    expect(bad?.e164).toBeUndefined();
    expect(applicant.emailAddresses).toEqual([
      { input: 'Jane.Doe+jobs@GoogleMail.com', address: 'jane.doe+jobs@googlemail.com', domain: 'googlemail.com', key: 'janedoe@gmail.com' },
      { input: 'mailto:ops@Example.org.', address: 'ops@example.org.', domain: 'example.org', key: 'ops@example.org' },
    ]);
    expect(applicant.references[0]?.emailAddress).toEqual({
      input: 'Ref@Corp.Example.com',
      address: 'ref@corp.example.com',
      domain: 'corp.example.com',
      key: 'ref@corp.example.com',
    });
  });

  it('collects every field problem of a record', () => {
    expect(
      fieldErrors({
        name: 5,
        phones: ['+1 415 555 0100', 3],
        nationality: 'Atlantis',
        location: { country: 'US', timezone: 'Nowhere/Else', planet: 'Earth' },
        ipEvents: [{ ip: '10.0.0.1', at: 'soon' }, { at: '2025-01-01' }],
        address: ['not', 'an', 'object'],
        profiles: { github: 7 },
      }),
    ).toEqual([
      '/phones/1: expected a string, got a number',
      '/ipEvents/0/at: not a date or timestamp (expected ISO 8601, e.g. 2025-03-01T14:05:00Z)',
      '/ipEvents/1/ip: missing',
      '/profiles/github: expected a URL, a handle or an object, got a number',
      '/name: expected a string, got a number',
      '/nationality: not a country vet knows (use an ISO code such as "US" or "USA", or an English name)',
      '/address: expected an object, got an array',
      '/location/timezone: not a time zone (expected an IANA name such as "America/Chicago" or an offset such as "UTC+09:00")',
      '/location/planet: unknown location field (expected city, region, country, timezone or text)',
    ]);
  });

  it('reads ID documents, references, experience and profile dates', () => {
    const { applicant, origins } = normaliseApplicant(
      {
        idDocument: { type: 'Green Card', issuingCountry: 'United States', name: 'Kim Min-jun', address: '1 Example Road, Springfield, IL 62701' },
        references: [{ name: 'Robin Example', email: 'robin@example.com', phone: '+1 415 555 0100', company: 'Example Corp' }, { name: '' }],
        yearsOfExperience: '12 years',
        profiles: {
          github: { login: 'kmj', createdAt: '2015-06-01', earliestCommitAt: '2014-01-05T10:00:00+09:00', followers: 3 },
          linkedin: 'https://linkedin.com/in/kmj',
        },
      },
      ctx,
    );
    expect(applicant.idDocument).toEqual({
      type: 'residence-permit',
      issuingCountry: 'US',
      name: 'Kim Min-jun',
      address: { text: '1 Example Road, Springfield, IL 62701' },
    });
    expect(applicant.references).toEqual([
      {
        name: 'Robin Example',
        email: 'robin@example.com',
        emailAddress: expect.objectContaining({ key: 'robin@example.com' }),
        phone: '+1 415 555 0100',
        company: 'Example Corp',
      },
    ]);
    expect(applicant.yearsOfExperience).toBe(12);
    expect(applicant.profiles.github).toEqual({
      login: 'kmj',
      createdAt: '2015-06-01T00:00:00.000Z',
      earliestCommitAt: '2014-01-05T01:00:00.000Z',
      followers: 3,
    });
    expect(origins.get('/idDocument/issuingCountry')).toEqual({ pointer: '/idDocument/issuingCountry' });
  });

  it.each([
    ['Passport', 'passport'],
    ["Driver's License", 'driving-licence'],
    ['Residence permit', 'residence-permit'],
    ['National ID card', 'national-id'],
    ['Library card', 'other'],
  ])('reads ID type %s as %s', (type, expected) => {
    expect(normaliseApplicant({ idDocument: { type } }, ctx).applicant.idDocument?.type).toBe(expected);
  });

  it('names bad ID, experience and profile fields without their values', () => {
    expect(
      fieldErrors({
        idDocument: { issuingCountry: 'Narnia', colour: 'blue' },
        yearsOfExperience: 'lots',
        profiles: { github: { createdAt: 'last spring' } },
        references: 'Robin',
      }),
    ).toEqual([
      '/references: expected an object, got a string',
      '/profiles/github/createdAt: not a date or timestamp (expected ISO 8601, e.g. 2025-03-01T14:05:00Z)',
      '/idDocument/issuingCountry: not a country vet knows (use an ISO code such as "US" or "USA", or an English name)',
      '/idDocument/colour: unknown ID document field (expected type, issuingCountry, name or address)',
      '/yearsOfExperience: expected a number of years from 0 to 70',
    ]);
    expect(fieldErrors({ yearsOfExperience: 71 })).toEqual(['/yearsOfExperience: expected a number of years from 0 to 70']);
  });

  it('keeps "__proto__" keys as data instead of re-parenting objects', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": 1}, "address": {"city": "A", "__proto__": {"x": 1}}, "profiles": {"__proto__": "h"}}');
    const { applicant } = normaliseApplicant(raw, ctx);
    expect(Object.keys(applicant.extra)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(applicant.extra)).toBe(Object.prototype);
    expect(Object.keys(applicant.address!)).toEqual(['city', '__proto__']);
    expect(Object.keys(applicant.profiles)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses something that is not an object', () => {
    expect(() => normaliseApplicant(['a'], ctx)).toThrow(ApplicantErrors);
  });

  it('never puts the offending value in an error', () => {
    const errors = fieldErrors({ nationality: 'Secretland', dateOfBirth: '31/31/1999', ipAddresses: ['300.1.2.3'] });
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e).not.toMatch(/Secretland|31\/31|300\.1/);
  });
});
