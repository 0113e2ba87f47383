// Nothing Lark was told we received is ever lost: the database going away, a process dying after
// the answer, Lark failing our sends, a wrong app secret, two senders on one database, a burst.
// The real app and store against the fake Lark platform; the database really goes away.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp, MAX_BODY_BYTES } from '../src/app';
import { createLarkApi } from '../src/lark/api';
import { deliverDue } from '../src/outbox/deliver';
import { storeEvent } from '../src/store/inbox';
import { inbox, outbox } from '../src/store/schema';
import { setMember } from '../src/store/members';
import { findDepartmentByName } from '../src/store/directory';
import { requestBinding } from '../src/store/bindings';
import { publishNotice } from '../src/publish';
import { cardText, OFFICE_OPEN_ID, startHarness, VERIFICATION_TOKEN, type Harness } from './support/bot-harness';
import { engineName } from './support/db';
import { openOutageDb } from './support/outage';
import { startFakeLark, type FakeLark } from '../playground/lark/fake-lark';
import { encryptForLark, messageEvent, signedRequest, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';

const NOW = new Date('2025-07-01T02:00:00Z');

describe(`when the database goes away, on ${engineName}`, () => {
  let fake: FakeLark;
  beforeAll(async () => {
    fake = await startFakeLark();
  });
  afterAll(async () => fake?.close());

  it('answers 503 so Lark delivers the event again, and handles the redelivery once the database is back', async () => {
    const outage = await openOutageDb();
    const lark = createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
    const appOn = (db: typeof outage extends { current(): infer S } ? S : never) =>
      createApp({ db: db.db, lark, config: { verificationToken: VERIFICATION_TOKEN, officeOpenIds: [] }, now: () => NOW, log: () => {} });
    const event = messageEvent({ text: '帮助', chatType: 'p2p', chatId: 'oc_p2p_someone', openId: 'ou_someone' });
    const post = (app: ReturnType<typeof appOn>) => {
      const req = signedRequest(event, { verificationToken: VERIFICATION_TOKEN, timestamp: String(NOW.getTime() / 1000) });
      return app.request('/lark/webhook', { method: 'POST', body: req.body, headers: req.headers });
    };
    try {
      const before = appOn(outage.current());
      await outage.cut();
      expect((await post(before)).status).toBe(503);

      const after = appOn(await outage.restore());
      expect((await post(after)).status).toBe(200);
      await after.idle();
      const [row] = await outage.current().db.select().from(inbox).where(eq(inbox.eventId, event.header.event_id));
      expect(row.status).toBe('done');
      const replies = await outage.current().db.select().from(outbox).where(eq(outbox.channel, 'reply'));
      expect(replies).toHaveLength(1);
      // Lark redelivers a 503'd event more than once: the extra copy is acknowledged and dropped.
      expect((await post(after)).status).toBe(200);
      await after.idle();
      expect(await outage.current().db.select().from(outbox).where(eq(outbox.channel, 'reply'))).toHaveLength(1);
    } finally {
      await outage.close();
    }
  });
});

describe(`after a crash, on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.now.value = NOW;
  });
  afterAll(async () => h?.close());
  afterEach(() => h.fake.reset());

  it('handles events that were stored and acknowledged but never handled, when the next process starts', async () => {
    const event = messageEvent({ text: '帮助', chatType: 'p2p', chatId: 'oc_p2p_crash', openId: 'ou_crash' });
    // What the webhook wrote before the process died.
    await storeEvent(h.store.db, {
      eventId: event.header.event_id,
      tenantKey: TEST_TENANT_KEY,
      eventType: event.header.event_type,
      envelope: JSON.stringify(event),
      now: NOW,
    });
    // A dead process's claim on another stored event, still running when the next one starts.
    const claimed = messageEvent({ text: '帮助', chatType: 'p2p', chatId: 'oc_p2p_claimed', openId: 'ou_claimed' });
    await storeEvent(h.store.db, {
      eventId: claimed.header.event_id,
      tenantKey: TEST_TENANT_KEY,
      eventType: claimed.header.event_type,
      envelope: JSON.stringify(claimed),
      now: NOW,
    });
    await h.store.db
      .update(inbox)
      .set({ lockedUntil: new Date(NOW.getTime() + 60_000), attempts: 1 })
      .where(eq(inbox.eventId, claimed.header.event_id));

    h.app.inbox.kick();
    await h.app.idle();
    expect(h.fake.sent().filter((m) => m.kind === 'reply')).toHaveLength(1);

    h.now.value = new Date(NOW.getTime() + 61_000);
    await h.app.idle();
    expect(h.fake.sent().filter((m) => m.kind === 'reply')).toHaveLength(2);
    expect((await h.store.db.select().from(inbox)).map((r) => r.status)).toEqual(['done', 'done']);
    h.now.value = NOW;
  });

  it('retries a reply Lark answers with 5xx, under the same uuid, until it arrives once', async () => {
    h.fake.failNext('/reply', 2, { status: 500, code: 1_000_500 });
    await h.post(messageEvent({ text: '帮助', chatType: 'p2p', chatId: 'oc_p2p_retry', openId: 'ou_retry' }));
    await h.app.idle();
    expect(h.fake.sent().filter((m) => m.kind === 'reply')).toHaveLength(0);
    for (const after of [30_000, 120_000]) {
      h.now.value = new Date(NOW.getTime() + after);
      await h.app.idle();
    }
    const replies = h.fake.sent().filter((m) => m.kind === 'reply');
    expect(replies).toHaveLength(1);
    const uuids = new Set(h.fake.requests.filter((r) => r.path.endsWith('/reply')).map((r) => (r.body as { uuid?: string }).uuid));
    expect(uuids.size).toBe(1);
    h.now.value = NOW;
  });

  it('still answers when the contact book fails, and when the file to send back cannot be uploaded', async () => {
    h.fake.failNext('/contact/v3/users', 1, { status: 500, code: 1_000_500 });
    await h.post(messageEvent({ text: '我的任务', chatType: 'p2p', chatId: 'oc_p2p_nobody', openId: 'ou_nobody' }));
    await h.app.idle();
    expect(cardText(h.fake.sent().find((m) => m.kind === 'reply')?.content)).toContain('绑定');
    expect(h.logs.some((l) => l.includes('contact look-up for ou_nobody failed'))).toBe(true);

    h.fake.reset();
    await h.importSeed('002_1767bb79f9d560a4.txt');
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: 'ou_leader', role: 'leader' });
    h.fake.failNext('/open-apis/im/v1/files', 1, { status: 500, code: 1_000_500 });
    await h.post(messageEvent({ text: '导出台账', chatType: 'p2p', chatId: 'oc_p2p_leader', openId: 'ou_leader' }));
    await h.app.idle();
    const texts = h.fake.sent().map((m) => cardText(m.content));
    expect(texts.some((t) => t.includes('文件上传失败'))).toBe(true);
    expect(texts.some((t) => t.includes('台账已导出'))).toBe(true);
  });
});

describe(`sending with a wrong app secret, and two senders, on ${engineName}`, () => {
  let h: Harness;
  let noticeId: number;
  beforeAll(async () => {
    h = await startHarness();
    noticeId = await h.importSeed('002_1767bb79f9d560a4.txt', false);
    for (const [name, chat] of [
      ['区城乡建设和交通局', 'oc_housing'],
      ['区党政办公室', 'oc_office'],
      ['区财政局', 'oc_finance'],
    ] as const) {
      const d = await findDepartmentByName(h.store.db, TEST_TENANT_KEY, name);
      if (d)
        await requestBinding(h.store.db, {
          tenantKey: TEST_TENANT_KEY,
          chatId: chat,
          departmentId: d.id,
          requestedBy: OFFICE_OPEN_ID,
          active: true,
        });
    }
    await publishNotice(h.store.db, { tenantKey: TEST_TENANT_KEY, noticeId, byOpenId: OFFICE_OPEN_ID, now: h.now.value });
  });
  afterAll(async () => h?.close());

  it('keeps a broadcast pending while the app secret is wrong, and sends it once the secret is fixed', async () => {
    const clock = { t: h.now.value.getTime() };
    const deps = (secret: string) => ({
      db: h.store.db,
      lark: createLarkApi({ appId: h.fake.appId, appSecret: secret, domain: h.fake.url }),
      now: () => new Date(clock.t),
      sleep: async (ms: number) => void (clock.t += ms),
      random: () => 0,
    });
    for (let i = 0; i < 12; i++) {
      await deliverDue(deps('a-wrong-secret'));
      clock.t += 16 * 60_000;
    }
    const rows = await h.store.db.select().from(outbox).where(eq(outbox.kind, 'publish'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'pending' && r.attempts >= 12)).toBe(true);
    expect(rows[0].lastError).toContain('10014');

    const fixed = await deliverDue(deps(h.fake.appSecret), { limit: 100 });
    expect(fixed.sent).toBe(rows.length);
  });

  it('lets one sender at a time send, and a new one take over at once from a sender that stopped', async () => {
    await h.store.db.update(outbox).set({ status: 'pending', sentAt: null, nextAttemptAt: h.now.value });
    let t = h.now.value.getTime();
    const lark = createLarkApi({ appId: h.fake.appId, appSecret: h.fake.appSecret, domain: h.fake.url });
    const sender = (holder: string) => ({
      db: h.store.db,
      lark,
      holder,
      now: () => new Date(t),
      sleep: async (ms: number) => void (t += ms),
    });
    // The first sender claims a batch and dies before sending it (a claim is held for 30 s or more).
    expect((await deliverDue(sender('a'), { limit: 1 })).sent).toBe(1);
    await h.store.db
      .update(outbox)
      .set({ lockedUntil: new Date(t + 60_000) })
      .where(eq(outbox.status, 'pending'));
    // While its lease runs, nobody else sends.
    expect((await deliverDue(sender('b'))).sent).toBe(0);
    // 21 s later the lease has lapsed: the next sender takes over and its claims are released at once.
    t += 21_000;
    const takeover = await deliverDue(sender('b'), { limit: 100 });
    expect(takeover.sent).toBeGreaterThan(0);
    expect(takeover.remaining).toBe(0);
  });
});

describe(`refusing what is not from Lark, on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ encryptKey: 'fault-key' });
  });
  afterAll(async () => h?.close());

  it('refuses a body over the limit before reading it, whatever it declares', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const declared = await h.app.request('/lark/webhook', { method: 'POST', body: big, headers: { 'content-length': String(big.length) } });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 3; i++) c.enqueue(new TextEncoder().encode('y'.repeat(MAX_BODY_BYTES / 2)));
        c.close();
      },
    });
    const undeclared = await h.app.request('/lark/webhook', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(undeclared.status).toBe(413);
  });

  it('does not decrypt an unsigned body longer than a URL check could be', async () => {
    const payload = JSON.stringify({
      schema: '2.0',
      header: { event_id: 'e', event_type: 'im.message.receive_v1', token: VERIFICATION_TOKEN },
      event: { pad: 'z'.repeat(4000) },
    });
    const res = await h.app.request('/lark/webhook', {
      method: 'POST',
      body: JSON.stringify({ encrypt: encryptForLark(payload, 'fault-key') }),
    });
    expect(res.status).toBe(401);
    expect(h.logs.at(-1)).toContain('missing signature headers');
  });
});

describe(`a burst of messages, on ${engineName}`, () => {
  it('stores a burst as rows and handles a few at a time, answering every message once', async () => {
    const h = await startHarness();
    try {
      const n = 120;
      const posts = Array.from({ length: n }, (_, i) =>
        h.post(messageEvent({ text: '帮助', chatType: 'p2p', chatId: `oc_p2p_burst_${i}`, openId: `ou_burst_${i}` })),
      );
      let most = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const held = await h.store.db.select({ id: inbox.id }).from(inbox).where(eq(inbox.status, 'pending'));
          const locked = (await h.store.db.select().from(inbox)).filter((r) => r.status === 'pending' && r.lockedUntil !== null).length;
          most = Math.max(most, locked);
          if (!held.length) break;
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      expect((await Promise.all(posts)).every((r) => r.status === 200)).toBe(true);
      await h.app.idle();
      sampling = false;
      await sampler;
      expect(most).toBeLessThanOrEqual(4);
      expect(h.fake.sent().filter((m) => m.kind === 'reply')).toHaveLength(n);
    } finally {
      await h.close();
    }
  });
});
