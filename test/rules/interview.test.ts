import rule from '../../src/rules/interview.js';
import { run } from '../../src/cli/run.js';
import { applicant } from '../helpers/applicant.js';
import { EMPTY_HOME } from '../helpers/home.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { name: 'no interviews recorded', applicant: applicant({ name: 'Jane Doe' }) },
    {
      name: 'camera on, liveness passed, same person',
      applicant: applicant({ interviews: [{ cameraOn: true, livenessPassed: true, identityConsistent: true }] }),
    },
    {
      name: 'answers written as ATS exports write them',
      applicant: applicant({ interviews: [{ cameraOn: 'Yes', livenessPassed: 'passed', identityConsistent: 'Y', declinedInPerson: 'No' }] }),
    },
    { name: 'an answer left blank is no answer', applicant: applicant({ interviews: [{ cameraOn: '', livenessPassed: null }] }) },
    {
      name: 'a Korean name with every check passed is clear',
      applicant: applicant({ name: 'Kim Min-jun', interviews: [{ cameraOn: true, livenessPassed: true }, { identityConsistent: true }] }),
    },
  ],
  invalid: [
    {
      name: 'a different person in the second interview is critical',
      applicant: applicant({ interviews: [{ cameraOn: true }, { cameraOn: true, identityConsistent: false }] }),
      findings: [{ messageId: 'differentPerson', level: 'critical', data: { number: 2, total: 2 }, paths: ['/interviews/1/identityConsistent'] }],
    },
    {
      name: 'camera refused twice of three is one finding with both interviews',
      applicant: applicant({ interviews: [{ cameraOn: false }, { cameraOn: 'no' }, { cameraOn: true }] }),
      findings: [
        {
          messageId: 'cameraRefused',
          level: 'high',
          data: { count: 2, interviews: '3 interviews' },
          paths: ['/interviews/0/cameraOn', '/interviews/1/cameraOn'],
        },
      ],
    },
    {
      name: 'failed liveness check',
      applicant: applicant({ interviews: [{ cameraOn: true, livenessPassed: 'failed' }] }),
      findings: [{ messageId: 'livenessFailed', level: 'high', paths: ['/interviews/0/livenessPassed'] }],
    },
    {
      name: 'declined to meet in person',
      applicant: applicant({ interviews: { declinedInPerson: 'yes' } }),
      findings: [{ messageId: 'declinedInPerson', level: 'medium', data: { count: 1, interviews: '1 interview' }, paths: ['/interviews/0/declinedInPerson'] }],
    },
    {
      name: 'every flag at once',
      applicant: applicant({ interviews: [{ cameraOn: false, livenessPassed: false, declinedInPerson: true }, { identityConsistent: false }] }),
      findings: [{ messageId: 'differentPerson' }, { messageId: 'cameraRefused' }, { messageId: 'livenessFailed' }, { messageId: 'declinedInPerson' }],
    },
  ],
});

describe('interview answers in input', () => {
  const vet = (argv: string[]) => run(argv, { cwd: new URL('../../fixtures/', import.meta.url).pathname, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });

  it('reads interview columns of a CSV export as one interview', async () => {
    const r = await vet(['csv/interviews.csv', '--rules', 'interview', '-f', 'json']);
    const report = JSON.parse(r.stdout);
    expect(
      report.applicants.map((a: { id: string; findings: { messageId: string; evidence: { column?: string }[] }[] }) => [
        a.id,
        a.findings.map((f) => [f.messageId, f.evidence[0]!.column]),
      ]),
    ).toEqual([
      ['IV-1', []],
      [
        'IV-2',
        [
          ['cameraRefused', 'Camera On'],
          ['livenessFailed', 'Liveness Check'],
        ],
      ],
      ['IV-3', [['differentPerson', 'Same Person As ID']]],
    ]);
  });

  it('names the row and field of an answer that is not yes or no, without the value', async () => {
    const r = await vet(['broken/interview-answer.json', '--rules', 'interview']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/interview-answer\.json.*\/interviews\/0\/cameraOn.*expected yes or no/);
    expect(r.stderr).not.toContain('sometimes');
  });
});
