// The Worker build, run for real: `wrangler deploy --dry-run` bundles it, and `wrangler dev`
// serves it under workerd, where it must load the Lark node-sdk and answer a url_verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wrangler = join(root, 'node_modules/.bin/wrangler');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' };
const PORT = 18000 + (process.pid % 1000);

describe('the Worker under workerd', () => {
  let dev: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    dev = spawn(
      wrangler,
      [
        'dev',
        '--port',
        String(PORT),
        '--ip',
        '127.0.0.1',
        '--var',
        'LARK_APP_ID:cli_smoke',
        '--var',
        'LARK_APP_SECRET:secret',
        '--var',
        'LARK_VERIFICATION_TOKEN:smoke-token',
        '--var',
        'DATABASE_URL:postgres://postgres@127.0.0.1:5432/postgres',
      ],
      { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    dev.stdout!.on('data', (d) => (output += d));
    dev.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !/Ready on/.test(output)) await new Promise((r) => setTimeout(r, 250));
    if (!/Ready on/.test(output)) throw new Error(`wrangler dev did not start:\n${output}`);
  }, 120_000);

  afterAll(() => {
    // The dev server spawns workerd: end the whole process group.
    if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
  });

  it('answers url_verification with its challenge and refuses a wrong token', async () => {
    const url = `http://127.0.0.1:${PORT}/lark/webhook`;
    const ok = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ type: 'url_verification', challenge: 'smoke-42', token: 'smoke-token' }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'smoke-42' });
    const bad = await fetch(url, { method: 'POST', body: JSON.stringify({ type: 'url_verification', challenge: 'x', token: 'wrong' }) });
    expect(bad.status).toBe(401);
    expect(output).not.toMatch(/Uncaught|ReferenceError|__dirname is not defined/);
  }, 30_000);

  it('bundles with wrangler deploy --dry-run', () => {
    const out = mkdtempSync(join(tmpdir(), 'duban-bundle-'));
    try {
      const r = spawnSync(wrangler, ['deploy', '--dry-run', '--outdir', out], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('--dry-run: exiting now.');
      expect(statSync(join(out, 'worker.js')).size).toBeGreaterThan(100_000);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 130_000);
});
