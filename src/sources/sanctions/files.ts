/** Where OFAC publishes its list files, and their names: what the CLI needs before any file is read. */

/** OFAC's Sanctions List Service: the files of the current publication. */
export const OFAC_BASE_URL = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/';

export const OFAC_FILES = {
  SDN: { primary: 'SDN.CSV', alt: 'ALT.CSV', add: 'ADD.CSV', comments: 'SDN_COMMENTS.CSV' },
  CONS: { primary: 'CONS_PRIM.CSV', alt: 'CONS_ALT.CSV', add: 'CONS_ADD.CSV', comments: 'CONS_COMMENTS.CSV' },
} as const;

/** Which files a list needs; the comments file is optional (older publications lack it). */
export function requiredFiles(includeConsolidated: boolean): { required: string[]; optional: string[] } {
  const sets = includeConsolidated ? [OFAC_FILES.SDN, OFAC_FILES.CONS] : [OFAC_FILES.SDN];
  return { required: sets.flatMap((s) => [s.primary, s.alt, s.add]), optional: sets.map((s) => s.comments) };
}
