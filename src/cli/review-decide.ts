import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { UsageError } from '../errors.js';
import type { AuditReviewBody } from '../audit.js';
import type { DecisionKind, ReviewDecision, ReviewStore } from '../sources/reviews.js';
import type { CommandContext } from './lists-command.js';
import { VERSION } from '../version.js';

// What \`vet review ID FINDING\` and the walk through a report share: reading a decision's options,
// recording it against a finding a run reported, and its audit record.

export interface DecisionInput {
  decision: DecisionKind;
  reason: string;
  by: string;
  expires?: Date;
}

/** The reviewer's name: --by, else the login name. */
export function reviewer(by: string | undefined): string {
  if (by !== undefined && by.trim() !== '') return by.trim();
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Appends a decision, or its undoing, to the audit trail (vet's home, or VET_AUDIT's database). */
export async function auditDecision(ctx: CommandContext, event: AuditReviewBody['event'], d: ReviewDecision): Promise<void> {
  const { openAudit } = await import('../audit.js');
  const trail = await openAudit(ctx.env);
  if (!trail) return;
  const body: AuditReviewBody = {
    event,
    time: ctx.now().toISOString(),
    vet: VERSION,
    decision: {
      id: d.id,
      finding: d.finding,
      rule: d.rule,
      messageId: d.messageId,
      decision: d.decision,
      by: event === 'review' ? d.by : (d.undoneBy ?? d.by),
      ...(d.expires !== undefined ? { expires: d.expires } : {}),
      reasonSha256: createHash('sha256').update(d.reason).digest('hex'),
    },
  };
  try {
    await trail.append(body);
  } finally {
    await trail.close();
  }
}

/** Records a decision about a finding a run reported for this applicant id (the id every report prints). */
export async function decide(book: ReviewStore, applicantId: string, finding: string, input: DecisionInput): Promise<ReviewDecision> {
  const seen = await book.seen(applicantId);
  const match = seen.filter((s) => s.finding === finding || (finding.length >= 6 && s.finding.startsWith(finding)));
  if (match.length === 0) {
    const known = seen.map((s) => `${s.finding} (${s.rule}/${s.messageId})`).join(', ');
    throw new UsageError(
      seen.length === 0
        ? `applicant "${applicantId}" has no reported finding in the ledger ${book.path}: run vet on the export first, with the ledger on (not --no-ledger)`
        : `applicant "${applicantId}" has no finding "${finding}" in the ledger; its findings: ${known}`,
    );
  }
  if (match.length > 1) throw new UsageError(`finding "${finding}" is ambiguous for applicant "${applicantId}": give more of its id`);
  if (match[0]!.person.length === 0) {
    throw new UsageError(
      `applicant "${applicantId}" has no vendor id, e-mail address or phone number vet can recognise them by next time, so a decision would never be applied; add an id column to the export (or --map id=COLUMN) and run vet again`,
    );
  }
  return book.decide(match[0]!, input);
}

/** Parses --decision, --reason, --by and --expires as a decision. */
export function decisionInput(
  opts: { decision: string; reason?: string; by?: string; expires?: string },
  now: Date,
  ageFromNow: (t: string, n: Date) => Date | undefined,
): DecisionInput {
  if (!['cleared', 'confirmed', 'escalated'].includes(opts.decision)) {
    throw new UsageError(`--decision: "${opts.decision}" is not cleared, confirmed or escalated`);
  }
  const reason = opts.reason?.trim() ?? '';
  if (reason === '') throw new UsageError('--reason: say what you verified (it is shown on the next runs with the decision)');
  let expires: Date | undefined;
  if (opts.expires !== undefined) {
    expires = ageFromNow(opts.expires, now);
    if (!expires) throw new UsageError(`--expires: "${opts.expires}" is not an age (a number and d, w, m or y, such as 365d)`);
  }
  return { decision: opts.decision as DecisionKind, reason, by: reviewer(opts.by), ...(expires ? { expires } : {}) };
}
