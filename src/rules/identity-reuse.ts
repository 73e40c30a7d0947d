import { defineRule } from '../engine/rule.js';
import { identityFields } from '../identity/identifiers.js';
import { ReuseRun } from '../identity/reuse-run.js';

// The index and its findings are in src/identity/reuse-index.ts; this rule hands it each
// applicant's identifying fields and reports what it finds after the last one.

export default defineRule({
  meta: {
    id: 'identity-reuse',
    description:
      'Detects one identifier (national ID, bank account, wallet, phone, e-mail, profile, photo, resume, address, IP) behind different names, in a batch and across earlier runs: identity rings and laptop farms.',
    level: 'high',
    messageLevels: {
      sharedIdentifier: 'high',
      widelyShared: 'low',
      sharedHomeAddress: 'medium',
      laptopFarm: 'high',
      hostsOthersShipping: 'high',
      sharedIp: 'medium',
      sharedResumeText: 'medium',
      oneIdentityTwoFaces: 'high',
      seenBefore: 'high',
    },
    status: 'stable',
    requires: ['phone', 'ledger'],
    messages: {
      sharedIdentifier: 'The same {{kindName}} is given by {{count|other applicant}} under different names: {{others}}.',
      widelyShared:
        "The same {{kindName}} is given by {{count}} other applicants, too many to be one person's: a placeholder, a switchboard or an agency's? Check where it comes from. First: {{others}}.",
      sharedHomeAddress:
        'The home address is also the home address of {{count|other applicant}} under different names ({{names}} different names at one address): {{others}}.',
      laptopFarm:
        'The work laptop is to be shipped to an address that is not the home address, and {{count|other applicant}} under different names use that address: {{others}}.',
      hostsOthersShipping: "{{count|other applicant}} under different names want their work laptops shipped to this applicant's home address: {{others}}.",
      sharedIp: 'IP address {{ip}} is also used by {{count|other applicant}} under different names: {{others}}.',
      sharedResumeText: 'The resume text is {{similarity}}% the same as the resume of {{count|other applicant}} under different names: {{others}}.',
      oneIdentityTwoFaces:
        'The same {{basis}} appears in another application ({{others}}) with the name written differently ("{{otherName}}") and different contact details.',
      seenBefore: 'The {{kindName}} was given in an earlier run by applicant {{otherId}} under a different name ({{file}}, {{seenAt}}).',
    },
    options: {
      maxShared: {
        type: 'number',
        default: 50,
        min: 2,
        description:
          'An identifier given by more applicants than this is reported as widely shared (a placeholder, a switchboard, an agency), once and low, without comparing names.',
      },
      resumeSimilarity: {
        type: 'number',
        default: 0.6,
        min: 0.3,
        max: 1,
        description: 'Estimated share of four-word phrases two resumes must have in common to be reported (Jaccard similarity).',
      },
    },
    falsePositives: [
      'Family members and roommates share a home address, a home IP address and sometimes a phone.',
      'Applicants behind one office, university or mobile-carrier NAT share an IP address.',
      'Recruiting agencies sometimes enter their own phone or e-mail for the candidates they submit.',
      'Resumes written from one template or by one resume service share phrases.',
      'One person who applies again under a new applicant id with a different e-mail and a new spelling of the name.',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://www.ic3.gov/PSA/2024/PSA240516',
      'https://www.ic3.gov/PSA/2025/PSA250723-4',
      'https://ofac.treasury.gov/recent-actions/20250708',
    ],
  },
  batch: {
    start(ctx) {
      const ledger = ctx.sources.ledger?.enabled ? ctx.sources.ledger : undefined;
      return {
        run: new ReuseRun({ resumeSimilarity: ctx.options.resumeSimilarity, maxShared: ctx.options.maxShared }, ledger, ledger?.runTime() ?? 0, ctx.tmp),
      };
    },
    add(batch, applicant, input, index) {
      batch.run.add({
        index,
        id: applicant.id,
        file: input.file,
        line: input.line,
        ...(applicant.name !== undefined ? { name: applicant.name } : {}),
        otherNames: applicant.otherNames,
        ...(applicant.dateOfBirth !== undefined ? { dateOfBirth: applicant.dateOfBirth } : {}),
        ...(applicant.resumeText !== undefined ? { resumeText: applicant.resumeText } : {}),
        fields: identityFields(applicant),
      });
    },
    checks: (a) => {
      const any =
        a.phones.length + a.emails.length + a.ipEvents.length > 0 ||
        [a.nationalId, a.bankAccount, a.payment?.walletAddress, a.photoHash, a.resumeHash, a.resumeText, a.address, a.shippingAddress].some(
          (v) => v !== undefined,
        ) ||
        a.profiles.github !== undefined ||
        a.profiles.linkedin !== undefined;
      return any ? 'identifiers across applicants and earlier runs' : undefined;
    },
    finish: (batch, ctx) => batch.run.end(({ index, finding }) => ctx.report(index, finding)),
    wait: (batch) => batch.run.wait(),
    abort: (batch) => batch.run.abort(),
  },
});
