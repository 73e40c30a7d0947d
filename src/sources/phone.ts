import { createRequire } from 'node:module';
import { callingCodeOf } from '../keys/phone.js';
import type { SourceInfo } from '../keys/types.js';

const require = createRequire(import.meta.url);
const { version } = require('libphonenumber-js/package.json') as { version: string };

/**
 * libphonenumber as a data source: the normaliser parses every number once (`keys/phone.ts`,
 * `Applicant.phoneNumbers`); rules that read the parsed numbers require this source for its
 * attribution and for the calling code of a claimed country.
 */
export interface PhoneSource {
  info: SourceInfo;
  callingCodeOf: typeof callingCodeOf;
}

export function loadPhoneSource(): PhoneSource {
  return {
    info: {
      id: 'libphonenumber',
      description: "libphonenumber-js with Google libphonenumber's full metadata (number validity, region and line type)",
      version,
      license: 'MIT; metadata Apache-2.0 (Google libphonenumber)',
    },
    callingCodeOf,
  };
}
