// Types every layer shares: what a data source says of itself, and the evidence behind a finding.
// A leaf: it imports nothing of vet's, so the layers that use these never import each other for them.

/** Provenance of a data source, printed in every report. */
export interface SourceInfo {
  id: string;
  description: string;
  version?: string;
  /** Publication or build date of the data, ISO 8601. */
  date?: string;
  license?: string;
  /** Said on standard error when the source is used (for example a licence restriction). */
  warnings?: string[];
  [key: string]: unknown;
}

/** An earlier or other applicant an identifier is shared with (identity-reuse). */
export interface SharedWith {
  applicant: string;
  [detail: string]: string | number | boolean | null;
}

/**
 * Why a finding counts: the value seen at a JSON pointer into the canonical applicant, and what
 * the source that judged it said. Every key a rule may set is listed here, and in the report's
 * JSON Schema (docs/report.schema.json).
 */
export interface Evidence {
  /** JSON pointer into the canonical applicant. */
  path: string;
  value: unknown;
  /** Where the value was in the input, added by the engine: a CSV column, or a JSON pointer that differs from `path`. */
  column?: string;
  inputPath?: string;
  /** The data source that judged the value, and its list and date. */
  source?: string;
  list?: string;
  listDate?: string;
  // Phone numbers (phone-origin).
  e164?: string;
  region?: string;
  lineType?: string;
  readAs?: string;
  // IP addresses (geo-mismatch).
  country?: string;
  otherSources?: string;
  asn?: string;
  org?: string;
  asnSource?: string;
  hosting?: string;
  hostingSource?: string;
  anonymizer?: string;
  anonymizerSource?: string;
  provider?: string;
  torSource?: string;
  range?: string;
  network?: string;
  at?: string;
  judgedAt?: string;
  // Sanctions list entries (sdn-alias-match).
  entryId?: string;
  entryType?: string;
  /** A short hash of the whole list entry (names, aliases, dates of birth, programs): a review decision re-opens when it changes. */
  entryVersion?: string;
  primaryName?: string;
  matchedName?: string;
  matchedNameKind?: string;
  score?: number;
  nameScore?: number;
  reasons?: string[];
  programs?: string[];
  listedValue?: string;
  // Indicators and look-alike domains (front-company, shipping-address, payment, email).
  indicator?: string;
  indicatorSource?: string;
  indicatorDate?: string;
  origin?: string;
  note?: string;
  domain?: string;
  listedAs?: string;
  imitated?: string;
  match?: string;
  bestScore?: number;
  threshold?: number;
  listedDomain?: string;
  // Identifiers shared with other applicants (identity-reuse).
  kind?: string;
  sharedWith?: SharedWith[];
  similarTo?: SharedWith[];
  ledger?: SharedWith[];
  otherApplicant?: string;
  otherName?: string | null;
  otherEmails?: string[];
}
