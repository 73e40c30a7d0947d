import rule from '../../src/rules/profile-consistency.js';
import { applicant } from '../helpers/applicant.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** An ISO date this many years before now (the rule judges ages against the run's time). */
const yearsAgo = (years: number) => new Date(Date.now() - years * 365.25 * 24 * 3600 * 1000).toISOString();

ruleTester.run(rule, {
  valid: [
    { name: 'nothing to compare', applicant: applicant({ name: 'Jane Doe' }) },
    { name: 'the ID name in capitals, family name first', applicant: applicant({ name: 'Jane Doe', idDocument: { name: 'DOE, JANE' } }) },
    {
      name: 'a Korean name romanized two ways',
      applicant: applicant({ name: 'Kim Min-jun', idDocument: { name: 'GIM MINJUN', type: 'passport', issuingCountry: 'KR' }, nationality: 'KR' }),
    },
    { name: 'a Hangul name on the ID and its romanization', applicant: applicant({ name: 'Song Min-ho', idDocument: { name: '송민호' } }) },
    {
      name: 'an adopted English name given in otherNames',
      applicant: applicant({ name: 'Kevin Wang', otherNames: ['Wang Fang'], idDocument: { name: 'WANG FANG' } }),
    },
    { name: 'a middle name on the ID only', applicant: applicant({ name: 'Ivan Petrov', idDocument: { name: 'Ivan Sergeyevich Petrov' } }) },
    { name: 'a handle as the profile display name', applicant: applicant({ name: 'Jane Doe', profiles: { github: { login: 'jd', name: 'jdcodes' } } }) },
    { name: 'a maiden name in otherNames shares the given name', applicant: applicant({ name: 'Jane Doe', otherNames: ['Jane Roe'] }) },
    {
      name: 'a Russian national living in Germany with a Russian passport',
      applicant: applicant({ name: 'Olga Ivanova', nationality: 'RU', location: { country: 'DE' }, idDocument: { type: 'passport', issuingCountry: 'RU' } }),
    },
    {
      name: 'a Chinese national with a US residence permit, living in the US',
      applicant: applicant({ nationality: 'CN', location: { country: 'US' }, idDocument: { type: 'green card', issuingCountry: 'US' } }),
    },
    {
      name: 'an EU citizen abroad with their national ID card',
      applicant: applicant({ nationality: 'FR', location: { country: 'GB' }, idDocument: { type: 'national id', issuingCountry: 'FR' } }),
    },
    {
      name: 'a GitHub account a little younger than the career',
      applicant: applicant({ yearsOfExperience: 8, profiles: { github: { createdAt: yearsAgo(4) } } }),
    },
    {
      name: 'commits a week before the account (an import)',
      applicant: applicant({ profiles: { github: { createdAt: '2020-05-10', earliestCommitAt: '2020-05-03' } } }),
    },
  ],
  invalid: [
    {
      name: 'North Korean nationality and ID issuer',
      applicant: applicant({ nationality: "Korea, Democratic People's Republic of", idDocument: { type: 'passport', issuingCountry: 'KP' } }),
      findings: [{ messageId: 'northKoreanIdentity', level: 'critical', data: { fields: "nationality and ID document's issuing country" } }],
    },
    {
      name: 'a different person on the ID',
      applicant: applicant({ name: 'Jane Doe', idDocument: { name: 'Christina Example' } }),
      findings: [{ messageId: 'idNameMismatch', level: 'high', data: { idName: 'Christina Example', name: 'Jane Doe' }, paths: ['/idDocument/name', '/name'] }],
    },
    {
      name: 'the same family name with another given name on the ID is medium',
      applicant: applicant({ name: 'Kevin Wang', idDocument: { name: 'Wang Fang' } }),
      findings: [{ messageId: 'idNameMismatch', level: 'medium' }],
    },
    {
      name: 'a profile in another full name',
      applicant: applicant({ name: 'Jane Doe', profiles: { linkedin: { url: 'https://linkedin.com/in/x', name: 'Michael Brown' } } }),
      findings: [
        {
          messageId: 'profileNameMismatch',
          level: 'medium',
          data: { site: 'linkedin', profileName: 'Michael Brown' },
          paths: ['/profiles/linkedin/name', '/name'],
        },
      ],
    },
    {
      name: 'an other name that shares nothing with the name or the ID',
      applicant: applicant({ name: 'Jane Doe', otherNames: ['Pak Chol'] }),
      findings: [{ messageId: 'otherNameMismatch', level: 'low', paths: ['/otherNames/0', '/name'] }],
    },
    {
      name: 'a passport of another country than the nationality claimed',
      applicant: applicant({ nationality: 'US', idDocument: { type: 'passport', issuingCountry: 'JP' } }),
      findings: [
        {
          messageId: 'idCountryMismatch',
          level: 'medium',
          data: { issuingCountry: 'JP', documentName: 'passport' },
          paths: ['/idDocument/issuingCountry', '/nationality'],
        },
      ],
    },
    {
      name: 'a driving licence from another country than the residence',
      applicant: applicant({ location: { country: 'US' }, idDocument: { type: "Driver's License", issuingCountry: 'UA' } }),
      findings: [{ messageId: 'idCountryMismatch', data: { documentName: 'driving licence' }, paths: ['/idDocument/issuingCountry', '/location/country'] }],
    },
    {
      name: 'a document of unknown type that fits neither nationality nor residence',
      applicant: applicant({ nationality: 'IT', location: { country: 'US' }, idDocument: { issuingCountry: 'SG' } }),
      findings: [{ messageId: 'idCountryMismatch', data: { documentName: 'ID document' } }],
    },
    {
      name: 'a one-year-old GitHub account and ten years claimed',
      applicant: applicant({ yearsOfExperience: 10, profiles: { github: { url: 'https://github.com/x', createdAt: yearsAgo(1) } } }),
      findings: [
        {
          messageId: 'accountYoungerThanExperience',
          level: 'low',
          data: { site: 'github', claimedYears: 10, accountYears: 1 },
          paths: ['/profiles/github/createdAt', '/yearsOfExperience'],
        },
      ],
    },
    {
      name: 'the grace period is an option',
      applicant: applicant({ yearsOfExperience: 8, profiles: { github: { createdAt: yearsAgo(4) } } }),
      settings: { options: { graceYears: 2 } },
      findings: [{ messageId: 'accountYoungerThanExperience' }],
    },
    {
      name: 'commits years older than the account',
      applicant: applicant({ profiles: { github: { createdAt: '2023-06-01', earliestCommitAt: '2016-02-01' } } }),
      findings: [
        {
          messageId: 'commitsBeforeAccount',
          level: 'medium',
          data: { createdAt: '2023-06-01', earliestCommitAt: '2016-02-01' },
          paths: ['/profiles/github/createdAt', '/profiles/github/earliestCommitAt'],
        },
      ],
    },
  ],
});
