import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { SourceError } from '../../errors.js';
import type { ParsedIp } from './address.js';
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

  constructor(readonly pack: AsnPack) {
    this.orgs = new Array<string | undefined>(pack.asns.length);
  }

  static load(file: string): AsnTable {
    let pack: AsnPack;
    try {
      pack = deserialize(readFileSync(file)) as AsnPack;
    } catch (e) {
      throw new SourceError(`the packed ASN data ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run "npm run build" in vet's folder to pack it`);
    }
    if (pack.formatVersion !== ASN_PACK_VERSION) throw new SourceError(`the packed ASN data ${file} is from another version of vet; run "npm run build"`);
    return new AsnTable(pack);
  }

  lookup(ip: ParsedIp): AsnRecord | undefined {
    const p = this.pack;
    let asn: number | undefined;
    if (ip.version === 4) {
      const i = lastAtMost(p.v4Start, ip.v4);
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
      org = this.decoder.decode(this.pack.orgBlob.subarray(this.pack.orgOffsets[i]!, this.pack.orgOffsets[i + 1]!));
      this.orgs[i] = org;
    }
    return org;
  }
}

/** Index of the last element <= value in a sorted array, or -1. */
function lastAtMost(sorted: Uint32Array, value: number): number {
  let a = 0;
  let b = sorted.length - 1;
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
