import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { startHarness, cardText, type Harness } from './support/bot-harness';
import { TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { notices, outbox } from '../src/store/schema';
import { findDepartmentByName } from '../src/store/directory';
import { requestBinding } from '../src/store/bindings';
import { setMember } from '../src/store/members';
import { enqueueAll } from '../src/outbox/enqueue';
import { outboxContent } from '../src/outbox/render';
import { createLarkApi } from '../src/lark/api';
import { LarkApiError } from '../src/lark/errors';
import {
  RETRY_CAP_MS,
  deliverDue,
  outboxUuid,
  retryDelayMs,
  type DeliverDeps,
  type DeliverOptions,
  type DeliverResult,
} from '../src/outbox/deliver';
import { deliverFor, startDeliveryLoop } from '../src/outbox/loop';
import { deliveryReport, publishNotice, retryFailedDeliveries } from '../src/publish';
import { deliveryReportCard as renderDeliveryReport } from '../cards/delivery-report';
import { clockAt } from '../src/dates';
import { gated } from '../playground/lark/card-schema';

// Every card rendered here passes the Card JSON 2.0 gate (tests/support/card-schema.ts).
const deliveryReportCard = gated(renderDeliveryReport);

const TENANT = TEST_TENANT_KEY;
const START = new Date('2025-07-01T02:00:00Z');
const MESSAGES_PATH = '/open-apis/im/v1/messages';

/** Seed 002 departments with a bound group; 区经济运行局 is reached through two coordinators. */
const CHATS: Record<string, string> = {
  区党政办公室: 'oc_office',
  区城乡建设和交通局: 'oc_housing',
  区市场监管局: 'oc_market',
  区行政审批服务局: 'oc_approval',
  区发展改革局: 'oc_ndrc',
  区生态环境分局: 'oc_eco',
};
const COORDINATORS = ['ou_econ_a', 'ou_econ_b'];
const RECEIVERS = [...Object.values(CHATS), ...COORDINATORS];

describe(`delivering the outbox through the real Lark client on ${engineName}`, () => {
  let h: Harness;
  let noticeId: number;
  /** The injected clock: only sleeps and the tests move it. */
  const clock = { t: START };
  let sleeps: number[];
  /** Every send attempt the bot made (before Lark answered), with the injected time. */
  let attempts: { receiveId: string; uuid?: string; at: number }[];

  function deps(over: Partial<DeliverDeps> = {}): DeliverDeps {
    // A fresh client per call, like a restarted process: no state survives but the database.
    const real = createLarkApi({ appId: h.fake.appId, appSecret: h.fake.appSecret, domain: h.fake.url });
    return {
      db: h.store.db,
      lark: {
        sendMessage: (m) => {
          attempts.push({ receiveId: m.receiveId, uuid: m.uuid, at: clock.t.getTime() });
          return real.sendMessage(m);
        },
        replyMessage: (m) => real.replyMessage(m),
        sendEphemeral: (m) => real.sendEphemeral(m),
        patchMessage: (m) => real.patchMessage(m),
      },
      now: () => clock.t,
      sleep: async (ms) => {
        sleeps.push(ms);
        advance(ms);
      },
      random: () => 0.5,
      ...over,
    };
  }

  function advance(ms: number): void {
    clock.t = new Date(clock.t.getTime() + ms);
  }

  /** Delivers until nothing is left, jumping the clock to the next due row whenever idle. */
  async function drain(opts: DeliverOptions = {}, maxRuns = 40): Promise<DeliverResult[]> {
    const runs: DeliverResult[] = [];
    for (let i = 0; i < maxRuns; i++) {
      const r = await deliverDue(deps(), opts);
      runs.push(r);
      if (r.remaining === 0) return runs;
      if (r.nextAttemptAt && r.nextAttemptAt > clock.t) clock.t = r.nextAttemptAt;
    }
    throw new Error(`outbox not drained after ${maxRuns} runs`);
  }

  const sends = () => h.fake.sent().filter((m) => m.kind === 'send');
  const sendsTo = (receiveId: string) => sends().filter((m) => m.receiveId === receiveId);

  async function rows() {
    return h.store.db.select().from(outbox).where(eq(outbox.noticeId, noticeId)).orderBy(asc(outbox.id));
  }

  async function rowFor(receiveId: string) {
    const [row] = await h.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.noticeId, noticeId), eq(outbox.receiveId, receiveId)));
    return row;
  }

  function expectExactlyOneCardEach(): void {
    for (const r of RECEIVERS) expect(sendsTo(r), r).toHaveLength(1);
    expect(sends()).toHaveLength(RECEIVERS.length);
  }

  beforeAll(async () => {
    h = await startHarness();
    noticeId = await h.importSeed('002_1767bb79f9d560a4.txt', false);
    for (const [name, chatId] of Object.entries(CHATS)) {
      const d = (await findDepartmentByName(h.store.db, TENANT, name))!;
      await requestBinding(h.store.db, { tenantKey: TENANT, chatId, departmentId: d.id, requestedBy: 'ou_office', active: true });
    }
    const econ = (await findDepartmentByName(h.store.db, TENANT, '区经济运行局'))!;
    for (const openId of COORDINATORS)
      await setMember(h.store.db, { tenantKey: TENANT, openId, role: 'coordinator', departmentId: econ.id });
  });
  afterAll(async () => h?.close());

  // Every test starts from the same freshly published notice and an empty fake Lark.
  beforeEach(async () => {
    h.fake.reset();
    clock.t = START;
    sleeps = [];
    attempts = [];
    await h.store.db.delete(outbox);
    await h.store.db.update(notices).set({ status: 'draft', publishedAt: null }).where(eq(notices.id, noticeId));
    const r = await publishNotice(h.store.db, { tenantKey: TENANT, noticeId, byOpenId: 'ou_office', now: START });
    expect(r).toMatchObject({ status: 'published', messages: RECEIVERS.length });
  });

  it('sends every department exactly one card with the department’s own content, and records each message id', async () => {
    const [run] = await drain();
    expect(run).toMatchObject({ sent: RECEIVERS.length, failed: 0, retried: 0, remaining: 0, nextAttemptAt: null });
    expectExactlyOneCardEach();
    for (const m of sends()) {
      expect(m.msgType).toBe('interactive');
      expect(cardText(m.content)).toContain('新通知《关于印发济宁高新区贯彻落实2025年济宁市政务公开任务分解表的通知》');
      expect(m.uuid!.length).toBeLessThanOrEqual(50);
    }
    expect(sendsTo('ou_econ_a')[0].receiveIdType).toBe('open_id');
    expect(sendsTo('oc_office')[0].receiveIdType).toBe('chat_id');
    for (const row of await rows()) {
      expect(row.status).toBe('sent');
      expect(row.sentMessageId).toBe(sendsTo(row.receiveId)[0].messageId);
      expect(row.lockedUntil).toBeNull();
      expect(row.attempts).toBe(1);
    }
  });

  it('gets through a 429 with retry-after and two 500s: one card each in the end, and no retry before its backoff', async () => {
    h.fake.failNext(MESSAGES_PATH, 1, { status: 429, code: 99991400 });
    h.fake.failNext(MESSAGES_PATH, 2, { status: 500, code: 1500 });

    // Run 1: the first send is rate-limited; the app waits, so the rest of the batch is put back.
    const first = await deliverDue(deps());
    expect(first).toMatchObject({ sent: 0, retried: 1, failed: 0, remaining: RECEIVERS.length });
    expect(attempts).toHaveLength(1);
    const limited = await rowFor(attempts[0].receiveId);
    expect(limited.attempts).toBe(1);
    expect(limited.lastError).toMatch(/^\[code 99991400, HTTP 429\]/);
    // Exponential backoff (10 s step, jitter pinned at the middle: 7.5 s) beats the 1 s retry-after.
    expect(limited.nextAttemptAt.getTime() - attempts[0].at).toBe(7_500);
    const others = (await rows()).filter((r) => r.id !== limited.id);
    for (const r of others) {
      expect(r.attempts).toBe(0);
      expect(r.nextAttemptAt.getTime()).toBe(attempts[0].at + 1_000);
    }

    // Same moment again: nothing is due.
    expect(await deliverDue(deps())).toMatchObject({ sent: 0, retried: 0 });
    expect(attempts).toHaveLength(1);

    const runs = await drain();
    expect(runs.reduce((n, r) => n + r.retried, 0)).toBe(2);
    expectExactlyOneCardEach();
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);

    // Every retry came no earlier than the backoff its failure set.
    const byReceiver = new Map<string, number[]>();
    for (const a of attempts) byReceiver.set(a.receiveId, [...(byReceiver.get(a.receiveId) ?? []), a.at]);
    const retriedReceivers = [...byReceiver].filter(([, times]) => times.length > 1);
    expect(retriedReceivers).toHaveLength(3);
    for (const [, [failedAt, retriedAt]] of retriedReceivers) expect(retriedAt - failedAt).toBeGreaterThanOrEqual(7_500);
    // A retry reuses the uuid, so Lark could not have delivered it twice either.
    for (const [receiveId] of retriedReceivers) {
      expect(new Set(attempts.filter((a) => a.receiveId === receiveId).map((a) => a.uuid)).size).toBe(1);
    }
  });

  it('marks a send Lark refuses for good (bot not in the group) failed after one attempt, and the report names the department', async () => {
    h.fake.failNext((req) => req.path === MESSAGES_PATH && (req.body as { receive_id?: string })?.receive_id === 'oc_market', 1, {
      status: 400,
      code: 230002,
      msg: 'Bot is not in the chat',
    });
    const runs = await drain();
    expect(runs.reduce((n, r) => n + r.failed, 0)).toBe(1);
    expect(sendsTo('oc_market')).toHaveLength(0);
    expect(sends()).toHaveLength(RECEIVERS.length - 1);
    const failed = await rowFor('oc_market');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lockedUntil: null });

    const report = (await deliveryReport(h.store.db, TENANT, noticeId))!;
    expect(report.counts).toEqual({ sent: RECEIVERS.length - 1, failed: 1, pending: 0 });
    expect(report.failed).toEqual([
      expect.objectContaining({
        department: '区市场监管局',
        recipient: 'chat',
        attempts: 1,
        code: 230002,
        error: expect.stringContaining('Bot is not in the chat'),
      }),
    ]);
    const text = cardText(deliveryReportCard(report, { locale: 'zh_cn', clock: clockAt(clock.t) }));
    expect(text).toContain('失败 **1**');
    expect(text).toContain('区市场监管局（群）');
    expect(text).toContain('code 230002');

    // Once the office fixed it, the failed card goes out, once.
    expect(await retryFailedDeliveries(h.store.db, { tenantKey: TENANT, noticeId, now: clock.t })).toBe(1);
    await drain();
    expectExactlyOneCardEach();
  });

  it('gives up on a row after maxAttempts retryable failures', async () => {
    h.fake.failNext((req) => req.path === MESSAGES_PATH && (req.body as { receive_id?: string })?.receive_id === 'oc_eco', 10, {
      status: 503,
      code: -1,
    });
    const runs = await drain({ maxAttempts: 3 });
    expect(runs.reduce((n, r) => n + r.retried, 0)).toBe(2);
    expect(runs.reduce((n, r) => n + r.failed, 0)).toBe(1);
    expect(await rowFor('oc_eco')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(attempts.filter((a) => a.receiveId === 'oc_eco')).toHaveLength(3);
  });

  it('finishes after a restart halfway without sending anything twice', async () => {
    const firstProcess = await deliverDue(deps(), { limit: 2 });
    expect(firstProcess).toMatchObject({ sent: 2, remaining: RECEIVERS.length - 2 });
    expect(sends()).toHaveLength(2);
    // A new process: new client, new pacer, only the database carries over.
    const secondProcess = await deliverDue(deps());
    expect(secondProcess).toMatchObject({ sent: RECEIVERS.length - 2, remaining: 0 });
    expectExactlyOneCardEach();
  });

  it('picks up a row a crashed run had claimed (and sent) once its lock expires, and Lark drops the duplicate by uuid', async () => {
    // The crashed run: it claimed one row, sent it, and died before recording the outcome.
    const victim = await rowFor('oc_housing');
    const crashedLock = new Date(clock.t.getTime() + 120_000);
    await h.store.db.update(outbox).set({ lockedUntil: crashedLock }).where(eq(outbox.id, victim.id));
    await deps().lark.sendMessage({
      receiveIdType: 'chat_id',
      receiveId: victim.receiveId,
      msgType: 'interactive',
      content: outboxContent(victim, clock.t),
      uuid: await outboxUuid(victim),
    });

    const meanwhile = await deliverDue(deps());
    expect(meanwhile.sent).toBe(RECEIVERS.length - 1);
    expect((await rowFor('oc_housing')).status).toBe('pending');

    clock.t = crashedLock;
    const after = await deliverDue(deps());
    expect(after).toMatchObject({ sent: 1, remaining: 0 });
    const row = await rowFor('oc_housing');
    expect(row.status).toBe('sent');
    expect(row.sentMessageId).toBe(sendsTo('oc_housing')[0].messageId);
    // Two requests reached Lark for this chat, one message exists.
    expect(attempts.filter((a) => a.receiveId === 'oc_housing')).toHaveLength(2);
    expectExactlyOneCardEach();
  });

  it('never sends a row twice when two runs deliver at the same time', async () => {
    const [a, b] = await Promise.all([deliverDue(deps()), deliverDue(deps())]);
    expect(a.sent + b.sent).toBe(RECEIVERS.length);
    // Not even a request twice: the uuid would hide a double claim from the chat, not from us.
    expect(attempts).toHaveLength(RECEIVERS.length);
    expectExactlyOneCardEach();
  });

  it('spaces the sends of one run by 1/perSecond on the injected clock', async () => {
    await deliverDue(deps(), { perSecond: 4 });
    expect(attempts).toHaveLength(RECEIVERS.length);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(250);
    expect(sleeps).toEqual(Array(RECEIVERS.length - 1).fill(250));
  });

  it('sends to one chat at most 5 times a second even when the app-wide rate allows more', async () => {
    await h.store.db.delete(outbox);
    // Queue order: busy, busy, quiet, busy, busy.
    for (const [i, receiveId] of ['oc_busy', 'oc_busy', 'oc_quiet', 'oc_busy', 'oc_busy'].entries()) {
      await enqueueAll(h.store.db, [
        {
          tenantKey: TENANT,
          dedupeKey: `remind:test:${i}`,
          kind: 'remind',
          receiveIdType: 'chat_id',
          receiveId,
          content: { text: `提醒 ${i}` },
          notBefore: START,
        },
      ]);
    }
    const r = await deliverDue(deps(), { perSecond: 50 });
    expect(r.sent).toBe(5);
    const busy = attempts.filter((a) => a.receiveId === 'oc_busy').map((a) => a.at);
    for (let i = 1; i < busy.length; i++) expect(busy[i] - busy[i - 1]).toBeGreaterThanOrEqual(200);
    // The other chat only keeps the app-wide 20 ms from the send before it.
    const quiet = attempts.find((a) => a.receiveId === 'oc_quiet')!;
    expect(quiet.at - attempts[attempts.indexOf(quiet) - 1].at).toBe(20);
  });

  it('keeps to the per-minute budget across runs, counting what was sent in the last minute', async () => {
    const first = await deliverDue(deps(), { perMinute: 3 });
    expect(first.sent).toBe(3);
    // Within the same minute the budget is spent: the next run claims nothing.
    expect((await deliverDue(deps(), { perMinute: 3 })).sent).toBe(0);
    advance(61_000);
    expect((await deliverDue(deps(), { perMinute: 3 })).sent).toBe(3);
  });

  it('keeps a row pending (never failed, never lost) when sending throws something unexpected', async () => {
    const broken = deps({
      lark: {
        ...deps().lark,
        sendMessage: async () => {
          throw new TypeError('content is not a card');
        },
      },
    });
    for (let i = 0; i < 4; i++) {
      expect(await deliverDue(broken, { maxAttempts: 2 })).toMatchObject({ sent: 0, failed: 0, retried: RECEIVERS.length });
      advance(RETRY_CAP_MS);
    }
    for (const row of await rows()) {
      expect(row).toMatchObject({ status: 'pending', attempts: 4, lockedUntil: null });
      expect(row.lastError).toMatch(/^\[unexpected\] content is not a card/);
    }
    // And a working client later delivers it, with everything else, once.
    await drain();
    expectExactlyOneCardEach();
  });

  it('honours a retry-after longer than the backoff, and defers only that chat on a group rate limit', async () => {
    const limited = await rowFor('oc_office');
    const lark = deps().lark;
    const stub = deps({
      lark: {
        ...lark,
        sendMessage: async (m) => {
          if (m.receiveId === 'oc_office') {
            attempts.push({ receiveId: m.receiveId, uuid: m.uuid, at: clock.t.getTime() });
            throw new LarkApiError('group limit', { code: 230020, httpStatus: 400, retryAfterSeconds: 120 });
          }
          return lark.sendMessage(m);
        },
      },
    });
    const r = await deliverDue(stub);
    expect(r).toMatchObject({ sent: RECEIVERS.length - 1, retried: 1 });
    const after = await rowFor('oc_office');
    expect(after.nextAttemptAt.getTime() - attempts.find((a) => a.receiveId === 'oc_office')!.at).toBe(120_000);
    expect(after.id).toBe(limited.id);
  });

  it('time-boxes a drain for a cron trigger, keeping the pacing across its runs', async () => {
    const total = await deliverFor(deps(), { budgetMs: 600, limit: 2, perSecond: 4 });
    // Runs of two sends at 250 ms spacing, the next run continuing the spacing: 0, 250, 500, 750.
    expect(total).toMatchObject({ sent: 4, remaining: RECEIVERS.length - 4 });
    expect(attempts.map((a) => a.at - START.getTime())).toEqual([0, 250, 500, 750]);
    expect((await deliverFor(deps(), { budgetMs: 60_000 })).sent).toBe(RECEIVERS.length - 4);
    expectExactlyOneCardEach();
  });

  it('delivers from a background loop that a publish can wake early, and stops cleanly', async () => {
    await h.store.db.delete(outbox);
    await h.store.db.update(notices).set({ status: 'draft', publishedAt: null }).where(eq(notices.id, noticeId));
    // Real time for the loop's own pauses; the idle pause is far longer than this test may take,
    // so only kick() can make the second run happen in time.
    const loop = startDeliveryLoop(deps({ now: () => new Date(), sleep: async () => {} }), { idleMs: 60_000, perSecond: 50 });
    await new Promise((r) => setTimeout(r, 50));
    expect(sends()).toHaveLength(0);
    await publishNotice(h.store.db, { tenantKey: TENANT, noticeId, byOpenId: 'ou_office', now: START });
    loop.kick();
    for (let i = 0; i < 100 && sends().length < RECEIVERS.length; i++) await new Promise((r) => setTimeout(r, 20));
    await loop.stop();
    expectExactlyOneCardEach();
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
  });
});

