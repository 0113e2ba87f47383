// Notices the CLI imported under "default" go to the Lark tenant the operator names, once, and to
// no one else; later CLI imports follow them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { messageEvent } from '../playground/lark/lark-payloads';
import { notices, tenantLinks } from '../src/store/schema';
import { adoptCliTenant, CLI_TENANT, cliTenant } from '../src/store/tenants';
import { startHarness, type Harness } from './support/bot-harness';
import { engineName } from './support/db';

describe(`the CLI's notices and the Lark tenant that takes them over, on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adoptTenant: 't-ours' });
    await h.importSeed('002_1767bb79f9d560a4.txt', true, CLI_TENANT);
  });
  afterAll(async () => h?.close());

  const from = (tenantKey: string) =>
    messageEvent({ text: '帮助', chatType: 'p2p', chatId: `oc_p2p_${tenantKey}`, openId: `ou_${tenantKey}`, tenantKey });

  it('gives nothing to a tenant that happens to write first, and logs the setting that would', async () => {
    await h.post(from('t-stranger'));
    await h.app.idle();
    expect((await h.store.db.select().from(notices)).map((n) => n.tenantKey)).toEqual([CLI_TENANT]);
    expect(h.logs.some((l) => l.includes('DUBAN_ADOPT_TENANT=t-stranger'))).toBe(true);
  });

  it('moves them to the named tenant on its first event, records that, and sends later CLI runs there', async () => {
    await h.post(from('t-ours'));
    await h.app.idle();
    expect((await h.store.db.select().from(notices)).map((n) => n.tenantKey)).toEqual(['t-ours']);
    expect(await h.store.db.select().from(tenantLinks)).toEqual([expect.objectContaining({ fromKey: CLI_TENANT, toKey: 't-ours' })]);
    expect(await cliTenant(h.store.db, CLI_TENANT)).toBe('t-ours');
    expect(await cliTenant(h.store.db, 't-else')).toBe('t-else');
  });

  it('never moves rows a second time, even when something is stored under "default" again', async () => {
    await h.importSeed('004_8f567bc9b8b33b76.txt', false, CLI_TENANT);
    // What a restarted process would try on the tenant's next event.
    expect(await adoptCliTenant(h.store.db, 't-ours')).toBe(false);
    expect(await h.store.db.select().from(notices).where(eq(notices.tenantKey, CLI_TENANT))).toHaveLength(1);
  });
});
