import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applicantLevelFor, DEFAULT_THRESHOLDS, loadConfig, parseConfig, reachesFailOn } from '../../src/engine/config.js';
import { ConfigError } from '../../src/errors.js';
import { RULES } from '../../src/rules/index.js';

const error = (raw: unknown) => {
  try {
    parseConfig(raw, RULES, 'vet.config.json');
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('config', () => {
  it('has defaults for every rule', () => {
    const config = parseConfig({}, RULES);
    expect(config.failOn).toBe('high');
    expect(config.rules['phone-origin']).toEqual({
      enabled: true,
      messages: {},
      options: { highRiskCountries: ['KP', 'CN', 'RU', 'LA'], lineTypes: expect.arrayContaining(['VOIP']) },
    });
  });

  it('reads levels, off, messages and options', () => {
    const config = parseConfig(
      {
        failOn: 'medium',
        points: { low: 5 },
        rules: { 'phone-origin': { level: 'low', messages: { virtualLine: 'off' }, options: { highRiskCountries: ['Vietnam', 'DPRK'] } } },
      },
      RULES,
    );
    expect(config.failOn).toBe('medium');
    expect(config.points.low).toBe(5);
    expect(config.rules['phone-origin']).toMatchObject({ level: 'low', messages: { virtualLine: 'off' }, options: { highRiskCountries: ['VN', 'KP'] } });
    expect(parseConfig({ rules: { 'phone-origin': 'off' } }, RULES).rules['phone-origin']!.enabled).toBe(false);
  });

  it.each([
    [{ failon: 'high' }, /unknown key "failon" in the config \(did you mean "failOn"\?\)/],
    [{ rules: { 'phone-orgin': 'off' } }, /unknown rule "phone-orgin" \(did you mean "phone-origin"\?\)/],
    [{ rules: { 'phone-origin': 'loud' } }, /must be "off" or a level/],
    [{ rules: { 'phone-origin': { messages: { voip: 'low' } } } }, /has no message "voip"/],
    [{ rules: { 'phone-origin': { options: { highRisk: [] } } } }, /has no option "highRisk" \(did you mean "highRiskCountries"\?\)/],
    [{ rules: { 'phone-origin': { options: { highRiskCountries: ['Narnia'] } } } }, /highRiskCountries\[0\] is not a country/],
    [{ rules: { 'phone-origin': { options: { constructor: 1 } } } }, /has no option "constructor"/],
    [{ rules: { 'phone-origin': { options: { lineTypes: ['FAX'] } } } }, /"FAX" is not one of/],
    [{ thresholds: { high: 20 } }, /thresholds.high must not be below thresholds.medium/],
    [{ points: { high: -1 } }, /points.high must be a number of at least 0/],
    [{ failOn: 'everything' }, /failOn must be one of/],
    [[], /must be a JSON object/],
  ])('refuses %j', (raw, message) => {
    expect(error(raw)).toMatch(message);
  });

  it('finds vet.config.json in the working directory and names the file in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-config-'));
    expect(loadConfig(RULES, { cwd: dir }).file).toBeUndefined();
    writeFileSync(join(dir, 'vet.config.json'), '{ "failOn": "low" }');
    expect(loadConfig(RULES, { cwd: dir }).failOn).toBe('low');
    writeFileSync(join(dir, 'bad.json'), '{\n  "failOn": "low",\n}');
    expect(() => loadConfig(RULES, { cwd: dir, path: 'bad.json' })).toThrow('bad.json:3:1: not valid JSON');
    expect(() => loadConfig(RULES, { cwd: dir, path: 'missing.json' })).toThrow('missing.json: no such file');
    expect(loadConfig(RULES, { cwd: tmpdir(), path: join(dir, 'vet.config.json') }).failOn).toBe('low');
  });
});

describe('scoring', () => {
  it('reads dateOrder, defaultCountry and failOn with unchecked, and refuses what it cannot read', () => {
    const config = parseConfig({ dateOrder: 'dmy', defaultCountry: 'United Kingdom', failOn: 'medium,unchecked' }, RULES);
    expect(config.reading).toEqual({ dateOrder: 'dmy', defaultCountry: 'GB' });
    expect(config).toMatchObject({ failOn: 'medium', failOnUnchecked: true });
    expect(() => parseConfig({ dateOrder: 'ddmm' }, RULES)).toThrow(/dateOrder must be one of mdy, dmy, ymd/);
    expect(() => parseConfig({ defaultCountry: 'Atlantis' }, RULES)).toThrow(/defaultCountry must be a country/);
    expect(() => parseConfig({ failOn: 'sometimes' }, RULES)).toThrow(/failOn must be one of/);
    expect(reachesFailOn('unchecked', 'low', false)).toBe(false);
    expect(reachesFailOn('unchecked', 'none', true)).toBe(true);
  });

  it('gives levels by threshold', () => {
    expect(applicantLevelFor(0, DEFAULT_THRESHOLDS)).toBe('clear');
    expect(applicantLevelFor(10, DEFAULT_THRESHOLDS)).toBe('low');
    expect(applicantLevelFor(35, DEFAULT_THRESHOLDS)).toBe('medium');
    expect(applicantLevelFor(50, DEFAULT_THRESHOLDS)).toBe('high');
    expect(applicantLevelFor(99, DEFAULT_THRESHOLDS)).toBe('high');
    expect(applicantLevelFor(100, DEFAULT_THRESHOLDS)).toBe('critical');
  });

  it('compares with --fail-on', () => {
    expect(reachesFailOn('high', 'high')).toBe(true);
    expect(reachesFailOn('critical', 'high')).toBe(true);
    expect(reachesFailOn('medium', 'high')).toBe(false);
    expect(reachesFailOn('clear', 'low')).toBe(false);
    expect(reachesFailOn('critical', 'none')).toBe(false);
  });
});
