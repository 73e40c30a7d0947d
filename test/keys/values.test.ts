import { addressKey } from '../../src/keys/address.js';
import { bandKeys, signature, similarity } from '../../src/identity/minhash.js';
import { bankAccountKey, domainOf, emailKey, githubKey, hashKey, linkedinKey, nationalIdKey, parseEmail, walletKey } from '../../src/keys/values.js';
import type { Address } from '../../src/input/applicant.js';
import { mayEndCountryName, toCountryCodeStrict } from '../../src/keys/countries.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const isoCountries = require('i18n-iso-countries') as {
  getNames(lang: string, options: { select: 'all' }): Record<string, string[]>;
  getAlpha3Codes(): Record<string, string>;
};

const same = (key: (s: string) => string | undefined, a: string, b: string) => {
  expect(key(a)).toBeDefined();
  expect(key(a)).toBe(key(b));
};
const differ = (key: (s: string) => string | undefined, a: string, b: string) => {
  expect(key(a)).toBeDefined();
  expect(key(b)).toBeDefined();
  expect(key(a)).not.toBe(key(b));
};

describe('e-mail keys', () => {
  // parseEmail reads a plain address's domain without domainOf's steps: the same answer either way.
  it.each([
    'jane@example.com',
    'jane@www.example.com',
    'jane@www.com',
    'a/b@example.com',
    'ab:c@example.com',
    'jane@example.com.',
    'jane@example.com:25',
    'jane@exa_mple.com',
    'jane@localhost',
    'a@b@example.com',
    'jane doe@example.com',
    'jane@例え.jp',
    'jane@[1.2.3.4]',
    'jane@x..com',
  ])('reads the domain of %s as domainOf does', (address) => expect(parseEmail(address).domain).toBe(domainOf(address)));
  it.each([
    ['Jane.Doe@Example.com', ' jane.doe@example.com '],
    ['jane+jobs@example.com', 'jane@example.com'],
    ['j.a.n.e.doe@gmail.com', 'janedoe@gmail.com'],
    ['Jane.Doe+apply@googlemail.com', 'janedoe@gmail.com'],
    ['mailto:jane@example.com', 'jane@example.com'],
  ])('%s is %s', (a, b) => same(emailKey, a, b));
  it.each([
    ['jane.doe@example.com', 'janedoe@example.com'], // dots count outside Gmail
    ['jane@example.com', 'jane@example.org'],
  ])('%s is not %s', (a, b) => differ(emailKey, a, b));
  it.each(['', 'jane', '@example.com', 'jane@', 'jane@localhost'])('"%s" is not an address', (t) => expect(emailKey(t)).toBeUndefined());
});

