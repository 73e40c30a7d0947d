// libphonenumber-js with its full ("max") metadata: what vet uses of it, in one module. The build
// replaces this module's output with a bundle of the library (libphonenumber-pack.ts) in which the
// regular expressions of the numbering plans are compiled once, not at every match.
export { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';
export type { CountryCode, NumberType } from 'libphonenumber-js/max';
