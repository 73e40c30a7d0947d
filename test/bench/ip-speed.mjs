// IP lookups per second through vet's IP source (NRO and DB-IP country databases, the packed ASN
// table, hosting checks), and the cold-start cost of loading the IP data. Not a test: timings
// depend on the machine. Usage: node test/bench/ip-speed.mjs
import { spawnSync } from 'node:child_process';
import { loadIpSource } from '../../dist/sources/ip/index.js';
import { prng } from './prng.mjs';

const r = prng(7);
const octet = () => Math.floor(r() * 256);
const v4 = Array.from({ length: 1_000_000 }, () => `${1 + Math.floor(r() * 222)}.${octet()}.${octet()}.${octet()}`);
// IPv6 inside allocated space (2001:200::/23 .. 2c0f::/16 region), so lookups walk real data.
const hex = () => Math.floor(r() * 65536).toString(16);
const v6 = Array.from({ length: 200_000 }, () => `2${['001', '400', '600', 'a00', 'c0f'][Math.floor(r() * 5)]}:${hex()}:${hex()}::${hex()}`);

// Addresses where a US applicant would be: Comcast, AT&T and Verizon blocks.
const home = Array.from({ length: 1_000_000 }, () => `${[73, 99, 108][Math.floor(r() * 3)]}.${octet()}.${octet()}.${octet()}`);

function rate(addresses, claimed) {
  const ip = loadIpSource();
  for (const a of addresses.slice(0, 20_000)) ip.lookup(a, claimed); // warm up
  const fresh = loadIpSource(); // empty caches
  const t = performance.now();
  let found = 0;
  for (const a of addresses) if (fresh.lookup(a, claimed)?.countries.length) found++;
  return { perSecond: addresses.length / ((performance.now() - t) / 1000), found };
}
const a = rate(v4);
const b = rate(v6);
const c = rate(home, 'US');

const child = spawnSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const t0 = performance.now(); const { loadIpSource } = await import(${JSON.stringify(new URL('../../dist/sources/ip/index.js', import.meta.url).href)}); const t1 = performance.now(); loadIpSource(); console.log(JSON.stringify({ importMs: t1 - t0, loadMs: performance.now() - t1 }));`,
  ],
  { encoding: 'utf8' },
);
if (child.status !== 0) throw new Error(child.stderr);
const cold = JSON.parse(child.stdout);
console.log('IP lookups (one core, every source: two country databases, ASN table, DPRK ranges, hosting list):');
console.log(
  `  IPv4  ${Math.round(a.perSecond).toLocaleString('en')}/s over ${v4.length.toLocaleString('en')} random addresses (${((100 * a.found) / v4.length).toFixed(1)}% located)   (target >= 500,000/s)`,
);
console.log(
  `  IPv6  ${Math.round(b.perSecond).toLocaleString('en')}/s over ${v6.length.toLocaleString('en')} addresses in allocated space (${((100 * b.found) / v6.length).toFixed(1)}% located)`,
);
console.log(`  IPv4 of US applicants claiming the US (the second country source is not needed): ${Math.round(c.perSecond).toLocaleString('en')}/s`);
console.log(
  `  cold start: import ${cold.importMs.toFixed(0)} ms + load ${cold.loadMs.toFixed(0)} ms = ${(cold.importMs + cold.loadMs).toFixed(0)} ms   (target < 150 ms)`,
);
