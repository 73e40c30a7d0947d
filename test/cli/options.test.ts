import { join } from 'node:path';
import { runOptions, type VetFlags } from '../../src/cli/options.js';
import { parseConfig } from '../../src/engine/config.js';
import { UsageError } from '../../src/errors.js';
import { RULES } from '../../src/rules/index.js';

const flags = (more: Partial<VetFlags> = {}): VetFlags => ({ map: [], color: true, torExits: [], vpnRanges: [], ...more });
const place = { env: {}, cwd: '/work/hr', stdoutIsTTY: true };

describe('runOptions: flags and environment -> run options', () => {
  it('takes the ledger from the config unless --ledger, --no-ledger or VET_LEDGER names one', () => {
    const team = parseConfig({ ledger: 'postgres://vet@db.internal/hiring' }, RULES);
    expect(runOptions(flags(), team, place).vet.ledger).toEqual({ path: 'postgres://vet@db.internal/hiring' });
    expect(runOptions(flags({ ledger: 'mine.sqlite' }), team, place).vet.ledger).toEqual({ path: join('/work/hr', 'mine.sqlite') });
    expect(runOptions(flags({ ledger: false }), team, place).vet.ledger).toEqual({ off: true });
    expect(runOptions(flags(), team, { ...place, env: { VET_LEDGER: 'off' } }).vet.ledger).toBeUndefined();
    expect(() => parseConfig({ ledger: 42 }, RULES)).toThrow(/ledger must be a file path or a postgres:\/\/ URL/);
  });

  it('keeps the config as loaded when no flag is given, and does not change the config it was given', () => {
    const loaded = parseConfig({ failOn: 'medium', redact: true }, RULES);
    const before = JSON.stringify(loaded);
    const o = runOptions(flags({ failOn: 'critical', maxCell: 1000 }), loaded, place);
    expect(JSON.stringify(loaded)).toBe(before);
    expect(o.vet.config.failOn).toBe('critical');
    expect(o.vet.config.limits.maxCell).toBe(1000);
    expect(runOptions(flags(), loaded, place).vet.config).toMatchObject({ failOn: 'medium', redaction: 'all' });
  });

  it('decides masking: --redact masks all, --show-ids none, and --show-ids cannot undo a config that redacts', () => {
    const plain = parseConfig({}, RULES);
    expect(runOptions(flags(), plain, place).vet.config.redaction).toBe('ids');
    expect(runOptions(flags({ redact: true }), plain, place).vet.config.redaction).toBe('all');
    expect(runOptions(flags({ showIds: true }), plain, place).vet.config.redaction).toBe('none');
    expect(() => runOptions(flags({ showIds: true }), parseConfig({ redact: true }, RULES), place)).toThrow(UsageError);
  });

  it('reads --rules, --delimiter names, --encoding labels, --ledger paths and SOURCE_DATE_EPOCH', () => {
    const o = runOptions(
      flags({ rules: ' phone-origin, ,email', delimiter: 'semicolon', encoding: 'latin1', ledger: 'team/ledger.sqlite' }),
      parseConfig({}, RULES),
      { ...place, env: { SOURCE_DATE_EPOCH: '1764547200' } },
    );
    expect(o.vet.only).toEqual(['phone-origin', 'email']);
    expect(o.vet.delimiter).toBe(';');
    expect(o.vet.encoding).toBe('windows-1252');
    expect(o.vet.ledger).toEqual({ path: join('/work/hr', 'team/ledger.sqlite') });
    expect(o.vet.now?.toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(runOptions(flags({ ledger: false }), parseConfig({}, RULES), place).vet.ledger).toEqual({ off: true });
    expect(runOptions(flags(), parseConfig({}, RULES), { ...place, env: { SOURCE_DATE_EPOCH: 'soon' } }).vet.now).toBeUndefined();
    expect(() => runOptions(flags({ delimiter: '::' }), parseConfig({}, RULES), place)).toThrow(UsageError);
    expect(() => runOptions(flags({ encoding: 'klingon' }), parseConfig({}, RULES), place)).toThrow(UsageError);
  });

  it('colours only a terminal report, never a file, never against NO_COLOR or --no-color', () => {
    const config = parseConfig({}, RULES);
    expect(runOptions(flags(), config, place).report.color).toBe(true);
    expect(runOptions(flags(), config, { ...place, stdoutIsTTY: false }).report.color).toBe(false);
    const { listed, ...toFile } = runOptions(flags({ output: ['r.txt'] }), config, place).report;
    // Into a file: no colour and no wrapping (the terminal, which gets the summary, keeps both); every applicant listed.
    expect(toFile).toEqual({
      format: 'text',
      outputs: [{ format: 'text', path: join('/work/hr', 'r.txt'), name: 'r.txt', by: 'default' }],
      color: true,
      width: 80,
      sort: 'level',
      limit: 50,
    });
    expect(runOptions(flags({ output: ['r.txt'], width: 100 }), config, place).report.fileWidth).toBe(100);
    expect(runOptions(flags({ output: ['r.html'] }), config, place).vet.identity).toBe(true);
    expect(listed('clear')).toBe(true);
    expect(runOptions(flags(), config, { ...place, stdoutColumns: 132 }).report.width).toBe(132);
    expect(runOptions(flags({ minLevel: 'high' }), config, place).report.listed('medium')).toBe(false);
    expect(runOptions(flags({ onlyFlagged: true }), config, place).report.listed('clear')).toBe(false);
    expect(runOptions(flags(), config, { ...place, env: { NO_COLOR: '' } }).report.color).toBe(false);
    expect(runOptions(flags({ color: false }), config, place).report.color).toBe(false);
  });

  it('adds the IP data flags to the config, resolved from the working folder', () => {
    const o = runOptions(flags({ torExits: ['exits.txt'], mmdbCity: 'geo/City.mmdb' }), parseConfig({}, RULES), place);
    expect(o.vet.config.ipData.torExits).toEqual([join('/work/hr', 'exits.txt')]);
    expect(o.vet.config.ipData.mmdb.city).toBe(join('/work/hr', 'geo/City.mmdb'));
  });
});
