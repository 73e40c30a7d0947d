import type { Evidence } from './rule.js';

/**
 * What a report shows of the applicant's personal data. National IDs and bank accounts are masked
 * to their last four characters unless the user asks to see them (`--show-ids`); `--redact` also
 * masks names, e-mail addresses, phone numbers, postal addresses and resume text, for a report
 * that is shared or lands in a CI log. Countries, IP addresses, domains, list entries and
 * applicant ids stay: they are what a reviewer checks, and none names a person on its own.
 */
export type Redaction = 'none' | 'ids' | 'all';

export type PersonalKind = 'nationalId' | 'bankAccount' | 'name' | 'email' | 'phone' | 'address' | 'text';

const ID_KINDS: ReadonlySet<PersonalKind> = new Set(['nationalId', 'bankAccount']);

/** Which kinds a redaction masks. */
export function masks(redaction: Redaction, kind: PersonalKind): boolean {
  return redaction === 'all' || (redaction === 'ids' && ID_KINDS.has(kind));
}

/** Evidence paths (JSON pointers into the canonical applicant) by the kind of data they hold. */
const PATH_KINDS: ReadonlyArray<[RegExp, PersonalKind]> = [
  [/^\/nationalId$/, 'nationalId'],
  [/^\/bankAccount$/, 'bankAccount'],
  [/^\/(name|givenName|familyName|otherNames\/\d+|idDocument\/name|payment\/accountHolder|references\/\d+\/name|profiles\/[^/]+\/name)$/, 'name'],
  [/^\/(emails\/\d+|references\/\d+\/email)$/, 'email'],
  [/^\/(phones\/\d+|references\/\d+\/phone)$/, 'phone'],
  [/^\/(address|shippingAddress|idDocument\/address|employers\/\d+\/address)(\/.*)?$/, 'address'],
  [/^\/resumeText$/, 'text'],
];

export function kindOfPath(path: string): PersonalKind | undefined {
  for (const [pattern, kind] of PATH_KINDS) if (pattern.test(path)) return kind;
  return undefined;
}

/**
 * Finding data and evidence keys that hold personal data of their own kind: values not copied
 * from a located evidence value (a name joined from parts, an address on one line, another
 * applicant's name).
 */
const KEY_KINDS: Readonly<Record<string, PersonalKind>> = {
  name: 'name',
  holder: 'name',
  idName: 'name',
  profileName: 'name',
  otherName: 'name',
  email: 'email',
  otherEmails: 'email',
  phone: 'phone',
  address: 'address',
  shipping: 'address',
};

/** Evidence keys that restate the evidence's own value in another form (a phone number as E.164, the listed form of an e-mail). */
const SAME_AS_VALUE: ReadonlySet<string> = new Set(['e164', 'listedValue']);

/** The last four letters or digits, the rest as asterisks of a fixed count (the length is not shown). */
function lastFour(value: string): string {
  const kept = value.replace(/[^\p{L}\p{N}]/gu, '');
  return kept.length <= 4 ? '****' : `****${kept.slice(-4)}`;
}

/** "Kim Min-jun" → "K. M." */
function initials(value: string): string {
  const words = value.split(/[\s,]+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.length === 0 ? '[name]' : words.map((w) => `${[...w.replace(/^[^\p{L}\p{N}]+/u, '')][0]}.`).join(' ');
}

/** The local part goes, the domain stays: a disposable or front-company domain is the evidence. */
function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return '[e-mail]';
  return `${[...value][0]}***${value.slice(at)}`;
}

/** Every digit but the last two hidden, the layout kept. */
function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '').length;
  let seen = 0;
  return value.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '*'));
}

export function maskString(kind: PersonalKind, value: string): string {
  switch (kind) {
    case 'nationalId':
    case 'bankAccount':
      return lastFour(value);
    case 'name':
      return initials(value);
    case 'email':
      return maskEmail(value);
    case 'phone':
      return maskPhone(value);
    case 'address':
      return '[address]';
    case 'text':
      return '[text]';
  }
}

/** Masks strings anywhere in a value; an address object keeps its country. */
function maskDeep(kind: PersonalKind, value: unknown, key?: string): unknown {
  if (typeof value === 'string') return kind === 'address' && key === 'country' ? value : maskString(kind, value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(kind, v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(kind, v, k)]));
  }
  return value;
}

/**
 * Masks an evidence object by its path, and any evidence nested in it (identity-reuse's
 * `sharedWith` lists the other applicants' `{ path, value }`); keys of their own kind (another
 * applicant's `otherName`) by the key. Records each masked string in `masked` and each value left
 * as it is in `plain`. Returns the same object when nothing in it is masked.
 */
function redactEvidence(redaction: Redaction, e: Record<string, unknown>, masked: Map<string, string>, plain: Set<unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  const set = (key: string, value: unknown) => {
    copy ??= { ...e };
    copy[key] = value;
  };
  let own: PersonalKind | undefined;
  if (typeof e.path === 'string' && 'value' in e) {
    const kind = kindOfPath(e.path);
    if (kind !== undefined && masks(redaction, kind)) {
      own = kind;
      const value = maskDeep(kind, e.value);
      if (typeof e.value === 'string') masked.set(e.value, value as string);
      set('value', value);
    } else plain.add(e.value);
  }
  for (const [key, value] of Object.entries(e)) {
    if (key === 'path' || (key === 'value' && typeof e.path === 'string')) continue;
    const kind = own !== undefined && SAME_AS_VALUE.has(key) ? own : KEY_KINDS[key];
    if (kind !== undefined) {
      if (masks(redaction, kind)) set(key, maskDeep(kind, value));
    } else if (Array.isArray(value)) {
      const items = (value as unknown[]).map((v) => (isRecord(v) ? redactEvidence(redaction, v, masked, plain) : v));
      if (items.some((v, i) => v !== value[i])) set(key, items);
    } else if (isRecord(value)) {
      const inner = redactEvidence(redaction, value, masked, plain);
      if (inner !== value) set(key, inner);
    }
  }
  return copy ?? e;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Masks one finding's data and evidence before its message is written from the data, so the
 * message shows only what the data shows. Evidence is masked by its path; a data value equal to a
 * masked evidence value gets the same mask; other data is masked by its key, unless it is the
 * value of evidence that holds no personal data (an employer's name under `name`).
 */
export function redactFinding(
  redaction: Redaction,
  data: Record<string, string | number | boolean>,
  evidence: Evidence[],
): { data: Record<string, string | number | boolean>; evidence: Evidence[] } {
  if (redaction === 'none') return { data, evidence };
  const masked = new Map<string, string>();
  const plain = new Set<unknown>();
  // Evidence is walked as plain data: its keys decide what is masked, whichever they are.
  const outEvidence = evidence.map((e) => redactEvidence(redaction, e as unknown as Record<string, unknown>, masked, plain) as unknown as Evidence);
  let changed = outEvidence.some((e, i) => e !== evidence[i]);
  const outData: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(data)) {
    let out = value;
    if (typeof value === 'string') {
      const k = KEY_KINDS[key];
      const same = masked.get(value);
      if (same !== undefined) out = same;
      else if (k !== undefined && masks(redaction, k) && !plain.has(value)) out = maskString(k, value);
    }
    if (out !== value) changed = true;
    outData[key] = out;
  }
  return changed ? { data: outData, evidence: outEvidence } : { data, evidence };
}
