import type { Address, Applicant } from '../input/applicant.js';
import { maskString, masks, type PersonalKind, type Redaction } from './redact.js';

/** The applicant's identity as given (masked as the report masks), for a one-page view of them. */
export interface IdentityAsGiven {
  otherNames?: string[];
  emails?: string[];
  phones?: string[];
  location?: string;
  address?: string;
  shippingAddress?: string;
  nationality?: string;
  /** Profile URLs or logins by site; a page links only http(s) ones. */
  profiles?: Record<string, string>;
}

function line(a: Address | undefined): string | undefined {
  if (!a) return undefined;
  const text = a.text ?? [a.street, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ');
  return text === '' ? undefined : text;
}

/** What an HTML one-pager shows under "identity as given": each value masked as its kind is in the report. */
export function identityOf(applicant: Applicant, redaction: Redaction): IdentityAsGiven {
  const show = (kind: PersonalKind, v: string): string => (masks(redaction, kind) ? maskString(kind, v) : v);
  const out: IdentityAsGiven = {};
  if (applicant.otherNames.length > 0) out.otherNames = applicant.otherNames.map((n) => show('name', n));
  if (applicant.emails.length > 0) out.emails = applicant.emails.map((e) => show('email', e));
  if (applicant.phones.length > 0) out.phones = applicant.phones.map((p) => show('phone', p));
  const loc = applicant.location;
  if (loc) {
    const text = [loc.city, loc.region, loc.country, loc.timezone].filter(Boolean).join(', ');
    if (text) out.location = text;
  }
  const address = line(applicant.address);
  if (address) out.address = show('address', address);
  const shipping = line(applicant.shippingAddress);
  if (shipping) out.shippingAddress = show('address', shipping);
  if (applicant.nationality) out.nationality = applicant.nationality;
  const profiles = Object.entries(applicant.profiles);
  if (profiles.length > 0) {
    out.profiles = Object.fromEntries(
      profiles.map(([site, p]) => {
        const v = typeof p === 'string' ? p : (p.url ?? p.login ?? '');
        return [site, show('text', v)];
      }),
    );
  }
  return out;
}
