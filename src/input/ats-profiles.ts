// Header profiles of applicant-tracking systems whose exports vet has a documented source for.
// A profile is recognised from headers only that vendor writes (its signature), or named with
// --ats; its columns then read as the vendor means them, before vet's generic synonyms. Keys are
// headers as `headerKey` folds them ("Lever Profile ID" -> "leverprofileid"); a null field is a
// column that describes the job or the pipeline, never the candidate. Every profile names its source.

export interface AtsProfile {
  id: string;
  name: string;
  /** Where the vendor documents the columns (help centre, import template, export schema). */
  source: string;
  /** Header keys only this vendor's exports carry: any one identifies it; a list identifies it when
   * every key in it is present (a vendor whose headers are each common but together its own). */
  signature: (string | string[])[];
  /** Header key -> canonical field (null: describes the job or the pipeline, not read). */
  columns: Record<string, string | null>;
}

export const ATS_PROFILES: readonly AtsProfile[] = [
  {
    id: 'lever',
    name: 'Lever',
    // Lever's candidate spreadsheet template: "Full name", "Email" (several joined by a comma, no
    // space), "Links" (joined by ", "), "Lever Posting URL", "Stage", "Sources", "Origin".
    source: 'https://help.lever.co/hc/en-us/articles/204498425',
    signature: ['leverprofileid', 'leverpostingurl', 'leveropportunityid', 'leverprofileurl'],
    columns: {
      leverprofileid: 'id',
      fullname: 'name',
      email: 'emails',
      emails: 'emails',
      phone: 'phones',
      phones: 'phones',
      links: 'profileLinks',
      // In Lever the candidate's own location; the posting has its own columns.
      location: 'location.text',
      currentcompany: 'employers',
      leverpostingurl: null,
      posting: null,
      postinglocation: null,
      stage: null,
      sources: null,
      origin: null,
    },
  },
  {
    id: 'icims',
    name: 'iCIMS',
    // iCIMS reports name fields "Object : Field"; the Person profile is the candidate, the Location
    // and Job objects are the requisition's. Import fields: First Name, Last Name, Home Phone, Email,
    // Home Street, Home City, Home State, Home Country, Home Zip.
    source: 'https://icimshub.force.com/customer/articles/How_To/Importing-Passive-Candidates-into-iCIMS-Connect',
    signature: ['personsystemid', 'personfullnamefirstlast', 'personemail', 'personfirstname', 'personlastname'],
    columns: {
      personsystemid: 'id',
      personfullnamefirstlast: 'name',
      personfirstname: 'givenName',
      personlastname: 'familyName',
      personemail: 'emails',
      personphone: 'phones',
      personhomephone: 'phones',
      personhomestreet: 'address.street',
      personhomecity: 'address.city',
      personhomestate: 'address.region',
      personhomecountry: 'address.country',
      personhomezip: 'address.postalCode',
      locationcity: null,
      locationstate: null,
      locationcountry: null,
      jobtitle: null,
      jobjobtitle: null,
    },
  },
  {
    id: 'greenhouse',
    name: 'Greenhouse (Gem export)',
    // Gem's export of Greenhouse candidates: candidate_first_name, candidate_last_name,
    // candidate_email, all_candidate_emails (a JSON list), candidate_phone_number,
    // candidate_location, candidate_linkedin_url, candidate_company, candidate_greenhouse_id.
    source: 'https://help.gem.com/en/articles/3996650-gem-data-export-format-schema',
    signature: ['candidategreenhouseid'],
    columns: {
      candidategreenhouseid: 'id',
      candidateid: null,
      candidatefirstname: 'givenName',
      candidatelastname: 'familyName',
      candidateemail: 'emails',
      allcandidateemails: 'emails',
      candidatephonenumber: 'phones',
      candidatelocation: 'location.text',
      candidatelinkedinurl: 'profiles.linkedin',
      candidatecompany: 'employers',
      candidatetitle: null,
      candidateschool: null,
    },
  },
  {
    id: 'workday',
    name: 'Workday Recruiting',
    // A "Find Candidates" custom report (business objects External or Internal Candidate and
    // Candidate Job Applications): Candidate ID, First Name, Last Name, Company - Current, Job Title -
    // Current, Created Moment, Last Candidate Update Moment, Candidate Confirmed Opt-In Email Status,
    // Confidential Candidate. Location and Job Requisition in these reports are the requisition's.
    source: 'https://help.merge.dev/en/articles/8568320-workday-how-do-i-send-ats-data-via-sftp',
    signature: ['lastcandidateupdatemoment', 'candidateconfirmedoptinemailstatus', 'confidentialcandidate'],
    columns: {
      candidateid: 'id',
      firstname: 'givenName',
      lastname: 'familyName',
      companycurrent: 'employers',
      jobtitlecurrent: null,
      createdmoment: null,
      lastcandidateupdatemoment: null,
      candidateconfirmedoptinemailstatus: null,
      confidentialcandidate: null,
      jobrequisition: null,
      location: null,
    },
  },
  {
    id: 'recruitee',
    name: 'Recruitee',
    // Recruitee's CSV importer template, whose nine headers it matches by name: Name, Jobs, Emails,
    // Phones, Tags, Sources, Links, Social Links, Cover Letter (several values joined by ", ").
    source: 'https://support.recruitee.com/technical-doc-extension-integration/importing-csv/csv-importer',
    signature: [['emails', 'phones', 'sociallinks', 'coverletter']],
    columns: {
      name: 'name',
      jobs: null,
      emails: 'emails',
      phones: 'phones',
      tags: null,
      sources: null,
      links: 'profileLinks',
      sociallinks: 'profileLinks',
      coverletter: null,
    },
  },
  {
    id: 'linkedin',
    name: 'LinkedIn Talent Hub / Recruiter',
    // Talent Hub's data export, Candidates.csv: candidate_id, project_id, first_name, last_name,
    // emails and phone_numbers (several joined by ';'), tags, profile_url, sourcing_channels,
    // hiring_state_id, created_time, created_datetime, last_modified_time, last_modified_datetime.
    // Recruiter's project import file has First name, Last name, Email, Phone number, Job title and
    // Company (the candidate's current ones), Location, Pipeline stage, Note, Note visibility, Tags
    // (https://www.linkedin.com/help/recruiter/answer/a412243).
    source: 'https://www.linkedin.com/help/recruiter/answer/a526782',
    signature: ['hiringstateid', 'sourcingchannels', 'notevisibility'],
    columns: {
      candidateid: 'id',
      projectid: null,
      firstname: 'givenName',
      lastname: 'familyName',
      emails: 'emails',
      email: 'emails',
      phonenumbers: 'phones',
      phonenumber: 'phones',
      profileurl: 'profiles.linkedin',
      company: 'employers',
      location: 'location.text',
      jobtitle: null,
      tags: null,
      sourcingchannels: null,
      hiringstateid: null,
      pipelinestage: null,
      note: null,
      notevisibility: null,
      createdtime: null,
      createddatetime: null,
      lastmodifiedtime: null,
      lastmodifieddatetime: null,
    },
  },
];

export const ATS_IDS = ATS_PROFILES.map((p) => p.id);

/** The profile named, or the one whose signature the header keys carry. */
export function findProfile(keys: readonly string[], named?: string): AtsProfile | undefined {
  if (named !== undefined) return ATS_PROFILES.find((p) => p.id === named);
  const present = new Set(keys);
  return ATS_PROFILES.find((p) => p.signature.some((k) => (typeof k === 'string' ? present.has(k) : k.every((all) => present.has(all)))));
}
