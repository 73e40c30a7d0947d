import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const phones = require('libphonenumber-js/max') as typeof import('libphonenumber-js/max');
const examples = require('libphonenumber-js/mobile/examples') as import('libphonenumber-js').Examples;

interface Country {
  code: string;
  /** How people of this country are named here: "family given" or "given family". */
  familyFirst?: boolean;
  given: string[];
  family: string[];
  /** The same names in the country's own script, by position, for some applicants. */
  script?: { given: string[]; family: string[] };
  cities: Array<[city: string, postcode: string]>;
  streets: string[];
  mail: string[];
  employers: Array<[name: string, domain: string]>;
}

// Korean, Chinese and Russian names are over a third of the set on purpose: the fairness
// bar is that origin alone never moves a score. Names are common ones, none on the sanctions list.
const COUNTRIES: Country[] = [
  {
    code: 'KR',
    familyFirst: true,
    given: ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Do-yun', 'Su-bin', 'Ye-jin', 'Hyun-woo'],
    family: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon'],
    script: { given: ['민준', '서연', '지호', '하은', '도윤', '수빈', '예진', '현우'], family: ['김', '이', '박', '최', '정', '강', '조', '윤'] },
    cities: [
      ['Seoul', '04524'],
      ['Busan', '48058'],
      ['Incheon', '21999'],
      ['Daejeon', '34126'],
    ],
    streets: ['Sejong-daero', 'Teheran-ro', 'Haeundae-ro', 'Dunsan-ro'],
    mail: ['naver.com', 'gmail.com', 'daum.net', 'kakao.com'],
    employers: [
      ['Samsung Electronics', 'samsung.com'],
      ['Hanbit Software', 'hanbit-software.example'],
      ['Kakao Corp', 'kakaocorp.com'],
    ],
  },
  {
    code: 'CN',
    familyFirst: true,
    given: ['Wei', 'Fang', 'Jing', 'Lei', 'Yan', 'Tao', 'Xiu Ying', 'Hao'],
    family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao'],
    script: { given: ['伟', '芳', '静', '磊', '燕', '涛', '秀英', '浩'], family: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵'] },
    cities: [
      ['Shanghai', '200040'],
      ['Hangzhou', '310012'],
      ['Shenzhen', '518057'],
      ['Chengdu', '610041'],
    ],
    streets: ['Nanjing West Road', 'Wensan Road', 'Keyuan Road', 'Tianfu Avenue'],
    mail: ['qq.com', '163.com', 'outlook.com', 'gmail.com'],
    employers: [
      ['Alibaba Group', 'alibaba.com'],
      ['Example Cloud Co Ltd', 'example-cloud.example'],
      ['Tencent', 'tencent.com'],
    ],
  },
  {
    code: 'RU',
    given: ['Ivan', 'Olga', 'Dmitry', 'Anna', 'Sergey', 'Elena', 'Alexei', 'Tatiana'],
    family: ['Petrov', 'Ivanova', 'Smirnov', 'Kuznetsova', 'Popov', 'Sokolova', 'Morozov', 'Volkova'],
    script: {
      given: ['Иван', 'Ольга', 'Дмитрий', 'Анна', 'Сергей', 'Елена', 'Алексей', 'Татьяна'],
      family: ['Петров', 'Иванова', 'Смирнов', 'Кузнецова', 'Попов', 'Соколова', 'Морозов', 'Волкова'],
    },
    cities: [
      ['Moscow', '101000'],
      ['Saint Petersburg', '190000'],
      ['Kazan', '420111'],
      ['Novosibirsk', '630099'],
    ],
    streets: ['Tverskaya Street', 'Nevsky Prospekt', 'Bauman Street', 'Krasny Prospekt'],
    mail: ['yandex.ru', 'mail.ru', 'gmail.com', 'proton.me'],
    employers: [
      ['Yandex', 'yandex.ru'],
      ['Example Soft LLC', 'example-soft.example'],
      ['Kaspersky Lab', 'kaspersky.com'],
    ],
  },
  {
    code: 'US',
    given: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Linda'],
    family: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia'],
    cities: [
      ['Austin, TX', '78701'],
      ['Denver, CO', '80202'],
      ['Columbus, OH', '43215'],
    ],
    streets: ['Oak Street', 'Maple Avenue', 'Pine Road'],
    mail: ['gmail.com', 'outlook.com', 'icloud.com'],
    employers: [
      ['Google', 'google.com'],
      ['Example Widgets Inc', 'examplewidgets.example'],
    ],
  },
  {
    code: 'GB',
    given: ['Oliver', 'Amelia', 'Harry', 'Isla'],
    family: ['Taylor', 'Davies', 'Evans', 'Wilson'],
    cities: [
      ['Manchester', 'M1 1AE'],
      ['Leeds', 'LS1 4DY'],
    ],
    streets: ['High Street', 'Station Road'],
    mail: ['gmail.com', 'outlook.com'],
    employers: [['Example Systems Ltd', 'examplesystems.example']],
  },
  {
    code: 'DE',
    given: ['Lukas', 'Anna', 'Jonas', 'Lea'],
    family: ['Müller', 'Schmidt', 'Schneider', 'Fischer'],
    cities: [
      ['Berlin', '10115'],
      ['München', '80331'],
    ],
    streets: ['Hauptstraße', 'Schillerstraße'],
    mail: ['gmx.de', 'web.de'],
    employers: [
      ['SAP', 'sap.com'],
      ['Beispiel GmbH', 'beispiel.example'],
    ],
  },
  {
    code: 'FR',
    given: ['Louis', 'Chloé', 'Hugo', 'Léa'],
    family: ['Martin', 'Bernard', 'Dubois', 'Thomas'],
    cities: [
      ['Lyon', '69001'],
      ['Nantes', '44000'],
    ],
    streets: ['Rue de la République', 'Rue Nationale'],
    mail: ['orange.fr', 'gmail.com'],
    employers: [['Exemple SARL', 'exemple.example']],
  },
  {
    code: 'IN',
    given: ['Aarav', 'Priya', 'Rohan', 'Ananya'],
    family: ['Sharma', 'Patel', 'Iyer', 'Reddy'],
    cities: [
      ['Bengaluru', '560001'],
      ['Pune', '411001'],
    ],
    streets: ['MG Road', 'FC Road'],
    mail: ['gmail.com', 'rediffmail.com'],
    employers: [
      ['Infosys', 'infosys.com'],
      ['Example Tech Pvt Ltd', 'exampletech.example'],
    ],
  },
  {
    code: 'NG',
    given: ['Chinedu', 'Ngozi', 'Emeka', 'Aisha'],
    family: ['Okafor', 'Adeyemi', 'Bello', 'Eze'],
    cities: [
      ['Lagos', '100001'],
      ['Abuja', '900001'],
    ],
    streets: ['Awolowo Road', 'Ahmadu Bello Way'],
    mail: ['gmail.com', 'yahoo.com'],
    employers: [['Example Fintech Ltd', 'examplefintech.example']],
  },
  {
    code: 'BR',
    given: ['Gabriel', 'Julia', 'Lucas', 'Beatriz'],
    family: ['Silva', 'Santos', 'Oliveira', 'Souza'],
    cities: [
      ['São Paulo', '01310-100'],
      ['Curitiba', '80010-000'],
    ],
    streets: ['Avenida Paulista', 'Rua XV de Novembro'],
    mail: ['gmail.com', 'uol.com.br'],
    employers: [['Exemplo Ltda', 'exemplo.example']],
  },
  {
    code: 'MX',
    given: ['Santiago', 'Sofía', 'Mateo', 'Valentina'],
    family: ['Hernández', 'López', 'Martínez', 'González'],
    cities: [
      ['Guadalajara', '44100'],
      ['Monterrey', '64000'],
    ],
    streets: ['Avenida Juárez', 'Calle Morelos'],
    mail: ['gmail.com', 'hotmail.com'],
    employers: [['Ejemplo SA de CV', 'ejemplo.example']],
  },
  {
    code: 'VN',
    familyFirst: true,
    given: ['Van An', 'Thi Mai', 'Minh Duc', 'Thu Trang'],
    family: ['Nguyen', 'Tran', 'Le', 'Pham'],
    cities: [
      ['Hanoi', '100000'],
      ['Da Nang', '550000'],
    ],
    streets: ['Tran Hung Dao', 'Le Loi'],
    mail: ['gmail.com', 'yahoo.com.vn'],
    employers: [['FPT Software', 'fpt.com']],
  },
  {
    code: 'JP',
    familyFirst: true,
    given: ['Haruto', 'Yui', 'Sota', 'Hina'],
    family: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka'],
    cities: [
      ['Tokyo', '100-0005'],
      ['Osaka', '530-0001'],
    ],
    streets: ['Chuo-dori', 'Midosuji'],
    mail: ['gmail.com', 'yahoo.co.jp'],
    employers: [['Rei Systems KK', 'reisystems.example']],
  },
  {
    code: 'PH',
    given: ['Jose', 'Maria', 'Mark', 'Angel'],
    family: ['Santos', 'Reyes', 'Cruz', 'Bautista'],
    cities: [
      ['Makati', '1226'],
      ['Cebu City', '6000'],
    ],
    streets: ['Ayala Avenue', 'Osmeña Boulevard'],
    mail: ['gmail.com', 'yahoo.com'],
    employers: [['Halimbawa Inc', 'halimbawa.example']],
  },
  {
    code: 'PK',
    given: ['Ahmed', 'Fatima', 'Bilal', 'Ayesha'],
    family: ['Khan', 'Malik', 'Hussain', 'Qureshi'],
    cities: [
      ['Lahore', '54000'],
      ['Karachi', '74200'],
    ],
    streets: ['Mall Road', 'Shahrah-e-Faisal'],
    mail: ['gmail.com', 'hotmail.com'],
    employers: [['Misal Tech', 'misaltech.example']],
  },
  {
    code: 'EG',
    given: ['Omar', 'Mariam', 'Youssef', 'Nour'],
    family: ['Hassan', 'Ibrahim', 'Mahmoud', 'Mostafa'],
    cities: [
      ['Cairo', '11511'],
      ['Alexandria', '21500'],
    ],
    streets: ['Tahrir Street', 'Corniche Road'],
    mail: ['gmail.com', 'yahoo.com'],
    employers: [['Mithal Software', 'mithal.example']],
  },
  {
    code: 'TR',
    given: ['Mehmet', 'Zeynep', 'Emre', 'Elif'],
    family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin'],
    cities: [
      ['İstanbul', '34000'],
      ['Ankara', '06000'],
    ],
    streets: ['İstiklal Caddesi', 'Atatürk Bulvarı'],
    mail: ['gmail.com', 'hotmail.com'],
    employers: [['Örnek Yazılım AŞ', 'ornek.example']],
  },
  {
    code: 'PL',
    given: ['Jakub', 'Zuzanna', 'Kacper', 'Julia'],
    family: ['Nowak', 'Kowalska', 'Wiśniewski', 'Wójcik'],
    cities: [
      ['Kraków', '31-001'],
      ['Wrocław', '50-001'],
    ],
    streets: ['ulica Floriańska', 'ulica Świdnicka'],
    mail: ['wp.pl', 'gmail.com'],
    employers: [['Przykład Sp. z o.o.', 'przyklad.example']],
  },
  {
    code: 'UA',
    given: ['Andriy', 'Oksana', 'Taras', 'Iryna'],
    family: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko'],
    cities: [
      ['Kyiv', '01001'],
      ['Lviv', '79000'],
    ],
    streets: ['Khreshchatyk Street', 'Svobody Avenue'],
    mail: ['ukr.net', 'gmail.com'],
    employers: [['EPAM Systems', 'epam.com']],
  },
  {
    code: 'KE',
    given: ['Wanjiru', 'Otieno', 'Akinyi', 'Kamau'],
    family: ['Mwangi', 'Odhiambo', 'Njoroge', 'Kiptoo'],
    cities: [
      ['Nairobi', '00100'],
      ['Mombasa', '80100'],
    ],
    streets: ['Moi Avenue', 'Kenyatta Avenue'],
    mail: ['gmail.com', 'yahoo.com'],
    employers: [['Mfano Ltd', 'mfano.example']],
  },
  {
    code: 'ID',
    given: ['Budi', 'Siti', 'Agus', 'Dewi'],
    family: ['Santoso', 'Wijaya', 'Saputra', 'Lestari'],
    cities: [
      ['Jakarta', '10110'],
      ['Bandung', '40111'],
    ],
    streets: ['Jalan Sudirman', 'Jalan Asia Afrika'],
    mail: ['gmail.com', 'yahoo.co.id'],
    employers: [['Contoh Teknologi PT', 'contoh.example']],
  },
  {
    code: 'IT',
    given: ['Leonardo', 'Giulia', 'Francesco', 'Sofia'],
    family: ['Rossi', 'Russo', 'Ferrari', 'Esposito'],
    cities: [
      ['Milano', '20121'],
      ['Torino', '10121'],
    ],
    streets: ['Via Roma', 'Corso Vittorio Emanuele'],
    mail: ['libero.it', 'gmail.com'],
    employers: [['Esempio Srl', 'esempio.example']],
  },
  {
    code: 'ES',
    given: ['Hugo', 'Lucía', 'Martín', 'Paula'],
    family: ['García', 'Fernández', 'Rodríguez', 'Sánchez'],
    cities: [
      ['Madrid', '28013'],
      ['Valencia', '46002'],
    ],
    streets: ['Calle Mayor', 'Gran Vía'],
    mail: ['gmail.com', 'telefonica.net'],
    employers: [['Ejemplo SL', 'ejemplo-sl.example']],
  },
  {
    code: 'CA',
    given: ['Liam', 'Emma', 'Noah', 'Olivia'],
    family: ['Tremblay', 'Roy', 'Gagnon', 'MacDonald'],
    cities: [
      ['Toronto, ON', 'M5H 2N2'],
      ['Montreal, QC', 'H2Y 1C6'],
    ],
    streets: ['King Street', 'Rue Sainte-Catherine'],
    mail: ['gmail.com', 'outlook.com'],
    employers: [['Shopify', 'shopify.com']],
  },
  {
    code: 'AU',
    given: ['Jack', 'Charlotte', 'William', 'Mia'],
    family: ['Smith', 'Nguyen', 'Williams', 'Kelly'],
    cities: [
      ['Sydney NSW', '2000'],
      ['Melbourne VIC', '3000'],
    ],
    streets: ['George Street', 'Collins Street'],
    mail: ['gmail.com', 'bigpond.com'],
    employers: [['Atlassian', 'atlassian.com']],
  },
];

/** People who live outside their country of nationality, with the documents that go with it. */
const MOVES: Record<string, string> = { KR: 'DE', CN: 'US', RU: 'DE', IN: 'GB', VN: 'JP', NG: 'CA', UA: 'PL' };

/** A valid mobile number of the country, different for every `n` (an identity-reuse finding otherwise). */
function mobile(country: string, n: number): string {
  const example = phones.getExampleNumber(country as import('libphonenumber-js').CountryCode, examples)!;
  const national = example.nationalNumber;
  for (let k = 0; k < 200; k++) {
    const tail = String((n * 37 + k * 7919) % 10_000).padStart(4, '0');
    const number = phones.parsePhoneNumber(national.slice(0, -4) + tail, country as import('libphonenumber-js').CountryCode);
    const type = number.getType();
    if (number.isValid() && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE')) return number.formatInternational();
  }
  throw new Error(`no valid mobile number for ${country}`);
}

/**
 * At least `count` clean synthetic applicants: names from 25 countries in Latin and native scripts,
 * and every field consistent with every other (phone, address, ID, payout, profiles, interviews).
 */
export function cleanApplicants(count: number, now: Date): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  // Three rounds of the Korean, Chinese and Russian lists and one round of every other country.
  const plan: Array<[Country, number]> = [];
  for (const c of COUNTRIES) {
    const per = ['KR', 'CN', 'RU'].includes(c.code) ? 24 : Math.ceil((count - 72) / (COUNTRIES.length - 3));
    for (let k = 0; k < per; k++) plan.push([c, k]);
  }
  plan.forEach(([c, k], i) => {
    const given = c.given[k % c.given.length]!;
    const family = c.family[Math.floor(k / c.given.length + k) % c.family.length]!;
    const native = c.script && k % 3 === 0;
    const scriptGiven = c.script?.given[c.given.indexOf(given)];
    const scriptFamily = c.script?.family[c.family.indexOf(family)];
    const name = native
      ? c.familyFirst
        ? `${scriptFamily}${scriptGiven}`
        : `${scriptGiven} ${scriptFamily}`
      : c.familyFirst
        ? `${family} ${given}`
        : `${given} ${family}`;
    const latin = c.familyFirst ? `${family} ${given}` : `${given} ${family}`;
    const residence = k % 8 === 5 && MOVES[c.code] ? MOVES[c.code]! : c.code;
    const home = COUNTRIES.find((x) => x.code === residence)!;
    const [city, postcode] = home.cities[k % home.cities.length]!;
    const street = `${10 + i} ${home.streets[k % home.streets.length]}`;
    const address = `${street}, ${city} ${postcode}`;
    const [employer, domain] = c.employers[k % c.employers.length]!;
    const slug = `${latin
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z]+/g, '.')}.${i}`;
    const created = new Date(Date.UTC(2012 + (i % 10), i % 12, 1 + (i % 28)));
    const accountYears = (now.getTime() - created.getTime()) / (365.25 * 24 * 3600 * 1000);
    const abroad = residence !== c.code;
    out.push({
      id: `CLEAN-${String(i + 1).padStart(3, '0')}`,
      name,
      ...(native ? { otherNames: [latin] } : {}),
      nationality: c.code,
      email: `${slug}@${c.mail[k % c.mail.length]}`,
      phone: mobile(residence, i),
      address: { text: address, country: residence },
      shippingAddress: { text: address, country: residence },
      location: { city: city.split(',')[0], country: residence },
      // A national abroad shows their passport, or the residence permit of where they live.
      idDocument:
        abroad && k % 2 === 0
          ? { type: 'residence permit', issuingCountry: residence, name: latin.toUpperCase(), address }
          : { type: 'passport', issuingCountry: c.code, name: latin.toUpperCase() },
      payment: { method: 'bank transfer', provider: 'Example Bank', bankCountry: residence, accountHolder: i % 2 === 0 ? latin : latin.toUpperCase() },
      employers: [{ name: employer, domain }],
      references: [{ name: 'Example Referee', email: `referee.${i}@${domain.replace(/^www\./, '')}`, company: employer }],
      yearsOfExperience: Math.max(1, Math.floor(accountYears) + (i % 4)),
      profiles: {
        github: {
          url: `https://github.com/dev-${i + 1}`,
          name: latin,
          createdAt: created.toISOString(),
          earliestCommitAt: new Date(created.getTime() + 86_400_000 * (i % 90)).toISOString(),
        },
      },
      interviews: [{ cameraOn: true, livenessPassed: true, identityConsistent: true, declinedInPerson: false }],
    });
  });
  return out;
}
