// How many known consumer-VPN exit addresses vet reports as hosting/datacenter, and how many
// residential addresses it wrongly does. Not a test: the sample is not in the repo (VPN exit lists
// change daily and are not ours to ship). Give one file of addresses per provider, one address per
// line (or whitespace-separated), as arguments or as a directory in VET_VPN_SAMPLE; for example
// lists from github.com/mthcht/awesome-lists (Lists/VPN). Usage: node test/bench/vpn-recall.mjs FILE...
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadIpSource } from '../../dist/sources/ip/index.js';
import { prng } from './prng.mjs';

const dir = process.env.VET_VPN_SAMPLE;
const files = process.argv.length > 2 ? process.argv.slice(2) : dir ? readdirSync(dir).map((f) => join(dir, f)) : [];
if (files.length === 0) {
  console.log('VPN exit recall: skipped (no sample: pass files of VPN exit addresses, or set VET_VPN_SAMPLE to a folder of them)');
  process.exit(0);
}

const ip = loadIpSource();
const pct = (n, d) => `${((100 * n) / d).toFixed(0)}%`;
console.log('VPN exit addresses reported as hosting/datacenter (vet never reports "VPN confirmed" from this):');
const missedAsns = new Map();
let all = 0;
let caught = 0;
for (const file of files) {
  const addresses = [...new Set(readFileSync(file, 'utf8').split(/\s+/).filter(Boolean))];
  let byList = 0;
  let byKeyword = 0;
  for (const a of addresses) {
    const info = ip.lookup(a);
    if (!info || info.unusable) continue;
    if (info.hosting?.category === 'keyword') byKeyword++;
    else if (info.hosting) byList++;
    else {
      const key = info.asn ? `AS${info.asn.asn} ${info.asn.org}` : 'no ASN';
      missedAsns.set(key, (missedAsns.get(key) ?? 0) + 1);
    }
  }
  all += addresses.length;
  caught += byList + byKeyword;
  console.log(
    `  ${basename(file)}: ${pct(byList + byKeyword, addresses.length)} of ${addresses.length} (curated list ${pct(byList, addresses.length)}, organisation keywords ${pct(byKeyword, addresses.length)})`,
  );
}
console.log(`  all: ${pct(caught, all)} of ${all}`);
console.log(
  `  most missed networks: ${[...missedAsns]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, n]) => `${k} (${n})`)
    .join('; ')}`,
);

// Home connections: random addresses on large residential and mobile networks of many countries.
// None should be reported as hosting (a false positive here would fall on ordinary applicants).
const RESIDENTIAL = new Map([
  [7922, 'Comcast'],
  [7018, 'AT&T'],
  [701, 'Verizon'],
  [20115, 'Charter'],
  [21928, 'T-Mobile US'],
  [5089, 'Virgin Media'],
  [3320, 'Deutsche Telekom'],
  [3215, 'Orange'],
  [55836, 'Jio'],
  [45609, 'Airtel'],
  [12389, 'Rostelecom'],
  [3216, 'Beeline'],
  [4134, 'China Telecom'],
  [4837, 'China Unicom'],
  [9808, 'China Mobile'],
  [4766, 'KT'],
  [9318, 'SK Broadband'],
  [3786, 'LG U+'],
  [45899, 'VNPT'],
  [7552, 'Viettel'],
  [9835, 'NTT Docomo'],
  [4713, 'NTT OCN'],
  [9829, 'BSNL'],
  [8151, 'Telmex'],
  [27699, 'Vivo Brazil'],
]);
const r = prng(3);
const perNetwork = new Map();
let homes = 0;
let flagged = 0;
for (let i = 0; i < 2_000_000 && homes < 20_000; i++) {
  const a = `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
  const info = ip.lookup(a);
  const name = info?.asn && RESIDENTIAL.get(info.asn.asn);
  if (!name) continue;
  homes++;
  perNetwork.set(name, (perNetwork.get(name) ?? 0) + 1);
  if (info.hosting) flagged++;
}
console.log(
  `  home connections: ${flagged} of ${homes.toLocaleString('en')} random addresses on ${perNetwork.size} residential and mobile networks (${[...RESIDENTIAL.values()].join(', ')}) reported as hosting`,
);
