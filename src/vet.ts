// The command's entry point for bin/vet.js. The build bundles it, with every vet module it loads,
// into dist/vet.js and chunks beside it (see bundle.ts); run() and the temporary files it
// registers must come from the same copy of the modules, so both are exported here.
export { run } from './cli/run.js';
export { removeTempDirs } from './temp.js';
