import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { Ledger, type LedgerOptions } from './ledger.js';

export { FindingKeys } from './ledger-key.js';

// Review decisions: what a reviewer verified about one finding of one person, kept in the identity
// ledger beside the identifiers. A decision holds keyed hashes of the person's contact identifiers,
// never the values; the reviewer's reason is free text the reviewer writes (docs/privacy.md).

export const DECISIONS = ['cleared', 'confirmed', 'escalated'] as const;
export type DecisionKind = (typeof DECISIONS)[number];

/** What a decision is about: one finding of one person, as the ledger names them (ids and hashes, no values). */
export interface FindingOfPerson {
  /** The applicant id (the person is `person`, whatever the id next time). */
  applicantId: string;
  finding: string;
  /** The finding without the applicant's value: the same question about another value re-opens a decision. */
  topic: string;
  /** The list entries the finding rests on: another version of them re-opens a decision. */
  basis: string;
  rule: string;
  messageId: string;
  /** Keyed hashes of the person's vendor id, e-mail addresses and phone numbers. */
  person: string[];
}

/** A finding a run reported, as the ledger keeps it for `vet review`. */
export interface SeenFinding extends FindingOfPerson {
  level: string;
  file: string;
}

export interface ReviewDecision extends FindingOfPerson {
  id: string;
  decision: DecisionKind;
  reason: string;
  by: string;
  /** ISO 8601. */
  at: string;
  expires?: string;
  undoneAt?: string;
  undoneBy?: string;
}

/**
 * Review decisions and reported findings as runs and `vet review` use them: one interface, kept in
 * the SQLite ledger (ReviewBook) or in a team's PostgreSQL ledger (./reviews-pg.ts), held to one
 * contract (test/sources/ledger-contract.test.ts).
 */
export interface ReviewStore {
  /** The ledger file, or the URL without its password: for messages. */
  readonly path: string;
  /** Decisions not undone, newest first. */
  active(): Promise<ReviewDecision[]>;
  /** Every decision (undone ones too), or one applicant id's, oldest first. */
  list(applicantId?: string): Promise<ReviewDecision[]>;
  /** Keeps what a run reported (the newest sighting of each applicant's finding), in one transaction. */
  recordSeen(rows: readonly SeenFinding[]): Promise<void>;
  /** The findings runs reported for an applicant id, newest first. */
  seen(applicantId: string): Promise<SeenFinding[]>;
  /** Records a decision about a finding a run reported. */
  decide(seen: SeenFinding, what: DecisionWhat): Promise<ReviewDecision>;
  /** Undoes a decision (kept, marked undone); undefined when there is none not undone. */
  undo(id: string, by: string): Promise<ReviewDecision | undefined>;
  get(id: string): Promise<ReviewDecision | undefined>;
  /** Erases an applicant's decisions and reported findings, and those about the same person under another id. */
  forget(applicantId: string): Promise<{ decisions: number; findings: number }>;
  close(): Promise<void>;
}

export interface DecisionWhat {
  decision: DecisionKind;
  reason: string;
  by: string;
  expires?: Date;
}

/** A new decision's id. */
export function decisionId(): string {
  return `d-${randomBytes(4).toString('hex')}`;
}

/** Whether a stored person (JSON array of hashes) shares a hash with `person`. */
export function samePerson(json: string, person: ReadonlySet<string>): boolean {
  return (JSON.parse(json) as string[]).some((p) => person.has(p));
}

export interface DecisionRow {
  id: string;
  applicant_id: string;
  finding: string;
  topic: string;
  basis: string;
  rule: string;
  message_id: string;
  person: string;
  decision: DecisionKind;
  reason: string;
  by: string;
  at: number;
  expires: number | null;
  undone_at: number | null;
  undone_by: string | null;
}

