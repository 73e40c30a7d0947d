import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Report } from '../engine/report.js';
import type { CommandContext } from './lists-command.js';

/** `vet report APPLICANT --from report.json [-o one.html]`: one candidate's printable page. */
export function reportCommand(ctx: CommandContext): Command {
  return new Command('report')
    .description("one candidate's page as a self-contained HTML file (print it to PDF), from a JSON report")
    .argument('<applicant-id>', 'the applicant id as the report prints it')
    .requiredOption('--from <report.json>', 'a JSON report written with -f json')
    .option('-o, --output <file>', 'write the page to a file instead of standard output')
    .action(async (id: string, opts: { from: string; output?: string }) => {
      const path = resolve(ctx.cwd, opts.from);
      let report: Report;
      try {
        report = JSON.parse(readFileSync(path, 'utf8')) as Report;
      } catch (e) {
        throw new UsageError(`--from ${opts.from}: not a JSON report that can be read (${(e as NodeJS.ErrnoException).code ?? 'not JSON'})`);
      }
      if (!Array.isArray(report.applicants) || report.tool?.name !== 'vet') throw new UsageError(`--from ${opts.from}: not a vet JSON report`);
      const applicant = report.applicants.find((a) => a.id === id);
      if (!applicant) throw new UsageError(`applicant "${id}" is not in ${opts.from} (${report.applicants.length} applicants there)`);
      const { formatHtml } = await import('../formatters/html.js');
      const html = formatHtml({ ...report, applicants: [applicant] }, { single: true, listClear: true });
      if (opts.output) {
        const { fileSink } = await import('./sink.js');
        const sink = await fileSink(resolve(ctx.cwd, opts.output), opts.output);
        try {
          await sink.write(html);
        } finally {
          await sink.close();
        }
      } else ctx.out(html);
    });
}
