// The CLI as its tests run it: `main` in this process with captured output, in a scratch
// workspace whose database is the CLI's own (PGlite in a temporary directory, or on PostgreSQL a
// fresh database, never the server's shared one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli';
import { freshDatabase } from './db';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

/** Runs `duban ...argv` and returns its exit code and what it printed. */
export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = capture();
  const err = capture();
  const code = await main(argv, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** A temporary directory that also holds the CLI's PGlite data; on PostgreSQL a fresh database. */
export async function cliWorkspace(prefix: string): Promise<{ dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.env.DUBAN_DATA_DIR = join(dir, 'pglite');
  const fresh = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : undefined;
  if (fresh) process.env.DATABASE_URL = fresh.url;
  return {
    dir,
    async close() {
      rmSync(dir, { recursive: true, force: true });
      await fresh?.drop();
    },
  };
}
