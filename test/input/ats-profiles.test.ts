import { ATS_PROFILES } from '../../src/input/ats-profiles.js';
import { collect } from '../helpers/collect.js';

// One row per vendor and header: every column of each bundled export maps as the vendor means it.
const EXPECTED: Record<string, { vendor: string; columns: Record<string, string | null> }> = {
  'ats/lever.csv': {
    vendor: 'lever',
    columns: {
      'Lever Profile ID': 'id',
      'Full name': 'name',
      Email: 'emails',
      Phone: 'phones',
      Location: 'location.text',
      'Current Company': 'employers',
      Links: 'profileLinks',
      'Lever Posting URL': null,
      Stage: null,
      Sources: null,
      Origin: null,
    },
  },
  'ats/icims.csv': {
    vendor: 'icims',
    columns: {
      'Person : System ID': 'id',
      'Person : Full Name: First Last': 'name',
      'Person : Email': 'emails',
      'Person : Phone': 'phones',
      'Person : Home City': 'address.city',
      'Person : Home State': 'address.region',
      'Person : Home Country': 'address.country',
      'Job : Job Title': null,
      'Location : City': null,
      'Location : State': null,
    },
  },
  'ats/greenhouse-gem.csv': {
    vendor: 'greenhouse',
    columns: {
      candidate_id: null,
      candidate_greenhouse_id: 'id',
      candidate_first_name: 'givenName',
      candidate_last_name: 'familyName',
      candidate_email: 'emails',
      all_candidate_emails: 'emails',
      candidate_phone_number: 'phones',
      candidate_location: 'location.text',
      candidate_linkedin_url: 'profiles.linkedin',
      candidate_company: 'employers',
      candidate_title: null,
      candidate_school: null,
    },
  },
  'ats/workday.csv': {
    vendor: 'workday',
    columns: {
      'Candidate ID': 'id',
      'First Name': 'givenName',
      'Last Name': 'familyName',
      'Email Address': 'emails',
      'Phone Number': 'phones',
      'Company - Current': 'employers',
      'Job Title - Current': null,
      'Job Requisition': null,
      Location: null,
      'Created Moment': null,
      'Last Candidate Update Moment': null,
      'Candidate Confirmed Opt-In Email Status': null,
      'Confidential Candidate': null,
    },
  },
  'ats/recruitee.csv': {
    vendor: 'recruitee',
    columns: {
      Name: 'name',
      Jobs: null,
      Emails: 'emails',
      Phones: 'phones',
      Tags: null,
      Sources: null,
      Links: 'profileLinks',
      'Social Links': 'profileLinks',
      'Cover Letter': null,
    },
  },
  'ats/linkedin-talent-hub.csv': {
    vendor: 'linkedin',
    columns: {
      candidate_id: 'id',
      project_id: null,
      first_name: 'givenName',
      last_name: 'familyName',
      emails: 'emails',
      phone_numbers: 'phones',
      tags: null,
      profile_url: 'profiles.linkedin',
      sourcing_channels: null,
      hiring_state_id: null,
      created_time: null,
      created_datetime: null,
      last_modified_time: null,
    },
  },
};

describe('ATS header profiles', () => {
  it('cites a source for every profile', () => {
    for (const p of ATS_PROFILES) expect(p.source).toMatch(/^https:\/\//);
  });

  it.each(Object.entries(EXPECTED))('%s is recognised and every column maps', async (file, expected) => {
    const { columns, records, errors } = await collect([file]);
    expect(errors).toEqual([]);
    const profile = ATS_PROFILES.find((p) => p.id === expected.vendor)!;
    expect(columns[0]!.vendor).toBe(`${profile.name} (${profile.source})`);
    expect(Object.fromEntries(columns[0]!.columns.map((c) => [c.header, c.field]))).toEqual(expected.columns);
    expect(records).toHaveLength(1);
  });

  it('reads each export as the vendor means it', async () => {
    const lever = (await collect(['ats/lever.csv'])).records[0]!.applicant;
    expect(lever).toMatchObject({ id: '0f3a6e1c-1111-4a2b-9c3d-000000000001', emails: ['ada@example.com', 'ada.example@mailinator.com'] });
    // Lever's Location is the candidate's, though the export has a posting column.
    expect(lever.location).toEqual({ city: 'London', country: 'GB' });
    expect(Object.keys(lever.profiles)).toEqual(['github', 'linkedin']);
    const icims = (await collect(['ats/icims.csv'])).records[0]!.applicant;
    expect(icims).toMatchObject({ id: '1042', name: 'Bo Example', address: { city: 'San Francisco', region: 'CA', country: 'US' } });
    expect(icims.location).toBeUndefined();
    const gem = (await collect(['ats/greenhouse-gem.csv'])).records[0]!.applicant;
    expect(gem).toMatchObject({
      id: 'GH-77',
      name: 'Cy Example',
      emails: ['cy@example.com', 'cy.example@example.org'],
      location: { city: 'Berlin', country: 'DE' },
    });
  });

  it('reads the job columns of Workday, Recruitee and LinkedIn as the job, and their lists as lists', async () => {
    const workday = (await collect(['ats/workday.csv'])).records[0]!.applicant;
    // Workday's Location is the requisition's: a UK applicant to a job in Austin claims no location.
    expect(workday).toMatchObject({ id: 'C-000417', name: 'Dee Example', phones: ['+44 161 496 0000'] });
    expect(workday.location).toBeUndefined();
    const recruitee = (await collect(['ats/recruitee.csv'])).records[0]!.applicant;
    expect(recruitee.emails).toEqual(['eve@example.com', 'eve.example@example.net']);
    expect(Object.keys(recruitee.profiles).sort()).toEqual(['github', 'linkedin', 'website']);
    const linkedin = (await collect(['ats/linkedin-talent-hub.csv'])).records[0]!.applicant;
    expect(linkedin).toMatchObject({ id: '8812001', name: 'Fay Example' });
    expect(linkedin.emails).toHaveLength(2);
    expect(linkedin.phones).toHaveLength(2);
  });

  it('needs every header of a combined signature', async () => {
    // Emails and Phones alone are generic; Recruitee is recognised only with all four of its own.
    const { columns } = await collect(['ats/recruitee.csv']);
    expect(columns[0]!.vendor).toContain('Recruitee');
    const { findProfile } = await import('../../src/input/ats-profiles.js');
    expect(findProfile(['name', 'emails', 'phones'])).toBeUndefined();
    expect(findProfile(['name', 'emails', 'phones', 'sociallinks', 'coverletter'])?.id).toBe('recruitee');
  });

  it('reads a header as the vendor named with --ats', async () => {
    const { columns } = await collect(['ats/icims.csv'], { ats: 'lever' });
    expect(columns[0]!.vendor).toContain('Lever');
  });
});
