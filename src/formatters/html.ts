import { createHash } from 'node:crypto';
import { APPLICANT_LEVELS, type ApplicantLevel } from '../engine/levels.js';
import type { ApplicantResult, Report, ReportHead } from '../engine/report.js';
import { HTML_CSS, HTML_JS } from './html-assets.js';
import { kindLabel, RingCollector } from './html-graph.js';
import { errorLine, visible } from './shared.js';
import { writeWhole, type ReportWriter } from './writer.js';
import { grouped } from '../digits.js';

// The HTML report: one self-contained file (inline style and script, no font, image or request of
// any kind), which a recruiter opens offline, forwards and prints. The page's data is the report's
// applicants as JSON in a data block; the script draws the list, the filters and each candidate's
// one-pager from it. The summary, the charts and the identity-reuse graph are drawn by vet.

export interface HtmlOptions {
  /** List clear applicants too (by default they are counted, not listed). */
  listClear?: boolean;
  /** At most this many applicants are listed, the worst kept (the page stays small and fast). */
  maxListed?: number;
  /** A single candidate's page (`vet report ID --from report.json`): opens on its one-pager. */
  single?: boolean;
}

const RANK: Record<ApplicantLevel, number> = Object.fromEntries(APPLICANT_LEVELS.map((l, i) => [l, i])) as Record<ApplicantLevel, number>;

/** Text for HTML text and attribute values: the five characters that are markup, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \u escapes, so that no
 * value ("</script><img ...>") can end the block, and the line separators JavaScript reads as ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** The page's policy: nothing loads or connects; only vet's own style and script, by hash. */
export const CSP = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(HTML_JS)}'`,
  `style-src 'sha256-${sha256(HTML_CSS)}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const fmt = (n: number): string => grouped(n);

/** A horizontal bar chart as SVG: a label and the number on every bar, so no bar is read by colour. */
function barChart(title: string, rows: Array<{ label: string; value: number; cls: string }>): string {
  const height = 24 * rows.length + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bars = rows
    .map((r, i) => {
      const y = 4 + 24 * i;
      const w = Math.round((260 * r.value) / max);
      return `<text x="0" y="${y + 15}">${escapeHtml(r.label)}</text><rect class="${r.cls}" x="150" y="${y + 3}" width="${Math.max(w, r.value > 0 ? 2 : 0)}" height="16"></rect><text x="${156 + w}" y="${y + 15}">${fmt(r.value)}</text>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg class="chart" role="img" aria-label="${escapeHtml(title)}: ${escapeHtml(rows.map((r) => `${r.label} ${r.value}`).join(', '))}" width="480" height="${height}" viewBox="0 0 480 ${height}">${bars}</svg></figure>`;
}

function summaryHtml(head: ReportHead, reviewedCount: number | undefined): string {
  const s = head.summary;
  const tiles: Array<[string, string]> = [
    ['applicants vetted', fmt(s.applicants)],
    [`need review (${head.scoring.failOn}${head.scoring.failOn === 'critical' || head.scoring.failOn === 'none' ? '' : ' or above'})`, fmt(s.failed)],
    ...[...APPLICANT_LEVELS].reverse().map((l): [string, string] => [l, fmt(s.byLevel[l])]),
    ['rejected records', fmt(s.rejected)],
  ];
  if (reviewedCount !== undefined) tiles.splice(2, 0, ['reviewed', fmt(reviewedCount)]);
  const levelChart = barChart(
    'Applicants by level',
    [...APPLICANT_LEVELS].reverse().map((l) => ({ label: l, value: s.byLevel[l], cls: `bar-${l}` })),
  );
  const rules = Object.entries(s.byRule)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 10);
  const ruleChart =
    rules.length > 0
      ? barChart(
          'Applicants flagged by rule',
          rules.map(([r, n]) => ({ label: r, value: n, cls: 'bar-rule' })),
        )
      : '';
  const notes = s.notes.map((n) => `<p class="muted">Note: ${escapeHtml(visible(n))}</p>`).join('');
  const unchecked = Object.entries(s.notChecked)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([c, n]) => `<li>${escapeHtml(visible(c))}: ${fmt(n)} applicant${n === 1 ? '' : 's'}</li>`)
    .join('');
  return (
    `<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>` +
    `<div class="tiles">${tiles.map(([label, n]) => `<div class="tile"><span class="n">${n}</span>${escapeHtml(label)}</div>`).join('')}</div>` +
    `<div class="charts">${levelChart}${ruleChart}</div>` +
    (unchecked ? `<h3>What could not be checked</h3><ul>${unchecked}</ul>` : '') +
    notes +
    `</section>`
  );
}

function graphHtml(collector: RingCollector, indexOf: Map<string, number>): string {
  const width = 960;
  const height = 540;
  const { nodes, edges, rings } = collector.layout(width, height);
  if (nodes.length === 0)
    return `<section id="graph" aria-labelledby="h-graph"><h2 id="h-graph">Identity rings</h2><p>No applicants share an identifier.</p></section>`;
  const at = new Map(nodes.map((n) => [n.id, n]));
  const hulls: string[] = [];
  for (let ring = 1; ring <= rings; ring++) {
    const members = nodes.filter((n) => n.ring === ring);
    const cx = members.reduce((t, n) => t + n.x!, 0) / members.length;
    const cy = members.reduce((t, n) => t + n.y!, 0) / members.length;
    const r = Math.max(...members.map((n) => Math.hypot(n.x! - cx, n.y! - cy))) + 28;
    hulls.push(
      `<g class="ring" data-ring="${ring}" data-members="${members.length}"><circle class="ring-hull" cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r.toFixed(1)}"></circle><text class="ring-label" x="${(cx - r + 6).toFixed(1)}" y="${(cy - r + 14).toFixed(1)}">Ring ${ring} (${members.length} applicants)</text></g>`,
    );
  }
  const lines = edges
    .map((e) => {
      const a = at.get(e.source)!;
      const b = at.get(e.target)!;
      const label = kindLabel(e.kind);
      return `<g class="link"><line class="edge" x1="${a.x!.toFixed(1)}" y1="${a.y!.toFixed(1)}" x2="${b.x!.toFixed(1)}" y2="${b.y!.toFixed(1)}"><title>${escapeHtml(`${e.source} and ${e.target} share a ${label}`)}</title></line><text class="edge-label" x="${((a.x! + b.x!) / 2).toFixed(1)}" y="${((a.y! + b.y!) / 2 - 3).toFixed(1)}">${escapeHtml(label)}</text></g>`;
    })
    .join('');
  const dots = nodes
    .map((n) => {
      const label = `${n.id} (${n.level})`;
      const shape = `<circle class="bar-${n.level}" cx="${n.x!.toFixed(1)}" cy="${n.y!.toFixed(1)}" r="9"></circle><text x="${(n.x! + 12).toFixed(1)}" y="${(n.y! + 4).toFixed(1)}">${escapeHtml(label)}</text><title>${escapeHtml(n.name ? `${n.name}, ${label}` : label)}</title>`;
      const index = indexOf.get(n.id);
      return index === undefined
        ? `<g class="node" data-id="${escapeHtml(n.id)}">${shape}</g>`
        : `<a class="node" href="#cand-${index}" data-id="${escapeHtml(n.id)}" aria-label="${escapeHtml(`open ${label}`)}">${shape}</a>`;
    })
    .join('');
  return (
    `<section id="graph" aria-labelledby="h-graph"><h2 id="h-graph">Identity rings</h2>` +
    `<p>Applicants who share a phone, e-mail, bank account, wallet, address, IP address or resume, each ring in its own circle. The colour and the word give each applicant's level; select one to open its page.</p>` +
    `<svg aria-labelledby="graph-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title id="graph-title">${rings} ring${rings === 1 ? '' : 's'} of applicants sharing identifiers</title>${hulls.join('')}${lines}${dots}</svg></section>`
  );
}

