/** Report formats, in their own module so that the CLI can offer them without loading the formatters. */
export const OUTPUT_FORMATS = ['text', 'json', 'ndjson', 'csv', 'markdown', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The text report's order of applicants: worst first, highest score first, or as read. */
export type SortOrder = 'level' | 'score' | 'input';
export const SORT_ORDERS: readonly SortOrder[] = ['level', 'score', 'input'];
