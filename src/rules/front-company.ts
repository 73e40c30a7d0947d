import { defineRule } from '../engine/rule.js';
import { editDistance } from '../names/similarity.js';
import { requireSource } from '../sources/index.js';
import { domainOf } from '../keys/values.js';
import { indicatorData, indicatorEvidence } from '../sources/iocs/report.js';

/**
 * Domains of employers that fake resumes and fake references claim most (the advisories and Socure's
 * and Cinder's cases name big tech), and of the firms whose sites the SentinelLabs front companies
 * copied. Your own domain belongs in the `protectedDomains` option.
 */
const WELL_KNOWN_DOMAINS = [
  'google.com',
  'microsoft.com',
  'amazon.com',
  'apple.com',
  'meta.com',
  'facebook.com',
  'netflix.com',
  'oracle.com',
  'ibm.com',
  'intel.com',
  'nvidia.com',
  'salesforce.com',
  'adobe.com',
  'cisco.com',
  'uber.com',
  'airbnb.com',
  'linkedin.com',
  'twitter.com',
  'paypal.com',
  'stripe.com',
  'shopify.com',
  'atlassian.com',
  'github.com',
  'gitlab.com',
  'spotify.com',
  'dropbox.com',
  'slack.com',
  'zoom.us',
  'coinbase.com',
  'binance.com',
  'kraken.com',
  'deloitte.com',
  'accenture.com',
  'infosys.com',
  'wipro.com',
  'tcs.com',
  'capgemini.com',
  'epam.com',
  'globant.com',
  'toptal.com',
  'upwork.com',
  'samsung.com',
  'sap.com',
  'vmware.com',
  'dell.com',
  'hp.com',
  'qualcomm.com',
  'tesla.com',
  'kitrum.com',
  'urolime.com',
  'itechart.com',
  'tatvasoft.com',
];

/** Words appended to a company's name to make a domain that reads as the company's own. */
const IMPERSONATING_AFFIXES =
  /^(?:(?:the|team|hr|jobs|careers|mail|my)-?)?(.+?)(?:-?(?:inc|corp|llc|ltd|hr|jobs|careers|recruit|recruiting|hiring|usa|us|global|group|team|tech|mail|staff))?$/;

/** "gmail.com" -> "gmail"; "example.co.uk" -> "example": the part a person reads as the name. */
function nameLabel(domain: string): string {
  const parts = domain.split('.');
  const secondLevel = parts.length >= 3 && /^(?:co|com|net|org|ac|gov)$/.test(parts[parts.length - 2]!) && parts[parts.length - 1]!.length === 2;
  return parts[parts.length - (secondLevel ? 3 : 2)] ?? domain;
}

/** Letters that look alike in a mail client: a look-alike may differ from the real name by nothing else. */
function unconfuse(label: string): string {
  return label.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/0/g, 'o').replace(/[1l|]/g, 'l').replace(/5/g, 's');
}

interface Protected {
  domain: string;
  label: string;
  unconfused: string;
  /** Typing slips allowed: one in a name of six letters or more, two from ten. */
  slips: number;
}

/** The protected domains of a run, prepared once: options are the same for every applicant. */
const PREPARED = new WeakMap<readonly string[], Protected[]>();

function prepare(extra: readonly string[]): Protected[] {
  let list = PREPARED.get(extra);
  if (list) return list;
  list = [...extra.map((d) => d.trim().toLowerCase()), ...WELL_KNOWN_DOMAINS].map((domain) => {
    const label = nameLabel(domain);
    // Five-letter names have too many real neighbours ("slack" and "black", "apple" and "apply").
    return { domain, label, unconfused: unconfuse(label), slips: label.length >= 10 ? 2 : label.length >= 6 ? 1 : 0 };
  });
  PREPARED.set(extra, list);
  return list;
}

