/**
 * Indicators of the DPRK IT-worker scheme that vet ships with, written by hand from the public
 * research in the sources named on each entry. They are leads for a reviewer, not proof: the
 * authority is the publication (and for OFAC designations, the live SDN list).
 */
export const IOC_KINDS = ['domain', 'email', 'address', 'phone', 'wallet', 'company'] as const;
export type IocKind = (typeof IOC_KINDS)[number];

export interface Ioc {
  kind: IocKind;
  value: string;
  /** Other spellings of a company's name. */
  aliases?: readonly string[];
  /** Who published the indicator: a URL or a citation. */
  source: string;
  /** When the source published it (or the designation date), ISO 8601; a month where only that is known. */
  date: string;
  note?: string;
  /**
   * For companies: a name shared by many unrelated firms ("Fortuna LLC"), so a match says only that
   * the name is the same and is reported lower.
   */
  common?: boolean;
}

const SENTINEL = 'SentinelLabs, "DPRK IT Workers | A Network of Active Front Companies and Their Links to China" (sentinelone.com/labs)';
const SENTINEL_DATE = '2024-11';
const SEIZED = 'Seized by the US Government on 2024-10-10.';
const OFAC_2025_01 = 'https://home.treasury.gov/news/press-releases/jy2790';
const OFAC_2025_07 = 'https://ofac.treasury.gov/recent-actions/20250708';
const VERIFY = 'Designation month from press coverage and the SDN entry number; check the date on OFAC Recent Actions.';

