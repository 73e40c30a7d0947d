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

export interface Evidence {
  /** JSON pointer into the canonical applicant. */
  path: string;
  value: unknown;
  [key: string]: unknown;
}
