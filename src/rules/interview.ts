import { defineRule } from '../engine/rule.js';

/** Which answer of which attestation is the red flag, and the message it gives. */
const FLAGS = [
  { key: 'identityConsistent', answer: false, messageId: 'differentPerson' },
  { key: 'cameraOn', answer: false, messageId: 'cameraRefused' },
  { key: 'livenessPassed', answer: false, messageId: 'livenessFailed' },
  { key: 'declinedInPerson', answer: true, messageId: 'declinedInPerson' },
] as const;

export default defineRule({
  meta: {
    id: 'interview',
    description:
      'Detects red flags interviewers attest to: a different person across interviews, a camera kept off, a failed liveness check, an in-person meeting declined.',
    level: 'high',
    messageLevels: {
      differentPerson: 'critical',
      cameraRefused: 'high',
      livenessFailed: 'high',
      declinedInPerson: 'medium',
    },
    status: 'stable',
    requires: [],
    messages: {
      differentPerson:
        'The interviewer of interview {{number}} of {{total}} attests that it was not the same person as in the other interviews or the ID photo.',
      cameraRefused: 'The applicant kept the camera off in {{count}} of {{interviews}}.',
      livenessFailed: 'The applicant failed a liveness check in {{count}} of {{interviews}}.',
      declinedInPerson: 'The applicant declined an in-person meeting or on-site step ({{count}} of {{interviews}}).',
    },
    falsePositives: [
      'A broken camera, a poor connection or a shared room can keep a camera off once; a second interview settles it.',
      'Liveness checks fail on poor lighting, low bandwidth and some assistive setups.',
      'Applicants with disabilities, caring duties or far from an office may reasonably decline travel: offer an alternative in-person check (a notarised ID check, a local partner office).',
      'Interviewers can be mistaken about faces, especially across video quality and lighting.',
    ],
    references: ['https://www.ic3.gov/PSA/2023/PSA231018', 'https://www.ic3.gov/PSA/2025/PSA250123', 'https://www.ic3.gov/PSA/2025/PSA250723-4'],
  },
  check(applicant, ctx) {
    const total = applicant.interviews.length;
    if (total > 0) ctx.checked('interviews');
    for (const flag of FLAGS) {
      const at = applicant.interviews.flatMap((interview, i) => (interview[flag.key] === flag.answer ? [i] : []));
      if (at.length === 0) continue;
      const evidence = at.map((i) => ({
        path: `/interviews/${i}/${flag.key}`,
        value: flag.answer,
        ...(applicant.interviews[i]!.at ? { at: applicant.interviews[i]!.at } : {}),
      }));
      if (flag.messageId === 'differentPerson') {
        // Each interview where a different person appeared is its own finding: it is the worst case.
        at.forEach((i, k) => ctx.report({ messageId: 'differentPerson', data: { number: i + 1, total }, evidence: [evidence[k]!] }));
      } else {
        ctx.report({ messageId: flag.messageId, data: { count: at.length, interviews: `${total} interview${total === 1 ? '' : 's'}` }, evidence });
      }
    }
  },
});
