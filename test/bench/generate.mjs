// Synthetic applicants for the bench, as an ATS CSV export: deterministic for a seed, with planted
// indicators for every rule that has data of its own to find them with.
import { createWriteStream } from 'node:fs';
import { prng } from './prng.mjs';

const GIVEN = [
  'Alex',
  'Sam',
  'Robin',
  'Jordan',
  'Casey',
  'Min-jun',
  'Wei',
  'Ivan',
  'Priya',
  'Lena',
  'Omar',
  'Chinedu',
  'Maria',
  'Kenji',
  'Fatima',
  'Olga',
  'Diego',
  'Ji-woo',
  'Hana',
  'Tom',
];
const SDN_NAMES = ['Song Kum Hyok', 'Kum Hyok Song', 'Gayk Asatryan', 'Park Jin Hyok', 'Kim Se Un'];
const IOC_DOMAINS = ['inditechlab.com', 'wkjllc.com', 'hopanatech.com'];
const FAMILY = ['Example', 'Sample', 'Placeholder', 'Test', 'Mock', 'Fixture', 'Dummy', 'Specimen', 'Proto', 'Model', 'Pattern', 'Draft', 'Trial', 'Demo'];
const digits = (r, n) => String(Math.floor(r() * 10 ** n)).padStart(n, '0');
// [country, phone generator]: each applicant their own number, mostly consistent with the claimed
// country, a share of inconsistent ones.
const PHONES = {
  US: (r) => `+1 415 ${200 + Math.floor(r() * 700)} ${digits(r, 4)}`,
  GB: (r) => `+44 20 3${digits(r, 3)} ${digits(r, 4)}`,
  DE: (r) => `+49 30 ${1000000 + Math.floor(r() * 8999999)}`,
  KR: (r) => `+82 10 ${1000 + Math.floor(r() * 8999)} ${1000 + Math.floor(r() * 8999)}`,
  CN: (r) => `+86 138 ${digits(r, 4)} ${digits(r, 4)}`,
  // Five area codes rather than one: a realistic export's numbers rarely meet by chance.
  USWIDE: (r) => `+1 ${[415, 212, 312, 646, 718][Math.floor(r() * 5)]} ${200 + Math.floor(r() * 700)} ${digits(r, 4)}`,
  KP: () => '+850 2 381 2222',
  GBVOIP: () => '+44 56 0012 3456',
};

const octet = (r) => Math.floor(r() * 256);
const HOME_IPS = {
  US: (r) => `73.${octet(r)}.${octet(r)}.${octet(r)}`,
  GB: (r) => `86.${128 + (octet(r) & 31)}.${octet(r)}.${octet(r)}`,
  DE: (r) => `80.${128 + (octet(r) & 31)}.${octet(r)}.${octet(r)}`,
  KR: (r) => `1.${224 + (octet(r) & 15)}.${octet(r)}.${octet(r)}`,
};
function ipFor(home, r, realistic) {
  const roll = r();
  if (roll < 0.9 || realistic) return HOME_IPS[home](r);
  if (roll < 0.95) return `45.77.${octet(r)}.${octet(r)}`;
  if (roll < 0.97) return `77.88.${octet(r) & 63}.${octet(r)}`;
  if (roll < 0.98) return `175.45.${176 + (octet(r) & 3)}.${octet(r)}`;
  return `203.0.113.${octet(r)}`;
}

function csvCell(s) {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Planted identity rings: every 250th applicant leads a ring of four whose other members give one
// of its identifiers under their own names (ids RING-<ring>-<member>, so the bench can count them).
export const RING_EVERY = 250;
export const RING_SIZE = 4;
const RING_KINDS = ['phone', 'ssn', 'shipping', 'email'];
export const REALISTIC_RING_EVERY = 800;

/**
 * `reuse: 'realistic'` makes an export where about 1% of applicants share something, as issue 26
 * asks of the CPU target: one ring of four every 800th applicant (half of the 1%), and every
 * phone number and IP address drawn from the applicant's own country's ranges (no placeholder
 * numbers, no VPN or test ranges shared by many), where chance gives the other half.
 * The default export shares far more (a sixth of a million applicants share something), which
 * is the identity-reuse rule's heavy case.
 */
export async function generate(file, n, seed, { reuse = 'heavy' } = {}) {
  const realistic = reuse === 'realistic';
  const ringEvery = realistic ? REALISTIC_RING_EVERY : RING_EVERY;
  const r = prng(seed);
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((res) => out.once('drain', res)));
  await write('Candidate ID,Candidate Name,Email Address,Mobile,Country of Residence,Street Address,City,Shipping Address,SSN,IP Address,Notes\n');
  const homes = ['US', 'US', 'US', 'GB', 'DE', 'KR'];
  let ring;
  for (let i = 0; i < n; i++) {
    const home = homes[Math.floor(r() * homes.length)];
    const roll = r();
    let phone = realistic
      ? PHONES[home === 'US' ? 'USWIDE' : home](r)
      : roll < 0.9
        ? PHONES[home](r)
        : roll < 0.95
          ? PHONES.CN(r)
          : roll < 0.98
            ? PHONES.GBVOIP(r)
            : PHONES.KP(r);
    let name = `${GIVEN[Math.floor(r() * GIVEN.length)]} ${String.fromCharCode(65 + Math.floor(r() * 26))}. ${FAMILY[Math.floor(r() * FAMILY.length)]}`;
    // Planted list hits: a designated person's name, written as an applicant might (every 1,000th),
    // and an e-mail address at a seized front-company domain (every 1,500th).
    if (i % 1000 === 500) name = SDN_NAMES[((i / 1000) % SDN_NAMES.length) | 0];
    const ip = ipFor(home, r, realistic);
    const notes = r() < 0.1 ? 'Referred by a colleague,\nsee "notes"' : '';
    let id = `BENCH-${i}`;
    let email = i % 1500 === 700 ? `user${i}@${IOC_DOMAINS[((i / 1500) % IOC_DOMAINS.length) | 0]}` : `user${i}@example.com`;
    let ssn = home === 'US' ? `${100 + Math.floor(r() * 600)}-${digits(r, 2)}-${digits(r, 4)}` : '';
    let shipping = '';
    if (i % ringEvery === 0)
      ring = {
        index: i / ringEvery,
        kind: RING_KINDS[(i / ringEvery) % RING_KINDS.length],
        phone,
        email,
        ssn: ssn || `${100 + (i % 600)}-55-${digits(r, 4)}`,
        shipping: `${i} Farm Road, Unit ${(i % 9) + 1}, Dover DE 19901`,
        member: 0,
      };
    if (ring && ring.member < RING_SIZE && i >= ring.index * ringEvery) {
      id = `RING-${ring.index}-${ring.member}`;
      if (ring.kind === 'phone') phone = ring.phone;
      else if (ring.kind === 'ssn') ssn = ring.ssn;
      else if (ring.kind === 'email') email = ring.email;
      else shipping = ring.shipping;
      ring.member++;
    }
    const row = [id, name, email, phone, home, `${i} Example Street`, 'Springfield', shipping, ssn, ip, notes];
    await write(row.map(csvCell).join(',') + '\n');
  }
  await new Promise((res) => out.end(res));
}
