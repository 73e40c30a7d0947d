import type { AnyRule } from '../engine/rule.js';
import email from './email.js';
import frontCompany from './front-company.js';
import geoMismatch from './geo-mismatch.js';
import identityReuse from './identity-reuse.js';
import interview from './interview.js';
import payment from './payment.js';
import phoneOrigin from './phone-origin.js';
import profileConsistency from './profile-consistency.js';
import sdnAliasMatch from './sdn-alias-match.js';
import shippingAddress from './shipping-address.js';

/** Every rule vet has, in the order they run and are listed. */
export const RULES: readonly AnyRule[] = [
  phoneOrigin,
  sdnAliasMatch,
  geoMismatch,
  identityReuse,
  interview,
  email,
  frontCompany,
  shippingAddress,
  payment,
  profileConsistency,
];
