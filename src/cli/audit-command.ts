import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { wholeNumber } from './numbers.js';
import type { CommandContext } from './lists-command.js';

const auditModule = () => import('../audit.js');

const auditOption = () => new Option('--audit <url>', "a team's audit trail in PostgreSQL (postgres://...; default: $VET_AUDIT, else audit.log in vet's home)");

async function trailOf(ctx: CommandContext, target: string | undefined) {
  const { openAudit } = await auditModule();
  const trail = await openAudit(ctx.env, target);
  if (!trail) throw new UsageError('the audit trail is off (VET_AUDIT=off): nothing to read');
  return trail;
}

/** `vet audit` lists the audit trail; `vet audit verify` checks its hash chain. */
export function auditCommand(ctx: CommandContext): Command {
  const audit = new Command('audit')
    .description(
      "the audit trail: one record per vetting run in vet's home (files and their SHA-256, rules, data versions, counts, exit code; no applicant data)",
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--last <n>', 'only the newest n records', wholeNumber(1))
    .addOption(auditOption())
    .action(async (opts: { format: 'text' | 'json'; last?: number; audit?: string }) => {
      const trail = await trailOf(ctx, opts.audit);
      const all = await trail.read().finally(() => trail.close());
      const records = opts.last ? all.slice(-opts.last) : all;
      if (opts.format === 'json') {
        ctx.out(`${JSON.stringify(records, null, 2)}\n`);
        return;
      }
      if (records.length === 0) {
        ctx.out('no runs recorded yet\n');
        return;
      }
      for (const r of records) {
        if (r.event !== undefined) {
          const d = r.decision;
          ctx.out(
            `#${r.seq}  ${r.time}  vet ${r.vet}  ${r.event === 'review' ? `review ${d.id}: ${d.decision}` : `undo ${d.id} (${d.decision})`} by ${d.by}  finding ${d.finding} (${d.rule}/${d.messageId})\n`,
          );
          continue;
        }
        const levels = Object.entries(r.counts.byLevel)
          .filter(([, n]) => n > 0)
          .map(([l, n]) => `${l} ${n}`)
          .join(', ');
        const inputs = r.inputs.map((i) => `${i.name} (sha256 ${i.sha256 ? i.sha256.slice(0, 12) : 'unreadable'}…)`).join(', ');
        ctx.out(
          `#${r.seq}  ${r.time}  vet ${r.vet}  exit ${r.exitCode}  ${r.counts.applicants} applicant${r.counts.applicants === 1 ? '' : 's'}${levels ? ` (${levels})` : ''}${r.counts.rejected ? `, ${r.counts.rejected} rejected` : ''}  ${inputs}\n`,
        );
      }
    });

  audit
    .command('verify')
    .description('check the hash chain: exit 0 when no record was edited or removed, 1 when one was')
    .addOption(auditOption())
    .action(async (opts: { audit?: string }, command: Command) => {
      // --audit is read by `vet audit` too: `vet audit --audit URL verify` works as well.
      const trail = await trailOf(ctx, opts.audit ?? (command.parent?.opts() as { audit?: string }).audit);
      const check = await trail.verify().finally(() => trail.close());
      const AUDIT_FILE = trail.where;
      const records = `${check.records} record${check.records === 1 ? '' : 's'}`;
      if (check.problems.length > 0) {
        for (const p of check.problems) ctx.err(`vet: audit: ${p}\n`);
        ctx.out(`${AUDIT_FILE}: ${records}, chain BROKEN (${check.problems.length} problem${check.problems.length === 1 ? '' : 's'})\n`);
        ctx.setExitCode(1);
        return;
      }
      ctx.out(
        check.head
          ? `${AUDIT_FILE}: ${records}, chain intact; newest record #${check.head.seq}, sha256 ${check.head.hash}\n(keep this hash elsewhere: a log rewritten from its first record is caught only against a copy of it)\n`
          : `${AUDIT_FILE}: no runs recorded yet\n`,
      );
    });
  return audit;
}
