export { run, type CliIo, type CliResult } from './cli/run.js';
export { vet, type VetOptions } from './engine/pipeline.js';
export { loadConfig, parseConfig, type VetConfig } from './engine/config.js';
export type { Report, ApplicantResult, Finding, ReportError } from './engine/report.js';
export type { Applicant } from './input/applicant.js';
export { RULES } from './rules/index.js';
