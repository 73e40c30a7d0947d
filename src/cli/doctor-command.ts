import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { VetConfig } from '../engine/config.js';
import { Command, Option } from 'commander';
import { wholeNumber } from './numbers.js';
import type { CommandContext } from './lists-command.js';
import { vetHome } from '../sources/home.js';
import { isPostgresUrl, safeUrl } from '../sources/ledger-store.js';
import { VERSION } from '../version.js';
import { grouped } from '../digits.js';

/** One thing a run relies on, as `vet doctor` found it. `problem` makes it exit 1; `note` does not. */
export interface DoctorCheck {
  check: 'home' | 'list' | 'ip data' | 'ledger' | 'audit';
  status: 'ok' | 'note' | 'problem';
  found: string;
  /** What to do about a problem or a note. */
  fix?: string;
}

export interface DoctorOptions {
  maxListAge: number;
  maxIpAge: number;
  ledger?: string | false;
  audit?: string;
  config?: string;
}

/** vet's home and what is in it: its owner's alone, since it holds the ledger key and applicant-derived hashes. */
function checkHome(home: string): DoctorCheck {
  if (!existsSync(home)) return { check: 'home', status: 'ok', found: `${home} does not exist yet: the first run creates it, readable by its owner only` };
  const open: string[] = [];
  const uid = process.getuid?.();
  const foreign: string[] = [];
  const visit = (path: string, depth: number) => {
    const st = statSync(path);
    if ((st.mode & 0o077) !== 0) open.push(`${path} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`);
    if (uid !== undefined && st.uid !== uid) foreign.push(path);
    if (st.isDirectory() && depth < 3) for (const name of readdirSync(path)) visit(join(path, name), depth + 1);
  };
  visit(home, 0);
  if (foreign.length > 0)
    return {
      check: 'home',
      status: 'problem',
      found: `${foreign[0]} belongs to another user`,
      fix: `vet's home must be its user's own: set VET_HOME to a folder you own`,
    };
  if (open.length > 0) {
    return {
      check: 'home',
      status: 'problem',
      found: `${open.length} path${open.length === 1 ? '' : 's'} under ${home} can be read or written by others: ${open.slice(0, 3).join(', ')}${open.length > 3 ? ', …' : ''}`,
      fix: `chmod -R go-rwx ${home}`,
    };
  }
  return { check: 'home', status: 'ok', found: `${home}: readable by its owner only` };
}

async function checkList(home: string, now: Date, maxAge: number): Promise<DoctorCheck> {
  const { loadInstalled, readMeta, listAgeDays } = await import('../sources/sanctions/store.js');
  const meta = readMeta(home);
  if (!meta) {
    const builtin = (await import('../sources/sanctions/watchlist.js')).builtinWatchlist();
    return {
      check: 'list',
      status: 'problem',
      found: `no OFAC list installed: runs screen against the ${builtin.entries.length} entries of the built-in DPRK watchlist (${builtin.date}) only`,
      fix: 'vet lists update (or vet lists import FOLDER on a machine without internet)',
    };
  }
  try {
    loadInstalled(home);
  } catch (e) {
    return {
      check: 'list',
      status: 'problem',
      found: `the installed list cannot be read: ${(e as Error).message}`,
      fix: 'vet lists update, or vet lists rollback',
    };
  }
  const age = listAgeDays(meta.date, now);
  const what = `${meta.description}, ${grouped(meta.counts.entries)} entries, dated ${meta.date} (${age} day${age === 1 ? '' : 's'} old)`;
  if (age > maxAge) return { check: 'list', status: 'problem', found: `${what}: older than ${maxAge} days`, fix: 'vet lists update' };
  return { check: 'list', status: 'ok', found: what };
}

async function checkIpData(ctx: CommandContext, options: DoctorOptions, config: VetConfig, now: Date): Promise<DoctorCheck> {
  const { loadSources } = await import('../sources/index.js');
  const { listAgeDays } = await import('../sources/sanctions/store.js');
  let loaded;
  try {
    loaded = await loadSources(['ip'], { env: ctx.env, ipData: config.ipData });
  } catch (e) {
    return { check: 'ip data', status: 'problem', found: (e as Error).message };
  }
  const parts = loaded.sources.ip?.parts ?? [];
  const warnings = loaded.info.flatMap((i) => i.warnings ?? []);
  const dated = parts.filter((p) => p.date !== undefined).map((p) => ({ id: p.id, date: p.date!, age: listAgeDays(p.date!, now) }));
  const found = dated.map((d) => `${d.id} ${d.date}`).join(', ') || 'no dated IP data';
  const stale = dated.filter((d) => d.age > options.maxIpAge);
  if (warnings.length > 0) return { check: 'ip data', status: 'problem', found: `${found}; ${warnings.join('; ')}` };
  if (stale.length > 0) {
    return {
      check: 'ip data',
      status: 'problem',
      found: `${found}: ${stale.map((d) => `${d.id} is ${d.age} days old`).join(', ')} (more than ${options.maxIpAge})`,
      fix: 'install a newer vet (its IP databases come with it), or give your own with --mmdb-country / --mmdb-asn',
    };
  }
  return { check: 'ip data', status: 'ok', found };
}

