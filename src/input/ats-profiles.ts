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
  /** Header keys only this vendor's exports carry: any one of them identifies it. */
  signature: string[];
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
];

export const ATS_IDS = ATS_PROFILES.map((p) => p.id);

/** The profile named, or the one whose signature the header keys carry. */
export function findProfile(keys: readonly string[], named?: string): AtsProfile | undefined {
  if (named !== undefined) return ATS_PROFILES.find((p) => p.id === named);
  const present = new Set(keys);
  return ATS_PROFILES.find((p) => p.signature.some((k) => present.has(k)));
}
