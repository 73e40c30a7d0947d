import rule from '../../src/rules/identity-reuse.js';
import { applicant } from '../helpers/applicant.js';
import { runBatch, type ExpectedFinding } from '../helpers/rule-tester.js';

type Raw = Record<string, unknown>;
interface BatchCase {
  name: string;
  applicants: Raw[];
  /** Findings by position in `applicants`; every other applicant must have none. */
  findings: Record<number, ExpectedFinding[]>;
}

const resume = (seed: string[]) => Array.from({ length: 150 }, (_, i) => `${seed[i % seed.length]}${i % 9}`).join(' ');
const RESUME = resume(['designed', 'payment', 'apis', 'in', 'go', 'and', 'typescript', 'for', 'a', 'fintech', 'startup', 'scaling', 'to', 'millions']);

const cases: BatchCase[] = [
  {
    name: 'one phone number, written two ways, behind two names',
    applicants: [
      { name: 'Jane Doe', phone: '+1 (415) 555-0101', location: { country: 'US' } },
      { name: 'Min-jun Kim', phone: '415.555.0101', location: { country: 'US' } },
    ],
    findings: {
      0: [{ messageId: 'sharedIdentifier', level: 'high', data: { kind: 'phone', count: 1 }, paths: ['/phones/0'] }],
      1: [{ messageId: 'sharedIdentifier', level: 'high', data: { kind: 'phone', count: 1 } }],
    },
  },
  {
    name: 'one UK number, once with the trunk 0 after +44, behind two names',
    applicants: [
      { name: 'Jane Doe', phone: '+44 020 7946 0958' },
      { name: 'Min-jun Kim', phone: '+44 (0)20 7946 0958' },
      { name: 'Olga Petrova', phone: '+442079460958' },
    ],
    findings: {
      0: [{ messageId: 'sharedIdentifier', data: { kind: 'phone', count: 2 } }],
      1: [{ messageId: 'sharedIdentifier', data: { kind: 'phone', count: 2 } }],
      2: [{ messageId: 'sharedIdentifier', data: { kind: 'phone', count: 2 } }],
    },
  },
  {
    name: 'a Gmail address with dots and a +tag behind two names',
    applicants: [
      { name: 'Alex Turner', email: 'a.turner+jobs@gmail.com' },
      { name: 'Wei Zhang', email: 'ATurner@googlemail.com' },
    ],
    findings: { 0: [{ messageId: 'sharedIdentifier', data: { kind: 'email' } }], 1: [{ messageId: 'sharedIdentifier', data: { kind: 'email' } }] },
  },
  {
    name: 'national ID, IBAN, wallet, photo, resume file and profiles shared by three names',
    applicants: [
      {
        id: 'P-1',
        name: 'Olga Petrova',
        nationalId: '123-45-6789',
        bankAccount: 'GB82 WEST 1234 5698 7654 32',
        payment: { walletAddress: '0x52908400098527886E0F7030069857D2E4169EE7' },
        photoHash: 'AB12CD34EF56',
        resumeHash: 'FFEE0011',
        profiles: { github: 'https://github.com/devstar', linkedin: 'https://www.linkedin.com/in/dev-star/' },
      },
      { id: 'P-2', name: 'John Carter', nationalId: '123456789' },
      {
        name: 'Li Na',
        bankAccount: 'gb82west12345698765432',
        payment: { walletAddress: '0x52908400098527886e0f7030069857d2e4169ee7' },
        photoHash: 'ab12cd34ef56',
        resumeHash: 'ffee0011',
        profiles: { github: '@DevStar', linkedin: 'uk.linkedin.com/in/dev-star' },
      },
    ],
    findings: {
      0: ['nationalId', 'bankAccount', 'wallet', 'photo', 'resumeFile', 'github', 'linkedin'].map((kind) => ({
        messageId: 'sharedIdentifier',
        level: 'high',
        data: { kind, count: 1 },
      })),
      1: [{ messageId: 'sharedIdentifier', data: { kind: 'nationalId', others: 'P-1' } }],
      2: ['bankAccount', 'wallet', 'photo', 'resumeFile', 'github', 'linkedin'].map((kind) => ({ messageId: 'sharedIdentifier', data: { kind } })),
    },
  },
  {
    name: 'two names at one home address: medium (a household)',
    applicants: [
      { name: 'Maria Garcia', address: '123 Main Street, Apt. 4, Springfield, Illinois 62701' },
      { name: 'Peter Novak', address: '123 MAIN ST #4 SPRINGFIELD IL 62701-1234' },
    ],
    findings: {
      0: [{ messageId: 'sharedHomeAddress', level: 'medium', data: { names: 2 }, paths: ['/address'] }],
      1: [{ messageId: 'sharedHomeAddress', level: 'medium', data: { names: 2 } }],
    },
  },
  {
    name: 'three names at one home address: high',
    applicants: [
      { name: 'Maria Garcia', address: { street: '9 Elm Road', city: 'Austin', region: 'Texas', postalCode: '78701' } },
      { name: 'Peter Novak', address: '9 Elm Rd, Austin TX 78701' },
      { name: 'Chen Jie', address: '9 ELM RD AUSTIN TX 78701, USA' },
    ],
    findings: {
      0: [{ messageId: 'sharedHomeAddress', level: 'high', data: { names: 3, count: 2 } }],
      1: [{ messageId: 'sharedHomeAddress', level: 'high' }],
      2: [{ messageId: 'sharedHomeAddress', level: 'high' }],
    },
  },
  {
    name: "laptops shipped to one address that is not home, and that is a third applicant's home",
    applicants: [
      { name: 'Sam Lee', address: '1 Oak St, Reno NV 89501', shippingAddress: '500 Pine Avenue, Unit 2, Phoenix, Arizona 85001' },
      { name: 'Dmitri Ivanov', address: '77 Birch Ln, Boise ID 83702', shippingAddress: '500 Pine Ave #2 Phoenix AZ 85001' },
      { name: 'Christina Chapman', address: '500 Pine Ave Apt 2, Phoenix, AZ 85001', shippingAddress: '500 Pine Ave Apt 2, Phoenix, AZ 85001' },
    ],
    findings: {
      0: [{ messageId: 'laptopFarm', level: 'high', data: { count: 2 }, paths: ['/shippingAddress'] }],
      1: [{ messageId: 'laptopFarm', level: 'high', data: { count: 2 } }],
      2: [{ messageId: 'hostsOthersShipping', level: 'high', data: { count: 2 }, paths: ['/address'] }],
    },
  },
  {
    name: 'a shared public IP address is medium; a shared private one is nothing',
    applicants: [
      { name: 'Ana Souza', ipAddresses: ['203.0.114.9', '192.168.1.10'] },
      { name: 'Yuki Tanaka', ipAddresses: ['203.0.114.9', '192.168.1.10'] },
    ],
    findings: { 0: [{ messageId: 'sharedIp', level: 'medium', data: { ip: '203.0.114.9' } }], 1: [{ messageId: 'sharedIp', level: 'medium' }] },
  },
  {
    name: 'one resume under two names, a few words changed',
    applicants: [
      { id: 'R-1', name: 'Ryan Brooks', resumeText: `Ryan Brooks, senior engineer. ${RESUME}` },
      { name: 'Pak Jin Song', resumeText: `Pak Jin Song, senior engineer. ${RESUME.replace('go0', 'rust0')}` },
    ],
    findings: { 0: [{ messageId: 'sharedResumeText', level: 'medium', data: { count: 1 } }], 1: [{ messageId: 'sharedResumeText', data: { others: 'R-1' } }] },
  },
  {
    name: 'one national ID and name, spelled two ways, with other contact details: one identity, two faces',
    applicants: [
      { name: 'Kum Hyok Song', nationalId: '987-65-4321', email: 'song.kh@example.com', phone: '+1 202 555 0143' },
      { name: 'Song Kum-hyok', nationalId: '987654321', email: 'kumhyok.s@example.net', phone: '+1 312 555 0199' },
    ],
    findings: {
      0: [
        {
          messageId: 'oneIdentityTwoFaces',
          level: 'high',
          data: { basis: 'national ID and name', otherName: 'Song Kum-hyok' },
          paths: ['/nationalId', '/name'],
        },
      ],
      1: [{ messageId: 'oneIdentityTwoFaces', level: 'high', data: { otherName: 'Kum Hyok Song' } }],
    },
  },
  {
    name: 'one birth date and name, spelled two ways, with other contact details: medium',
    applicants: [
      { name: 'Jonathan Miller', dateOfBirth: '1991-04-12', email: 'jon.miller@example.com' },
      { name: 'Jonathon Miller', dateOfBirth: '1991-04-12', email: 'jmiller91@example.org' },
    ],
    findings: {
      0: [{ messageId: 'oneIdentityTwoFaces', level: 'medium', data: { basis: 'date of birth and name' } }],
      1: [{ messageId: 'oneIdentityTwoFaces', level: 'medium' }],
    },
  },
];

