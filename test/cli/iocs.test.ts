import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { FIXTURES } from '../helpers/collect.js';

describe('vet iocs', () => {
  const home = mkdtempSync(join(tmpdir(), 'vet-iocs-cli-'));
  const vet = (argv: string[]) => run(argv, { cwd: FIXTURES, env: { VET_HOME: home, VET_LEDGER: 'off', SOURCE_DATE_EPOCH: '1795219200' } });

  it('lists the shipped indicators with their sources', async () => {
    const r = await vet(['iocs', 'list', '--kind', 'address']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Building A1, No. 11 Tawan Street');
    expect(r.stdout).toContain('SentinelLabs');
    expect(r.stdout).toContain('2 indicators (2 shipped with vet, 0 imported)');
  });

  it('imports a list, then lists and counts it', async () => {
    const first = await vet(['iocs', 'import', 'iocs/my-iocs.csv']);
    expect(first).toMatchObject({ exitCode: 0, stderr: '' });
    expect(first.stdout).toContain('imported 5 indicators from iocs/my-iocs.csv: 5 new, 0 already held');
    const second = await vet(['iocs', 'import', 'iocs/my-iocs.json']);
    expect(second.stdout).toContain('1 new, 1 already held (updated); 6 imported indicators');
    const list = JSON.parse((await vet(['iocs', 'list', '--format', 'json', '--kind', 'domain'])).stdout);
    expect(list.indicators.filter((i: { origin: string }) => i.origin === 'imported').map((i: { value: string }) => i.value)).toEqual([
      'https://www.staffing-example.test/careers',
    ]);
  });

  it('imports nothing from a list with a bad row, and says which (exit 2)', async () => {
    const r = await vet(['iocs', 'import', 'iocs/broken.csv']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('iocs/broken.csv:3: column "value": not a domain name');
    expect(r.stderr).toContain('5 problem(s); nothing was imported');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect((await vet(['iocs', 'import', 'nope.csv'])).stderr).toContain('nope.csv: cannot be read (ENOENT)');
  });
});