describe('retry delays', () => {
  it('grow exponentially from 10 s with jitter between half and all of the step', () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, undefined, () => 0.999999)).toBeCloseTo(10_000, -1);
    expect(retryDelayMs(2, undefined, () => 0.5)).toBe(15_000);
    expect(retryDelayMs(4, undefined, () => 0.5)).toBe(60_000);
  });

  it('never come before Lark’s retry-after', () => {
    expect(retryDelayMs(1, 90, () => 0)).toBe(90_000);
  });

  it('are capped at 15 minutes, inside the 1-hour uuid window, however many attempts', () => {
    for (const attempt of [10, 30, 1000]) {
      expect(retryDelayMs(attempt, undefined, () => 0.999)).toBeLessThanOrEqual(RETRY_CAP_MS);
    }
    expect(retryDelayMs(3, 7200, () => 0.5)).toBe(RETRY_CAP_MS);
    expect(RETRY_CAP_MS).toBeLessThan(60 * 60_000);
  });
});

describe('send uuids', () => {
  it('are stable per row, distinct between rows, and at most 50 characters', async () => {
    const row = { id: 2_147_483_647, tenantKey: 'x'.repeat(200), dedupeKey: `publish:2147483647:2147483647:ou_${'f'.repeat(60)}` };
    const uuid = await outboxUuid(row);
    expect(uuid.length).toBeLessThanOrEqual(50);
    expect(await outboxUuid({ ...row })).toBe(uuid);
    expect(await outboxUuid({ ...row, id: 1 })).not.toBe(uuid);
    expect(await outboxUuid({ ...row, dedupeKey: 'publish:1:2' })).not.toBe(uuid);
  });
});