export const KNOWN_IOCS: readonly Ioc[] = [
  // Front-company web sites that cloned real software firms' sites (SentinelLabs).
  { kind: 'domain', value: 'inditechlab.com', source: SENTINEL, date: SENTINEL_DATE, note: `Independent Lab LLC; copied the site of Kitrum. ${SEIZED}` },
  {
    kind: 'domain',
    value: 'tonywangtech.com',
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: `Shenyang Tonywang Technology LTD; copied the site of Urolime. ${SEIZED}`,
  },
  { kind: 'domain', value: 'wkjllc.com', source: SENTINEL, date: SENTINEL_DATE, note: `Tony WKJ LLC; copied the site of ArohaTech IT Services. ${SEIZED}` },
  {
    kind: 'domain',
    value: 'hopanatech.com',
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: `HopanaTech (Beijing Xiwang Technology); copied the site of ITechArt and others. ${SEIZED}`,
  },
  {
    kind: 'domain',
    value: 'huguotechltd.com',
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: 'Shenyang Huguo Technology Ltd; copied the site of TatvaSoft. Assessed DPRK-linked and still online when published.',
  },
  // The front companies themselves, as they named themselves on those sites.
  { kind: 'company', value: 'Independent Lab LLC', source: SENTINEL, date: SENTINEL_DATE, note: 'Front company behind inditechlab.com.', common: true },
  {
    kind: 'company',
    value: 'Shenyang Tonywang Technology LTD',
    aliases: ['Tonywang Technology'],
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: 'Front company behind tonywangtech.com; its registrant Kejia "Tony" Wang was indicted in June 2025.',
  },
  { kind: 'company', value: 'Tony WKJ LLC', source: SENTINEL, date: SENTINEL_DATE, note: 'Front company behind wkjllc.com.' },
  {
    kind: 'company',
    value: 'HopanaTech',
    aliases: ['Beijing Xiwang Technology', 'Beijing Hou Pa Na Technology'],
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: 'Front company behind hopanatech.com.',
  },
  {
    kind: 'company',
    value: 'Shenyang Huguo Technology Ltd',
    aliases: ['Huguo Technology'],
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: 'Front company behind huguotechltd.com.',
  },
  // The addresses those sites gave: two units on one floor of one building in Shenyang.
  {
    kind: 'address',
    value: 'No. 1006-25, Building A1, No. 11 Tawan Street, Huanggu District, Shenyang, Liaoning 110036, China',
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: 'Address on tonywangtech.com (archived early-2024 snapshot).',
  },
  {
    kind: 'address',
    value: 'No. 1006-23, Building A1, No. 11 Tawan Street, Huanggu District, Shenyang, Liaoning, China',
    source: SENTINEL,
    date: SENTINEL_DATE,
    note: 'Address on huguotechltd.com; the unit next to Tonywang on the same floor.',
  },
  // Companies OFAC designated for employing, dispatching or supplying DPRK IT workers.
  {
    kind: 'company',
    value: 'Yanbian Silverstar Network Technology Co., Ltd.',
    aliases: ['Yanbian Silverstar'],
    source: 'OFAC SDN list, entry 24977',
    date: '2018-09-13',
    note: 'China-based front that employed DPRK IT workers; its workers ran the 17 domains seized in October 2023 and were indicted in December 2024.',
  },
  {
    kind: 'company',
    value: 'Volasys Silver Star',
    source: 'OFAC SDN list, entry 24978',
    date: '2018-09-13',
    note: 'Russia-based front company of Yanbian Silverstar.',
  },
  {
    kind: 'company',
    value: 'Chinyong Information Technology Cooperation Company',
    aliases: ['Jinyong Information Technology Cooperation Company'],
    source: 'OFAC SDN list, entry 43379',
    date: '2023-05-23',
    note: 'DPRK company that dispatches IT workers to Russia and Laos.',
  },
  {
    kind: 'company',
    value: 'Limited Liability Company Alis',
    aliases: ['Alis LLC', 'Alias LLC'],
    source: 'OFAC SDN list, entry 48260',
    date: '2024-05-03',
    note: 'Russia-based; linked to Chinyong. Date: on the SDN list in the file of that day.',
    common: true,
  },
  {
    kind: 'company',
    value: 'Pioneer Bencont Star Real Estate',
    source: 'OFAC SDN list, entry 48261',
    date: '2024-05-03',
    note: 'IT and computer services; linked to Chinyong. Date: on the SDN list in the file of that day.',
  },
  {
    kind: 'company',
    value: 'Chonsurim Trading Corporation',
    source: OFAC_2025_01,
    date: '2025-01-16',
    note: 'Directed DPRK IT-worker delegations in Laos using falsified credentials.',
  },
  {
    kind: 'company',
    value: 'Korea Osong Shipping Co',
    source: OFAC_2025_01,
    date: '2025-01-16',
    note: 'Front company with DPRK IT-worker delegations in Laos.',
  },
  {
    kind: 'company',
    value: 'Liaoning China Trade Industry Co., Ltd.',
    source: OFAC_2025_01,
    date: '2025-01-16',
    note: 'Supplied laptops, graphics cards and network equipment to Department 53.',
  },
  {
    kind: 'company',
    value: "Department 53 of the Ministry of the People's Armed Forces",
    aliases: ['Department 53'],
    source: OFAC_2025_01,
    date: '2025-01-16',
    note: 'DPRK military department that used IT and software front companies.',
  },
  {
    kind: 'company',
    value: 'Asatryan LLC',
    source: OFAC_2025_07,
    date: '2025-07-08',
    note: "Gayk Asatryan's Russia-based company; contracted up to 30 DPRK IT workers from Korea Songkwang.",
  },
  {
    kind: 'company',
    value: 'Fortuna LLC',
    source: OFAC_2025_07,
    date: '2025-07-08',
    note: "Gayk Asatryan's Russia-based company; contracted up to 50 DPRK IT workers from Korea Saenal.",
    common: true,
  },
  {
    kind: 'company',
    value: 'Korea Songkwang Trading General Corporation',
    source: OFAC_2025_07,
    date: '2025-07-08',
    note: 'Dispatched DPRK IT workers to Asatryan LLC.',
  },
  { kind: 'company', value: 'Korea Saenal Trading Corporation', source: OFAC_2025_07, date: '2025-07-08', note: 'Dispatched DPRK IT workers to Fortuna LLC.' },
  {
    kind: 'company',
    value: 'Korea Sobaeksu Trading Corporation',
    source: 'OFAC SDN list, entry 54764',
    date: '2025-07',
    note: `DPRK company dispatching IT workers (Munitions Industry Department). ${VERIFY}`,
  },
  {
    kind: 'company',
    value: 'Shenyang Geumpungri Network Technology Co., Ltd',
    aliases: ['Guempungri', 'Geumpungri Network Technology'],
    source: 'OFAC SDN list, entry 55062',
    date: '2025-08',
    note: `China-based front for Chinyong IT workers. ${VERIFY}`,
  },
  {
    kind: 'company',
    value: 'Korea Sinjin Trading Corporation',
    source: 'OFAC SDN list, entry 55063',
    date: '2025-08',
    note: `Designated with Shenyang Geumpungri and Vitaliy Andreyev. ${VERIFY}`,
  },
  {
    kind: 'company',
    value: 'Korea Mangyongdae Computer Technology Corporation',
    source: 'OFAC SDN list, entry 56044',
    date: '2025-11',
    note: `DPRK IT company. ${VERIFY}`,
  },
  // Wallets in designations of the IT-worker payment network.
  {
    kind: 'wallet',
    value: '1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2T',
    source: 'OFAC SDN list, entry 55065 (Vitaliy Sergeyevich Andreyev)',
    date: '2025-08',
    note: `Bitcoin address of a Russian facilitator of payments to Chinyong IT workers. ${VERIFY}`,
  },
];
