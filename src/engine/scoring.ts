import { applicantLevelFor, reachesFailOn, type VetConfig } from './config.js';
import type { ApplicantLevel, FindingLevel } from './levels.js';
import type { AnyRule, FindingReport } from './rule.js';

// The one place where levels become points and points become an applicant's level: an explicit
// sum (OWASP CRS-style anomaly scoring), so every score traces back to its findings.

/** A finding's level: the config's word for this message or rule, else the rule's own defaults. */
export function findingLevel(config: VetConfig, rule: AnyRule, report: FindingReport): FindingLevel | 'off' {
  const settings = config.rules[rule.meta.id];
  const byMessage = settings?.messages[report.messageId];
  if (byMessage !== undefined) return byMessage;
  if (settings?.level !== undefined) return settings.level;
  return report.level ?? (rule.meta.messageLevels as Record<string, FindingLevel> | undefined)?.[report.messageId] ?? rule.meta.level;
}

/** What a finding of this level adds to the score: nothing for an experimental rule. */
export function findingPoints(config: VetConfig, rule: AnyRule, level: FindingLevel): number {
  return rule.meta.status === 'experimental' ? 0 : config.points[level];
}

/**
 * An applicant's level from its score, and whether it reaches --fail-on. `checked` is false when
 * no rule could check anything of the applicant and none reported: that applicant is `unchecked`.
 */
export function scoreLevel(config: VetConfig, score: number, checked = true): { level: ApplicantLevel; failed: boolean } {
  const level = !checked && score === 0 ? 'unchecked' : applicantLevelFor(score, config.thresholds);
  return { level, failed: reachesFailOn(level, config.failOn, config.failOnUnchecked) };
}
