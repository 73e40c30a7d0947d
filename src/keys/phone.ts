import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
} from './libphonenumber.js';

export type PhoneProblem = 'NOT_A_NUMBER' | 'INVALID_COUNTRY' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH' | 'NO_COUNTRY_CODE';

/**
 * Every field is always there (undefined when unknown): one object shape for every number, built
 * as one literal. Built by spreading a base object and adding to it, a parsed number cost 1.4-9
 * µs more on Node 20.
 */
export interface ParsedPhone {
  input: string;
  /** The text actually parsed, after tel:, 00 and 011 handling. */
  normalised: string;
  e164: string | undefined;
  /** ISO alpha-2 region of the number; undefined for non-geographic numbers (+800, +882, ...). */
  country: string | undefined;
  callingCode: string | undefined;
  possible: boolean;
  valid: boolean;
  /** libphonenumber's line type; undefined when the metadata cannot tell. */
  type: NumberType | undefined;
  problem: PhoneProblem | undefined;
  /** The claimed country the number was read against, for numbers written without a country code. */
  readAs: string | undefined;
}

function phone(
  input: string,
  normalised: string,
  problem: PhoneProblem | undefined,
  parsed?: {
    e164: string;
    country: string | undefined;
    callingCode: string;
    possible: boolean;
    valid: boolean;
    type: NumberType | undefined;
    readAs: string | undefined;
  },
): ParsedPhone {
  return {
    input,
    normalised,
    e164: parsed?.e164,
    country: parsed?.country,
    callingCode: parsed?.callingCode,
    possible: parsed?.possible ?? false,
    valid: parsed?.valid ?? false,
    type: parsed?.type,
    problem,
    readAs: parsed?.readAs,
  };
}

function supported(country: string | undefined): CountryCode | undefined {
  return country !== undefined && isSupportedCountry(country) ? country : undefined;
}

export function callingCodeOf(country: string): string | undefined {
  const c = supported(country);
  return c ? getCountryCallingCode(c) : undefined;
}

/**
 * Parses a phone number with libphonenumber's full ("max") metadata. Numbers written without a
 * country code are read against `defaultCountry` (the applicant's claimed country). International
 * prefixes are turned into "+": "00" everywhere, "011" only where it is the exit code (NANP) or
 * nothing says otherwise, since "011" starts national numbers in Buenos Aires, São Paulo and Delhi.
 */
const KEYPAD: Record<string, string> = Object.fromEntries(
  ['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'].flatMap((letters, i) => [...letters].map((l) => [l, String(i + 2)])),
);

/**
 * A vanity number (+1 (800) FLOWERS) as the digits its letters stand for on a phone keypad: a
 * number that starts with digits and ends in letters, nothing else. "call me" stays as it is.
 */
export function keypadDigits(text: string): string {
  if (!/^\+?[\d\s().-]{3,}[A-Za-z][A-Za-z\s-]*$/.test(text) || (text.match(/[A-Za-z]/g)?.length ?? 0) < 3) return text;
  return text.replace(/[A-Za-z]/g, (c) => KEYPAD[c.toUpperCase()]!);
}

export function parsePhone(input: string, defaultCountry?: string): ParsedPhone {
  // Zero-width and bidi characters are invisible: a number written with one is the same number.
  const text = keypadDigits(
    input
      .replace(/\p{Cf}/gu, '')
      .trim()
      .replace(/^tel:/i, ''),
  );
  const compact = text.replace(/[\s().-]/g, '');
  const region = supported(defaultCountry);
  if (compact.startsWith('00')) return parseText(input, '+' + compact.slice(2), region);
  if (!compact.startsWith('011')) return parseText(input, text, region);
  const exitCodeText = '+' + compact.slice(3);
  if (region === undefined || getCountryCallingCode(region) === '1') return parseText(input, exitCodeText, region);
  // "011 44 20 ..." from someone outside NANP who copied a US-style dialling string: when the
  // national reading is not a valid number and the exit-code reading is, the latter is meant.
  const national = parseText(input, text, region);
  if (national.valid) return national;
  const exitCode = parseText(input, exitCodeText, region);
  return exitCode.valid ? exitCode : national;
}

function parseText(input: string, text: string, region: CountryCode | undefined): ParsedPhone {
  const international = text.trimStart().startsWith('+');
  if (!international && region === undefined) return phone(input, text, 'NO_COUNTRY_CODE');
  const parsed = parsePhoneNumberFromString(text, international ? undefined : region);
  if (parsed === undefined) {
    return phone(input, text, validatePhoneNumberLength(text, international ? undefined : region) ?? 'NOT_A_NUMBER');
  }
  // A line type is found only for a number that matches its plan, that is a valid one, so asking
  // for the type first spares isValid() the same regular expressions (a third of a parse).
  const type = parsed.getType();
  const valid = type !== undefined || parsed.isValid();
  return phone(input, text, valid ? undefined : validatePhoneNumberLength(text, international ? undefined : region), {
    e164: parsed.number,
    country: parsed.country,
    callingCode: parsed.countryCallingCode,
    possible: parsed.isPossible(),
    valid,
    type,
    readAs: !international && region !== undefined ? region : undefined,
  });
}