/** The well-known or protected domain that `domain` imitates, if it does (and is not it, or under it). */
function imitated(domain: string, protectedDomains: Protected[]): string | undefined {
  if (protectedDomains.some((p) => domain === p.domain || domain.endsWith(`.${p.domain}`))) return undefined;
  const label = nameLabel(domain);
  const core = label.match(IMPERSONATING_AFFIXES)?.[1] ?? label;
  const unconfused = unconfuse(label);
  for (const p of protectedDomains) {
    // google.de is Google Germany: another TLD of the same name is not reported.
    if (p.label.length < 4 || label === p.label) continue;
    if (core === p.label || unconfused === p.unconfused) return p.domain;
    if (p.slips > 0 && editDistance(label, p.label, p.slips) <= p.slips) return p.domain;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'front-company',
    description:
      "Detects employers, references and e-mail domains that are known DPRK IT-worker front companies or their domains, and references' e-mail domains that imitate a well-known company's.",
    level: 'high',
    messageLevels: { knownDomain: 'high', knownCompany: 'high', sharedCompanyName: 'low', lookalikeDomain: 'medium' },
    status: 'stable',
    requires: ['iocs'],
    messages: {
      knownDomain: '{{field}} {{value}} is at {{domain}}, a known front-company domain: {{note}} ({{source}}, {{date}}).',
      knownCompany: '{{field}} "{{value}}" is {{company}}: {{note}} ({{source}}, {{date}}).',
      sharedCompanyName:
        '{{field}} "{{value}}" has the name of {{company}}, a name many unrelated firms share: check which company it is ({{source}}, {{date}}).',
      lookalikeDomain: '{{field}} {{value}} is at {{domain}}, which imitates {{imitated}}.',
    },
    options: {
      protectedDomains: {
        type: 'strings',
        default: [] as string[],
        description: "Your own company's domains and others whose look-alikes to report, besides the built-in well-known ones.",
      },
    },
    falsePositives: [
      'A company that bought a look-alike domain for its own mail (a short form, a regional brand); check it is the company named.',
      'A firm that shares its name with a listed one (Fortuna, Alis, Independent Lab): the rule reports those lower and the reviewer checks the country and registration.',
      'An applicant who really worked, unknowingly, for a front company before its exposure: ask about the work, not only the name.',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://www.sentinelone.com/labs/dprk-it-workers-a-network-of-active-front-companies-and-their-links-to-china/',
      'https://home.treasury.gov/news/press-releases/jy2790',
      'https://ofac.treasury.gov/recent-actions/20250708',
    ],
  },
  check(applicant, ctx) {
    const iocs = requireSource(ctx.sources, 'iocs');
    const protectedDomains = prepare(ctx.options.protectedDomains);
    // `host` is given for e-mails, which the normaliser has read; domains and sites are read here.
    const sites: Array<{ field: string; path: string; value: string; lookalike: boolean; host?: string | undefined }> = [];
    const names: Array<{ field: string; path: string; value: string }> = [];
    if (applicant.employers.length > 0 || applicant.references.length > 0) ctx.checked('employers and references');
    applicant.employers.forEach((e, i) => {
      if (e.domain) sites.push({ field: 'Employer domain', path: `/employers/${i}/domain`, value: e.domain, lookalike: true });
      if (e.name) names.push({ field: 'Employer', path: `/employers/${i}/name`, value: e.name });
    });
    applicant.references.forEach((r, i) => {
      if (r.emailAddress)
        sites.push({ field: "Reference's e-mail", path: `/references/${i}/email`, value: r.emailAddress.input, lookalike: true, host: r.emailAddress.domain });
      if (r.company) names.push({ field: "Reference's company", path: `/references/${i}/company`, value: r.company });
    });
    applicant.emailAddresses.forEach((e, i) => sites.push({ field: 'E-mail', path: `/emails/${i}`, value: e.input, lookalike: false, host: e.domain }));

    for (const site of sites) {
      const host = 'host' in site ? site.host : domainOf(site.value);
      if (host === undefined) continue;
      const ioc = iocs.domain(host);
      if (ioc) {
        ctx.report({
          messageId: 'knownDomain',
          data: { field: site.field, value: site.value, domain: ioc.value, ...indicatorData(ioc) },
          evidence: [{ path: site.path, value: site.value, source: 'iocs', ...indicatorEvidence(ioc) }],
        });
        continue;
      }
      const real = site.lookalike ? imitated(host, protectedDomains) : undefined;
      if (real !== undefined) {
        ctx.report({
          messageId: 'lookalikeDomain',
          data: { field: site.field, value: site.value, domain: host, imitated: real },
          evidence: [{ path: site.path, value: site.value, domain: host, imitated: real }],
        });
      }
    }
    for (const name of names) {
      const match = iocs.company(name.value);
      if (!match) continue;
      const { ioc } = match;
      ctx.report({
        messageId: ioc.common ? 'sharedCompanyName' : 'knownCompany',
        data: { field: name.field, value: name.value, company: match.matched, ...indicatorData(ioc) },
        evidence: [{ path: name.path, value: name.value, source: 'iocs', ...indicatorEvidence(ioc), matchedName: match.matched, score: match.score }],
      });
    }
  },
});
