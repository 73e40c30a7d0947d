/**
 * A minimal MaxMind DB (.mmdb) writer for tests, following the MaxMind DB format spec 2.0
 * (https://maxmind.github.io/MaxMind-DB/): a search tree with 32-bit records (IPv6, with IPv4
 * networks under ::/96, or IPv4 only), a data section of maps, strings, numbers and booleans, and the metadata map. No
 * writer package is on the registry here, and MaxMind's own test databases are on GitHub, which CI
 * cannot reach.
 */
import { isIPv4 } from 'node:net';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbRecord {
  network: string;
  data: { [key: string]: MmdbValue };
}

function control(type: number, size: number): Buffer {
  const parts: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 29 + 256) {
    sizeBits = 29;
    extra.push(size - 29);
  } else if (size < 285 + 65536) {
    sizeBits = 30;
    const s = size - 285;
    extra.push(s >> 8, s & 255);
  } else {
    sizeBits = 31;
    const s = size - 65821;
    extra.push((s >> 16) & 255, (s >> 8) & 255, s & 255);
  }
  if (type <= 7) parts.push((type << 5) | sizeBits);
  else parts.push(sizeBits, type - 7);
  return Buffer.from([...parts, ...extra]);
}

function uint(type: number, n: number | bigint): Buffer {
  const bytes: number[] = [];
  let v = BigInt(n);
  while (v > 0n) {
    bytes.unshift(Number(v & 255n));
    v >>= 8n;
  }
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

export function encode(value: MmdbValue | bigint): Buffer {
  if (typeof value === 'bigint') return uint(9, value);
  if (typeof value === 'string') {
    const b = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, b.length), b]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return uint(6, value);
    const b = Buffer.alloc(8);
    b.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), b]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

/** The network's address as 128 bits and its prefix length in the IPv6 tree. */
function bits(network: string): { bits: number[]; prefix: number } {
  const [addr, len] = network.split('/') as [string, string | undefined];
  let bytes: number[];
  let prefix: number;
  if (isIPv4(addr)) {
    bytes = [...new Array<number>(12).fill(0), ...addr.split('.').map(Number)];
    prefix = 96 + Number(len ?? 32);
  } else {
    const [head, tail] = addr.split('::') as [string, string | undefined];
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const hextets = tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
    bytes = hextets.flatMap((x) => [parseInt(x, 16) >> 8, parseInt(x, 16) & 255]);
    prefix = Number(len ?? 128);
  }
  const out: number[] = [];
  for (const b of bytes) for (let i = 7; i >= 0; i--) out.push((b >> i) & 1);
  return { bits: out, prefix };
}

type Child = { node: number } | { data: number } | null;

export function writeMmdb(options: { databaseType: string; records: MmdbRecord[]; buildEpoch?: number; ipVersion?: 4 | 6; recordSize?: 24 | 28 | 32 }): Buffer {
  const recordSize = options.recordSize ?? 32;
  const data: Buffer[] = [];
  let dataSize = 0;
  const nodes: [Child, Child][] = [[null, null]];
  const sorted = [...options.records].sort((a, b) => bits(a.network).prefix - bits(b.network).prefix);
  for (const r of sorted) {
    const encoded = encode(r.data);
    const offset = dataSize;
    data.push(encoded);
    dataSize += encoded.length;
    const full = bits(r.network);
    // An IPv4-only database has a 32-level tree: the IPv4 networks' own bits.
    const path = options.ipVersion === 4 ? full.bits.slice(96) : full.bits;
    const prefix = options.ipVersion === 4 ? full.prefix - 96 : full.prefix;
    let node = 0;
    for (let depth = 0; depth < prefix; depth++) {
      const side = path[depth]!;
      const last = depth === prefix - 1;
      const child = nodes[node]![side] ?? null;
      if (last) {
        nodes[node]![side] = { data: offset };
        break;
      }
      if (child && 'node' in child) {
        node = child.node;
        continue;
      }
      // Empty, or a shorter network's data that this one splits.
      nodes.push([child, child]);
      nodes[node]![side] = { node: nodes.length - 1 };
      node = nodes.length - 1;
    }
  }
  const nodeCount = nodes.length;
  const nodeBytes = recordSize / 4;
  const tree = Buffer.alloc(nodeCount * nodeBytes);
  const value = (c: Child): number => (c === null ? nodeCount : 'node' in c ? c.node : nodeCount + 16 + c.data);
  nodes.forEach(([l, r], i) => {
    const o = i * nodeBytes;
    const left = value(l);
    const right = value(r);
    if (recordSize === 32) {
      tree.writeUInt32BE(left, o);
      tree.writeUInt32BE(right, o + 4);
    } else if (recordSize === 24) {
      tree.writeUIntBE(left, o, 3);
      tree.writeUIntBE(right, o + 3, 3);
    } else {
      // 28 bits: the low 24 of each record, with their top nibbles sharing the middle byte.
      tree.writeUIntBE(left & 0xffffff, o, 3);
      tree[o + 3] = ((left >>> 24) << 4) | (right >>> 24);
      tree.writeUIntBE(right & 0xffffff, o + 4, 3);
    }
  });
  const metadata = Buffer.concat([
    control(7, 9),
    encode('node_count'),
    uint(6, nodeCount),
    encode('record_size'),
    uint(5, recordSize),
    encode('ip_version'),
    uint(5, options.ipVersion ?? 6),
    encode('database_type'),
    encode(options.databaseType),
    encode('languages'),
    encode(['en']),
    encode('binary_format_major_version'),
    uint(5, 2),
    encode('binary_format_minor_version'),
    uint(5, 0),
    encode('build_epoch'),
    uint(9, options.buildEpoch ?? 1767225600),
    encode('description'),
    encode({ en: 'vet test database' }),
  ]);
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com'), metadata]);
}
