import { DATE_ORDERS, type DateOrder, type FieldReading } from '../input/normalise.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { toCountryCode } from '../keys/countries.js';
import { lineColumn, locateSyntaxError } from '../input/json-scan.js';
import { didYouMean } from '../suggest.js';
import {
  APPLICANT_LEVELS,
  FAIL_ON_VALUES,
  FINDING_LEVELS,
  SCORED_LEVELS,
  isFindingLevel,
  type ApplicantLevel,
  type FailOn,
  type FindingLevel,
  type ScoredLevel,
} from './levels.js';
import type { IpDataFiles } from '../sources/ip/user-data.js';
import { DEFAULT_LIMITS, LIMIT_CEILING, type InputLimits } from '../input/limits.js';
import type { Redaction } from './redact.js';
import type { AnyRule, OptionSpec } from './rule.js';

export interface RuleSettings {
  enabled: boolean;
  /** Overrides every finding level of the rule. */
  level?: FindingLevel;
  /** Per-message levels; "off" drops that message. */
  messages: Record<string, FindingLevel | 'off'>;
  options: Record<string, unknown>;
}

export interface VetConfig {
  /** Where the config came from, or undefined for the defaults. */
  file?: string;
  failOn: FailOn;
  /** An unchecked applicant fails too (`"failOn": "high,unchecked"`, `--fail-on unchecked`). */
  failOnUnchecked: boolean;
  /** `"dateOrder"` and `"defaultCountry"`: how to read numeric dates and phones without a country code. */
  reading: FieldReading;
  points: Record<FindingLevel, number>;
  thresholds: Record<ScoredLevel, number>;
  rules: Record<string, RuleSettings>;
  /** The user's own IP data; paths relative to the config file's folder until loadConfig resolves them. */
  ipData: IpDataFiles;
  /** What reports mask: national IDs and bank accounts by default ("redact": true masks all personal data). */
  redaction: Redaction;
  /** The largest cell and record read (`limits` in the config, --max-cell, --max-record). */
  limits: InputLimits;
  /** `"ledger"`: the identity ledger, a file (relative to the config) or a postgres:// URL; --ledger and VET_LEDGER win. */
  ledger?: string;
}

/** Config keys of `ipData` for each .mmdb slot. */
export const IP_DATA_MMDB_KEYS = { mmdbCity: 'city', mmdbCountry: 'country', mmdbAsn: 'asn', mmdbAnonymous: 'anonymous' } as const;

export const CONFIG_FILE_NAME = 'vet.config.json';

/**
 * Anomaly scoring as in the OWASP Core Rule Set: each finding adds the points of its level and the
 * total decides the applicant's level. One high finding makes a high applicant; two medium ones
 * make a high applicant too, since independent inconsistencies add up.
 */
export const DEFAULT_POINTS: Record<FindingLevel, number> = { info: 0, low: 10, medium: 25, high: 50, critical: 100 };
export const DEFAULT_THRESHOLDS: Record<ScoredLevel, number> = { low: 10, medium: 25, high: 50, critical: 100 };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string, fail: (m: string) => never): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`unknown key "${key}" in ${where}${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`);
  }
}

