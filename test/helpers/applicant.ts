import type { ApplicantRecord } from '../../src/input/applicant.js';
import { normaliseApplicant } from '../../src/input/normalise.js';

let counter = 0;

/** A canonical applicant built through the real normaliser, as a rule would see it. */
export function applicant(raw: Record<string, unknown>): ApplicantRecord {
  counter++;
  return normaliseApplicant({ id: `T-${counter}`, name: 'Test Applicant', ...raw }, { file: 'test.json', line: counter });
}
