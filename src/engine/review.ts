import { createHash } from 'node:crypto';
import type { Applicant, InputPosition } from '../input/applicant.js';
import type { FindingKeys } from '../sources/ledger-key.js';
import type { ReviewDecision } from '../sources/reviews.js';
import type { VetConfig } from './config.js';
import { findingLevelRank, type FindingLevel } from './levels.js';
import type { Finding, FindingReview } from './report.js';
import type { Evidence, FindingReport } from './rule.js';

// How a reviewer's decision meets the next runs' findings. A finding's id names the rule, the
// message and the evidence that make it that finding (the list entry and the applicant's matched
// value); its topic leaves the applicant's value out, so that the same question about another
// value (another phone, another spelling) re-opens a decision instead of passing it by; its basis
// is the version of the list entries it rests on, so that a list update re-opens it too.

/** The input value an evidence item is about, as the finding id compares it. */
function valueKey(e: Evidence): string {
  if (e.e164 !== undefined) return e.e164;
  const v = typeof e.value === 'string' ? e.value : JSON.stringify(e.value ?? null);
  return v.trim().toLowerCase();
}

/** An evidence path without its position in a list: `/emails/1` and `/emails/0` are the same field. */
function field(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '');
}

function listed(e: Evidence): string {
  return [e.entryId, e.indicator, e.listedValue, e.kind].filter((x) => x !== undefined).join('|');
}

/** The text a finding id is the keyed hash of: rule, message, and each evidence item's field, value and list entry. */
export function subjectOf(rule: string, report: Pick<FindingReport, 'messageId' | 'evidence'>): string {
  const parts = report.evidence.map((e) => `${field(e.path)}\u0001${valueKey(e)}\u0001${listed(e)}`).sort();
  return [rule, report.messageId, ...parts].join('\u0000');
}

/** The finding without the applicant's values: rule, message and the list entries. */
export function topicOf(f: Pick<Finding, 'rule' | 'messageId' | 'evidence'>): string {
  const entries = [...new Set(f.evidence.map(listed).filter((x) => x !== ''))].sort();
  return [f.rule, f.messageId, ...entries].join('\u0000');
}

/** The version of what the finding rests on: its list entries' versions and programs. */
export function basisOf(f: Pick<Finding, 'evidence'>): string {
  const parts = f.evidence
    .filter((e) => e.entryId !== undefined || e.indicator !== undefined)
    .map((e) => [e.entryId, e.entryVersion, e.programs?.join(','), e.indicator, e.indicatorSource].map((x) => x ?? '').join('|'))
    .sort();
  // Most findings rest on no list entry: they share one basis.
  if (parts.length === 0) return NO_BASIS;
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 12);
}

const NO_BASIS = createHash('sha256').update('').digest('hex').slice(0, 12);

/** What identifies the person across exports: a vendor id (not a file:line position), e-mails and phones. */
export function personParts(applicant: Applicant, input: InputPosition): string[] {
  const out: string[] = [];
  const base = input.file.split(/[\\/]/).pop() ?? input.file;
  if (applicant.id !== `${base}:${input.line}`) out.push(`id\u0000${applicant.id}`);
  for (const e of applicant.emailAddresses) out.push(`email\u0000${e.key}`);
  for (const p of applicant.phoneNumbers) if (p.e164 !== undefined) out.push(`phone\u0000${p.e164}`);
  return out;
}

function maxLevel(a: FindingLevel, b: FindingLevel): FindingLevel {
  return findingLevelRank(a) >= findingLevelRank(b) ? a : b;
}

function review(d: ReviewDecision, status: FindingReview['status'], why?: string): FindingReview {
  return {
    status,
    decisionId: d.id,
    decision: d.decision,
    by: d.by,
    at: d.at,
    reason: d.reason,
    ...(d.expires !== undefined ? { expires: d.expires } : {}),
    ...(why !== undefined ? { why } : {}),
  };
}

/**
 * The decisions in force for a run, indexed by the person hashes they hold. Empty (no decision
 * recorded) costs a run nothing but the finding ids.
 */
export class Reviews {
  private readonly byPerson = new Map<string, ReviewDecision[]>();

  constructor(
    readonly keys: FindingKeys,
    decisions: readonly ReviewDecision[],
    private readonly now: Date,
  ) {
    for (const d of decisions) {
      for (const p of d.person) {
        const list = this.byPerson.get(p);
        if (list) list.push(d);
        else this.byPerson.set(p, [d]);
      }
    }
  }

  get empty(): boolean {
    return this.byPerson.size === 0;
  }

  /** The stable id of a finding, from its unmasked evidence. */
  findingId(rule: string, report: Pick<FindingReport, 'messageId' | 'evidence'>): string {
    return this.keys.hex('finding', subjectOf(rule, report));
  }

  /** Topics repeat across a batch (one per rule, message and list entry): each is hashed once. */
  private readonly topics = new Map<string, string>();

  topic(f: Pick<Finding, 'rule' | 'messageId' | 'evidence'>): string {
    const text = topicOf(f);
    let hex = this.topics.get(text);
    if (hex === undefined) {
      hex = this.keys.hex('topic', text);
      if (this.topics.size < 100_000) this.topics.set(text, hex);
    }
    return hex;
  }

  person(parts: readonly string[]): string[] {
    return parts.map((p) => this.keys.hex('person', p, 16));
  }

  /** Decisions about this person (any of their hashes), newest first. */
  candidates(parts: readonly string[]): ReviewDecision[] {
    if (this.empty || parts.length === 0) return [];
    const out = new Set<ReviewDecision>();
    for (const p of this.person(parts)) for (const d of this.byPerson.get(p) ?? []) out.add(d);
    return [...out].sort((a, b) => b.at.localeCompare(a.at));
  }

  /**
   * Marks each finding a decision is about, and applies it: a cleared finding adds no points, a
   * confirmed one keeps its level, an escalated one is at least high. A decision whose finding
   * changed (another value for the same question, another version of the list entry) or whose
   * expiry passed is shown re-opened, with why, and changes nothing.
   */
  apply(findings: Finding[], candidates: readonly ReviewDecision[], config: VetConfig, experimental: (rule: string) => boolean): void {
    if (candidates.length === 0) return;
    for (const f of findings) {
      const same = candidates.find((d) => d.finding === f.id);
      if (same !== undefined) {
        if (same.expires !== undefined && same.expires <= this.now.toISOString()) {
          f.review = review(same, 'reopened', `the decision expired on ${same.expires.slice(0, 10)}`);
        } else if (same.basis !== basisOf(f)) {
          f.review = review(same, 'reopened', 'the list entry changed since the decision (a new alias, date of birth or program): verify again');
        } else {
          f.review = review(same, 'decided');
          if (same.decision === 'cleared') f.points = 0;
          else if (same.decision === 'escalated') {
            f.level = maxLevel(f.level, 'high');
            f.points = experimental(f.rule) ? 0 : config.points[f.level];
          }
        }
        continue;
      }
      const topic = this.topic(f);
      const other = candidates.find((d) => d.topic === topic);
      if (other !== undefined) {
        f.review = review(other, 'reopened', "the applicant's matched value changed since the decision (another phone, address or spelling): verify again");
      }
    }
  }
}
