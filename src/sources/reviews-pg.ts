import type pg from 'pg';
import { SourceError } from '../errors.js';
import { connectTeam, fromPgText, pgText } from './ledger-pg.js';
import { safeUrl } from './ledger-store.js';
import { decisionId, samePerson, toDecision, type DecisionRow, type DecisionWhat, type ReviewDecision, type ReviewStore, type SeenFinding } from './reviews.js';

// Review decisions in a team's PostgreSQL ledger: the same rows as the SQLite book (tables
// vet_decisions and vet_findings_seen, schema 4), so a decision one recruiter records is applied
// by every machine's next run. Text that may hold NUL (ids, reasons) is stored escaped (pgText).

type PgDecisionRow = Omit<DecisionRow, 'at' | 'expires' | 'undone_at'> & { at: string; expires: string | null; undone_at: string | null };

function fromRow(r: PgDecisionRow): ReviewDecision {
  return toDecision({
    ...r,
    applicant_id: fromPgText(r.applicant_id),
    reason: fromPgText(r.reason),
    by: fromPgText(r.by),
    undone_by: r.undone_by === null ? null : fromPgText(r.undone_by),
    at: Number(r.at),
    expires: r.expires === null ? null : Number(r.expires),
    undone_at: r.undone_at === null ? null : Number(r.undone_at),
  });
}

export class PgReviewStore implements ReviewStore {
  private constructor(
    readonly path: string,
    private readonly client: pg.Client,
    private readonly now: () => Date,
  ) {}

  static async open(url: string, key: Buffer, now: () => Date = () => new Date()): Promise<PgReviewStore> {
    return new PgReviewStore(safeUrl(url), await connectTeam(url, key), now);
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.client.query<R>(text, values);
    } catch (e) {
      throw new SourceError(`identity ledger ${this.path}: ${(e as Error).message}`);
    }
  }

  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.query('BEGIN');
    try {
      const out = await fn();
      await this.query('COMMIT');
      return out;
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  async active(): Promise<ReviewDecision[]> {
    return (await this.query<PgDecisionRow>('SELECT * FROM vet_decisions WHERE undone_at IS NULL ORDER BY at DESC, id')).rows.map(fromRow);
  }

  async list(applicantId?: string): Promise<ReviewDecision[]> {
    const rows =
      applicantId === undefined
        ? await this.query<PgDecisionRow>('SELECT * FROM vet_decisions ORDER BY at, id')
        : await this.query<PgDecisionRow>('SELECT * FROM vet_decisions WHERE applicant_id = $1 ORDER BY at, id', [pgText(applicantId)]);
    return rows.rows.map(fromRow);
  }

  async recordSeen(rows: readonly SeenFinding[]): Promise<void> {
    if (rows.length === 0) return;
    // One row per applicant and finding (the last wins): an upsert may not touch a row twice.
    const last = new Map<string, SeenFinding>();
    for (const r of rows) last.set(`${r.applicantId}\u0000${r.finding}`, r);
    const list = [...last.values()];
    const column = (f: (r: SeenFinding) => string) => list.map(f);
    await this.query(
      `INSERT INTO vet_findings_seen (applicant_id, finding, topic, basis, rule, message_id, level, person, file, seen_at)
       SELECT *, $10::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       ON CONFLICT (applicant_id, finding) DO UPDATE SET topic = excluded.topic, basis = excluded.basis, level = excluded.level,
         person = excluded.person, file = excluded.file, seen_at = excluded.seen_at`,
      [
        column((r) => pgText(r.applicantId)),
        column((r) => r.finding),
        column((r) => r.topic),
        column((r) => r.basis),
        column((r) => r.rule),
        column((r) => r.messageId),
        column((r) => r.level),
        column((r) => JSON.stringify(r.person)),
        column((r) => pgText(r.file)),
        this.now().getTime(),
      ],
    );
  }

  async seen(applicantId: string): Promise<SeenFinding[]> {
    const rows = await this.query<{
      applicant_id: string;
      finding: string;
      topic: string;
      basis: string;
      rule: string;
      message_id: string;
      level: string;
      person: string;
      file: string;
    }>('SELECT * FROM vet_findings_seen WHERE applicant_id = $1 ORDER BY seen_at DESC, finding', [pgText(applicantId)]);
    return rows.rows.map((r) => ({
      applicantId: fromPgText(r.applicant_id),
      finding: r.finding,
      topic: r.topic,
      basis: r.basis,
      rule: r.rule,
      messageId: r.message_id,
      level: r.level,
      person: JSON.parse(r.person) as string[],
      file: fromPgText(r.file),
    }));
  }

  async decide(seen: SeenFinding, what: DecisionWhat): Promise<ReviewDecision> {
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
      at: this.now().getTime(),
      expires: what.expires ? what.expires.getTime() : null,
      undone_at: null,
      undone_by: null,
    };
    await this.query(
      `INSERT INTO vet_decisions (id, applicant_id, finding, topic, basis, rule, message_id, person, decision, reason, by, at, expires)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        row.id,
        pgText(row.applicant_id),
        row.finding,
        row.topic,
        row.basis,
        row.rule,
        row.message_id,
        row.person,
        row.decision,
        pgText(row.reason),
        pgText(row.by),
        row.at,
        row.expires,
      ],
    );
    return toDecision(row);
  }

  async undo(id: string, by: string): Promise<ReviewDecision | undefined> {
    const r = await this.query<PgDecisionRow>('UPDATE vet_decisions SET undone_at = $1, undone_by = $2 WHERE id = $3 AND undone_at IS NULL RETURNING *', [
      this.now().getTime(),
      pgText(by),
      id,
    ]);
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  async get(id: string): Promise<ReviewDecision | undefined> {
    const r = await this.query<PgDecisionRow>('SELECT * FROM vet_decisions WHERE id = $1', [id]);
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  async forget(applicantId: string): Promise<{ decisions: number; findings: number }> {
    const person = new Set<string>();
    for (const s of await this.seen(applicantId)) for (const p of s.person) person.add(p);
    for (const d of await this.list(applicantId)) for (const p of d.person) person.add(p);
    return this.transaction(async () => {
      const id = pgText(applicantId);
      let decisions = (await this.query('DELETE FROM vet_decisions WHERE applicant_id = $1', [id])).rowCount ?? 0;
      let findings = (await this.query('DELETE FROM vet_findings_seen WHERE applicant_id = $1', [id])).rowCount ?? 0;
      if (person.size > 0) {
        // The same person under another id: a shared keyed hash of their vendor id, e-mail or phone.
        const others = (await this.query<{ id: string; person: string }>('SELECT id, person FROM vet_decisions')).rows.filter((r) =>
          samePerson(r.person, person),
        );
        if (others.length > 0) decisions += (await this.query('DELETE FROM vet_decisions WHERE id = ANY($1::text[])', [others.map((r) => r.id)])).rowCount ?? 0;
        const seen = (
          await this.query<{ applicant_id: string; finding: string; person: string }>('SELECT applicant_id, finding, person FROM vet_findings_seen')
        ).rows.filter((r) => samePerson(r.person, person));
        if (seen.length > 0)
          findings +=
            (
              await this.query('DELETE FROM vet_findings_seen WHERE (applicant_id, finding) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [
                seen.map((r) => r.applicant_id),
                seen.map((r) => r.finding),
              ])
            ).rowCount ?? 0;
      }
      return { decisions, findings };
    });
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
