import type { Applicant } from '../input/applicant.js';
import { parseIp, specialPurpose } from '../sources/ip/address.js';
import { ipKey } from '../sources/ip/user-data.js';
import { addressKey } from './address.js';
import { bankAccountKey, emailKey, githubKey, hashKey, linkedinKey, nationalIdKey, profileText, walletKey } from './normalise.js';

export type IdentifierKind =
  | 'nationalId'
  | 'bankAccount'
  | 'wallet'
  | 'photo'
  | 'resumeFile'
  | 'phone'
  | 'email'
  | 'github'
  | 'linkedin'
  | 'homeAddress'
  | 'shippingAddress'
  | 'ip';

export const KIND_NAMES: Record<IdentifierKind, string> = {
  nationalId: 'national ID',
  bankAccount: 'bank account',
  wallet: 'wallet address',
  photo: 'photo',
  resumeFile: 'resume file',
  phone: 'phone number',
  email: 'e-mail address',
  github: 'GitHub profile',
  linkedin: 'LinkedIn profile',
  homeAddress: 'home address',
  shippingAddress: 'shipping address',
  ip: 'IP address',
};

/** One identifier an applicant gave: its comparison key, the value as given and where. */
export interface Identifier {
  kind: IdentifierKind;
  /** Kinds compared with one another: a home address and a shipping address are one place. */
  space: string;
  key: string;
  raw: string;
  path: string;
}

/** Turns a phone number into E.164, reading a national number against the claimed country. */
export type PhoneKey = (raw: string, claimedCountry: string | undefined) => string | undefined;

/** Every identifier of an applicant, each once (the same e-mail twice in one record counts once). */
export function identifiersOf(applicant: Applicant, phoneKey: PhoneKey): Identifier[] {
  const out: Identifier[] = [];
  const seen = new Set<string>();
  const add = (kind: IdentifierKind, key: string | undefined, raw: string, path: string, space: string = kind): void => {
    if (key === undefined) return;
    const id = `${kind}\u0000${key}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ kind, space, key, raw, path });
  };
  const claimed = applicant.location?.country ?? applicant.address?.country;
  if (applicant.nationalId) add('nationalId', nationalIdKey(applicant.nationalId), applicant.nationalId, '/nationalId');
  if (applicant.bankAccount) add('bankAccount', bankAccountKey(applicant.bankAccount), applicant.bankAccount, '/bankAccount');
  const wallet = applicant.payment?.walletAddress;
  if (wallet) add('wallet', walletKey(wallet), wallet, '/payment/walletAddress');
  if (applicant.photoHash) add('photo', hashKey(applicant.photoHash), applicant.photoHash, '/photoHash');
  if (applicant.resumeHash) add('resumeFile', hashKey(applicant.resumeHash), applicant.resumeHash, '/resumeHash');
  applicant.phones.forEach((p, i) => add('phone', phoneKey(p, claimed), p, `/phones/${i}`));
  applicant.emails.forEach((e, i) => add('email', emailKey(e), e, `/emails/${i}`));
  const github = profileText(applicant.profiles.github);
  if (github) add('github', githubKey(github), github, '/profiles/github');
  const linkedin = profileText(applicant.profiles.linkedin);
  if (linkedin) add('linkedin', linkedinKey(linkedin), linkedin, '/profiles/linkedin');
  if (applicant.address) add('homeAddress', addressKey(applicant.address), addressText(applicant.address), '/address', 'address');
  if (applicant.shippingAddress) add('shippingAddress', addressKey(applicant.shippingAddress), addressText(applicant.shippingAddress), '/shippingAddress', 'address');
  applicant.ipEvents.forEach((e, i) => {
    const ip = parseIp(e.ip);
    // Private, loopback and documentation addresses are shared by everyone behind a router.
    if (ip && specialPurpose(ip) === undefined) add('ip', ipKey(ip), e.ip, `/ipEvents/${i}/ip`);
  });
  return out;
}

/** An address as one line, for evidence. */
export function addressText(address: NonNullable<Applicant['address']>): string {
  return address.text ?? [address.street, address.city, address.region, address.postalCode, address.country].filter(Boolean).join(', ');
}
