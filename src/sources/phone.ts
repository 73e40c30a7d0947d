import { createRequire } from 'node:module';
import { callingCodeOf, parsePhone, type ParsedPhone } from '../keys/phone.js';
import type { SourceInfo } from '../keys/types.js';

const require = createRequire(import.meta.url);
const { version } = require('libphonenumber-js/package.json') as { version: string };

export interface PhoneSource {
  info: SourceInfo;
  parse: typeof parsePhone;
  callingCodeOf: typeof callingCodeOf;
}

export function loadPhoneSource(): PhoneSource {
  // phone-origin and identity-reuse read the same applicant's numbers one after the other: the
  // second asks the cache instead of libphonenumber (about 100 µs a number with full metadata).
  const recent = new Map<string, ParsedPhone>();
  const parse = (input: string, defaultCountry?: string): ParsedPhone => {
    const key = `${defaultCountry ?? ''}\u0000${input}`;
    let parsed = recent.get(key);
    if (parsed === undefined) {
      if (recent.size >= 1000) recent.clear();
      parsed = parsePhone(input, defaultCountry);
      recent.set(key, parsed);
    }
    return parsed;
  };
  return {
    info: {
      id: 'libphonenumber',
      description: "libphonenumber-js with Google libphonenumber's full metadata (number validity, region and line type)",
      version,
      license: 'MIT; metadata Apache-2.0 (Google libphonenumber)',
    },
    parse,
    callingCodeOf,
  };
}
