import { Readable } from 'node:stream';
import { isJobPlace, planColumns } from '../../src/input/headers.js';
import { splitMulti } from '../../src/input/csv.js';
import { collect } from '../helpers/collect.js';

const read = async (text: string) => collect(['-'], { stdin: Readable.from([text]), format: 'csv' });

describe('exports as ATS vendors lay them out', () => {
  it.each([
    ['Job Location', true],
    ['Requisition Location', true],
    ['Location : City', true],
    ['job_location', true],
    ['Office', true],
    ['Posting Country', true],
    ['Location', false],
    ['Current Location', false],
    ['Candidate Location', false],
    ['Hiring Manager', false],
    ['Country of Residence', false],
  ])('%s describes the job: %s', (header, job) => {
    expect(isJobPlace(header)).toBe(job);
  });

  it("never reads the job's location as the candidate's, and says how it read an ambiguous Location", async () => {
    const { plan } = planColumns(['Candidate', 'Email', 'Phone', 'Job Requisition', 'Location'], new Map());
    expect(plan[4]).toEqual({ header: 'Location', note: expect.stringContaining("read as the job's location") });
    // A UK applicant to a job in Austin: the phone is not compared with Austin.
    const { records } = await read('Full Name,Email,Phone,Job Title,Job Location\nAda Example,ada@example.com,+44 20 7946 0958,Engineer,"Austin, TX, USA"\n');
    expect(records[0]!.applicant.location).toBeUndefined();
    expect(records[0]!.applicant.extra).toMatchObject({ 'Job Location': 'Austin, TX, USA' });
  });

  it('reads "Object : Field" headers of the candidate (iCIMS)', () => {
    const { plan } = planColumns(['Person : System ID', 'Person : Full Name: First Last', 'Person : Email', 'Person : Phone', 'Location : City'], new Map());
    expect(plan.map((c) => c.target?.path ?? null)).toEqual(['id', 'name', 'emails', 'phones', null]);
  });

  it('merges a whole Location with a Timezone column (Ashby) instead of dropping it', async () => {
    const { records } = await read('Name,Email,Location,Timezone\nAda Example,ada@example.com,"Houston, TX",America/Chicago\n');
    expect(records[0]!.applicant.location).toEqual({ city: 'Houston', region: 'TX', country: 'US', timezone: 'America/Chicago' });
  });

  it('splits a cell of several values at commas only when every part is one value', () => {
    expect(splitMulti('a@example.com, b@example.org', 'emails')).toEqual(['a@example.com', 'b@example.org']);
    expect(splitMulti('+44 20 7946 0958, +1 415 555 0100', 'phones')).toEqual(['+44 20 7946 0958', '+1 415 555 0100']);
    expect(splitMulti('192.0.2.1,192.0.2.2', 'ipAddresses')).toEqual(['192.0.2.1', '192.0.2.2']);
    // A national number with a comma, a name and an employer stay whole.
    expect(splitMulti('020 7946, 0958', 'phones')).toEqual(['020 7946, 0958']);
    expect(splitMulti('Kim, Min-jun', 'otherNames')).toEqual(['Kim, Min-jun']);
    expect(splitMulti('Acme, Inc.; Example Corp', 'employers')).toEqual(['Acme, Inc.', 'Example Corp']);
  });

  it('finds a disposable address inside a cell of two (Lever), and reads two phones as two', async () => {
    const { records } = await read('Name,Emails,Phones\nAda Example,"ada@example.com,ada@mailinator.com","+44 20 7946 0958, +1 415 555 0100"\n');
    expect(records[0]!.applicant.emails).toEqual(['ada@example.com', 'ada@mailinator.com']);
    expect(records[0]!.applicant.phoneNumbers.map((p) => p.e164)).toEqual(['+442079460958', '+14155550100']);
  });

  it('reads a header of 2,000 columns and 10,000 duplicate headers, and refuses a single field given twice', async () => {
    const wide = ['Name', 'Email', ...Array.from({ length: 1998 }, (_, i) => `Col${i}`)];
    const w = await read(`${wide.join(',')}\n${['Ada Example', 'ada@example.com', ...Array<string>(1998).fill('x')].join(',')}\n`);
    expect(w.records).toHaveLength(1);
    expect(w.columns[0]!.columns.filter((c) => c.field === null)).toHaveLength(1998);
    const dups = ['Name', 'Email', ...Array<string>(10_000).fill('Notes')];
    const d = await read(`${dups.join(',')}\n${['Ada Example', 'ada@example.com', ...Array<string>(10_000).fill('y')].join(',')}\n`);
    expect(Object.keys(d.records[0]!.applicant.extra)).toHaveLength(10_000);
    expect(d.records[0]!.applicant.extra['Notes (10000)']).toBe('y');
    const twice = await read(`Email,Name,Name\na@example.com,Ada,Bo\n`);
    expect(twice.fatal[0]!.detail).toContain('columns 2 and 3 are both headed "Name"');
  });

  it('reads a column of profile links into the profiles their hosts name (Lever Links, BambooHR, LinkedIn profile_url)', async () => {
    const { records } = await read(
      'Name,Email,Links,GitHub Created\nAda Example,ada@example.com,"https://github.com/ada-example, https://www.linkedin.com/in/ada-example, https://ada.example.com/blog, https://example.org/portfolio",2015-01-01\n',
    );
    expect(records[0]!.applicant.profiles).toEqual({
      github: { url: 'https://github.com/ada-example', createdAt: '2015-01-01T00:00:00.000Z' },
      linkedin: 'https://www.linkedin.com/in/ada-example',
      website: 'https://ada.example.com/blog',
      website2: 'https://example.org/portfolio',
    });
    const bamboo = await read('First Name,Last Name,"Website, Blog, or Portfolio"\nBo,Example,https://bo.example.net\n');
    expect(bamboo.records[0]!.applicant.profiles).toEqual({ website: 'https://bo.example.net' });
  });
});
