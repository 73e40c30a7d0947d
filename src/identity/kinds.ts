/** The kinds of identifier identity-reuse compares, and their names: in their own module, so that `vet ledger` can name them without loading the keys. */
export type IdentifierKind =
  'nationalId' | 'bankAccount' | 'wallet' | 'photo' | 'resumeFile' | 'phone' | 'email' | 'github' | 'linkedin' | 'homeAddress' | 'shippingAddress' | 'ip';

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
