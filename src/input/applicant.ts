import type { InputError } from '../errors.js';
import type { ParsedPhone } from '../keys/phone.js';
import type { ParsedEmail } from '../keys/values.js';

/**
 * The canonical applicant every rule sees, whatever the input looked like. Documented as JSON
 * Schema in docs/applicant.schema.json. Countries are ISO 3166-1 alpha-2 codes; strings are
 * trimmed and never empty; list fields are always present (possibly empty).
 */
export interface Address {
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  /** The address as one line, when it was given that way. */
  text?: string;
  [key: string]: unknown;
}

export interface ClaimedLocation {
  city?: string;
  region?: string;
  country?: string;
  /** IANA zone ("America/Chicago") or a UTC offset ("UTC+09:00"). */
  timezone?: string;
}

export interface IpEvent {
  ip: string;
  /** ISO 8601 timestamp. */
  at?: string;
  event?: string;
}

export interface Payment {
  method?: string;
  /** The payout service (a bank, a payroll card, an online payment service) as the ATS names it. */
  provider?: string;
  walletAddress?: string;
  accountHolder?: string;
  /** Country of the bank or payout account. */
  bankCountry?: string;
  [key: string]: unknown;
}

export interface Employer {
  name?: string;
  domain?: string;
  address?: Address;
  [key: string]: unknown;
}

/** Someone the applicant names as a reference. */
export interface Reference {
  name?: string;
  email?: string;
  /** `email` read once by the normaliser. */
  emailAddress?: ParsedEmail;
  phone?: string;
  company?: string;
}

export const ID_DOCUMENT_TYPES = ['passport', 'national-id', 'driving-licence', 'residence-permit', 'other'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/** The identity document the applicant showed, as the ID check read it. */
export interface IdDocument {
  type?: IdDocumentType;
  issuingCountry?: string;
  /** The name printed on the document. */
  name?: string;
  address?: Address;
}

/** An online profile given as an object; a profile may also be a bare URL or handle string. */
export interface Profile {
  url?: string;
  login?: string;
  /** The display name on the profile. */
  name?: string;
  /** When the account was created, ISO 8601. */
  createdAt?: string;
  /** The earliest commit the account hosts (GitHub), ISO 8601. */
  earliestCommitAt?: string;
  [key: string]: unknown;
}

/**
 * What an interviewer attested about one interview, as yes/no answers (no free text): the FBI's
 * advice is to require the camera, check liveness and compare the person across meetings.
 */
export interface Interview {
  /** ISO 8601. */
  at?: string;
  cameraOn?: boolean;
  /** The same person as in the earlier interviews and the ID photo. */
  identityConsistent?: boolean;
  livenessPassed?: boolean;
  /** The applicant declined an in-person meeting or on-site step. */
  declinedInPerson?: boolean;
}

export interface Applicant {
  id: string;
  /** Full name as given, or given + family name. */
  name?: string;
  givenName?: string;
  familyName?: string;
  otherNames: string[];
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  dateOfBirth?: string;
  nationality?: string;
  idDocument?: IdDocument;
  emails: string[];
  /** `emails[i]` read once by the normaliser: rules compare these, never parse the raw values. */
  emailAddresses: ParsedEmail[];
  phones: string[];
  /**
   * `phones[i]` read once by the normaliser with libphonenumber (E.164, region, line type), a
   * number without a country code against the claimed country (`location`, else `address`).
   */
  phoneNumbers: ParsedPhone[];
  address?: Address;
  shippingAddress?: Address;
  location?: ClaimedLocation;
  /** `ipAddresses[]` and `ipEvents[]` together, in input order. */
  ipEvents: IpEvent[];
  nationalId?: string;
  bankAccount?: string;
  payment?: Payment;
  employers: Employer[];
  references: Reference[];
  /** Years of professional experience the applicant claims. */
  yearsOfExperience?: number;
  profiles: Record<string, string | Profile>;
  /** A perceptual or file hash of the applicant's photo, as the ATS or ID check gives it. */
  photoHash?: string;
  /** A hash of the resume file. */
  resumeHash?: string;
  /** The resume as plain text, for near-duplicate detection across applicants. */
  resumeText?: string;
  interviews: Interview[];
  /** Values the normaliser read but could not interpret well enough to compare ("Korea"), with why. */
  unclear: { path: string; reason: string }[];
  /** Fields vet does not know: kept, never read by rules. */
  extra: Record<string, unknown>;
}

/**
 * Sets a key taken from the input (a JSON key or a CSV header) as an own property. Plain assignment
 * of "__proto__" would re-parent the object and lose the value.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export interface InputPosition {
  file: string;
  line: number;
}

/**
 * An applicant with where it came from. `origins` maps a canonical JSON pointer ("/phones/0") to
 * where the value was in the input: a JSON pointer ("/phone") or a CSV column ("Mobile").
 */
export interface ApplicantRecord {
  applicant: Applicant;
  input: InputPosition;
  origins: Map<string, Origin>;
  /** Fields that could not be read (left out of the applicant), as input errors naming file, line and field. */
  problems?: InputError[];
}

export type Origin = { pointer: string } | { column: string };

/** The canonical field names, for header mapping, --map and the schema test. */
export const CANONICAL_FIELDS = [
  'id',
  'name',
  'givenName',
  'familyName',
  'otherNames',
  'dateOfBirth',
  'nationality',
  'idDocument',
  'email',
  'emails',
  'phone',
  'phones',
  'address',
  'shippingAddress',
  'location',
  'ipAddresses',
  'ipEvents',
  'nationalId',
  'bankAccount',
  'payment',
  'employers',
  'references',
  'yearsOfExperience',
  'profiles',
  'photoHash',
  'resumeHash',
  'resumeText',
  'interviews',
] as const;

/**
 * What reading yields: an applicant, a rejected record with all its problems, or a problem that
 * stops the rest of that file from being read (the other files are still read).
 */
/**
 * What a reader yields: an applicant (with the problems of fields it could not read: the field is
 * left out and the applicant vetted on the rest), a record rejected as a whole (not an object, a row
 * with the wrong number of fields), or a fatal error that stops the file.
 */
/** How one column of an export was read: the canonical field, or null (kept in `extra`, with why when it matters). */
export interface ColumnMapping {
  header: string;
  field: string | null;
  note?: string;
}

export type InputItem =
  | { type: 'columns'; file: string; vendor?: string; columns: ColumnMapping[] }
  | { type: 'record'; record: ApplicantRecord }
  | { type: 'rejected'; errors: InputError[] }
  | { type: 'fatal'; error: InputError };