function readOption(spec: OptionSpec, value: unknown, where: string, fail: (m: string) => never): unknown {
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') fail(`${where} must be true or false`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} must be a number`);
      if (spec.min !== undefined && value < spec.min) fail(`${where} must be at least ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) fail(`${where} must be at most ${spec.max}`);
      return value;
    case 'countries':
      if (!Array.isArray(value)) fail(`${where} must be an array of countries`);
      return value.map((c, i) => {
        const code = typeof c === 'string' ? toCountryCode(c) : undefined;
        if (code === undefined) fail(`${where}[${i}] is not a country vet knows`);
        return code;
      });
    case 'strings':
      if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) fail(`${where} must be an array of strings`);
      for (const s of value as string[]) {
        if (spec.allowed && !spec.allowed.includes(s)) fail(`${where}: "${s}" is not one of ${spec.allowed.join(', ')}${didYouMean(s, spec.allowed)}`);
      }
      return value;
  }
}

export function defaultRuleSettings(rule: AnyRule): RuleSettings {
  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries((rule.meta.options ?? {}) as Record<string, OptionSpec>)) options[name] = spec.default;
  return { enabled: true, messages: {}, options };
}

/** Validates a parsed config object. Every unknown key, rule, message or option is an error. */
export function parseConfig(raw: unknown, rules: readonly AnyRule[], file?: string): VetConfig {
  const fail = (message: string): never => {
    throw new ConfigError(message, file);
  };
  const config: VetConfig = {
    ...(file !== undefined ? { file } : {}),
    failOn: 'high',
    failOnUnchecked: false,
    reading: {},
    points: { ...DEFAULT_POINTS },
    thresholds: { ...DEFAULT_THRESHOLDS },
    rules: Object.fromEntries(rules.map((r) => [r.meta.id, defaultRuleSettings(r)])),
    ipData: { mmdb: {}, torExits: [], vpnRanges: [] },
    redaction: 'ids',
    limits: { ...DEFAULT_LIMITS },
  };
  if (!isObject(raw)) fail('the config must be a JSON object');
  const obj = raw as Record<string, unknown>;
  checkKeys(
    obj,
    ['$schema', 'failOn', 'points', 'thresholds', 'rules', 'ipData', 'redact', 'limits', 'dateOrder', 'defaultCountry', 'ledger'],
    'the config',
    fail,
  );
  if (obj.ledger !== undefined) {
    if (typeof obj.ledger !== 'string' || obj.ledger.trim() === '') fail('ledger must be a file path or a postgres:// URL');
    config.ledger = (obj.ledger as string).trim();
  }
  if (obj.dateOrder !== undefined) {
    if (typeof obj.dateOrder !== 'string' || !(DATE_ORDERS as readonly string[]).includes(obj.dateOrder))
      fail(`dateOrder must be one of ${DATE_ORDERS.join(', ')}`);
    config.reading.dateOrder = obj.dateOrder as DateOrder;
  }
  if (obj.defaultCountry !== undefined) {
    const cc = typeof obj.defaultCountry === 'string' ? toCountryCode(obj.defaultCountry) : undefined;
    if (cc === undefined) fail('defaultCountry must be a country (an ISO code such as "US", or an English name)');
    config.reading.defaultCountry = cc!;
  }
  if (obj.limits !== undefined) {
    if (!isObject(obj.limits)) fail('limits must be an object: { "maxCell": characters, "maxRecord": characters }');
    const limits = obj.limits as Record<string, unknown>;
    checkKeys(limits, ['maxCell', 'maxRecord'], 'limits', fail);
    for (const key of ['maxCell', 'maxRecord'] as const) {
      const value = limits[key];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LIMIT_CEILING[key])
        fail(`limits.${key} must be a whole number from 1 to ${LIMIT_CEILING[key]}`);
      config.limits[key] = value as number;
    }
  }
  if (obj.redact !== undefined) {
    if (typeof obj.redact !== 'boolean') fail('redact must be true or false');
    if (obj.redact === true) config.redaction = 'all';
  }

  if (obj.failOn !== undefined) {
    const parsed = typeof obj.failOn === 'string' ? parseFailOn(obj.failOn) : undefined;
    if (parsed === undefined) fail(`failOn must be one of ${FAIL_ON_VALUES.join(', ')}, optionally with ",unchecked" (or "unchecked" alone)`);
    config.failOn = parsed!.failOn;
    config.failOnUnchecked = parsed!.unchecked;
  }
  if (obj.points !== undefined) {
    if (!isObject(obj.points)) fail('points must be an object of level: number');
    const points = obj.points as Record<string, unknown>;
    checkKeys(points, FINDING_LEVELS, 'points', fail);
    for (const [level, value] of Object.entries(points)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`points.${level} must be a number of at least 0`);
      config.points[level as FindingLevel] = value as number;
    }
  }
  if (obj.thresholds !== undefined) {
    if (!isObject(obj.thresholds)) fail('thresholds must be an object of level: number');
    const thresholds = obj.thresholds as Record<string, unknown>;
    checkKeys(thresholds, SCORED_LEVELS, 'thresholds', fail);
    for (const [level, value] of Object.entries(thresholds)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(`thresholds.${level} must be a number above 0`);
      config.thresholds[level as ScoredLevel] = value as number;
    }
  }
  for (let i = 1; i < SCORED_LEVELS.length; i++) {
    const lower = SCORED_LEVELS[i - 1]!;
    const higher = SCORED_LEVELS[i]!;
    if (config.thresholds[higher] < config.thresholds[lower]) fail(`thresholds.${higher} must not be below thresholds.${lower}`);
  }

  if (obj.ipData !== undefined) {
    if (!isObject(obj.ipData)) fail('ipData must be an object');
    const ip = obj.ipData as Record<string, unknown>;
    checkKeys(ip, [...Object.keys(IP_DATA_MMDB_KEYS), 'torExits', 'vpnRanges'], 'ipData', fail);
    for (const [key, kind] of Object.entries(IP_DATA_MMDB_KEYS)) {
      const v = ip[key];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v === '') fail(`ipData.${key} must be the path of a .mmdb file`);
      config.ipData.mmdb[kind] = v as string;
    }
    for (const key of ['torExits', 'vpnRanges'] as const) {
      const v = ip[key];
      if (v === undefined) continue;
      const list = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s === '')) fail(`ipData.${key} must be a file path or an array of file paths`);
      config.ipData[key] = list as string[];
    }
  }

  if (obj.rules !== undefined) {
    if (!isObject(obj.rules)) fail('rules must be an object of rule id: setting');
    const ids = rules.map((r) => r.meta.id);
    for (const [id, setting] of Object.entries(obj.rules as Record<string, unknown>)) {
      const rule = rules.find((r) => r.meta.id === id);
      if (!rule) fail(`unknown rule "${id}"${didYouMean(id, ids)}; run "vet rules" for the list`);
      config.rules[id] = readRuleSetting(rule!, setting, fail);
    }
  }
  return config;
}

function readRuleSetting(rule: AnyRule, setting: unknown, fail: (m: string) => never): RuleSettings {
  const id = rule.meta.id;
  const settings = defaultRuleSettings(rule);
  const levelOrOff = (value: unknown, where: string): FindingLevel | 'off' => {
    if (value === 'off' || isFindingLevel(value)) return value;
    return fail(`${where} must be "off" or a level (${FINDING_LEVELS.join(', ')})`);
  };
  if (typeof setting === 'string') {
    const level = levelOrOff(setting, `rules.${id}`);
    if (level === 'off') settings.enabled = false;
    else settings.level = level;
    return settings;
  }
  if (!isObject(setting)) fail(`rules.${id} must be "off", a level, or an object with level, messages and options`);
  const obj = setting;
  checkKeys(obj, ['level', 'messages', 'options'], `rules.${id}`, fail);
  if (obj.level !== undefined) {
    const level = levelOrOff(obj.level, `rules.${id}.level`);
    if (level === 'off') settings.enabled = false;
    else settings.level = level;
  }
  if (obj.messages !== undefined) {
    if (!isObject(obj.messages)) fail(`rules.${id}.messages must be an object of message id: level`);
    const ids = Object.keys(rule.meta.messages);
    for (const [messageId, value] of Object.entries(obj.messages)) {
      if (!ids.includes(messageId)) fail(`rule ${id} has no message "${messageId}"${didYouMean(messageId, ids)}; messages: ${ids.join(', ')}`);
      settings.messages[messageId] = levelOrOff(value, `rules.${id}.messages.${messageId}`);
    }
  }
  if (obj.options !== undefined) {
    if (!isObject(obj.options)) fail(`rules.${id}.options must be an object`);
    const specs = (rule.meta.options ?? {}) as Record<string, OptionSpec>;
    const names = Object.keys(specs);
    for (const [name, value] of Object.entries(obj.options)) {
      const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
      if (!spec) fail(`rule ${id} has no option "${name}"${didYouMean(name, names)}${names.length ? `; options: ${names.join(', ')}` : ''}`);
      settings.options[name] = readOption(spec, value, `rules.${id}.options.${name}`, fail);
    }
  }
  return settings;
}

/**
 * Loads the config: the file given with --config, else vet.config.json in the working directory,
 * else the defaults.
 */
export function loadConfig(rules: readonly AnyRule[], options: { path?: string; cwd: string }): VetConfig {
  const file = options.path ?? (existsSync(join(options.cwd, CONFIG_FILE_NAME)) ? CONFIG_FILE_NAME : undefined);
  if (file === undefined) return parseConfig({}, rules);
  let text: string;
  try {
    text = readFileSync(resolve(options.cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'unknown error'})`, file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const { offset, detail } = locateSyntaxError(text);
    const { line, column } = lineColumn(text, offset);
    throw new ConfigError(`not valid JSON: ${detail}`, `${file}:${line}:${column}`);
  }
  const config = parseConfig(raw, rules, file);
  // Paths in a config file are relative to the folder it is in.
  const base = dirname(resolve(options.cwd, file));
  const at = (p: string): string => resolve(base, p);
  const { mmdb, torExits, vpnRanges } = config.ipData;
  config.ipData = { mmdb: Object.fromEntries(Object.entries(mmdb).map(([k, p]) => [k, at(p)])), torExits: torExits.map(at), vpnRanges: vpnRanges.map(at) };
  if (config.ledger !== undefined && !/^postgres(?:ql)?:\/\//i.test(config.ledger)) config.ledger = at(config.ledger);
  return config;
}

export function applicantLevelFor(score: number, thresholds: Record<ScoredLevel, number>): ApplicantLevel {
  let level: ApplicantLevel = 'clear';
  for (const l of SCORED_LEVELS) if (score >= thresholds[l]) level = l;
  return level;
}

export function reachesFailOn(level: ApplicantLevel, failOn: FailOn, failOnUnchecked = false): boolean {
  if (level === 'unchecked') return failOnUnchecked;
  if (failOn === 'none') return false;
  return APPLICANT_LEVELS.indexOf(level) >= APPLICANT_LEVELS.indexOf(failOn);
}

/**
 * `--fail-on` and `failOn`: a level ("high"), "none", and "unchecked" alone or after a comma
 * ("high,unchecked"): a CI gate that must not pass an export nothing could be checked in.
 */
export function parseFailOn(text: string): { failOn: FailOn; unchecked: boolean } | undefined {
  const parts = text
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const unchecked = parts.includes('unchecked');
  const levels = parts.filter((p) => p !== 'unchecked');
  if (levels.length > 1 || parts.length === 0) return undefined;
  const level = levels[0] ?? 'none';
  if (!(FAIL_ON_VALUES as readonly string[]).includes(level)) return undefined;
  return { failOn: level as FailOn, unchecked };
}
