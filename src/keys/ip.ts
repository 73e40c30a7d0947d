/**
 * An IP address as numbers: IPv4 as one unsigned 32-bit value, IPv6 as four (most significant
 * first). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are read as the IPv4 address they carry.
 */
export type ParsedIp = { version: 4; text: string; v4: number } | { version: 6; text: string; words: [number, number, number, number] };

function parseV4(text: string): number | undefined {
  // By character codes: this runs once per address in a batch.
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 3 || (digits > 0 && part === 0)) return undefined; // no leading zeros
      part = part * 10 + (c - 48);
      if (part > 255) return undefined;
      digits++;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return (n * 256 + part) >>> 0;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * RFC 4291 text form (with "::", a trailing dotted quad and an RFC 4007 zone), by character
 * codes: a regular expression and splitting cost more than the lookups that follow.
 */
function parseV6(text: string): [number, number, number, number] | undefined {
  let end = text.indexOf('%');
  if (end < 0) end = text.length;
  else if (!/^%[0-9a-zA-Z.:-]+$/.test(text.slice(end))) return undefined;
  const groups: number[] = [];
  let gap = -1; // where "::" stands, in groups
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return undefined;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    const groupStart = i;
    let value = 0;
    let digits = 0;
    for (let h = hexValue(text.charCodeAt(i)); i < end && h >= 0; h = hexValue(text.charCodeAt(++i))) {
      if (++digits > 4) return undefined;
      value = value * 16 + h;
    }
    if (i < end && text.charCodeAt(i) === 46) {
      // The last 32 bits as a dotted quad.
      const v4 = parseV4(text.slice(groupStart, end));
      if (v4 === undefined) return undefined;
      groups.push(v4 >>> 16, v4 & 0xffff);
      break;
    }
    if (digits === 0) return undefined;
    groups.push(value);
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return undefined;
    i++;
    if (text.charCodeAt(i) === 58 && i < end) {
      if (gap >= 0) return undefined;
      gap = groups.length;
      i++;
    } else if (i === end) return undefined; // a trailing single colon
  }
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) return undefined;
  const hextets = gap < 0 ? groups : [...groups.slice(0, gap), ...new Array<number>(8 - groups.length).fill(0), ...groups.slice(gap)];
  const w = (k: number): number => ((hextets[k]! << 16) | hextets[k + 1]!) >>> 0;
  return [w(0), w(2), w(4), w(6)];
}

/** Parses an IPv4 or IPv6 address; undefined when it is neither. */
export function parseIp(raw: string): ParsedIp | undefined {
  let text = raw.trim();
  if (text.charCodeAt(0) === 91 && text.endsWith(']')) text = text.slice(1, -1); // [IPv6]
  const v4 = parseV4(text);
  if (v4 !== undefined) return { version: 4, text, v4 };
  const words = parseV6(text);
  if (!words) return undefined;
  if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) {
    const v4 = words[3];
    return { version: 4, text: formatV4(v4), v4 };
  }
  return { version: 6, text: text.toLowerCase(), words };
}

export function formatV4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A network: an address and a prefix length, with what it is (a label). */
export interface Network {
  cidr: string;
  version: 4 | 6;
  /** IPv4: the network as a number; IPv6: its four words. */
  v4: number;
  words: [number, number, number, number];
  prefix: number;
}

/** Parses "a.b.c.d/n", "x::/n" or a bare address (a /32 or /128). */
export function parseCidr(raw: string): Network | undefined {
  const [addr, len, extra] = raw.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  // An IPv4-mapped network is written in IPv6 prefix lengths.
  const mapped = ip.version === 4 && addr.includes(':');
  const max = ip.version === 4 ? 32 : 128;
  let prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (mapped && len !== undefined) prefix -= 96;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  if (ip.version === 4) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { cidr: raw.trim(), version: 4, v4: (ip.v4 & mask) >>> 0, words: [0, 0, 0, 0], prefix };
  }
  const words = ip.words.map((w, i) => {
    const bits = Math.min(32, Math.max(0, prefix - 32 * i));
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (w & mask) >>> 0;
  }) as [number, number, number, number];
  return { cidr: raw.trim(), version: 6, v4: 0, words, prefix };
}

