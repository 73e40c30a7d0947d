// Comparison keys for the identifiers an applicant gives: two spellings of one e-mail, phone,
// account or profile give one key. Each returns undefined when the value cannot be one.

/** Providers that ignore dots in the local part (and deliver googlemail.com to gmail.com). */
const DOTLESS_DOMAINS: ReadonlyMap<string, string> = new Map(Object.entries({ 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' }));

// Format characters (zero-width spaces and joiners, soft hyphens, bidi controls, the BOM) are
// invisible: one written into an identifier must not make it another identifier.
const INVISIBLE = /\p{Cf}/gu;

/** Case, surrounding space, invisible characters, a "+tag", and dots for providers that ignore them. */
export function emailKey(raw: string): string | undefined {
  return keyOfAddress(cleanEmail(raw));
}

/** Trimmed and lower-cased, without invisible characters or a "mailto:". */
function cleanEmail(raw: string): string {
  return raw
    .replace(INVISIBLE, '')
    .trim()
    .toLowerCase()
    .replace(/^mailto:/, '');
}

/** The comparison key of an address already cleaned (`cleanEmail`). */
function keyOfAddress(text: string): string | undefined {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return undefined;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1).replace(/\.$/, '');
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS.get(domain);
  if (dotless !== undefined) {
    domain = dotless;
    local = local.replace(/\./g, '');
  }
  if (local === '' || !domain.includes('.')) return undefined;
  return `${local}@${domain}`;
}

/** An e-mail address read once, when the applicant is normalised; rules read these fields, never parse. */
export interface ParsedEmail {
  /** As given. */
  input: string;
  /** Trimmed and lower-cased, without invisible characters or a "mailto:". */
  address: string;
  /** The domain after the last "@" (or the value itself, when it is only a domain name). */
  domain?: string;
  /** The provider-aware comparison key (see `emailKey`); undefined when the value cannot be an address. */
  key?: string;
}

// An address of the plain form most are in: one "@", nothing in the local part that domainOf
// reads as a scheme, path or space, a domain of lower-case letters, digits and hyphens.
const PLAIN_EMAIL = /^[^\s@/?#:]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/;
const PLAIN_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;

/** domainOf(address) for a cleaned address, without its steps where the address is plain. */
function emailDomain(address: string): string | undefined {
  const plain = PLAIN_EMAIL.exec(address);
  if (plain === null) return domainOf(address);
  const domain = plain[1]!.startsWith('www.') ? plain[1]!.slice(4) : plain[1]!;
  return PLAIN_DOMAIN.test(domain) ? domain : domainOf(address);
}

export function parseEmail(input: string): ParsedEmail {
  const address = cleanEmail(input);
  const out: ParsedEmail = { input, address };
  const domain = emailDomain(address);
  if (domain !== undefined) out.domain = domain;
  const key = keyOfAddress(address);
  if (key !== undefined) out.key = key;
  return out;
}

/**
 * National IDs: letters and digits only, upper case ("123-45-6789" is 123456789; a UK "QQ 12 34 56 C"
 * keeps its letters). Too short to identify anyone, or one digit repeated (placeholders such as
 * 000-00-0000), gives nothing.
 */
export function nationalIdKey(raw: string): string | undefined {
  const key = raw.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (key.length < 5 || /^(.)\1*$/.test(key)) return undefined;
  return key;
}

/** Bank accounts and IBANs: no spaces or dashes, upper case. */
export function bankAccountKey(raw: string): string | undefined {
  const key = raw
    .replace(INVISIBLE, '')
    .toUpperCase()
    .replace(/[\s.-]/g, '');
  if (key.length < 5 || !/\d/.test(key) || /^(.)\1*$/.test(key)) return undefined;
  return key;
}

/**
 * Wallet addresses: hexadecimal (Ethereum and other EVM chains) and bech32 (bc1..., ltc1...)
 * addresses are case-insensitive; base58 ones (Bitcoin legacy, Tron, Solana) are not.
 */
export function walletKey(raw: string): string | undefined {
  const text = raw
    .replace(INVISIBLE, '')
    .trim()
    .replace(/^(?:ethereum|bitcoin|litecoin|tron):/i, '');
  if (text.length < 20 || /\s/.test(text)) return undefined;
  if (/^0x[0-9a-f]+$/i.test(text) || /^[a-z]{1,83}1[02-9ac-hj-np-z]+$/i.test(text)) return text.toLowerCase();
  return text;
}

/**
 * The domain an e-mail address, a URL or a bare host names ("Jane@Mail.Example.com",
 * "https://www.example.com/jobs", "example.com."), lower-case and without "www.". A plain name needs no
 * URL parser (the slow part in a batch); an internationalised one goes through it, into punycode.
 */
export function domainOf(value: string): string | undefined {
  let s = value
    .replace(INVISIBLE, '')
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:(?:\/\/)?/, '')
    .replace(/[/?#].*$/s, '');
  s = s
    .slice(s.lastIndexOf('@') + 1)
    .replace(/:\d*$/, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(s)) return s;
  try {
    const host = new URL(`http://${s}`).hostname.replace(/^www\./, '');
    return /^[^.]+(?:\.[^.]+)+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** A file or image hash as given: hexadecimal digests compare case-insensitively. */
export function hashKey(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length < 8) return undefined;
  return /^[0-9a-f]+$/i.test(text) ? text.toLowerCase() : text;
}

/** The handle in a profile value: a URL on `host` ("https://github.com/Name/"), "@Name", or "Name". */
function handleFrom(raw: string, host: RegExp, path: RegExp): string | undefined {
  let text = raw.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    // A stray "%": read it as written.
  }
  text = text.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const url = /^(?:https?:\/\/)?([^/]+)(\/.*)?$/i.exec(text);
  if (url && host.test(url[1]!)) {
    const m = path.exec(url[2] ?? '');
    return m ? m[1]!.toLowerCase() : undefined;
  }
  if (/[/\s]/.test(text)) return undefined;
  const handle = text.replace(/^@/, '').toLowerCase();
  return handle === '' ? undefined : handle;
}

/** A GitHub user: "https://github.com/Foo", "github.com/foo/", "@foo" and "foo" are one. */
export function githubKey(raw: string): string | undefined {
  const handle = handleFrom(raw, /^(?:www\.)?github\.com$/i, /^\/([A-Za-z0-9-]+)(?:\/|$)/);
  return handle !== undefined && /^[a-z0-9-]{1,39}$/.test(handle) ? handle : undefined;
}

/** A LinkedIn member: any country subdomain, /in/ or /pub/, query strings and slashes ignored. */
export function linkedinKey(raw: string): string | undefined {
  return handleFrom(raw, /^(?:[a-z]{2,3}\.|www\.)?linkedin\.com$/i, /^\/(?:in|pub)\/([^/]+)/);
}

/** A profile field may be a URL or handle, or an object that carries one. */
export function profileText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    for (const key of ['url', 'handle', 'username', 'login']) {
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === 'string' && v.trim() !== '') return v;
    }
  }
  return undefined;
}
