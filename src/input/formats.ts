/** Input formats and date orders, in their own module so that the CLI can offer them without loading the readers (and libphonenumber). */
export const INPUT_FORMATS = ['json', 'ndjson', 'csv', 'xlsx'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** How numeric dates such as 03/04/1990 are read (--date-order). */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';
export const DATE_ORDERS: readonly DateOrder[] = ['mdy', 'dmy', 'ymd'];
