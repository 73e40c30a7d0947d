import rule from '../../src/rules/sdn-alias-match.js';
import { applicant } from '../helpers/applicant.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { name: 'ordinary Korean name', applicant: applicant({ name: 'Kim Min-jun', location: { country: 'KR' } }) },
    { name: 'surname plus a common syllable', applicant: applicant({ name: 'Kim Se' }) },
    { name: 'ordinary company', applicant: applicant({ name: 'Ana Silva', employers: [{ name: 'Silver Star Plumbing LLC' }] }) },
  ],
  invalid: [
    {
      name: 'listed person, words reordered, with agreeing date of birth',
      applicant: applicant({ name: 'Kum Hyok Song', dateOfBirth: '1987-08-30' }),
      findings: [{ messageId: 'sanctionedPerson', data: { entryId: '49970' } }],
    },
    // On the name alone a match is medium: nothing else says it is the listed person.
    { name: 'Hangul name', applicant: applicant({ name: '송금혁' }), findings: [{ messageId: 'nameOnlyMatch', level: 'medium', data: { entryId: '49970' } }] },
    {
      name: 'listed DPRK name, hyphenated, no date of birth: at least medium',
      applicant: applicant({ name: 'Kum-Hyok Song' }),
      findings: [{ messageId: 'nameOnlyMatch', level: 'medium', data: { entryId: '49970' } }],
    },
    {
      name: 'Cyrillic name with an agreeing date of birth: critical',
      applicant: applicant({ name: 'Гайк Асатрян', dateOfBirth: '1974-06-14' }),
      findings: [{ messageId: 'sanctionedPerson', level: 'critical' }],
    },
    {
      name: 'listed e-mail address',
      applicant: applicant({ name: 'Jane Roe', emails: ['WangGe327@yahoo.com'] }),
      findings: [{ messageId: 'sanctionedIdentifier', data: { entryId: '49970' } }],
    },
    {
      name: 'listed wallet, other case',
      applicant: applicant({ name: 'Jane Roe', payment: { walletAddress: '0x098b716b8aaf21512996dc57eb0615e2383e2f96' } }),
      findings: [{ messageId: 'sanctionedIdentifier', data: { entryId: '27307' } }],
    },
    {
      name: 'employer is a designated front company',
      applicant: applicant({ name: 'Jane Roe', employers: [{ name: 'OOO Asatryan' }] }),
      findings: [{ messageId: 'sanctionedOrganisation', data: { entryId: '53820' } }],
    },
    {
      name: 'listed name with a contradicting date of birth is only possible',
      applicant: applicant({ name: 'Song Kum Hyok', dateOfBirth: '1960-01-01' }),
      findings: [{ messageId: 'possibleMatch', data: { entryId: '49970' } }],
    },
  ],
});
