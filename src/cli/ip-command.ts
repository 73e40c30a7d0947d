import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { IpDataFiles } from '../sources/ip/user-data.js';
import type { CommandContext } from './lists-command.js';

/** Flags for the user's own IP data, shared by `vet` and `vet ip`. */
export interface IpDataFlags {
  mmdbCity?: string;
  mmdbCountry?: string;
  mmdbAsn?: string;
  mmdbAnonymous?: string;
  torExits: string[];
  vpnRanges: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addIpDataOptions(command: Command): Command {
  return command
    .option('--mmdb-city <file>', 'your MaxMind GeoIP2 City database (.mmdb): country, city and time zone')
    .option('--mmdb-country <file>', 'your MaxMind GeoIP2 Country database (.mmdb)')
    .option('--mmdb-asn <file>', 'your MaxMind GeoIP2 ASN or ISP database (.mmdb)')
    .option('--mmdb-anonymous <file>', 'your MaxMind GeoIP2 Anonymous IP or Anonymous Plus database (.mmdb): VPN, proxy, Tor and hosting flags')
    .option('--tor-exits <file>', "the Tor Project's exit list (repeatable)", collect, [])
    .option(
      '--vpn-ranges <file>',
      "your own list of networks to flag, one CIDR per line with an optional label, e.g. a VPN provider's ranges (repeatable)",
      collect,
      [],
    );
}

/** Flags on top of what the config file gives; flag paths are relative to the working directory. */
export function mergeIpData(base: IpDataFiles, flags: IpDataFlags, cwd: string): IpDataFiles {
  const at = (p: string): string => resolve(cwd, p);
  const mmdb = { ...base.mmdb };
  if (flags.mmdbCity) mmdb.city = at(flags.mmdbCity);
  if (flags.mmdbCountry) mmdb.country = at(flags.mmdbCountry);
  if (flags.mmdbAsn) mmdb.asn = at(flags.mmdbAsn);
  if (flags.mmdbAnonymous) mmdb.anonymous = at(flags.mmdbAnonymous);
  return { mmdb, torExits: [...base.torExits, ...flags.torExits.map(at)], vpnRanges: [...base.vpnRanges, ...flags.vpnRanges.map(at)] };
}

/** `vet ip ADDRESS...`: what vet knows about addresses, and from which source. */
export function ipCommand(ctx: CommandContext): Command {
  const command = new Command('ip')
    .description('show what vet knows about IP addresses (country per source, ASN, hosting, North Korean space, your own data)')
    .argument('<addresses...>', 'IPv4 or IPv6 addresses')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'config file whose ipData to use (default: ./vet.config.json when present)');
  addIpDataOptions(command).action(async (addresses: string[], flags: IpDataFlags & { format: 'text' | 'json'; config?: string }) => {
    const { loadConfig } = await import('../engine/config.js');
    const { RULES } = await import('../rules/index.js');
    const { loadSource } = await import('../sources/index.js');
    const config = loadConfig(RULES, { cwd: ctx.cwd, ...(flags.config ? { path: flags.config } : {}) });
    const source = await loadSource('ip', { env: ctx.env, ipData: mergeIpData(config.ipData, flags, ctx.cwd) });
    for (const w of source.info.warnings ?? []) ctx.err(`vet: warning: ${w}\n`);
    const results = addresses.map((a) => {
      const info = source.lookup(a);
      if (!info) throw new UsageError(`"${a}" is not an IPv4 or IPv6 address`);
      return info;
    });
    if (flags.format === 'json') {
      ctx.out(`${JSON.stringify({ addresses: results, sources: source.parts }, null, 2)}\n`);
      return;
    }
    const lines: string[] = [];
    for (const r of results) {
      lines.push(`${r.ip} (IPv${r.version})`);
      if (r.unusable) {
        lines.push(`  ${r.unusable}: not a public address, says nothing about location`);
        continue;
      }
      if (r.northKorea) lines.push(`  NORTH KOREA   ${r.northKorea}`);
      for (const c of r.countries) lines.push(`  country       ${c.country}  (${c.source})`);
      if (r.countries.length === 0) lines.push('  country       unknown to every source');
      if (r.city) lines.push(`  city          ${r.city}`);
      if (r.timezone) lines.push(`  time zone     ${r.timezone}`);
      if (r.asn) lines.push(`  network       AS${r.asn.asn} ${r.asn.org}  (${r.asn.source})`);
      if (r.hosting) lines.push(`  hosting       ${r.hosting.category}: ${r.hosting.name} (${r.hosting.basis}; ${r.hosting.source})`);
      if (r.anonymous)
        lines.push(`  anonymizer    ${r.anonymous.kinds.join(', ')}${r.anonymous.provider ? ` (${r.anonymous.provider})` : ''}  (${r.anonymous.source})`);
      if (r.tor) lines.push(`  Tor exit      (${r.tor.source})`);
      for (const n of r.ranges) lines.push(`  listed        ${n.cidr} in ${n.list}${n.label ? ` (${n.label})` : ''}`);
    }
    lines.push('', `Sources: ${source.parts.map((p) => `${p.id}${p.date ? ` ${p.date}` : ''}`).join('; ')}. "vet sources" shows their licences.`);
    ctx.out(lines.join('\n') + '\n');
  });
  return command;
}

/** Credits every embedded data source as its licence asks. */
export const ATTRIBUTION = [
  'IP country: Number Resource Organization (nro.net) delegation data, CC BY 4.0, via ip-location-db (github.com/sapics/ip-location-db).',
  'IP country (second opinion): IP Geolocation by DB-IP (https://db-ip.com), CC BY 4.0, via ip-location-db.',
  'IP to ASN: University of Oregon Route Views Project (routeviews.org), the regional internet registries (NRO) and DB-IP, CC BY 4.0, via ip-location-db; repacked by vet (modified).',
  'Phone metadata: Google libphonenumber (Apache-2.0) via libphonenumber-js (MIT).',
  'Sanctions: OFAC SDN and consolidated lists, U.S. Government work (public domain).',
  'Time zones: countries-and-timezones (MIT). Country names: i18n-iso-countries (MIT). Transliteration: any-ascii (ISC).',
  'Disposable e-mail domains: mailchecker (MIT). Indicators: written by hand from SentinelLabs and OFAC publications, each entry naming its source (vet iocs list).',
];

/** `vet sources`: every data source, its version, date and licence. */
export function sourcesCommand(ctx: CommandContext): Command {
  return new Command('sources')
    .description('list the data sources vet uses, with their versions, dates, licences and attribution')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { format: 'text' | 'json' }) => {
      const { loadSources } = await import('../sources/index.js');
      const { info, sources } = await loadSources(['phone', 'sanctions', 'ip', 'email', 'iocs'], { env: ctx.env });
      const all = [...info.filter((i) => i.id !== 'ip'), ...(sources.ip?.parts ?? [])];
      if (flags.format === 'json') {
        ctx.out(`${JSON.stringify({ sources: all, attribution: ATTRIBUTION }, null, 2)}\n`);
        return;
      }
      const lines = all.map(
        (s) =>
          `${s.id.padEnd(16)} ${s.description}${s.version ? `\n${' '.repeat(17)}${s.version}` : ''}${s.date ? `, dated ${s.date}` : ''}${s.license ? `\n${' '.repeat(17)}licence: ${s.license}` : ''}`,
      );
      lines.push('', 'Attribution:', ...ATTRIBUTION.map((a) => `  ${a}`));
      ctx.out(lines.join('\n') + '\n');
    });
}
