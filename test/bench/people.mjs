// Ordinary applicants for the fairness bench: seeded, reproducible, never tuned to pass. Twelve
// origin groups, names drawn from @faker-js/faker's locales (in their own script where the locale
// writes one, and in Latin letters), each person living where they say with a phone number of that
// country. Half live in their group's country, half abroad (US, GB, DE, CA, AU). No nationality:
// most ATS exports have none.
import anyAscii from 'any-ascii';
import { Faker, en, base, ko, zh_CN, ar, fa, ru, vi, es_MX, es, en_IN, en_NG, tr, de, en_US } from '@faker-js/faker';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const phones = require('libphonenumber-js/max');
const examples = require('libphonenumber-js/mobile/examples');

// Romanized forms of common Arabic and Persian names: faker's ar and fa locales write names in
// Arabic script only, and a letter-by-letter transliteration of it drops the vowels ("mhmd").
const ROMAN = {
  Arabic: {
    given: [
      'Mohammed',
      'Ahmed',
      'Ali',
      'Omar',
      'Khaled',
      'Youssef',
      'Hassan',
      'Hussein',
      'Ibrahim',
      'Mahmoud',
      'Mustafa',
      'Abdullah',
      'Tariq',
      'Karim',
      'Samir',
      'Nabil',
      'Fatima',
      'Aisha',
      'Mariam',
      'Layla',
      'Nour',
      'Huda',
      'Salma',
      'Rania',
      'Yasmin',
      'Amal',
      'Hana',
      'Dalia',
    ],
    family: [
      'Hassan',
      'Ali',
      'Ahmed',
      'Ibrahim',
      'Mahmoud',
      'Saleh',
      'Haddad',
      'Khalil',
      'Mansour',
      'Nasser',
      'Darwish',
      'Aziz',
      'Hamdan',
      'Abbas',
      'Qasim',
      'Suleiman',
      'Yousef',
      'Awad',
      'Farouk',
      'Shami',
      'Masri',
      'Tamimi',
      'Khoury',
      'Najjar',
      'Sabbagh',
      'Jaber',
      'Rashid',
      'Othman',
    ],
  },
  Persian: {
    given: [
      'Mohammad',
      'Ali',
      'Reza',
      'Hossein',
      'Mehdi',
      'Amir',
      'Hamid',
      'Saeed',
      'Babak',
      'Dariush',
      'Kourosh',
      'Arash',
      'Farhad',
      'Navid',
      'Maryam',
      'Zahra',
      'Fatemeh',
      'Sara',
      'Narges',
      'Leila',
      'Shirin',
      'Parisa',
      'Niloufar',
      'Mina',
      'Azadeh',
      'Roya',
    ],
    family: [
      'Mohammadi',
      'Hosseini',
      'Ahmadi',
      'Rezaei',
      'Moradi',
      'Karimi',
      'Jafari',
      'Rahimi',
      'Hashemi',
      'Ghasemi',
      'Sadeghi',
      'Kazemi',
      'Mousavi',
      'Tehrani',
      'Esfahani',
      'Shirazi',
      'Abbasi',
      'Najafi',
      'Farahani',
      'Ebrahimi',
      'Rostami',
      'Zamani',
      'Bagheri',
      'Amini',
      'Soltani',
      'Nouri',
    ],
  },
};

export const GROUPS = [
  { group: 'Korean', locale: [ko, en, base], country: 'KR', familyFirst: true, joined: true },
  { group: 'Chinese', locale: [zh_CN, en, base], country: 'CN', familyFirst: true, joined: true },
  { group: 'Arabic', locale: [ar, en, base], country: 'EG', familyFirst: false, roman: ROMAN.Arabic },
  { group: 'Persian', locale: [fa, en, base], country: 'IR', familyFirst: false, roman: ROMAN.Persian },
  { group: 'Russian', locale: [ru, en, base], country: 'RU', familyFirst: false },
  { group: 'Vietnamese', locale: [vi, en, base], country: 'VN', familyFirst: true },
  { group: 'Hispanic', locale: [es_MX, es, en, base], country: 'MX', familyFirst: false },
  { group: 'Indian', locale: [en_IN, en, base], country: 'IN', familyFirst: false },
  { group: 'Nigerian', locale: [en_NG, en, base], country: 'NG', familyFirst: false },
  { group: 'Turkish', locale: [tr, en, base], country: 'TR', familyFirst: false },
  { group: 'German', locale: [de, en, base], country: 'DE', familyFirst: false },
  { group: 'Anglo', locale: [en_US, en, base], country: 'US', familyFirst: false },
];