export function toDecision(r: DecisionRow): ReviewDecision {
  return {
    id: r.id,
    applicantId: r.applicant_id,
    finding: r.finding,
    topic: r.topic,
    basis: r.basis,
    rule: r.rule,
    messageId: r.message_id,
    person: JSON.parse(r.person) as string[],
    decision: r.decision,
    reason: r.reason,
    by: r.by,
    at: new Date(r.at).toISOString(),
    ...(r.expires !== null ? { expires: new Date(r.expires).toISOString() } : {}),
    ...(r.undone_at !== null ? { undoneAt: new Date(r.undone_at).toISOString() } : {}),
    ...(r.undone_by !== null ? { undoneBy: r.undone_by } : {}),
  };
}

/** The review decisions and the findings runs reported, in the identity ledger's database. */
export class ReviewBook {
  private readonly db: Database.Database;

  private constructor(
    private readonly ledger: Ledger,
    private readonly now: () => Date,
  ) {
    this.db = ledger.database();
  }

  /** The ledger's book, or undefined when the ledger is off (--no-ledger, VET_LEDGER=off). */
  static open(env: NodeJS.ProcessEnv, options: LedgerOptions = {}): ReviewBook | undefined {
    const ledger = Ledger.open(env, options);
    if (!ledger.enabled) return undefined;
    return new ReviewBook(ledger, options.now ?? (() => new Date()));
  }

  get path(): string {
    return this.ledger.path!;
  }

  /** Decisions not undone, newest first. */
  active(): ReviewDecision[] {
    return (this.db.prepare('SELECT * FROM decisions WHERE undone_at IS NULL ORDER BY at DESC, id').all() as DecisionRow[]).map(toDecision);
  }

  /** Every decision (undone ones too), or one applicant id's, oldest first. */
  list(applicantId?: string): ReviewDecision[] {
    const rows =
      applicantId === undefined
        ? this.db.prepare('SELECT * FROM decisions ORDER BY at, id').all()
        : this.db.prepare('SELECT * FROM decisions WHERE applicant_id = ? ORDER BY at, id').all(applicantId);
    return (rows as DecisionRow[]).map(toDecision);
  }

  /** Keeps what a run reported (the newest sighting of each applicant's finding), in one transaction. */
  recordSeen(rows: readonly SeenFinding[]): void {
    if (rows.length === 0) return;
    const at = this.now().getTime();
    const put = this.db.prepare(
      `INSERT INTO findings_seen (applicant_id, finding, topic, basis, rule, message_id, level, person, file, seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(applicant_id, finding) DO UPDATE SET topic = excluded.topic, basis = excluded.basis, level = excluded.level,
         person = excluded.person, file = excluded.file, seen_at = excluded.seen_at`,
    );
    this.db
      .transaction(() => {
        for (const r of rows) put.run(r.applicantId, r.finding, r.topic, r.basis, r.rule, r.messageId, r.level, JSON.stringify(r.person), r.file, at);
      })
      .immediate();
  }

  /** The findings runs reported for an applicant id, newest first. */
  seen(applicantId: string): SeenFinding[] {
    const rows = this.db.prepare('SELECT * FROM findings_seen WHERE applicant_id = ? ORDER BY seen_at DESC, finding').all(applicantId) as Array<{
      applicant_id: string;
      finding: string;
      topic: string;
      basis: string;
      rule: string;
      message_id: string;
      level: string;
      person: string;
      file: string;
    }>;
    return rows.map((r) => ({
      applicantId: r.applicant_id,
      finding: r.finding,
      topic: r.topic,
      basis: r.basis,
      rule: r.rule,
      messageId: r.message_id,
      level: r.level,
      person: JSON.parse(r.person) as string[],
      file: r.file,
    }));
  }

