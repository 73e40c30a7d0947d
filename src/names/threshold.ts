/**
 * Score at or above which `vet match` calls two names the same. In its own module so that the
 * CLI can show it in its help without loading the matcher.
 */
export const MATCH_THRESHOLD = 0.8;