/**
 * The page's data, smaller: what repeats from applicant to applicant (each message's next step and
 * doc, the checks and their reasons) is written once in a table and referred to by number, and the
 * message data the page does not show is left out. A 100,000-applicant batch stays well under 50 MB.
 */
function compact(applicants: readonly ApplicantResult[]): { applicants: unknown[]; strings: string[]; steps: Record<string, [string, string]> } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const steps: Record<string, [string, string]> = {};
  const out = applicants.map((a) => ({
    id: a.id,
    name: a.name,
    input: a.input,
    score: a.score,
    level: a.level,
    failed: a.failed,
    ...(a.identity ? { identity: a.identity } : {}),
    findings: a.findings.map(({ data: _data, nextStep, doc, ...f }) => {
      steps[`${f.rule}/${f.messageId}`] ??= [nextStep ?? '', doc];
      return f;
    }),
    checks: { checked: a.checks.checked.map(ref), notChecked: a.checks.notChecked.map((c) => [ref(c.check), ref(c.reason)]) },
  }));
  return { applicants: out, strings, steps };
}

/** The HTML report; applicants are kept (the worst `maxListed`) and written at the end. */
export function htmlWriter(options: HtmlOptions = {}): ReportWriter {
  const maxListed = options.maxListed ?? 20_000;
  const kept: Array<{ a: ApplicantResult; seq: number }> = [];
  let seq = 0;
  let dropped = 0;
  const rings = new RingCollector();
  const compare = (x: { a: ApplicantResult; seq: number }, y: { a: ApplicantResult; seq: number }): number =>
    RANK[y.a.level] - RANK[x.a.level] || y.a.score - x.a.score || x.seq - y.seq;
  return {
    start: () => '',
    applicant(a) {
      if (a.findings.length === 0 && a.level !== 'unchecked' && !options.listClear) return '';
      rings.add(a);
      kept.push({ a, seq: seq++ });
      if (kept.length >= 2 * maxListed) {
        kept.sort(compare);
        dropped += kept.length - maxListed;
        kept.length = maxListed;
      }
      return '';
    },
    end(head) {
      kept.sort(compare);
      if (kept.length > maxListed) {
        dropped += kept.length - maxListed;
        kept.length = maxListed;
      }
      const applicants = kept.map((k) => k.a);
      const indexOf = new Map(applicants.map((a, i) => [a.id, i]));
      const reviewed = applicants.filter((a) => a.findings.some((f) => f.review?.status === 'decided')).length;
      const rules = [...new Set(applicants.flatMap((a) => a.findings.map((f) => f.rule)))].sort();
      const files = [...new Set(applicants.map((a) => a.input.file))].sort();
      const option = (v: string, label = v): string => `<option value="${escapeHtml(v)}">${escapeHtml(label)}</option>`;
      const notListed = head.summary.applicants - applicants.length;
      const title = options.single && applicants[0] ? `vet: ${applicants[0].id}` : 'vet report';
      const data = { ...compact(applicants), notice: head.notice, single: options.single === true };
      const errors = head.errors.length
        ? `<section aria-labelledby="h-errors"><h2 id="h-errors">Rejected input (${fmt(head.errors.length)})</h2><ul>${head.errors
            .slice(0, 200)
            .map((e) => `<li>${escapeHtml(errorLine(e))}</li>`)
            .join('')}</ul>${head.errors.length > 200 ? `<p>… and ${fmt(head.errors.length - 200)} more (see -f json)</p>` : ''}</section>`
        : '';
      return [
        `<!doctype html><html lang="en"><head><meta charset="utf-8">`,
        `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
        `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">`,
        `<title>${escapeHtml(title)}</title><style>${HTML_CSS}</style></head><body>`,
        `<header><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(`vet ${head.tool.version}, ${head.generatedAt.slice(0, 16).replace('T', ' ')} UTC`)}</p>`,
        head.incomplete ? `<p class="incomplete"><strong>Incomplete:</strong> ${escapeHtml(head.incomplete)}</p>` : '',
        `<p class="notice">${escapeHtml(head.notice)}</p>`,
        options.single
          ? ''
          : `<nav aria-label="Sections"><a href="#summary">Summary</a> · <a href="#batch">Applicants</a> · <a href="#graph">Identity rings</a></nav>`,
        `</header><main>`,
        options.single ? '' : summaryHtml(head, reviewed),
        options.single
          ? ''
          : `<section id="batch" aria-labelledby="h-batch"><h2 id="h-batch">Applicants, worst first</h2>` +
            `<p class="muted">${fmt(applicants.length)} listed${notListed > 0 ? `; ${fmt(notListed)} not listed (${options.listClear ? '' : 'clear applicants are counted, not listed'}${dropped > 0 ? `${options.listClear ? '' : '; '}${fmt(dropped)} flagged beyond the ${fmt(maxListed)} worst: -f csv lists every one` : ''})` : ''}.</p>` +
            `<div class="controls" role="search">` +
            `<label>Level<select id="f-level">${option('', 'any level')}${[...APPLICANT_LEVELS]
              .reverse()
              .map((l) => option(l))
              .join('')}</select></label>` +
            `<label>Rule<select id="f-rule">${option('', 'any rule')}${rules.map((r) => option(r)).join('')}</select></label>` +
            `<label>Input file<select id="f-file">${option('', 'any file')}${files.map((f) => option(f)).join('')}</select></label>` +
            `<label>Reviewed<select id="f-reviewed">${option('', 'either')}${option('yes', 'reviewed')}${option('no', 'not reviewed')}</select></label>` +
            `<label>Sort<select id="f-sort">${option('level', 'worst first')}${option('score', 'highest score')}${option('name', 'name')}${option('input', 'input order')}</select></label>` +
            `<label>Search<input id="f-search" type="search" placeholder="name, id, finding"></label></div>` +
            `<p id="count" role="status" aria-live="polite"></p>` +
            `<table><caption class="muted">Select an applicant to see its findings; "one-pager" opens the printable page.</caption><thead><tr><th scope="col">Level</th><th scope="col">Applicant</th><th scope="col">Score</th><th scope="col">Rules</th><th scope="col">Input</th><th scope="col">Page</th></tr></thead><tbody id="rows"></tbody></table>` +
            `<div class="pager"><button type="button" id="prev">Previous page</button><button type="button" id="next">Next page</button></div></section>`,
        `<section id="candidate" tabindex="-1" aria-label="Candidate page" hidden><p class="back no-print"><a href="#">Back to the list</a></p><div id="candidate-page"></div></section>`,
        options.single ? '' : graphHtml(rings, indexOf),
        errors,
        options.single ? '' : `<p class="muted">Sources: ${escapeHtml(head.sources.map((s) => `${s.id} ${s.version ?? s.date ?? ''}`.trim()).join('; '))}</p>`,
        `<div id="print-pages" class="print-only"></div>`,
        `</main>`,
        `<script type="application/json" id="vet-data">${scriptJson(data)}</script>`,
        `<script>${HTML_JS}</script></body></html>\n`,
      ].join('');
    },
  };
}

export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  return writeWhole(htmlWriter(options), report);
}