  /** Records a decision about a finding a run reported. */
  decide(seen: SeenFinding, what: DecisionWhat): ReviewDecision {
    const at = this.now().getTime();
    const row: DecisionRow = {
      id: decisionId(),
      applicant_id: seen.applicantId,
      finding: seen.finding,
      topic: seen.topic,
      basis: seen.basis,
      rule: seen.rule,
      message_id: seen.messageId,
      person: JSON.stringify(seen.person),
      decision: what.decision,
      reason: what.reason,
      by: what.by,
      at,
      expires: what.expires ? what.expires.getTime() : null,
      undone_at: null,
      undone_by: null,
    };
    this.db
      .prepare(
        `INSERT INTO decisions (id, applicant_id, finding, topic, basis, rule, message_id, person, decision, reason, by, at, expires, undone_at, undone_by)
         VALUES (@id, @applicant_id, @finding, @topic, @basis, @rule, @message_id, @person, @decision, @reason, @by, @at, @expires, @undone_at, @undone_by)`,
      )
      .run(row);
    return toDecision(row);
  }

  /** Undoes a decision (kept, marked undone, so the trail stays whole); undefined when there is none. */
  undo(id: string, by: string): ReviewDecision | undefined {
    const changed = this.db
      .prepare('UPDATE decisions SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL')
      .run(this.now().getTime(), by, id).changes;
    if (changed === 0) return undefined;
    return toDecision(this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow);
  }

  /** A decision by id, undone or not. */
  get(id: string): ReviewDecision | undefined {
    const row = this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow | undefined;
    return row ? toDecision(row) : undefined;
  }

  /**
   * Erases an applicant's decisions (reasons included) and reported findings: those made on this
   * id, and those about the same person (a shared person hash) under another id.
   */
  forget(applicantId: string): { decisions: number; findings: number } {
    const person = new Set<string>();
    for (const s of this.seen(applicantId)) for (const p of s.person) person.add(p);
    for (const d of this.list(applicantId)) for (const p of d.person) person.add(p);
    return this.db
      .transaction(() => {
        let decisions = this.db.prepare('DELETE FROM decisions WHERE applicant_id = ?').run(applicantId).changes;
        let findings = this.db.prepare('DELETE FROM findings_seen WHERE applicant_id = ?').run(applicantId).changes;
        if (person.size > 0) {
          const same = (json: string): boolean => samePerson(json, person);
          for (const r of this.db.prepare('SELECT id, person FROM decisions').all() as { id: string; person: string }[]) {
            if (same(r.person)) decisions += this.db.prepare('DELETE FROM decisions WHERE id = ?').run(r.id).changes;
          }
          for (const r of this.db.prepare('SELECT applicant_id, finding, person FROM findings_seen').all() as {
            applicant_id: string;
            finding: string;
            person: string;
          }[]) {
            if (same(r.person))
              findings += this.db.prepare('DELETE FROM findings_seen WHERE applicant_id = ? AND finding = ?').run(r.applicant_id, r.finding).changes;
          }
        }
        return { decisions, findings };
      })
      .immediate();
  }

  close(): void {
    this.ledger.close();
  }
}

/** The SQLite book behind the interface (its calls are synchronous underneath). */
export class SqliteReviewStore implements ReviewStore {
  constructor(private readonly book: ReviewBook) {}
  get path(): string {
    return this.book.path;
  }
  active(): Promise<ReviewDecision[]> {
    return Promise.resolve(this.book.active());
  }
  list(applicantId?: string): Promise<ReviewDecision[]> {
    return Promise.resolve(this.book.list(applicantId));
  }
  recordSeen(rows: readonly SeenFinding[]): Promise<void> {
    this.book.recordSeen(rows);
    return Promise.resolve();
  }
  seen(applicantId: string): Promise<SeenFinding[]> {
    return Promise.resolve(this.book.seen(applicantId));
  }
  decide(seen: SeenFinding, what: DecisionWhat): Promise<ReviewDecision> {
    return Promise.resolve(this.book.decide(seen, what));
  }
  undo(id: string, by: string): Promise<ReviewDecision | undefined> {
    return Promise.resolve(this.book.undo(id, by));
  }
  get(id: string): Promise<ReviewDecision | undefined> {
    return Promise.resolve(this.book.get(id));
  }
  forget(applicantId: string): Promise<{ decisions: number; findings: number }> {
    return Promise.resolve(this.book.forget(applicantId));
  }
  close(): Promise<void> {
    this.book.close();
    return Promise.resolve();
  }
}
