import { findProfile, type AtsProfile } from './ats-profiles.js';
import { didYouMean } from '../suggest.js';
import { UsageError } from '../errors.js';

/**
 * Where a CSV column goes in the applicant: a dotted path into the record handed to the normaliser.
 * `multi` fields take several values per cell, split on ";" or "|", and may come from several columns.
 */
export interface Target {
  path: string;
  multi: boolean;
}

/** A `--map field=Header` override, with the header as the user wrote it for messages. */
export interface Override extends Target {
  header: string;
}

const MULTI = new Set(['otherNames', 'emails', 'phones', 'ipAddresses', 'employers', 'profileLinks']);

/**
 * Header synonyms seen in ATS and HR exports, compared after lower-casing and removing everything
 * but letters and digits ("E-mail Address" -> "emailaddress").
 */
const SYNONYMS: Record<string, string[]> = {
  id: [
    'id',
    'applicantid',
    'candidateid',
    'applicationid',
    'candidatenumber',
    'candidateno',
    'referenceid',
    'personid',
    'externalid',
    'systemid',
    'profileid',
    'leverprofileid',
    'candidatesystemid',
  ],
  name: ['name', 'fullname', 'candidatename', 'applicantname', 'legalname', 'candidatefullname', 'applicantfullname', 'fullnameasonid'],
  givenName: ['givenname', 'firstname', 'forename', 'first', 'candidatefirstname', 'legalfirstname'],
  familyName: ['familyname', 'lastname', 'surname', 'last', 'candidatelastname', 'legallastname'],
  otherNames: ['othernames', 'aliases', 'alias', 'aka', 'previousnames', 'formernames', 'maidenname', 'preferredname', 'nickname'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday', 'dateofbirthyyyymmdd'],
  nationality: ['nationality', 'citizenship', 'countryofcitizenship', 'citizenof'],
  'idDocument.type': ['idtype', 'iddocumenttype', 'documenttype', 'identitydocumenttype', 'idkind'],
  'idDocument.issuingCountry': [
    'idissuingcountry',
    'idcountry',
    'documentcountry',
    'issuingcountry',
    'passportcountry',
    'documentissuingcountry',
    'idissuedby',
    'countryofissue',
  ],
  'idDocument.name': ['nameonid', 'idname', 'documentname', 'nameondocument', 'nameonpassport'],
  'idDocument.address': ['addressonid', 'idaddress', 'documentaddress', 'addressondocument'],
  emails: ['email', 'emails', 'emailaddress', 'emailaddresses', 'personalemail', 'candidateemail', 'contactemail', 'mail'],
  phones: [
    'phone',
    'phones',
    'phonenumber',
    'phonenumbers',
    'mobile',
    'mobilephone',
    'mobilenumber',
    'cellphone',
    'cell',
    'cellnumber',
    'telephone',
    'tel',
    'contactnumber',
    'homephone',
    'candidatephone',
    'whatsapp',
  ],
  'address.text': ['address', 'homeaddress', 'fulladdress', 'mailingaddress', 'residentialaddress', 'streetaddressfull'],
  'address.street': ['street', 'streetaddress', 'address1', 'addressline1', 'addressstreet', 'street1'],
  'address.city': ['city', 'town', 'addresscity', 'homecity'],
  'address.region': ['state', 'region', 'province', 'stateprovince', 'county', 'addressstate', 'stateregion'],
  'address.postalCode': ['zip', 'zipcode', 'postalcode', 'postcode', 'addresszip', 'addresspostalcode'],
  'address.country': ['country', 'addresscountry', 'homecountry'],
  'shippingAddress.text': [
    'shippingaddress',
    'shipto',
    'shiptoaddress',
    'deliveryaddress',
    'equipmentshippingaddress',
    'laptopshippingaddress',
    'equipmentaddress',
  ],
  'shippingAddress.street': ['shippingstreet', 'shippingaddress1', 'shippingaddressline1'],
  'shippingAddress.city': ['shippingcity'],
  'shippingAddress.region': ['shippingstate', 'shippingregion', 'shippingprovince'],
  'shippingAddress.postalCode': ['shippingzip', 'shippingzipcode', 'shippingpostalcode', 'shippingpostcode'],
  'shippingAddress.country': ['shippingcountry'],
  'location.text': ['location', 'currentlocation', 'candidatelocation', 'basedin'],
  'location.city': ['locationcity', 'currentcity', 'cityofresidence'],
  'location.region': ['locationstate', 'currentstate', 'stateofresidence'],
  'location.country': ['countryofresidence', 'residencecountry', 'locationcountry', 'currentcountry', 'residentcountry', 'claimedcountry'],
  'location.timezone': ['timezone', 'tz', 'localtimezone'],
  ipAddresses: ['ip', 'ipaddress', 'ipaddresses', 'ips', 'applicationip', 'signupip', 'lastloginip', 'loginip', 'sourceip', 'clientip'],
  nationalId: ['nationalid', 'ssn', 'socialsecuritynumber', 'nationalidnumber', 'idnumber', 'taxid', 'sin', 'nin'],
  bankAccount: ['bankaccount', 'bankaccountnumber', 'iban', 'accountnumber'],
  'payment.method': ['paymentmethod', 'payoutmethod', 'paymenttype', 'paymethod'],
  'payment.walletAddress': ['walletaddress', 'cryptowallet', 'wallet', 'cryptoaddress', 'payoutwallet'],
  'payment.accountHolder': ['accountholder', 'accountholdername', 'bankaccountholder', 'beneficiaryname', 'payeename'],
  'payment.provider': ['paymentprovider', 'payoutprovider', 'paymentservice', 'payoutservice', 'bankname', 'payrollprovider'],
  'payment.bankCountry': ['bankcountry', 'payoutcountry', 'accountcountry', 'bankaccountcountry', 'paymentcountry'],
  employers: ['employers', 'employer', 'previousemployers', 'currentemployer', 'currentcompany', 'company', 'employmenthistory'],
  'employers.domain': ['employerdomain', 'employerwebsite', 'companydomain', 'companywebsite', 'currentemployerwebsite'],
  'employers.address': ['employeraddress', 'companyaddress', 'currentemployeraddress', 'officeaddress'],
  'references.name': ['referencename', 'refereename', 'referee'],
  'references.email': ['referenceemail', 'refereeemail', 'referenceemailaddress'],
  'references.phone': ['referencephone', 'refereephone', 'referencephonenumber'],
  'references.company': ['referencecompany', 'refereecompany', 'referenceemployer', 'referenceorganisation', 'referenceorganization'],
  yearsOfExperience: ['yearsofexperience', 'experienceyears', 'yearsexperience', 'yoe', 'totalexperience'],
  'interviews.cameraOn': ['cameraon', 'videoon', 'oncamera', 'interviewcameraon', 'cameraonininterview'],
  'interviews.identityConsistent': ['identityconsistent', 'samepersonacrossinterviews', 'identitymatch', 'interviewidentityconsistent', 'samepersonasid'],
  'interviews.livenessPassed': ['livenesspassed', 'livenesscheckpassed', 'livenesscheck', 'liveness'],
  'interviews.declinedInPerson': ['declinedinperson', 'refusedinperson', 'declinedonsite', 'refusedonsite'],
  'profiles.github': ['github', 'githuburl', 'githubprofile', 'githubusername', 'githubhandle'],
  'profiles.github.createdAt': ['githubcreated', 'githubcreatedat', 'githubaccountcreated', 'githubjoined', 'githubsince'],
  'profiles.github.earliestCommitAt': ['githubearliestcommit', 'githubfirstcommit', 'earliestcommit', 'firstcommit'],
  'profiles.linkedin.name': ['linkedinname', 'nameonlinkedin'],
  'profiles.github.name': ['githubname', 'githubdisplayname'],
  'profiles.linkedin': ['linkedin', 'linkedinurl', 'linkedinprofile', 'linkedinprofileurl'],
  'profiles.website': ['website', 'portfolio', 'portfoliourl', 'personalwebsite'],
  // A column of several profile URLs (Lever's "Links", BambooHR's "Website, Blog, or Portfolio"):
  // each URL becomes the profile its host names (github, linkedin) or a website.
  profileLinks: [
    'links',
    'sociallinks',
    'socialmedia',
    'socialprofiles',
    'profiles',
    'profileurl',
    'profileurls',
    'urls',
    'websiteblogorportfolio',
    'onlineprofiles',
  ],
  photoHash: ['photohash', 'photofingerprint', 'imagehash', 'headshothash', 'selfiehash'],
  resumeHash: ['resumehash', 'cvhash', 'resumefilehash', 'resumesha256', 'cvsha256'],
  resumeText: ['resumetext', 'cvtext', 'resume', 'cv', 'resumecontent', 'resumeplaintext'],
};

export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const BY_HEADER = new Map<string, string>();
for (const [path, names] of Object.entries(SYNONYMS)) for (const n of names) BY_HEADER.set(n, path);

/** `--map` accepts these as field names besides the paths above. */
const FIELD_ALIASES: Record<string, string> = {
  email: 'emails',
  phone: 'phones',
  address: 'address.text',
  shippingAddress: 'shippingAddress.text',
  location: 'location.text',
  ipAddress: 'ipAddresses',
  ipEvents: 'ipAddresses',
  github: 'profiles.github',
  linkedin: 'profiles.linkedin',
  links: 'profileLinks',
};

export const MAPPABLE_FIELDS = [...Object.keys(SYNONYMS), ...Object.keys(FIELD_ALIASES)].sort();

function target(path: string): Target {
  return { path, multi: MULTI.has(path) };
}

export function resolveField(field: string): Target {
  const path = Object.hasOwn(FIELD_ALIASES, field) ? FIELD_ALIASES[field] : Object.hasOwn(SYNONYMS, field) ? field : undefined;
  if (path === undefined) {
    throw new UsageError(`--map: unknown field "${field}"${didYouMean(field, MAPPABLE_FIELDS)}; fields: ${MAPPABLE_FIELDS.join(', ')}`);
  }
  return target(path);
}

/** Parses repeated `--map field=Header` options. */
export function parseMapOptions(values: string[]): Map<string, Override> {
  const out = new Map<string, Override>();
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--map expects field=Header, got "${value}"`);
    const header = value.slice(eq + 1).trim();
    out.set(headerKey(header), { ...resolveField(value.slice(0, eq).trim()), header });
  }
  return out;
}

export interface ColumnPlan {
  header: string;
  /** Undefined: an unknown column, kept under its header in `extra`. */
  target?: Target;
  /** Why vet read the column this way when the header alone does not say (a job's location, an ambiguous "Location"). */
  note?: string;
}

// Headers that describe the job, not the candidate: "Job Location", "Requisition Location",
// "Office", iCIMS's "Location : City" (the Location object is the requisition's), "job_location".
const JOB_WORDS = /\b(job|jobs|requisition|req|posting|position|opening|vacancy|office|worksite|hiring|department|role)\b/;
const PLACE_WORDS = /\b(location|city|country|state|region|site|office|address|zip|postal|timezone)\b/;
const JOB_OBJECTS = new Set(['job', 'requisition', 'location', 'position', 'posting', 'opening', 'office']);

/** Words of a header, lower-cased: "Job_Location" -> "job location", "Location : City" -> "location city". */
function headerWords(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Whether a header names a place of the job rather than of the candidate. */
export function isJobPlace(header: string): boolean {
  const object = /^\s*([^:]+?)\s*:/.exec(header)?.[1];
  if (object !== undefined && JOB_OBJECTS.has(headerWords(object)) && PLACE_WORDS.test(headerWords(header.slice(header.indexOf(':') + 1)))) return true;
  const words = headerWords(header);
  return JOB_WORDS.test(words) && PLACE_WORDS.test(words);
}

/** A header row that describes jobs as well as candidates (Workday, iCIMS, requisition reports). */
function hasJobColumns(headers: string[]): boolean {
  return headers.some((h) => /\b(job|requisition|req|posting|position)\b/.test(headerWords(h)));
}

/**
 * "Object : Field" and "object_field" headers as vendors write them ("Person : Email",
 * "Person : Full Name: First Last", "candidate_email"): the synonym of the field, when the object is
 * the candidate's.
 */
function objectField(header: string): string | undefined {
  const m = /^\s*([^:]+?)\s*:\s*(.+)$/.exec(header);
  if (m === null) return undefined;
  const object = headerWords(m[1]!);
  if (!['person', 'candidate', 'applicant', 'contact', 'profile'].includes(object)) return undefined;
  const field = m[2]!;
  return BY_HEADER.get(headerKey(field)) ?? BY_HEADER.get(headerKey(`${object} ${field}`)) ?? BY_HEADER.get(headerKey(field.split(':')[0]!));
}

/**
 * Maps a header row to targets: --map first, then synonyms. Two columns that would fill the same
 * single-value field are refused rather than one silently winning.
 */
export function planColumns(
  headers: string[],
  overrides: Map<string, Override>,
  ats?: string,
): { plan: ColumnPlan[]; conflict?: string; missing: string[]; vendor?: AtsProfile } {
  const vendor = findProfile(headers.map(headerKey), ats);
  // A field named in --map takes only the column named there; other columns that would fill it by
  // synonym are kept as unknown columns instead.
  const overridden = new Set([...overrides.values()].map((t) => t.path));
  const jobs = hasJobColumns(headers);
  const plan: ColumnPlan[] = headers.map((header): ColumnPlan => {
    const key = headerKey(header);
    const override = overrides.get(key);
    if (override) return { header, target: override };
    if (vendor !== undefined && Object.hasOwn(vendor.columns, key)) {
      const field = vendor.columns[key]!;
      if (field === null) return { header, note: `${vendor.name}: describes the job or the pipeline, not the candidate` };
      if (!overridden.has(field)) return { header, target: target(field) };
      return { header };
    }
    if (isJobPlace(header)) return { header, note: "describes the job, not the candidate: never read as the candidate's location (--map overrides)" };
    const byName = BY_HEADER.get(key) ?? objectField(header);
    if (byName === undefined || overridden.has(byName)) return { header };
    // A bare "Location" (or City, Country) in an export that also describes jobs: Workday's
    // "Location" is the requisition's. Read as the job's, and say so.
    if (jobs && /^location\./.test(byName) && ['location', 'city', 'country', 'state', 'region', 'site'].includes(headerWords(header))) {
      return {
        header,
        note: `ambiguous beside the export's job columns: read as the job's location, not the candidate's; --map ${byName === 'location.text' ? 'location' : byName}="${header}" reads it as the candidate's`,
      };
    }
    return { header, target: target(byName) };
  });
  const seen = new Map<string, { header: string; column: number }>();
  let conflict: string | undefined;
  plan.forEach(({ header, target: t }, column) => {
    if (!t || t.multi) return;
    const first = seen.get(t.path);
    if (first !== undefined && conflict === undefined) {
      conflict =
        headerKey(first.header) === headerKey(header)
          ? `columns ${first.column + 1} and ${column + 1} are both headed "${header}" (${t.path}); rename one of them in the export`
          : `columns "${first.header}" and "${header}" both map to ${t.path}; choose one with --map ${t.path}="${first.header}"`;
    }
    seen.set(t.path, { header, column });
  });
  // Unknown columns with one header are kept apart ("Notes", "Notes (2)"), never one over the other.
  const extraNames = new Map<string, number>();
  for (const column of plan) {
    if (column.target) continue;
    const n = (extraNames.get(column.header) ?? 0) + 1;
    extraNames.set(column.header, n);
    if (n > 1) column.header = `${column.header} (${n})`;
  }
  const present = new Set(headers.map(headerKey));
  const missing = [...overrides].filter(([key]) => !present.has(key)).map(([, o]) => `"${o.header}"`);
  return { plan, ...(conflict !== undefined ? { conflict } : {}), missing, ...(vendor !== undefined ? { vendor } : {}) };
}