const ABROAD = ['US', 'GB', 'DE', 'CA', 'AU'];
const MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'];

/**
 * A valid mobile number of `country`, not given before: libphonenumber's example with its last six
 * digits drawn, kept when libphonenumber says it is a valid mobile number.
 */
function mobile(country, random, given) {
  const example = phones.getExampleNumber(country, examples);
  const digits = example.nationalNumber;
  for (let attempt = 0; attempt < 200; attempt++) {
    const tail = String(Math.floor(random() * 1_000_000)).padStart(6, '0');
    const parsed = phones.parsePhoneNumberFromString(digits.slice(0, -6) + tail, country);
    if (!parsed?.isValid() || !['MOBILE', 'FIXED_LINE_OR_MOBILE'].includes(parsed.getType()) || given.has(parsed.number)) continue;
    given.add(parsed.number);
    return parsed.formatInternational();
  }
  throw new Error(`no free mobile number drawn for ${country}`);
}

const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
const latinWord = (s) =>
  anyAscii(s)
    .split(/[^A-Za-z'-]+/)
    .filter(Boolean)
    .map(capital)
    .join(' ');

/**
 * `perGroup` ordinary applicants of each group, reproducible from `seed`. Each has a name (every
 * other one in the locale's own script when it has one), a residence, a phone of that country and an
 * e-mail; `withDateOfBirth` adds a date of birth between 1960 and 2003.
 */
export function ordinaryApplicants({ perGroup, seed = 20, withDateOfBirth = false }) {
  const out = [];
  const numbers = new Set();
  GROUPS.forEach((g, gi) => {
    const faker = new Faker({ locale: g.locale, seed: seed * 100 + gi });
    const random = () => faker.number.float({ min: 0, max: 1 });
    for (let i = 0; i < perGroup; i++) {
      const sex = i % 2 === 0 ? 'male' : 'female';
      let given = faker.person.firstName(sex);
      let family = faker.person.lastName(sex);
      let name;
      const ownScript = /[^\u0000-\u024F]/.test(given + family);
      if (g.roman && i % 2 === 1) {
        given = faker.helpers.arrayElement(g.roman.given);
        family = faker.helpers.arrayElement(g.roman.family);
      }
      const native = /[^\u0000-\u024F]/.test(given + family);
      if (native && i % 2 === 0) name = g.familyFirst ? (g.joined ? `${family}${given}` : `${family} ${given}`) : `${given} ${family}`;
      else {
        const gl = native ? latinWord(given) : given;
        const fl = native ? latinWord(family) : family;
        name = g.familyFirst ? `${fl} ${gl}` : `${gl} ${fl}`;
      }
      const home = i % 2 === 0 || i % 4 === 1 ? g.country : ABROAD[(i >> 2) % ABROAD.length];
      const local = anyAscii(`${given}.${family}`)
        .toLowerCase()
        .replace(/[^a-z.]/g, '');
      const applicant = {
        id: `${g.group}-${i}`,
        name,
        email: `${local || 'applicant'}${i}@${MAIL[i % MAIL.length]}`,
        phone: mobile(home, random, numbers),
        location: { country: home },
      };
      if (withDateOfBirth) {
        const d = faker.date.between({ from: '1960-01-01T00:00:00Z', to: '2003-12-31T00:00:00Z' });
        applicant.dateOfBirth = d.toISOString().slice(0, 10);
      }
      out.push({ group: g.group, ownScript: ownScript && name !== anyAscii(name), applicant });
    }
  });
  return out;
}
