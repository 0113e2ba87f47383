// The playground cannot be pointed at a real tenant by accident: a LARK_DOMAIN that is not
// loopback stops the start before anything is opened, and real credentials are never used.
import { describe, expect, it } from 'vitest';
import { assertLoopback, checkEnvironment, PlaygroundRefusal } from '../playground/guard';
import { startPlayground } from '../playground/server';

describe('the playground guard', () => {
  it('refuses to start when LARK_DOMAIN points at a real Lark platform', async () => {
    for (const domain of ['https://open.feishu.cn', 'https://open.larksuite.com', 'http://10.0.0.8:8080', 'feishu']) {
      expect(() => checkEnvironment({ LARK_DOMAIN: domain })).toThrow(PlaygroundRefusal);
    }
    await expect(startPlayground({ port: 0, dataDir: null, env: { LARK_DOMAIN: 'https://open.feishu.cn' } })).rejects.toThrow(
      /LARK_DOMAIN/,
    );
  });

  it('accepts loopback or no LARK_DOMAIN, and says which real settings it ignores', () => {
    expect(checkEnvironment({})).toEqual([]);
    expect(checkEnvironment({ LARK_DOMAIN: 'http://127.0.0.1:9999' })).toEqual([]);
    const notes = checkEnvironment({ LARK_APP_ID: 'cli_real', LARK_APP_SECRET: 's', DATABASE_URL: 'postgres://prod/db' });
    expect(notes.join('\n')).toMatch(/LARK_APP_ID, LARK_APP_SECRET, DATABASE_URL/);
  });

  it('builds the bot’s Lark client for loopback hosts only', () => {
    expect(assertLoopback('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321');
    expect(() => assertLoopback('https://open.feishu.cn')).toThrow(PlaygroundRefusal);
    expect(() => assertLoopback('http://127.0.0.1.example.com')).toThrow(PlaygroundRefusal);
  });
});