const clean: Array<{ name: string; applicants: Raw[] }> = [
  {
    name: 'records without names sharing a phone (different names cannot be said)',
    applicants: [
      { name: undefined, phone: '+44 20 7946 0958' },
      { name: undefined, phone: '+442079460958' },
    ],
  },
  {
    name: 'the same person applying twice (one name in two orders and romanizations)',
    applicants: [
      { name: 'Kum Hyok Song', email: 'song@example.com', phone: '+1 202 555 0143', nationalId: '987-65-4321' },
      { name: 'Song Kum-hyok', email: 'Song@Example.com', phone: '(202) 555-0143', nationalId: '987654321', location: { country: 'US' } },
    ],
  },
  {
    name: 'neighbours: 123 vs 132 Main St, Apt 4 vs Apt 5',
    applicants: [
      { name: 'Maria Garcia', address: '123 Main St, Springfield IL 62701' },
      { name: 'Peter Novak', address: '132 Main St, Springfield IL 62701' },
      { name: 'Chen Jie', address: '123 Main St Apt 4, Springfield IL 62701' },
      { name: 'Ana Souza', address: '123 Main St Apt 5, Springfield IL 62701' },
    ],
  },
  {
    name: "shipping to one's own home, written differently",
    applicants: [{ name: 'Sam Lee', address: '1 Oak Street, Reno, Nevada 89501', shippingAddress: '1 OAK ST RENO NV 89501' }],
  },
  {
    name: 'the same applicant id twice in one batch (a duplicated row)',
    applicants: [
      { id: 'DUP-1', name: 'Jane Doe', phone: '+1 415 555 0101' },
      { id: 'DUP-1', name: 'Jane Doe Smith', phone: '+1 415 555 0101' },
    ],
  },
  {
    name: 'different resumes, and a resume field that is only a link',
    applicants: [
      { name: 'Ryan Brooks', resumeText: RESUME },
      { name: 'Pak Jin Song', resumeText: resume(['led', 'the', 'data', 'platform', 'team', 'at', 'a', 'bank', 'with', 'spark', 'and', 'airflow']) },
      { name: 'Ana Souza', resumeText: 'https://ats.example.com/resumes/1.pdf' },
      { name: 'Yuki Tanaka', resumeText: 'https://ats.example.com/resumes/1.pdf' },
    ],
  },
  {
    name: 'same birth date, different people; same name spelling with new contact details',
    applicants: [
      { name: 'Jonathan Miller', dateOfBirth: '1991-04-12', email: 'jon.miller@example.com' },
      { name: 'Priya Sharma', dateOfBirth: '1991-04-12', email: 'priya@example.com' },
      { name: 'Jonathan Miller', dateOfBirth: '1991-04-12', email: 'jmiller91@example.org' },
    ],
  },
];

