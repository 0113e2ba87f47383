#!/usr/bin/env node
// Compiles the Node server, the CLI and the parse worker to dist/ with esbuild, so `npm start`
// and the `duban` bin run JavaScript instead of compiling TypeScript at every start (tsx took
// seconds). Packages stay external: node_modules is resolved at run time as usual.
//
//   node scripts/build.js             build
//   node scripts/build.js --if-stale  build only when dist/ is missing or older than a source
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const stamp = join(dist, '.built');
const SOURCES = ['src', 'commands', 'cards'].map((d) => join(root, d));
const ENTRIES = ['src/node.ts', 'src/cli.ts', 'src/parse-worker.ts'];

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** dist/ is missing (a fresh clone) or a source changed after it was built. */
export function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((d) => newestSource(d) > built);
}

export async function build() {
  // esbuild is needed only here, so a run from an existing dist/ never loads it.
  const esbuild = await import('esbuild');
  // Built beside dist/ and swapped in, so a process starting meanwhile never sees half a build.
  const next = `${dist}.${process.pid}`;
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: next,
    outbase: 'src',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(join(next, '.built'), `${new Date().toISOString()}\n`);
  const old = `${dist}.old.${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && (!process.argv.includes('--if-stale') || isStale())) await build();
