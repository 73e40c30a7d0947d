#!/usr/bin/env node
// Process shim only: everything else is in run(), which the tests call in-process.
// The bundled command (see src/bundle.ts), or with VET_UNBUNDLED=1 the modules as tsc built them.
const { removeTempDirs, run } = await import(process.env.VET_UNBUNDLED === '1' ? '../dist/vet.js' : '../dist/vet.bundle.js');

const { AbortController } = globalThis;

// Ctrl-C once: reading stops after the current record and the report of what was read is written,
// marked incomplete (exit 130). Ctrl-C again, or SIGTERM: stop at once, taking the temporary files
// (results, identifiers) along, since they hold what the report would have shown. Exit status as a
// shell gives it: 128 + the signal's number.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (!interrupt.signal.aborted) {
    interrupt.abort();
    process.stderr.write('\nvet: stopping after the current record to write what was read (Ctrl-C again to quit at once)\n');
    return;
  }
  removeTempDirs();
  process.exit(130);
});
process.once('SIGTERM', () => {
  removeTempDirs();
  process.exit(143);
});

const result = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdoutColumns: process.stdout.columns,
  // The report is written as it is made, not gathered into one string first.
  stdoutStream: process.stdout,
  stderrStream: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
