import { createRequire } from 'node:module';

// countries-and-timezones (MIT): which IANA zones a country uses, and each zone's offsets.
const require = createRequire(import.meta.url);
export const timezones = require('countries-and-timezones') as {
  getTimezone(name: string): { name: string; countries: string[]; utcOffset: number; dstOffset: number; aliasOf: string | null } | null;
  getCountry(code: string): { timezones: string[] } | null;
  getAllTimezones(): Record<string, { name: string; countries: string[] }>;
};
