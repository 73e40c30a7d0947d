import type { BirthDate, EntryAddress, EntryType, SanctionsEntry, SanctionsList } from './entry.js';

/**
 * The built-in DPRK IT-worker watchlist, used when no OFAC list is installed. Written by hand for
 * vet from OFAC's press releases and the SDN list entries they created (uids, spellings, dates of
 * birth, e-mail and wallet addresses as OFAC publishes them). It is a small subset of the SDN
 * list: a report made with it says so, and `vet lists update` installs the full list.
 */
export const WATCHLIST_DATE = '2025-11-01';

const TREASURY = 'https://home.treasury.gov/news/press-releases/';
const SOURCES = {
  sm481: `${TREASURY}sm481 (2018-09-13, Yanbian Silverstar and Volasys Silver Star)`,
  sm774: `${TREASURY}sm774 (2019-09-13, Lazarus Group, Bluenoroff, Andariel)`,
  jy1498: `${TREASURY}jy1498 (2023-05-23, Chinyong and Kim Sang Man)`,
  jy2790: `${TREASURY}jy2790 (2025-01-16, Department 53 IT-worker fronts)`,
  jul2025: 'OFAC action of 2025-07-08 (Song Kum Hyok; Asatryan network), reported at https://thehackernews.com/2025/07/us-sanctions-north-korean-andariel.html',
  sobaeksu: 'OFAC action of July 2025 on the Korea Sobaeksu Trading Corporation network (SDN entries 54762-54800)',
  geumpungri: 'OFAC action of August 2025 on Chinyong-linked IT-worker fronts (SDN entries 55062-55065)',
} as const;

