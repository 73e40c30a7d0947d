/**
 * The form in which wallet addresses are compared. Hex addresses (Ethereum and its chains) are
 * case-insensitive, the case being only a checksum (EIP-55); Base58 and Bech32 addresses (Bitcoin,
 * Tron, ...) are compared as written, apart from Bech32's lower-case form.
 */
export function walletKey(address: string): string {
  const a = address.trim();
  if (/^0x[0-9a-fA-F]{40}$/.test(a)) return a.toLowerCase();
  if (/^(bc1|ltc1|tb1)/i.test(a)) return a.toLowerCase();
  return a;
}
