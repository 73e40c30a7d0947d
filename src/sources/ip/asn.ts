import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { SourceError } from '../../errors.js';
import type { ParsedIp } from '../../keys/ip.js';
import { ASN_PACK_VERSION, type AsnPack } from './asn-pack.js';

export interface AsnRecord {
  asn: number;
  org: string;
}

/** IP to ASN and organisation, from the packed @ip-location-db/asn data. */
export class AsnTable {
  private readonly decoder = new TextDecoder();
  // Organisation names decoded so far, by position in `asns`: a batch meets the same networks often.
  private readonly orgs: (string | undefined)[];
  /**
   * For each /16, the index of the last IPv4 range starting at or before it: a lookup then searches
   * only the ranges inside its /16 (a handful) instead of all 400,000. Built on the 65th IPv4
   * lookup (a pass over every range); a single check searches them all.
   */
  private v4By16: Int32Array | undefined;
  private v4Lookups = 0;

  constructor(readonly pack: AsnPack) {
    this.orgs = new Array<string | undefined>(pack.asns.length);
  }

  private buildV4By16(): Int32Array {
    const starts = this.pack.v4Start;
    const by16 = new Int32Array((1 << 16) + 1);
    let i = -1;
    for (let top = 0; top <= 1 << 16; top++) {
      const start = top * 0x10000;
      while (i + 1 < starts.length && starts[i + 1]! < start) i++;
      by16[top] = i;
    }
    return by16;
  }

  static load(file: string): AsnTable {
    let pack: AsnPack;
    try {
      pack = deserialize(readFileSync(file)) as AsnPack;
    } catch (e) {
      throw new SourceError(
        `the packed ASN data ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run "npm run build" in vet's folder to pack it`,
      );
    }
    if (pack.formatVersion !== ASN_PACK_VERSION) throw new SourceError(`the packed ASN data ${file} is from another version of vet; run "npm run build"`);
    return new AsnTable(pack);
  }

  lookup(ip: ParsedIp): AsnRecord | undefined {
    const p = this.pack;
    let asn: number | undefined;
    if (ip.version === 4) {
      // The answer lies between the last range starting before this /16 and the last starting before the next.
      if (this.v4By16 === undefined && ++this.v4Lookups > 64) this.v4By16 = this.buildV4By16();
      const top = ip.v4 >>> 16;
      const by16 = this.v4By16;
      const i = by16 ? lastAtMost(p.v4Start, ip.v4, Math.max(0, by16[top]!), by16[top + 1]) : lastAtMost(p.v4Start, ip.v4, 0, p.v4Start.length - 1);
      if (i >= 0 && ip.v4 <= p.v4End[i]!) asn = p.v4Asn[i];
    } else {
      const [hi, lo] = ip.words;
      // Binary search on the (hi, lo) pairs of range starts.
      let a = 0;
      let b = p.v6StartHi.length - 1;
      let found = -1;
      while (a <= b) {
        const mid = (a + b) >>> 1;
        const sh = p.v6StartHi[mid]!;
        if (sh < hi || (sh === hi && p.v6StartLo[mid]! <= lo)) {
          found = mid;
          a = mid + 1;
        } else b = mid - 1;
      }
      if (found >= 0) {
        const eh = p.v6EndHi[found]!;
        if (hi < eh || (hi === eh && lo <= p.v6EndLo[found]!)) asn = p.v6Asn[found];
      }
    }
    return asn === undefined ? undefined : { asn, org: this.organisation(asn) ?? '' };
  }

  /** The organisation name of an ASN, if the data knows it. */
  organisation(asn: number): string | undefined {
    const i = lastAtMost(this.pack.asns, asn);
    if (i < 0 || this.pack.asns[i] !== asn) return undefined;
    let org = this.orgs[i];
    if (org === undefined) {
      org = this.decoder.decode(this.pack.orgBlob.subarray(this.pack.orgOffsets[i], this.pack.orgOffsets[i + 1]));
      this.orgs[i] = org;
    }
    return org;
  }
}

/** Index of the last element <= value in a sorted array (searching positions from..to), or -1. */
function lastAtMost(sorted: Uint32Array, value: number, from = 0, to = sorted.length - 1): number {
  let a = from;
  let b = to;
  let found = -1;
  while (a <= b) {
    const mid = (a + b) >>> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      a = mid + 1;
    } else b = mid - 1;
  }
  return found;
}