interface Spec {
  uid: string;
  name: string;
  type?: EntryType;
  programs: string[];
  aka?: string[];
  weak?: string[];
  dob?: [number, number, number] | number;
  nationalities?: string[];
  citizenships?: string[];
  placesOfBirth?: string[];
  emails?: string[];
  wallets?: [string, string][];
  addresses?: EntryAddress[];
  designated: string;
  source: keyof typeof SOURCES;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function birthDate(dob: [number, number, number] | number): BirthDate {
  if (typeof dob === 'number') return { text: String(dob), fromYear: dob, toYear: dob, circa: false };
  const [y, m, d] = dob;
  return { text: `${String(d).padStart(2, '0')} ${MONTHS[m - 1]} ${y}`, fromYear: y, toYear: y, month: m, day: d, circa: false };
}

function entry(s: Spec): SanctionsEntry {
  return {
    uid: s.uid,
    list: 'SDN',
    name: s.name,
    type: s.type ?? 'entity',
    programs: s.programs,
    aliases: [...(s.aka ?? []).map((name) => ({ name, type: 'aka' as const })), ...(s.weak ?? []).map((name) => ({ name, type: 'weak' as const }))],
    birthDates: s.dob === undefined ? [] : [birthDate(s.dob)],
    nationalities: s.nationalities ?? [],
    citizenships: s.citizenships ?? [],
    placesOfBirth: s.placesOfBirth ?? [],
    emails: s.emails ?? [],
    websites: [],
    wallets: (s.wallets ?? []).map(([currency, address]) => ({ currency, address })),
    addresses: s.addresses ?? [],
    designated: s.designated,
    source: SOURCES[s.source],
  };
}

const KP = { country: 'Korea, North' };
const person = 'individual' as const;

const SPECS: Spec[] = [
  // 2025-07-08: Song Kum Hyok (Andariel) and the Russia-based network that contracted DPRK IT workers.
  {
    uid: '49970',
    name: 'SONG, Kum Hyok',
    type: person,
    programs: ['CYBER4'],
    dob: [1987, 8, 30],
    nationalities: ['KP'],
    emails: ['wangge327@yahoo.com'],
    addresses: [{ street: 'Changbailu No. 55', city: 'Yanji, Jilin 133000', country: 'China' }, KP],
    designated: '2025-07-08',
    source: 'jul2025',
  },
  {
    uid: '53824',
    name: 'ASATRYAN, Gayk',
    type: person,
    programs: ['DPRK3'],
    aka: ['ASATRYAN, Gaik', 'ASATRYAN, Gayk Vanushevich'],
    dob: [1974, 6, 14],
    nationalities: ['RU'],
    citizenships: ['RU'],
    placesOfBirth: ['Abovyan, Armenia'],
    addresses: [{ country: 'Russia' }],
    designated: '2025-07-08',
    source: 'jul2025',
  },
  {
    uid: '53820',
    name: 'ASATRYAN LIMITED LIABILITY COMPANY',
    programs: ['DPRK3'],
    aka: ['ASATRYAN LLC', 'LIMITED LIABILITY COMPANY ASATRYAN'],
    addresses: [{ street: 'Office 2, Dom 113/5, Vokzalnaya Street, Artyomovsky Urban Okrug', city: 'Artyom, Primorsky Krai 692760', country: 'Russia' }],
    designated: '2025-07-08',
    source: 'jul2025',
  },
  {
    uid: '53822',
    name: 'FORTUNA LIMITED LIABILITY COMPANY',
    programs: ['DPRK3'],
    aka: ['LIMITED LIABILITY COMPANY FORTUNA'],
    weak: ['FORTUNA LLC'],
    addresses: [{ street: 'Office 5, Dom 113/5, Vokzalnaya Street, Artyomovsky Urban Okrug', city: 'Artyom, Primorsky Krai 692760', country: 'Russia' }],
    designated: '2025-07-08',
    source: 'jul2025',
  },
  {
    uid: '53816',
    name: 'KOREA SONGKWANG TRADING GENERAL CORPORATION',
    programs: ['DPRK4'],
    aka: ['KOREA SONGKWANG GENERAL TRADING CORPORATION'],
    addresses: [{ street: "Tongmun 3-dong, Tongdaewo'n District", city: 'Pyongyang', country: 'Korea, North' }],
    designated: '2025-07-08',
    source: 'jul2025',
  },
  {
    uid: '53817',
    name: 'KOREA SAENAL TRADING CORPORATION',
    programs: ['DPRK4'],
    aka: [
      'KOREA SAENAL TECHNOLOGY TRADING CORPORATION',
      'SAENAL TRADING CORPORATION',
      'KOREA SAENAL TRADING',
      'CHOSUN SAENAL TRADING CORPORATION',
      'CHOSUN SAENAL TRADING COMPANY',
      'CHOSUN SAENAL TRADING',
    ],
    addresses: [{ street: 'Ryugyong-dong No.1, Pothonggang District', city: 'Pyongyang', country: 'Korea, North' }],
    designated: '2025-07-08',
    source: 'jul2025',
  },
  // 2023-05-23: Chinyong, the IT-worker company of the Ministry of People's Armed Forces.
  {
    uid: '43379',
    name: 'CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY',
    programs: ['DPRK2'],
    aka: ['JINYONG IT COOPERATION COMPANY'],
    addresses: [KP],
    designated: '2023-05-23',
    source: 'jy1498',
  },
  {
    uid: '43377',
    name: 'KIM, Sang Man',
    type: person,
    programs: ['DPRK4'],
    aka: ['KIM, Sangman'],
    dob: [1965, 4, 25],
    nationalities: ['KP'],
    placesOfBirth: ['North Pyongan Province, North Korea'],
    wallets: [
      ['XBT', '1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ'],
      ['XBT', '1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z'],
      ['ETH', '0x97b1043abd9e6fc31681635166d430a458d14f9c'],
      ['ETH', '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40'],
      ['USDT', '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40'],
      ['USDC', '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40'],
    ],
    addresses: [{ country: 'Russia' }, KP],
    designated: '2023-05-23',
    source: 'jy1498',
  },
  // 2018-09-13: the China- and Russia-based front companies of DPRK IT workers.
  {
    uid: '24977',
    name: 'YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.',
    programs: ['DPRK3', 'DPRK4'],
    aka: [
      'YANBIAN SILVERSTAR',
      'YANBIAN SILVER STAR',
      'SILVER STAR INTERNET TECHNOLOGY CORPORATION',
      'CHINA SILVER STAR INTERNET TECHNOLOGY COMPANY',
      'UNSONG INTERNET TECHNOLOGY CORPORATION',
      'YANJI SILVER STAR NETWORK TECHNOLOGY CO. LTD.',
      'SILVER STAR CHINA',
    ],
    addresses: [{ street: '20998B-26 Changbaishan East Road', city: 'Yanji, Jilin', country: 'China' }],
    designated: '2018-09-13',
    source: 'sm481',
  },
  {
    uid: '24978',
    name: 'VOLASYS SILVER STAR',
    programs: ['DPRK3', 'DPRK4'],
    addresses: [{ street: '41 Ulitsa Klary Tsetskin', city: 'Vladivostok', country: 'Russia' }],
    designated: '2018-09-13',
    source: 'sm481',
  },
  {
    uid: '24979',
    name: 'JONG, Song Hwa',
    type: person,
    programs: ['DPRK4'],
    dob: [1970, 2, 5],
    nationalities: ['KP'],
    designated: '2018-09-13',
    source: 'sm481',
  },
  // 2024-2025: Korea Sobaeksu Trading Corporation and its officials.
  {
    uid: '54764',
    name: 'KOREA SOBAEKSU TRADING CORPORATION',
    programs: ['NPWMD'],
    aka: ['KOREA SOBAEKSU UNITED CORPORATION', 'SOBAEKSU UNITED CORP.', 'SOBAEKU UNITED CORP', 'KOREA SOBAEKSU UNITED CO.'],
    addresses: [
      { street: 'Huale St. Aojing Park Building 23, Unit 2 12-01, Zhongshan District', city: 'Dalian, Liaoning', country: 'China' },
      { street: '5 Center St., Xinxing District, Donggang City', city: 'Dandong, Liaoning', country: 'China' },
    ],
    designated: '2025-07',
    source: 'sobaeksu',
  },
  {
    uid: '54763',
    name: 'KIM, Se Un',
    type: person,
    programs: ['NPWMD'],
    aka: ["KIM, Se-u'n"],
    dob: [1978, 3, 25],
    nationalities: ['KP'],
    placesOfBirth: ['Nampho, North Korea'],
    addresses: [{ city: 'Ho Chi Minh City', country: 'Vietnam' }],
    designated: '2025-07',
    source: 'sobaeksu',
  },
  {
    uid: '54800',
    name: 'JO, Kyong Hun',
    type: person,
    programs: ['NPWMD'],
    aka: ["CHO, Kyo'ng-hun"],
    dob: [1990, 6, 19],
    nationalities: ['KP'],
    placesOfBirth: ['Pyongyang, North Korea'],
    addresses: [KP],
    designated: '2025-07',
    source: 'sobaeksu',
  },
  {
    uid: '54762',
    name: 'MYONG, Chol Min',
    type: person,
    programs: ['DPRK4'],
    dob: [1966, 9, 25],
    nationalities: ['KP'],
    placesOfBirth: ['Pyongyang, North Korea'],
    addresses: [KP],
    designated: '2025-07',
    source: 'sobaeksu',
  },
  // 2025-08: Shenyang Geumpungri and other Chinyong-linked fronts.
  {
    uid: '55062',
    name: 'SHENYANG GEUMPUNGRI NETWORK TECHNOLOGY CO., LTD',
    programs: ['DPRK2'],
    weak: ['GUEMPUNGRI'],
    addresses: [{ street: 'HuangHeBei Street No. 70-2, 1-11-1, YuHong Area', city: 'Shenyang, Liaoning', country: 'China' }],
    designated: '2025-08',
    source: 'geumpungri',
  },
  {
    uid: '55063',
    name: 'KOREA SINJIN TRADING CORPORATION',
    programs: ['DPRK2'],
    aka: ['CHOSUN SINJIN TRADING COMPANY', 'CHOSUN SINJIN TRADING CORPORATION', 'SINJIN GENERAL TRADING CORPORATION'],
    addresses: [{ street: 'Mangyeongdae District, Chilgol 1 dong', city: 'Pyongyang', country: 'Korea, North' }],
    designated: '2025-08',
    source: 'geumpungri',
  },
  {
    uid: '55064',
    name: 'KIM, Ung Sun',
    type: person,
    programs: ['DPRK2'],
    aka: ["KIM, U'ng-sun"],
    dob: [1964, 6, 23],
    nationalities: ['KP'],
    placesOfBirth: ['S. Phyongan, North Korea'],
    addresses: [{ city: 'Khabarovsk', country: 'Russia' }],
    designated: '2025-08',
    source: 'geumpungri',
  },
  {
    uid: '55065',
    name: 'ANDREYEV, Vitaliy Sergeyevich',
    type: person,
    programs: ['DPRK2'],
    dob: [1980, 9, 29],
    nationalities: ['RU'],
    citizenships: ['RU'],
    placesOfBirth: ['Vladivostok, Russia'],
    wallets: [['XBT', '1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2T']],
    addresses: [{ country: 'Russia' }],
    designated: '2025-08',
    source: 'geumpungri',
  },
  // 2025-01-16: Department 53 of the Ministry of the People's Armed Forces and its IT-worker fronts.
  {
    uid: '52262',
    name: "DEPARTMENT 53 OF THE MINISTRY OF THE PEOPLE'S ARMED FORCES",
    programs: ['DPRK2'],
    aka: ['KOREA PONGNAESAN TRADING CORPORATION'],
    weak: ['DEPARTMENT 53', 'BUREAU 53'],
    addresses: [{ city: 'Pyongyang', country: 'Korea, North' }, { country: 'Russia' }],
    designated: '2025-01-16',
    source: 'jy2790',
  },
  { uid: '52282', name: 'KOREA OSONG SHIPPING CORPORATION', programs: ['DPRK3'], designated: '2025-01-16', source: 'jy2790' },
  { uid: '52283', name: 'CHONSURIM TRADING CORPORATION', programs: ['DPRK3'], designated: '2025-01-16', source: 'jy2790' },
  { uid: '52264', name: 'LIAONING CHINA TRADE INDUSTRY CO., LTD.', programs: ['DPRK2'], designated: '2025-01-16', source: 'jy2790' },
  {
    uid: '52289',
    name: 'JONG, In Chol',
    type: person,
    programs: ['DPRK3'],
    dob: [1979, 1, 5],
    nationalities: ['KP'],
    designated: '2025-01-16',
    source: 'jy2790',
  },
  {
    uid: '52286',
    name: 'SON, Kyong Sik',
    type: person,
    programs: ['DPRK3'],
    dob: [1959, 4, 20],
    nationalities: ['KP'],
    designated: '2025-01-16',
    source: 'jy2790',
  },
  // 2019-09-13: the Reconnaissance General Bureau's hacking groups.
  {
    uid: '27307',
    name: 'LAZARUS GROUP',
    programs: ['DPRK3'],
    weak: [
      'HIDDEN COBRA',
      'OFFICE 91',
      'GUARDIANS OF PEACE',
      'THE NEW ROMANTIC CYBER ARMY TEAM',
      'WHOIS HACKING TEAM',
      'RED DOT',
      'TEMP.HERMIT',
      'GROUP 77',
      'ZINC',
      'APT-C-26',
      'APPLEWORM',
    ],
    wallets: [
      ['ETH', '0x098B716B8Aaf21512996dC57EB0615e2383E2f96'],
      ['ETH', '0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B'],
      ['ETH', '0x3Cffd56B47B7b41c56258D9C7731ABaDc360E073'],
      ['ETH', '0x53b6936513e738f44FB50d2b9476730C0Ab3Bfc1'],
      ['ETH', '0x35fB6f6DB4fb05e6A4cE86f2C93691425626d4b1'],
      ['ETH', '0xF7B31119c2682c88d88D455dBb9d5932c65Cf1bE'],
      ['ETH', '0x3e37627dEAA754090fBFbb8bd226c1CE66D255e9'],
      ['ETH', '0x08723392Ed15743cc38513C4925f5e6be5c17243'],
    ],
    addresses: [{ street: 'Potonggang District', city: 'Pyongyang', country: 'Korea, North' }],
    designated: '2019-09-13',
    source: 'sm774',
  },
  {
    uid: '27308',
    name: 'BLUENOROFF',
    programs: ['DPRK3'],
    weak: ['STARDUST CHOLLIMA', 'APT 38', 'APT38'],
    addresses: [KP],
    designated: '2019-09-13',
    source: 'sm774',
  },
  { uid: '27309', name: 'ANDARIEL', programs: ['DPRK3'], addresses: [KP], designated: '2019-09-13', source: 'sm774' },
];

/** The built-in list, built fresh on each call (it is small). */
export function builtinWatchlist(): SanctionsList {
  return {
    id: 'builtin-dprk',
    description: `vet's built-in DPRK IT-worker watchlist (${SPECS.length} OFAC SDN entries, curated ${WATCHLIST_DATE}); the full OFAC list is one "vet lists update" away`,
    date: WATCHLIST_DATE,
    dateSource: 'curated',
    entries: SPECS.map(entry),
  };
}
