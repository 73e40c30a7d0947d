import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/engine/report.js';
import { escapeHtml, scriptJson } from '../../src/formatters/html.js';
import { launchChromium, maySkip } from '../helpers/browser.js';
import { FIXTURES } from '../helpers/collect.js';

// The HTML report in a real browser: Debian's chromium driven by playwright-core, the page opened
// from a file:// URL with every other request blocked and recorded.

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'vet-html-'));
const env = { VET_HOME: join(dir, 'home'), VET_LEDGER: 'off', SOURCE_DATE_EPOCH: '1796200000' };
const INPUTS = [join(FIXTURES, 'html', 'rings.json'), join(FIXTURES, 'html', 'hostile.json'), join(FIXTURES, 'applicants', 'flagged.json')];
const SHOTS = process.env.VET_SCREENSHOTS === '1' ? new URL('../../docs/img/', import.meta.url).pathname : undefined;

async function write(args: string[], name: string): Promise<string> {
  const out = join(dir, name);
  const r = await run([...args, '-o', out], { cwd: dir, env });
  expect(r.stderr).toBe('');
  return out;
}

let browser: Browser | undefined;
let reason: string | undefined;

beforeAll(async () => {
  ({ browser, reason } = await launchChromium());
  if (!browser && !maySkip()) throw new Error(`CI=true and the browser tests cannot run: ${reason}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  requests: string[];
  problems: string[];
}

async function open(file: string, options: { bypassCSP?: boolean } = {}): Promise<Opened> {
  const context = await browser!.newContext({ bypassCSP: options.bypassCSP === true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const self = pathToFileURL(file).href;
  const requests: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.split('#')[0] === self) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(self);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return { page, requests, problems };
}

describe('the HTML report, escaped for its context', () => {
  it('keeps input text out of markup and out of the data block', () => {
    expect(escapeHtml('</script><img src=x onerror=alert(1)>')).toBe('&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;');
    const json = scriptJson({ name: '</script><img src=x>', sep: '\u2028' });
    expect(json).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(json)).toEqual({ name: '</script><img src=x>', sep: '\u2028' });
  });

  it('is one file with a strict policy: no URL to fetch, only its own hashed style and script', async () => {
    const html = readFileSync(await write([...INPUTS, '-f', 'html'], 'policy.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/);
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).not.toMatch(/<img|<link|@import|url\(/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('the HTML report masks as every format masks', () => {
  it('--redact leaves no name, e-mail, phone or address from the input in the page', async () => {
    const plain = readFileSync(await write([join(FIXTURES, 'html', 'rings.json'), '-f', 'html'], 'plain.html'), 'utf8');
    const redacted = readFileSync(await write([join(FIXTURES, 'html', 'rings.json'), '-f', 'html', '--redact'], 'redacted.html'), 'utf8');
    for (const value of ['Alice Moreau', 'r1a@example.com', '+1 415 555 0199', '12 Depot Lane']) {
      expect(plain).toContain(value);
      expect(redacted).not.toContain(value);
    }
    // Bank accounts are masked to their last four even without --redact.
    expect(plain).not.toContain('GB33BUKB20201555556819');
  });
});

describe('the HTML report in chromium', () => {
  const needBrowser = (): boolean => {
    if (browser) return true;
    console.warn(`skipped: ${reason}`);
    return false;
  };

  it("opens offline with no request, no error, nothing from the input run, and the JSON report's counts", async () => {
    if (!needBrowser()) return;
    const file = await write([...INPUTS, '-f', 'html'], 'batch.html');
    const json = JSON.parse((await run([...INPUTS, '-f', 'json'], { cwd: dir, env })).stdout) as Report;
    const { page, requests, problems } = await open(file);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    // The hostile name is text in the table, not an element.
    await page.selectOption('#f-level', 'critical');
    expect(await page.locator('#rows').innerText()).toContain('</script><img src=x onerror=alert(1)>');
    const tiles = await page.$$eval('.tile', (ts) => Object.fromEntries(ts.map((t) => [t.childNodes[1]!.textContent!, t.querySelector('.n')!.textContent!])));
    expect(tiles['applicants vetted']).toBe(String(json.summary.applicants));
    for (const level of ['critical', 'high', 'medium', 'low', 'clear', 'unchecked'] as const) expect(tiles[level]).toBe(String(json.summary.byLevel[level]));
    // A javascript: profile URL is shown, never linked; an https one is a link.
    await page.selectOption('#f-level', '');
    await page.fill('#f-search', 'Eve');
    await page.click('#rows a[href^="#cand-"]');
    await page.waitForSelector('#candidate:not([hidden])');
    expect(await page.$$eval('a[href^="javascript:"]', (a) => a.length)).toBe(0);
    expect(await page.locator('#candidate').innerText()).toContain('javascript:alert(3)');
    expect(await page.$$eval('#candidate a[href="https://example.com/eve"]', (a) => a.length)).toBe(1);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.fill('#f-search', '');
      await page.goto(`${pathToFileURL(file).href}#`);
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(SHOTS, 'html-batch.png'), fullPage: true });
    }
    await page.context().close();
  }, 60_000);

  it('filters by rule: exactly the applicants with a finding of that rule', async () => {
    if (!needBrowser()) return;
    const file = await write([...INPUTS, '-f', 'html'], 'filter.html');
    const json = JSON.parse((await run([...INPUTS, '-f', 'json'], { cwd: dir, env })).stdout) as Report;
    const { page } = await open(file);
    await page.selectOption('#f-rule', 'identity-reuse');
    const shown = await page.$$eval('#rows tr:not(.details) button.row', (b) => b.map((x) => x.textContent!));
    const expected = json.applicants.filter((a) => a.findings.some((f) => f.rule === 'identity-reuse'));
    expect(shown).toHaveLength(expected.length);
    for (const a of expected) expect(shown.some((s) => s.includes(a.id))).toBe(true);
    await page.context().close();
  }, 60_000);

  it('draws one cluster per planted ring, and a node opens its applicant', async () => {
    if (!needBrowser()) return;
    const file = await write([join(FIXTURES, 'html', 'rings.json'), '-f', 'html'], 'rings.html');
    const { page, problems } = await open(file);
    const rings = await page.$$eval('g.ring', (g) => g.map((x) => Number(x.getAttribute('data-members'))).sort((a, b) => a - b));
    // rings.json plants three: a bank account shared by three, a phone by two, a phone and a laptop-drop address by three.
    expect(rings).toEqual([2, 3, 3]);
    await page.click('#graph a.node[data-id="R1-B"]');
    await page.waitForSelector('#candidate:not([hidden])');
    expect(await page.locator('#candidate').innerText()).toContain('R1-B');
    expect(problems).toEqual([]);
    if (SHOTS) {
      await page.goto(`${pathToFileURL(file).href}#graph`);
      await page.locator('#graph').screenshot({ path: join(SHOTS, 'html-graph.png') });
    }
    await page.context().close();
  }, 60_000);

  it("prints one page per candidate, and a single candidate's page from a JSON report", async () => {
    if (!needBrowser()) return;
    const file = await write([join(FIXTURES, 'html', 'rings.json'), '-f', 'html'], 'print.html');
    const { page } = await open(file);
    const listed = await page.$$eval('#rows tr:not(.details)', (r) => r.length);
    await page.emulateMedia({ media: 'print' });
    expect(await page.$$eval('#print-pages .onepager', (p) => p.length)).toBe(listed);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(listed);
    await page.context().close();

    const report = join(dir, 'report.json');
    await run([join(FIXTURES, 'applicants', 'flagged.json'), '-f', 'json', '-o', report], { cwd: dir, env });
    const one = join(dir, 'one.html');
    const r = await run(['report', 'A-2001', '--from', report, '-o', one], { cwd: dir, env });
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    const single = await open(one);
    expect(await single.page.locator('#candidate').innerText()).toContain('Stop and escalate to compliance');
    expect(single.problems).toEqual([]);
    await single.page.emulateMedia({ media: 'print' });
    const onePdf = await single.page.pdf({ format: 'A4' });
    expect(onePdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    if (SHOTS) {
      await single.page.emulateMedia({ media: 'screen' });
      await single.page.screenshot({ path: join(SHOTS, 'html-onepager.png'), fullPage: true });
    }
    await single.page.context().close();
  }, 60_000);

  it('has no serious accessibility violation (axe-core)', async () => {
    if (!needBrowser()) return;
    const file = await write([...INPUTS, '-f', 'html'], 'a11y.html');
    // axe is added to the page for the check, so this context lets its script past the policy.
    const { page } = await open(file, { bypassCSP: true });
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      const r = await axe.run({ resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.context().close();
  }, 60_000);
});
