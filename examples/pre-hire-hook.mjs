#!/usr/bin/env node
// A pre-hire hook: an ATS webhook's candidate JSON on standard input, vet's verdict as JSON on
// standard output, for the service that receives the webhook to hold the candidate for a check
// or let the stage change go ahead.
//
//   node examples/pre-hire-hook.mjs < webhook.json
//
// It reads Greenhouse's webhook payloads ("Candidate has submitted application", "Candidate has
// changed stage": { "action", "payload": { "application": { "candidate": {...} } } }, or the
// candidate at payload.candidate), whose candidate has first_name, last_name, email_addresses,
// phone_numbers, addresses and website_addresses as lists of { value, type }; and a vet applicant
// as it is (docs/applicant.schema.json), from any other system that can send one.
//
// Exit status: 0 proceed, 1 hold (an applicant at --fail-on: a reason to verify, never to reject on
// its own), 2 the hook or vet could not decide. The answer holds no name, e-mail or phone number:
// vet runs with --redact, and the answer carries rule ids, levels and next steps.
//
// Environment: VET_BIN, the vet command (default: vet on the PATH); VET_FAIL_ON (default high);
// and everything vet itself reads (VET_HOME, VET_LEDGER, VET_LEDGER_KEY, VET_AUDIT).
import { spawn } from 'node:child_process';

const values = (list) => (Array.isArray(list) ? list.map((x) => (typeof x === 'string' ? x : x?.value)).filter((v) => typeof v === 'string' && v !== '') : []);

/** Web and social addresses as vet's profiles by site: linkedin, github, else website (the first of each). */
function profiles(urls) {
  const bySite = {};
  for (const url of urls) {
    const site = /linkedin\.com/i.test(url) ? 'linkedin' : /github\.com/i.test(url) ? 'github' : 'website';
    bySite[site] ??= url;
  }
  return bySite;
}

/** A Greenhouse candidate as a vet applicant; anything else is taken as a vet applicant already. */
export function toApplicant(body) {
  const candidate = body?.payload?.application?.candidate ?? body?.payload?.candidate;
  if (!candidate) return body;
  const name = [candidate.first_name, candidate.last_name].filter(Boolean).join(' ');
  return {
    id: `greenhouse-${candidate.id}`,
    ...(name ? { name } : {}),
    emails: values(candidate.email_addresses),
    phones: values(candidate.phone_numbers),
    ...(values(candidate.addresses)[0] ? { address: values(candidate.addresses)[0] } : {}),
    profiles: profiles([...values(candidate.website_addresses), ...values(candidate.social_media_addresses)]),
    ...(candidate.company ? { employers: [{ name: candidate.company }] } : {}),
  };
}

function readStdin() {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

function answer(verdict, code) {
  process.stdout.write(JSON.stringify(verdict, null, 2) + '\n');
  process.exitCode = code;
}

async function main() {
  let body;
  try {
    body = JSON.parse(await readStdin());
  } catch (e) {
    return answer({ verdict: 'error', reason: `the webhook body is not JSON: ${e.message}` }, 2);
  }
  const applicant = toApplicant(body);
  const vet = process.env.VET_BIN ?? 'vet';
  const args = ['-', '--input-format', 'json', '-f', 'json', '--redact', '--quiet', '--fail-on', process.env.VET_FAIL_ON ?? 'high'];
  const child = spawn(vet, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  child.stdin.end(JSON.stringify(applicant));
  const code = await new Promise((resolve) => {
    child.on('error', (e) => {
      err += e.message;
      resolve(2);
    });
    child.on('close', resolve);
  });
  let report;
  try {
    report = JSON.parse(out);
  } catch {
    return answer({ verdict: 'error', reason: err.trim() || `vet exited ${code} without a report` }, 2);
  }
  const a = report.applicants[0];
  if (!a || report.errors.length > 0) {
    return answer(
      { verdict: 'error', reason: report.errors.map((e) => `${e.field ? `${e.field}: ` : ''}${e.message}`).join('; ') || 'no applicant was read' },
      2,
    );
  }
  answer(
    {
      verdict: a.failed ? 'hold' : 'proceed',
      applicant: a.id,
      level: a.level,
      score: a.score,
      findings: a.findings.map((f) => ({ id: f.id, rule: f.rule, message: f.messageId, level: f.level, nextStep: f.nextStep, doc: f.doc })),
      notChecked: a.checks.notChecked.map((c) => c.check),
      notice: report.notice,
    },
    a.failed ? 1 : 0,
  );
}

await main();
