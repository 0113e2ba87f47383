#!/usr/bin/env node
// The bin runs the TypeScript CLI through tsx, so no build step is needed. tsx is resolved from
// this package, not from the caller's directory, so `duban` works wherever it is run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tsx = import.meta.resolve('tsx');
const r = spawnSync(process.execPath, ['--import', tsx, join(root, 'src/cli.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
