/** One party on a sanctions list, as vet keeps it: names, identifiers and facts from Remarks. */
export interface SanctionsEntry {
  /** OFAC's unique id (`ent_num`), as a string. */
  uid: string;
  /** Which OFAC list it is on: the SDN list or the non-SDN consolidated list. */
  list: 'SDN' | 'CONS';
  name: string;
  type: EntryType;
  programs: string[];
  title?: string;
  aliases: Alias[];
  /** Dates of birth (individuals) as written and as parsed. */
  birthDates: BirthDate[];
  /** ISO 3166-1 alpha-2 codes where the country name is known, else the name as OFAC writes it. */
  nationalities: string[];
  citizenships: string[];
  placesOfBirth: string[];
  gender?: string;
  emails: string[];
  websites: string[];
  wallets: Wallet[];
  addresses: EntryAddress[];
  /** Date of designation (the built-in list carries it; OFAC's CSV files do not). */
  designated?: string;
  /** Where the facts come from (the built-in list cites OFAC's press release). */
  source?: string;
}

export type EntryType = 'individual' | 'entity' | 'vessel' | 'aircraft';

export interface Alias {
  name: string;
  /** aka, fka (formerly), nka (now), weak (low-quality a.k.a. from Remarks). */
  type: 'aka' | 'fka' | 'nka' | 'weak';
}

export interface BirthDate {
  text: string;
  /** First and last year the date allows (equal for an exact year). */
  fromYear: number;
  toYear: number;
  month?: number;
  day?: number;
  circa: boolean;
}

export interface Wallet {
  /** OFAC's currency code: XBT, ETH, USDT, TRX, ... */
  currency: string;
  address: string;
}

export interface EntryAddress {
  street?: string;
  city?: string;
  country?: string;
}

/** A whole list with its provenance. */
export interface SanctionsList {
  /** Stable id: "ofac" for an installed OFAC list, "builtin-dprk" for the built-in watchlist. */
  id: string;
  description: string;
  /** Publication date of the list (ISO 8601 date), or the newest file date when OFAC gives none. */
  date: string;
  /** How `date` was found. */
  dateSource: 'publication' | 'user' | 'file-dates' | 'curated';
  entries: SanctionsEntry[];
}
