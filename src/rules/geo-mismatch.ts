import { defineRule, setOf, type Evidence } from '../engine/rule.js';
import type { Applicant } from '../input/applicant.js';
import { countryName } from '../keys/countries.js';
import { timezones } from '../keys/timezones.js';
import { requireSource } from '../sources/index.js';
import type { IpInfo } from '../sources/ip/index.js';

const HOSTING_WORDS: Record<string, string> = {
  cloud: 'cloud provider',
  vps: 'VPS provider',
  hosting: 'hosting provider',
  cdn: 'CDN / proxy network',
  'vpn-infra': 'network that hosts VPN servers',
  tor: 'Tor exit operator',
  keyword: 'hosting provider (by organisation name)',
  'hosting-provider': 'hosting provider',
};

/** Minutes of an offset written "UTC+09:00" (vet's form for offset zones) or "GMT-05:00" (Intl's); bare "UTC"/"GMT" is 0. */
function parseOffset(text: string): number | undefined {
  const m = /^(?:UTC|GMT)(?:([+-])(\d{2}):(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  return m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat | null>();

/** UTC offset in minutes of a claimed zone at a moment: IANA names through Intl, "UTC+09:00" as written. */
function offsetAt(zone: string, at: Date): number | undefined {
  const fixed = parseOffset(zone);
  if (fixed !== undefined) return fixed;
  let format = OFFSET_FORMATS.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      format = null;
    }
    OFFSET_FORMATS.set(zone, format);
  }
  const name = format?.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return name === undefined ? undefined : parseOffset(name);
}

function hourAt(at: Date, offsetMinutes: number): number {
  return new Date(at.getTime() + offsetMinutes * 60_000).getUTCHours();
}

/** Countries a claimed zone belongs to; undefined when any country may use it (UTC) or it is unknown. */
function zoneFitsCountry(zone: string, country: string): boolean | undefined {
  if (zone === 'UTC') return undefined;
  const offset = parseOffset(zone);
  if (offset !== undefined) {
    const zones = timezones.getCountry(country)?.timezones ?? [];
    if (zones.length === 0) return undefined;
    return zones.some((z) => {
      const t = timezones.getTimezone(z);
      return t !== null && (t.utcOffset === offset || t.dstOffset === offset);
    });
  }
  const tz = timezones.getTimezone(zone);
  if (!tz) return undefined;
  const target = tz.aliasOf ? (timezones.getTimezone(tz.aliasOf) ?? tz) : tz;
  const countries = new Set([...tz.countries, ...target.countries]);
  if (countries.size === 0) return undefined;
  return countries.has(country);
}

interface Located {
  index: number;
  ip: string;
  at?: Date;
  info: IpInfo;
}

function ipEvidence(e: Located): Evidence {
  const ev: Evidence = { path: `/ipEvents/${e.index}/ip`, value: e.ip };
  const c = e.info.countries[0];
  if (c) {
    ev.country = c.country;
    ev.source = c.source;
  }
  const others = e.info.countries.slice(1).map((o) => `${o.country} (${o.source})`);
  if (others.length) ev.otherSources = others.join(', ');
  if (e.info.asn) {
    ev.asn = `AS${e.info.asn.asn}`;
    ev.org = e.info.asn.org;
    ev.asnSource = e.info.asn.source;
  }
  return ev;
}

export default defineRule({
  meta: {
    id: 'geo-mismatch',
    description:
      'Detects IP addresses that contradict where the applicant says they are: another country, North Korean space, hosting and VPN networks, travel no one can make, and activity at night in the claimed time zone.',
    level: 'medium',
    messageLevels: {
      claimedNorthKorea: 'critical',
      northKorea: 'critical',
      highRiskCountry: 'high',
      countryMismatch: 'medium',
      hostingNetwork: 'medium',
      anonymizer: 'high',
      torExit: 'high',
      listedNetwork: 'high',
      impossibleTravel: 'medium',
      offHoursActivity: 'medium',
      timezoneMismatch: 'low',
      unusableAddress: 'info',
    },
    status: 'stable',
    requires: ['ip'],
    messages: {
      claimedNorthKorea:
        'The applicant gives North Korea as where they are ({{fields}}): employing a person in North Korea, or a North Korean worker abroad, is prohibited by US sanctions (North Korea Sanctions Regulations, 31 CFR 510): verify before any next step.',
      northKorea: 'IP address {{ip}} is in North Korean address space ({{network}}).',
      highRiskCountry:
        "IP address {{ip}} is in {{ipCountryName}}, a high-risk origin for this fraud, but the applicant's claimed country is {{claimedCountryName}}.",
      countryMismatch: "IP address {{ip}} is in {{ipCountryName}} but the applicant's claimed country is {{claimedCountryName}}.",
      hostingNetwork:
        'IP address {{ip}} belongs to {{org}} (AS{{asn}}), a {{kind}}: a rented server, VPN or proxy rather than a home connection (hosting/datacenter, not a confirmed VPN).',
      anonymizer: 'IP address {{ip}} is flagged as {{kinds}} by {{source}}{{provider}}.',
      torExit: 'IP address {{ip}} is a Tor exit node ({{source}}).',
      listedNetwork: 'IP address {{ip}} is in {{cidr}} on the network list "{{list}}"{{label}}.',
      impossibleTravel: 'The applicant was seen in {{fromCountryName}} and in {{toCountryName}} {{minutes}} minutes apart.',
      offHoursActivity:
        '{{share}}% of {{count}} timed events fall at night in the claimed time zone {{timezone}} and in working hours in UTC+8/UTC+9 (China, the Koreas).',
      timezoneMismatch: 'The claimed time zone {{timezone}} is not used in the claimed country {{claimedCountryName}}.',
      unusableAddress: 'IP address {{ip}} is a {{kind}} address and says nothing about where the applicant is.',
    },
    options: {
      highRiskCountries: {
        type: 'countries',
        default: ['KP', 'CN', 'RU', 'LA'],
        description: 'IP countries reported as high (not medium) when they differ from the claimed country. North Korea is always critical.',
      },
      travelMinutes: {
        type: 'number',
        default: 180,
        min: 1,
        description: 'Two countries seen closer together than this (in ipEvents with timestamps) are reported as impossible travel.',
      },
      minTimedEvents: {
        type: 'number',
        default: 5,
        min: 2,
        description: 'Timed ipEvents needed before activity hours are judged.',
      },
      offHoursShare: {
        type: 'number',
        default: 0.6,
        min: 0.1,
        max: 1,
        description: 'Share of timed events at night (00-06) in the claimed zone and in 09-18 working hours in UTC+8/+9 that is reported.',
      },
    },
    falsePositives: [
      'Travellers, and applicants who connect through a corporate VPN, a cloud desktop or a privacy VPN at home.',
      'Addresses near a border, mobile data roaming, and satellite links, which locate to the operator.',
      'Country databases disagree on some ranges; vet reports a country only when no source places the address in the claimed country.',
      'Night owls and shift workers (activity hours).',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://ic3.gov/PSA/2023/PSA231018',
      'https://www.ic3.gov/PSA/2025/PSA250723-4',
      'https://redcanary.com/threat-detection-report/trends/insider-threats',
      'https://github.com/sapics/ip-location-db',
    ],
  },
  check(applicant: Applicant, ctx) {
    if (applicant.location || applicant.address?.country) ctx.checked('claimed location');
    const inNorthKorea: Evidence[] = [];
    if (applicant.location?.country === 'KP') inNorthKorea.push({ path: '/location/country', value: 'KP' });
    if (applicant.address?.country === 'KP') inNorthKorea.push({ path: '/address/country', value: 'KP' });
    if (inNorthKorea.length > 0) {
      const fields = inNorthKorea.map((e) => (e.path === '/location/country' ? 'claimed location' : 'home address')).join(' and ');
      ctx.report({ messageId: 'claimedNorthKorea', data: { fields }, evidence: inNorthKorea });
    }
    if (applicant.ipEvents.length === 0 && !applicant.location?.timezone) return;
    const ipData = requireSource(ctx.sources, 'ip');
    const claimedCountry = applicant.location?.country ?? applicant.address?.country;
    const claimedPath = applicant.location?.country ? '/location/country' : '/address/country';
    const claimedEvidence: Evidence[] = claimedCountry ? [{ path: claimedPath, value: claimedCountry }] : [];
    if (applicant.ipEvents.length > 0) {
      ctx.checked('IP addresses');
      if (claimedCountry === undefined) ctx.notChecked('IP addresses: country', 'not compared, no claimed country');
    }
    const highRisk = setOf(ctx.options.highRiskCountries);

    const located: Located[] = [];
    // A few addresses at most: a list, not a Set per applicant.
    const seen: string[] = [];
    applicant.ipEvents.forEach((event, index) => {
      const info = ipData.lookup(event.ip, claimedCountry);
      if (!info) return;
      const item: Located = { index, ip: event.ip, info, ...(event.at ? { at: new Date(event.at) } : {}) };
      located.push(item);
      if (seen.includes(info.ip)) return;
      seen.push(info.ip);
      const ip = event.ip;
      if (info.unusable) {
        ctx.report({
          messageId: 'unusableAddress',
          data: { ip, kind: info.unusable },
          evidence: [{ path: `/ipEvents/${index}/ip`, value: ip, range: info.unusable }],
        });
        return;
      }
      const evidence = ipEvidence(item);
      const kp =
        info.northKorea ??
        (info.countries.some((c) => c.country === 'KP') ? `located in North Korea by ${info.countries.find((c) => c.country === 'KP')!.source}` : undefined);
      if (kp) {
        ctx.report({ messageId: 'northKorea', data: { ip, network: kp }, evidence: [evidence, ...claimedEvidence] });
      } else if (claimedCountry && info.countries.length > 0 && !info.countries.some((c) => c.country === claimedCountry)) {
        const ipCountry = info.countries[0]!.country;
        ctx.report({
          messageId: highRisk.has(ipCountry) ? 'highRiskCountry' : 'countryMismatch',
          data: { ip, ipCountry, ipCountryName: countryName(ipCountry), claimedCountry, claimedCountryName: countryName(claimedCountry) },
          evidence: [evidence, ...claimedEvidence],
        });
      }
      if (info.hosting && info.asn) {
        ctx.report({
          messageId: 'hostingNetwork',
          data: {
            ip,
            org: info.asn.org || info.hosting.name,
            asn: info.asn.asn,
            category: info.hosting.category,
            kind: HOSTING_WORDS[info.hosting.category] ?? 'hosting provider',
          },
          evidence: [{ ...evidence, hosting: info.hosting.basis, hostingSource: info.hosting.source }],
        });
      }
      const torFromMmdb = info.anonymous?.kinds.includes('Tor exit') === true;
      if (info.tor || torFromMmdb) {
        const source = info.tor ? `Tor exit list ${info.tor.source}` : info.anonymous!.source;
        ctx.report({ messageId: 'torExit', data: { ip, source }, evidence: [{ ...evidence, torSource: source }] });
      }
      const kinds = info.anonymous?.kinds.filter((k) => k !== 'Tor exit' && k !== 'hosting provider') ?? [];
      if (info.anonymous && kinds.length > 0) {
        const provider = info.anonymous.provider;
        ctx.report({
          messageId: 'anonymizer',
          data: { ip, kinds: kinds.join(', '), source: info.anonymous.source, provider: provider ? ` (provider: ${provider})` : '' },
          evidence: [{ ...evidence, anonymizer: kinds.join(', '), anonymizerSource: info.anonymous.source, ...(provider ? { provider } : {}) }],
        });
      }
      for (const r of info.ranges) {
        ctx.report({
          messageId: 'listedNetwork',
          data: { ip, cidr: r.cidr, list: r.list, label: r.label ? ` (${r.label})` : '' },
          evidence: [{ ...evidence, list: r.list, network: r.cidr }],
        });
      }
    });

    // Impossible travel: two countries closer in time than anyone can fly.
    const timed = located.filter((l) => l.at && !l.info.unusable && l.info.countries.length > 0).sort((a, b) => a.at!.getTime() - b.at!.getTime());
    for (let i = 1; i < timed.length; i++) {
      const a = timed[i - 1]!;
      const b = timed[i]!;
      const from = a.info.countries[0]!.country;
      const to = b.info.countries[0]!.country;
      // Sources that disagree about one address are not travel.
      if (from === to || a.info.countries.some((c) => c.country === to) || b.info.countries.some((c) => c.country === from)) continue;
      const minutes = Math.round((b.at!.getTime() - a.at!.getTime()) / 60_000);
      if (minutes >= ctx.options.travelMinutes) continue;
      ctx.report({
        messageId: 'impossibleTravel',
        data: { fromCountry: from, fromCountryName: countryName(from), toCountry: to, toCountryName: countryName(to), minutes },
        evidence: [
          { ...ipEvidence(a), at: a.at!.toISOString() },
          { ...ipEvidence(b), at: b.at!.toISOString() },
        ],
      });
      break; // once is enough to send a reviewer to the events
    }

    // Activity hours: night in the claimed zone and office hours in China or the Koreas.
    const zone = applicant.location?.timezone;
    const withTime = applicant.ipEvents.map((e, index) => ({ e, index })).filter((x) => x.e.at !== undefined);
    if (zone && withTime.length >= ctx.options.minTimedEvents) {
      const odd = withTime.filter(({ e }) => {
        const at = new Date(e.at!);
        const offset = offsetAt(zone, at);
        if (offset === undefined) return false;
        const local = hourAt(at, offset);
        const asia = [hourAt(at, 480), hourAt(at, 540)];
        return local < 6 && asia.some((h) => h >= 9 && h < 18);
      });
      const share = odd.length / withTime.length;
      if (share >= ctx.options.offHoursShare) {
        ctx.report({
          messageId: 'offHoursActivity',
          data: { share: Math.round(share * 100), count: withTime.length, timezone: zone },
          evidence: [{ path: '/location/timezone', value: zone }, ...odd.slice(0, 5).map(({ e, index }) => ({ path: `/ipEvents/${index}/at`, value: e.at }))],
        });
      }
    }

    if (zone && applicant.location?.country) {
      if (zoneFitsCountry(zone, applicant.location.country) === false) {
        ctx.report({
          messageId: 'timezoneMismatch',
          data: { timezone: zone, claimedCountry: applicant.location.country, claimedCountryName: countryName(applicant.location.country) },
          evidence: [
            { path: '/location/timezone', value: zone },
            { path: '/location/country', value: applicant.location.country },
          ],
        });
      }
    }
  },
});