/** Whether `ip` lies in `net`. */
export function inNetwork(ip: ParsedIp, net: Network): boolean {
  if (ip.version !== net.version) return false;
  if (ip.version === 4) {
    const mask = net.prefix === 0 ? 0 : (0xffffffff << (32 - net.prefix)) >>> 0;
    return (ip.v4 & mask) >>> 0 === net.v4;
  }
  for (let i = 0; i < 4; i++) {
    const bits = Math.min(32, Math.max(0, net.prefix - 32 * i));
    if (bits === 0) return true;
    const mask = (0xffffffff << (32 - bits)) >>> 0;
    if ((ip.words[i]! & mask) >>> 0 !== net.words[i]) return false;
  }
  return true;
}

// IANA's special-purpose address registries (RFC 6890 and successors): addresses that do not
// locate anyone on the public internet.
const SPECIAL: [string, string][] = [
  ['0.0.0.0/8', 'this-network (RFC 791)'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback (RFC 1122)'],
  ['169.254.0.0/16', 'link-local (RFC 3927)'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0/24', 'documentation (RFC 5737)'],
  ['192.88.99.0/24', '6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'documentation (RFC 5737)'],
  ['203.0.113.0/24', 'documentation (RFC 5737)'],
  ['224.0.0.0/4', 'multicast (RFC 5771)'],
  ['255.255.255.255/32', 'limited broadcast (RFC 919)'],
  ['240.0.0.0/4', 'reserved (RFC 1112)'],
  ['::/128', 'unspecified (RFC 4291)'],
  ['::1/128', 'loopback (RFC 4291)'],
  ['64:ff9b::/96', 'NAT64 translation (RFC 6052)'],
  ['64:ff9b:1::/48', 'local NAT64 translation (RFC 8215)'],
  ['100::/64', 'discard-only (RFC 6666)'],
  ['2001::/23', 'IETF protocol assignments (RFC 2928)'],
  ['2001:db8::/32', 'documentation (RFC 3849)'],
  ['2002::/16', '6to4 (RFC 3056)'],
  ['3fff::/20', 'documentation (RFC 9637)'],
  ['fc00::/7', 'unique local (RFC 4193)'],
  ['fe80::/10', 'link-local (RFC 4291)'],
  ['ff00::/8', 'multicast (RFC 4291)'],
];
const SPECIAL_NETWORKS = SPECIAL.map(([cidr, label]) => ({ net: parseCidr(cidr)!, label }));
// IPv4 by first octet: the special ranges each lie within one, so most addresses are cleared by one read.
const SPECIAL_V4_BY_OCTET = Array.from({ length: 256 }, (_, octet) =>
  SPECIAL_NETWORKS.filter(
    ({ net }) => net.version === 4 && (net.prefix < 8 ? octet >>> (8 - net.prefix) === net.v4 >>> (32 - net.prefix) : net.v4 >>> 24 === octet),
  ),
);
const SPECIAL_V6 = SPECIAL_NETWORKS.filter(({ net }) => net.version === 6);
// Global unicast IPv6 is 2000::/3; anything else not listed above is unassigned.
const GLOBAL_V6 = parseCidr('2000::/3')!;

/** Why an address says nothing about where someone is, or undefined for a public address. */
export function specialPurpose(ip: ParsedIp): string | undefined {
  const candidates = ip.version === 4 ? SPECIAL_V4_BY_OCTET[ip.v4 >>> 24]! : SPECIAL_V6;
  for (const { net, label } of candidates) if (inNetwork(ip, net)) return label;
  if (ip.version === 6 && !inNetwork(ip, GLOBAL_V6)) return 'unassigned IPv6 space (outside 2000::/3)';
  return undefined;
}

/** An address as a map key: one key per address, however it was written. */
export function ipKey(ip: ParsedIp): string {
  return ip.version === 4 ? `4:${ip.v4}` : `6:${ip.words.join(':')}`;
}
