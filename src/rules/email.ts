import { defineRule } from '../engine/rule.js';
import { requireSource } from '../sources/index.js';
import { indicatorData, indicatorEvidence } from '../sources/iocs/report.js';

export default defineRule({
  meta: {
    id: 'email',
    description: 'Detects e-mail addresses at disposable or throwaway domains, and e-mail addresses on the indicator list.',
    level: 'medium',
    messageLevels: { knownIndicator: 'high', disposableDomain: 'medium' },
    status: 'stable',
    requires: ['email', 'iocs'],
    messages: {
      knownIndicator: 'E-mail address {{email}} is on the indicator list: {{source}} ({{date}}).',
      disposableDomain: 'E-mail address {{email}} is at {{domain}}, a disposable or throwaway e-mail domain ({{list}}).',
    },
    falsePositives: [
      'Some applicants use a forwarding or alias service to keep their main address private; ask for a permanent address.',
      'A domain can be listed as disposable after changing hands; the evidence names the list and its version.',
      'Imported indicators are only as good as the case they came from: check the source the evidence names.',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://www.ic3.gov/PSA/2025/PSA250123',
      'https://github.com/FGRibreau/mailchecker',
    ],
  },
  check(applicant, ctx) {
    const iocs = requireSource(ctx.sources, 'iocs');
    const email = requireSource(ctx.sources, 'email');
    const checked = [
      ...applicant.emailAddresses.map((parsed, i) => ({ parsed, path: `/emails/${i}` })),
      ...applicant.references.flatMap((r, i) => (r.emailAddress ? [{ parsed: r.emailAddress, path: `/references/${i}/email` }] : [])),
    ];
    if (checked.length > 0) ctx.checked('e-mail addresses');
    for (const { parsed, path } of checked) {
      const value = parsed.input;
      const ioc = parsed.key !== undefined ? iocs.email(parsed.key) : undefined;
      if (ioc) {
        ctx.report({
          messageId: 'knownIndicator',
          data: { email: value, ...indicatorData(ioc) },
          evidence: [{ path, value, source: 'iocs', ...indicatorEvidence(ioc) }],
        });
        continue;
      }
      const domain = parsed.domain;
      const listed = domain !== undefined ? email.disposableDomain(domain) : undefined;
      if (listed !== undefined) {
        ctx.report({
          messageId: 'disposableDomain',
          data: { email: value, domain: domain!, list: email.info.version ?? email.info.id },
          evidence: [{ path, value, source: email.info.id, listedDomain: listed, ...(email.info.version !== undefined ? { list: email.info.version } : {}) }],
        });
      }
    }
  },
});
