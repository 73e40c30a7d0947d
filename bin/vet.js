#!/usr/bin/env node
// Process shim only: everything else is in run(), which the tests call in-process.
import { run } from '../dist/cli/run.js';

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