async function checkLedger(ctx: CommandContext, options: DoctorOptions, config: VetConfig): Promise<DoctorCheck> {
  const { ledgerIsOff } = await import('../sources/ledger-key.js');
  const { ledgerChoice } = await import('./options.js');
  const { LEDGER_FILE, openLedger } = await import('../sources/ledger.js');
  // As a run chooses it.
  const choice = ledgerChoice(options.ledger, config.ledger, ctx.env, ctx.cwd);
  const ledgerOptions = choice ?? {};
  if (ledgerIsOff(ctx.env, ledgerOptions)) return { check: 'ledger', status: 'note', found: 'off: identity-reuse compares each run only with itself' };
  const target: string | undefined = (choice && 'path' in choice ? choice.path : undefined) ?? (ctx.env.VET_LEDGER || undefined);
  const team = isPostgresUrl(target);
  const where = team ? safeUrl(target) : (target ?? join(vetHome(ctx.env), LEDGER_FILE));
  if (!team && !existsSync(where)) return { check: 'ledger', status: 'ok', found: `${where} does not exist yet: the first run creates it` };
  try {
    const ledger = await openLedger(ctx.env, ledgerOptions);
    try {
      const s = await ledger.stats();
      return {
        check: 'ledger',
        status: 'ok',
        found: `${where}: reachable, schema current, key matches; ${grouped(s.applicants)} applicants, ${grouped(s.identifiers)} identifiers`,
      };
    } finally {
      await ledger.close();
    }
  } catch (e) {
    return { check: 'ledger', status: 'problem', found: `${where}: ${(e as Error).message}` };
  }
}

async function checkAudit(ctx: CommandContext, options: DoctorOptions): Promise<DoctorCheck> {
  const { openAudit } = await import('../audit.js');
  let trail;
  try {
    trail = await openAudit(ctx.env, options.audit);
  } catch (e) {
    return { check: 'audit', status: 'problem', found: (e as Error).message };
  }
  if (!trail) return { check: 'audit', status: 'note', found: 'off (VET_AUDIT=off): runs are not recorded' };
  try {
    const v = await trail.verify();
    if (v.problems.length > 0) {
      return {
        check: 'audit',
        status: 'problem',
        found: `${trail.where}: chain BROKEN: ${v.problems.slice(0, 2).join('; ')}${v.problems.length > 2 ? ` (and ${v.problems.length - 2} more)` : ''}`,
        fix: 'vet audit verify lists every problem; keep the file as evidence and start a new trail elsewhere',
      };
    }
    return { check: 'audit', status: 'ok', found: `${trail.where}: ${grouped(v.records)} record${v.records === 1 ? '' : 's'}, chain intact` };
  } catch (e) {
    return { check: 'audit', status: 'problem', found: `${trail.where}: ${(e as Error).message}` };
  } finally {
    await trail.close();
  }
}

/** Every check, in the order a run meets them. */
export async function doctor(ctx: CommandContext, options: DoctorOptions): Promise<DoctorCheck[]> {
  const home = vetHome(ctx.env);
  const now = ctx.now();
  const { loadConfig } = await import('../engine/config.js');
  const { RULES } = await import('../rules/index.js');
  const config = loadConfig(RULES, { cwd: ctx.cwd, ...(options.config ? { path: options.config } : {}) });
  return [
    checkHome(home),
    await checkList(home, now, options.maxListAge),
    await checkIpData(ctx, options, config, now),
    await checkLedger(ctx, options, config),
    await checkAudit(ctx, options),
  ];
}

/** `vet doctor`: what a run will rely on, checked before a run (the first step of a CI job); exit 1 when something is stale or broken. */
export function doctorCommand(ctx: CommandContext): Command {
  return new Command('doctor')
    .description(
      "check what a run relies on: vet's home and its permissions, the sanctions list and its age, the IP data dates, the ledger (reachable, its key) and the audit chain; exit 1 when something is stale or broken",
    )
    .addOption(new Option('--max-list-age <days>', 'a sanctions list older than this is stale').argParser(wholeNumber(0)).default(7))
    .addOption(new Option('--max-ip-age <days>', 'IP data older than this is stale').argParser(wholeNumber(0)).default(365))
    .option('--ledger <file-or-url>', 'the ledger to check (default: as a run chooses: $VET_LEDGER, the config\'s "ledger", else ledger.sqlite in vet\'s home)')
    .option('--no-ledger', 'do not check a ledger')
    .option('--audit <url>', "the audit trail to check (default: $VET_AUDIT, else audit.log in vet's home)")
    .option('-c, --config <file>', 'config file (default: ./vet.config.json when present)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: DoctorOptions & { format: 'text' | 'json' }) => {
      const checks = await doctor(ctx, opts);
      const problems = checks.filter((c) => c.status === 'problem').length;
      if (opts.format === 'json') ctx.out(`${JSON.stringify({ vet: VERSION, node: process.version, home: vetHome(ctx.env), problems, checks }, null, 2)}\n`);
      else {
        const lines = [`vet ${VERSION} on Node ${process.version}`];
        for (const c of checks) {
          lines.push(`  ${(c.status === 'problem' ? 'PROBLEM' : c.status).padEnd(8)} ${c.check.padEnd(8)} ${c.found}`);
          if (c.fix) lines.push(`  ${' '.repeat(18)}fix: ${c.fix}`);
        }
        lines.push(
          problems === 0
            ? 'Everything a run relies on is in place.'
            : `${problems} problem${problems === 1 ? '' : 's'}: a run would rely on something stale or broken.`,
        );
        ctx.out(lines.join('\n') + '\n');
      }
      if (problems > 0) ctx.setExitCode(1);
    });
}