describe('identity-reuse', () => {
  describe('reports', () => {
    it.each(cases)('$name', async (c) => {
      const records = c.applicants.map((a) => applicant(a));
      const byPosition = await runBatch(rule, records);
      records.forEach((_, i) => {
        const findings = byPosition[i]!;
        const expected = c.findings[i] ?? [];
        const left = [...findings];
        for (const e of expected) {
          const k = left.findIndex(
            (f) =>
              f.messageId === e.messageId &&
              (e.level === undefined || f.level === e.level) &&
              Object.entries(e.data ?? {}).every(([key, v]) => f.data[key] === v) &&
              (e.paths === undefined || JSON.stringify(f.evidence.map((x) => x.path)) === JSON.stringify(e.paths)),
          );
          if (k === -1)
            throw new Error(`applicant ${i}: expected ${JSON.stringify(e)} in ${JSON.stringify(findings.map((f) => [f.messageId, f.level, f.data]))}`);
          left.splice(k, 1);
        }
        expect([i, left.map((f) => `${f.messageId} ${JSON.stringify(f.data)}`)]).toEqual([i, []]);
      });
    });
  });

  describe('does not report', () => {
    it.each(clean)('$name', async (c) => {
      const records = c.applicants.map((a) => applicant(a));
      const byPosition = await runBatch(rule, records);
      records.forEach((r, i) => expect([r.applicant.id, byPosition[i]!.map((f) => f.message)]).toEqual([r.applicant.id, []]));
    });
  });

  it('reports a value given by more than maxShared applicants once and low, without comparing names', async () => {
    const records = ['Ana Souza', 'Yuki Tanaka', 'Omar Haddad', 'Lena Berg'].map((name) => applicant({ name, phone: '+44 56 0012 3456' }));
    for (const findings of await runBatch(rule, records, { options: { maxShared: 2 } })) {
      expect(findings.map((f) => [f.messageId, f.level, f.data.count])).toEqual([['widelyShared', 'low', 3]]);
    }
  });

  it('names the other applicants, their input line and their raw value in the evidence', async () => {
    const records = [applicant({ name: 'Jane Doe', email: 'Jane.Doe@Gmail.com' }), applicant({ name: 'Wei Zhang', email: 'janedoe+x@gmail.com' })];
    const [first] = (await runBatch(rule, records))[0]!;
    expect(first!.evidence[0]).toMatchObject({
      path: '/emails/0',
      value: 'Jane.Doe@Gmail.com',
      sharedWith: [{ applicant: records[1]!.applicant.id, input: `test.json:${records[1]!.input.line}`, value: 'janedoe+x@gmail.com' }],
    });
  });

  it('finds the same in a batch large enough for the worker thread as in a small one', async () => {
    // Three of 2,100 applicants share a phone, two of them a shipping address: the worker thread
    // (2,000 and more) must give the same findings as the main thread gives the three alone.
    const planted: Record<number, Raw> = {
      5: { name: 'Jane Doe', phone: '+1 415 555 0101', address: '1 Elm St, Dover DE 19901', shippingAddress: '9 Farm Rd, Dover DE 19901' },
      1000: { name: 'Chol Min Pak', phone: '(415) 555-0101', location: { country: 'US' } },
      2099: { name: 'Wei Zhang', phone: '+14155550101', address: '2 Oak St, Dover DE 19901', shippingAddress: '9 Farm Road, Dover, DE 19901' },
    };
    const all = Array.from({ length: 2100 }, (_, i) => applicant(planted[i] ?? { name: `Person ${i}`, email: `p${i}@example.com` }));
    const large = await runBatch(rule, all);
    const small = await runBatch(rule, [all[5]!, all[1000]!, all[2099]!]);
    const summary = (fs: (typeof small)[number]) => fs.map((f) => [f.messageId, f.level, f.message]);
    expect(large.flatMap((fs, i) => (fs.length > 0 ? [i] : []))).toEqual([5, 1000, 2099]);
    expect([large[5]!, large[1000]!, large[2099]!].map(summary)).toEqual(small.map(summary));
    expect(small.map((fs) => fs.map((f) => f.messageId))).toEqual([
      ['laptopFarm', 'sharedIdentifier'],
      ['sharedIdentifier'],
      ['laptopFarm', 'sharedIdentifier'],
    ]);
  });
});
