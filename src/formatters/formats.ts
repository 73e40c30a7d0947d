/** Report formats, in their own module so that the CLI can offer them without loading the formatters. */
export const OUTPUT_FORMATS = ['text', 'json', 'ndjson', 'csv', 'markdown', 'html', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The format a report file's name asks for, by its extension (case ignored). A name with another
 * extension (report.txt, vet.log) takes --format, else text.
 */
export const FORMAT_OF_EXTENSION: Readonly<Record<string, OutputFormat>> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xml': 'junit',
};

/** The text report's order of applicants: worst first, highest score first, or as read. */
export type SortOrder = 'level' | 'score' | 'input';
export const SORT_ORDERS: readonly SortOrder[] = ['level', 'score', 'input'];
