/** Input formats, in their own module so that the CLI can offer them without loading the readers. */
export const INPUT_FORMATS = ['json', 'ndjson', 'csv', 'xlsx'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
