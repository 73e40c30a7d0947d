import type { Address, Applicant } from '../input/applicant.js';
import { ipKey, parseIp, specialPurpose } from '../keys/ip.js';
import { addressKey } from '../keys/address.js';
import { joinPointer } from '../input/pointers.js';
import { bankAccountKey, githubKey, hashKey, linkedinKey, nationalIdKey, profileText, walletKey } from '../keys/values.js';

export { KIND_NAMES, type IdentifierKind } from './kinds.js';
import type { IdentifierKind } from './kinds.js';

/** One identifier an applicant gave: its comparison key, the value as given and where. */
export interface Identifier {
  kind: IdentifierKind;
  /** Kinds compared with one another: a home address and a shipping address are one place. */
  space: string;
  key: string;
  raw: string;
  path: string;
}

/**
 * The fields of an applicant that identify them, as plain data that can be sent to a worker
 * thread. Phone numbers and e-mails come with the keys the normaliser gave them (E.164 for a
 * possible number, the provider-aware address for an e-mail).
 */
export interface IdentityFields {
  nationalId?: string;
  bankAccount?: string;
  wallet?: string;
  photoHash?: string;
  resumeHash?: string;
  phones: { raw: string; key: string | undefined }[];
  emails: { raw: string; key: string | undefined }[];
  github?: string;
  linkedin?: string;
  address?: Address;
  shippingAddress?: Address;
  /** The addresses' keys, as the main thread made them (null: too vague to be one place), so the identity worker does not make them again. */
  addressKeys?: { home: string | null; shipping: string | null };
  ips: string[];
}

/** The identifying fields of an applicant, with the keys of its phone numbers and e-mails. */
export function identityFields(applicant: Applicant): IdentityFields {
  const fields: IdentityFields = {
    phones: applicant.phoneNumbers.map((p) => ({ raw: p.input, key: p.possible ? p.e164 : undefined })),
    emails: applicant.emailAddresses.map((e) => ({ raw: e.input, key: e.key })),
    ips: applicant.ipEvents.map((e) => e.ip),
  };
  const github = profileText(applicant.profiles.github);
  const linkedin = profileText(applicant.profiles.linkedin);
  if (applicant.nationalId) fields.nationalId = applicant.nationalId;
  if (applicant.bankAccount) fields.bankAccount = applicant.bankAccount;
  if (applicant.payment?.walletAddress) fields.wallet = applicant.payment.walletAddress;
  if (applicant.photoHash) fields.photoHash = applicant.photoHash;
  if (applicant.resumeHash) fields.resumeHash = applicant.resumeHash;
  if (github) fields.github = github;
  if (linkedin) fields.linkedin = linkedin;
  if (applicant.address) fields.address = applicant.address;
  if (applicant.shippingAddress) fields.shippingAddress = applicant.shippingAddress;
  if (applicant.address || applicant.shippingAddress) {
    fields.addressKeys = {
      home: (applicant.address && addressKey(applicant.address)) ?? null,
      shipping: (applicant.shippingAddress && addressKey(applicant.shippingAddress)) ?? null,
    };
  }
  return fields;
}

/** Every identifier of an applicant, each once (the same e-mail twice in one record counts once). */
export function identifiersOf(fields: IdentityFields): Identifier[] {
  const out: Identifier[] = [];
  const seen = new Set<string>();
  const add = (kind: IdentifierKind, key: string | undefined, raw: string, path: string, space: string = kind): void => {
    if (key === undefined) return;
    const id = `${kind}\u0000${key}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ kind, space, key, raw, path });
  };
  if (fields.nationalId) add('nationalId', nationalIdKey(fields.nationalId), fields.nationalId, '/nationalId');
  if (fields.bankAccount) add('bankAccount', bankAccountKey(fields.bankAccount), fields.bankAccount, '/bankAccount');
  if (fields.wallet) add('wallet', walletKey(fields.wallet), fields.wallet, '/payment/walletAddress');
  if (fields.photoHash) add('photo', hashKey(fields.photoHash), fields.photoHash, '/photoHash');
  if (fields.resumeHash) add('resumeFile', hashKey(fields.resumeHash), fields.resumeHash, '/resumeHash');
  fields.phones.forEach((p, i) => add('phone', p.key, p.raw, joinPointer('/phones', i)));
  fields.emails.forEach((e, i) => add('email', e.key, e.raw, joinPointer('/emails', i)));
  if (fields.github) add('github', githubKey(fields.github), fields.github, '/profiles/github');
  if (fields.linkedin) add('linkedin', linkedinKey(fields.linkedin), fields.linkedin, '/profiles/linkedin');
  const keys = fields.addressKeys;
  if (fields.address) add('homeAddress', keys ? (keys.home ?? undefined) : addressKey(fields.address), addressText(fields.address), '/address', 'address');
  if (fields.shippingAddress) {
    const key = keys ? (keys.shipping ?? undefined) : addressKey(fields.shippingAddress);
    add('shippingAddress', key, addressText(fields.shippingAddress), '/shippingAddress', 'address');
  }
  fields.ips.forEach((raw, i) => {
    const ip = parseIp(raw);
    // Private, loopback and documentation addresses are shared by everyone behind a router.
    if (ip && specialPurpose(ip) === undefined) add('ip', ipKey(ip), raw, joinPointer(joinPointer('/ipEvents', i), 'ip'));
  });
  return out;
}

/** An address as one line, for evidence. */
export function addressText(address: Address): string {
  return address.text ?? [address.street, address.city, address.region, address.postalCode, address.country].filter(Boolean).join(', ');
}
