#!/usr/bin/env node
// The bin runs the compiled CLI (dist/cli.js), building it first when dist/ is missing or older
// than the sources (a fresh clone, a pull). Paths are this package's, so `duban` works wherever it is run.
import { build, isStale } from '../scripts/build.js';

if (isStale()) await build();
const { runCli } = await import('../dist/cli.js');
await runCli(process.argv.slice(2));