describe('address keys', () => {
  const text = (t: string): Address => ({ text: t });
  it.each([
    ['123 Main Street, Apt. 4, Springfield, Illinois 62701', '123 MAIN ST #4 SPRINGFIELD IL 62701-1234'],
    ['123 Main Street, Apartment 4, Springfield, IL 62701', '123 Main St., Unit 4, Springfield IL 62701'],
    ['123 Main St Suite 4 Springfield IL 62701', '123 main st ste 4 springfield il 62701'],
    ['500 Fifth Avenue, New York, New York 10110, USA', '500 5th Ave, New York, NY 10110'],
    ['77 North Elm Road, Austin, Texas 78701', '77 N Elm Rd Austin TX 78701'],
    ['12 Rue de la Paix, 75002 Paris, France', '12 rue de la paix 75002 paris'],
    ['9 Crescent Blvd No. 12, Reno NV 89501', '9 Crescent Boulevard #12 Reno NV 89501'],
  ])('%s is %s', (a, b) => {
    expect(addressKey(text(a))).toBeDefined();
    expect(addressKey(text(a))).toBe(addressKey(text(b)));
  });
  it('reads structured and one-line addresses alike', () => {
    expect(addressKey({ street: '123 Main Street, Apt 4', city: 'Springfield', region: 'Illinois', postalCode: '62701', country: 'US' })).toBe(
      addressKey(text('123 MAIN ST #4 SPRINGFIELD IL 62701')),
    );
  });
  it.each([
    ['123 Main St, Springfield IL 62701', '132 Main St, Springfield IL 62701'],
    ['123 Main St Apt 4 Springfield IL 62701', '123 Main St Apt 5 Springfield IL 62701'],
    ['123 Main St Springfield IL 62701', '123 Main Ave Springfield IL 62701'],
    ['123 Main St Springfield IL 62701', '123 Main St Springfield IL 62704'],
  ])('%s is not %s', (a, b) => {
    expect(addressKey(text(b))).toBeDefined();
    expect(addressKey(text(a))).not.toBe(addressKey(text(b)));
  });
  it.each(['Springfield', 'Springfield, IL', 'Main Street Springfield Illinois'])('"%s" is too vague to be one place', (t) =>
    expect(addressKey(text(t))).toBeUndefined(),
  );
  it('keeps the state Georgia, not the country', () =>
    expect(addressKey(text('1 Peachtree St, Atlanta, Georgia'))).toBe(addressKey(text('1 Peachtree Street Atlanta GA'))));
  // The key looks up a trailing country only when the last word may end one (mayEndCountryName):
  // whenever an address's last one, two or three words name a country (any English name or
  // alpha-3 code), that word must be one that may.
  it('never rules out a country an address ends with', () => {
    const names = isoCountries.getNames('en', { select: 'all' });
    const endings = [
      ...Object.values(names).flat(),
      ...Object.keys(isoCountries.getAlpha3Codes()),
      'USA',
      'UK',
      'the Netherlands',
      'Ivory Coast',
      'Türkiye',
      'DPRK',
    ];
    const missed: string[] = [];
    let tails = 0;
    for (const c of endings) {
      // The words the address key is made of, as it reads them.
      const words = c
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[.,;:()'"]/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
      for (let n = 1; n <= Math.min(3, words.length); n++) {
        if (toCountryCodeStrict(words.slice(-n).join(' ')) === undefined) continue;
        tails++;
        if (!mayEndCountryName(words[words.length - 1]!)) missed.push(c);
      }
    }
    expect(tails).toBeGreaterThan(400);
    expect(missed).toEqual([]);
    expect(addressKey(text('12 Harbour Road, Port Town, North Korea'))).toBe(addressKey(text('12 Harbour Road, Port Town')));
    expect(addressKey(text('12 Harbour Road, Port Town, Saint Lucia'))).toBe(addressKey(text('12 Harbour Road, Port Town')));
    expect(mayEndCountryName('62701')).toBe(false);
  });
});

describe('domains', () => {
  it.each([
    ['Jane.Doe@Mail.Example.com', 'mail.example.com'],
    ['https://www.Example.com/jobs?x=1', 'example.com'],
    ['http://user@example.org:8080/a@b', 'example.org'],
    ['mailto:hr@example.co.uk', 'example.co.uk'],
    ['example.com.', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['localhost', undefined],
    ['not a domain', undefined],
    ['', undefined],
  ])('the domain of %s is %s', (value, domain) => {
    expect(domainOf(value)).toBe(domain);
  });
});

describe('identifier keys', () => {
  it.each([
    [nationalIdKey, '123-45-6789', '123 45 6789'],
    [nationalIdKey, 'qq 12 34 56 c', 'QQ123456C'],
    [bankAccountKey, 'GB82 WEST 1234 5698 7654 32', 'gb82west12345698765432'],
    [bankAccountKey, '0001-2345-6789', '000123456789'],
    [walletKey, '0x52908400098527886E0F7030069857D2E4169EE7', '0x52908400098527886e0f7030069857d2e4169ee7'],
    [walletKey, 'bitcoin:BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    [hashKey, 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
    [githubKey, 'https://github.com/Octo-Cat/', 'octo-cat'],
    [githubKey, 'github.com/octo-cat/some-repo', '@Octo-Cat'],
    [linkedinKey, 'https://www.linkedin.com/in/jane-doe-123/?trk=x', 'jane-doe-123'],
    [linkedinKey, 'uk.linkedin.com/in/Jane-Doe-123', 'https://linkedin.com/in/jane-doe-123'],
  ] as const)('%p: %s is %s', (key, a, b) => same(key, a, b));
  it.each([
    [walletKey, '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', '1boatslrhtknngkdxeeobr76b53lettpyt'], // base58 is case-sensitive
    [nationalIdKey, '123-45-6789', '123-45-6788'],
    [githubKey, 'github.com/octocat', 'github.com/octo-cat'],
  ] as const)('%p: %s is not %s', (key, a, b) => differ(key, a, b));
  it.each([
    [nationalIdKey, '000-00-0000'],
    [nationalIdKey, '12'],
    [bankAccountKey, 'n/a account'],
    [walletKey, 'my wallet'],
    [githubKey, 'https://gitlab.com/foo'],
    [linkedinKey, 'https://www.linkedin.com/company/acme'],
  ] as const)('%p: "%s" gives no key', (key, t) => expect(key(t)).toBeUndefined());
});

describe('resume near-duplicates (MinHash)', () => {
  const text = (words: string[], n: number) => Array.from({ length: 120 }, (_, i) => `${words[i % words.length]}${i % n}`).join(' ');
  const base = text(['built', 'scalable', 'react', 'services', 'for', 'fintech', 'clients', 'using', 'node', 'and', 'aws', 'lambda'], 7);
  it('finds a resume copied under another name with a few words changed', () => {
    const copy = base.replace('react0', 'vue0').replace('aws10', 'gcp10');
    const a = signature(`Jane Doe. ${base}`)!;
    const b = signature(`Kim Min-jun. ${copy}`)!;
    expect(similarity(a, b)).toBeGreaterThan(0.8);
    expect(bandKeys(a).some((k) => bandKeys(b).includes(k))).toBe(true);
  });
  it('tells different resumes apart and ignores short texts', () => {
    const other = text(['led', 'data', 'platform', 'team', 'at', 'a', 'bank', 'with', 'python', 'spark', 'and', 'airflow'], 5);
    expect(similarity(signature(base)!, signature(other)!)).toBeLessThan(0.1);
    expect(signature('https://ats.example.com/resumes/123.pdf')).toBeUndefined();
  });
});
