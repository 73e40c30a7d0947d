#!/usr/bin/env node
// Process shim only: everything else is in run(), which the tests call in-process.
import { run } from '../dist/cli/run.js';
import { removeTempDirs } from '../dist/temp.js';

// An interrupted run takes its temporary files (results, identifiers) with it: they hold what the
// report would have shown. Exit status as a shell gives it: 128 + the signal's number.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    removeTempDirs();
    process.exit(code);
  });
}

const result = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdoutIsTTY: process.stdout.isTTY === true,
  // The report is written as it is made, not gathered into one string first.
  stdoutStream: process.stdout,
  stderrStream: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
