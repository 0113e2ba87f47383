import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { startHarness, cardText, walk, type Harness } from './support/bot-harness';
import { TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { assignments, notices, outbox, tasks } from '../src/store/schema';
import { findDepartmentByName } from '../src/store/directory';
import { requestBinding } from '../src/store/bindings';
import { setMember } from '../src/store/members';
import {
  cancelNotice,
  catchUpNotice,
  deliveryReport,
  noticePreview,
  publishNotice,
  publishedNoticeView,
  type PublishResult,
} from '../src/publish';
import { deliveryReportCard as renderDeliveryReport } from '../cards/delivery-report';
import { noticePreviewCard as renderNoticePreview } from '../cards/notice-preview';
import { publishedNoticeCard as renderPublishedNotice } from '../cards/published-notice';
import type { DeliveryReportView, NoticePreviewView, PublishedNoticeView } from '../src/views/publish';
import { ActionValue } from '../cards/action-value';
import { CARD_BYTE_BUDGET, countElements, sendRequestBytes, type Card } from '../cards/format';
import type { RenderContext } from '../src/views/common';
import type { TaskItem } from '../src/views/tasks';
import { clockAt } from '../src/dates';
import { outboxCard } from './support/outbox';
import { gated } from '../playground/lark/card-schema';

// Every card rendered here passes the Card JSON 2.0 gate (tests/support/card-schema.ts).
const deliveryReportCard = gated(renderDeliveryReport);
const noticePreviewCard = gated(renderNoticePreview);
const publishedNoticeCard = gated(renderPublishedNotice);

const SEED_002 = '002_1767bb79f9d560a4.txt';
const TENANT = TEST_TENANT_KEY;
const OFFICE = 'ou_office_publisher';
// 2025-07-01 10:00 in Shanghai: seed 002's "3月底前" tasks are past due, "12月底前" ones are not.
const NOW = new Date('2025-07-01T02:00:00Z');
const zh: RenderContext = { locale: 'zh_cn', clock: clockAt(NOW) };

/** Departments of seed 002 given a group chat; one more gets coordinators instead. */
const BOUND = { 区党政办公室: 'oc_office', 区城乡建设和交通局: 'oc_housing', 区市场监管局: 'oc_market' } as const;
const COORDINATED = '区经济运行局';
const COORDINATORS = ['ou_econ_a', 'ou_econ_b'];
/** Asked for a binding that the office never confirmed: must not count as reachable. */
const PENDING_ONLY = '区发展改革局';

type Json = Record<string, unknown>;

function callbackValues(card: unknown): unknown[] {
  const out: unknown[] = [];
  for (const n of walk(card)) if (n.type === 'callback') out.push(n.value);
  return out;
}

function buttons(card: unknown): Json[] {
  return [...walk(card)].filter((n) => n.tag === 'button');
}

/** The checks every Duban card passes (see tests/cards.test.ts), for the cards of this module. */
function expectWellFormed(card: Card): void {
  expect(card.schema).toBe('2.0');
  expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
  expect(countElements(card)).toBeLessThanOrEqual(200);
  const tags = [...walk(card)].map((n) => n.tag).filter(Boolean);
  for (const bad of ['note', 'action', 'div']) expect(tags).not.toContain(bad);
  for (const n of walk(card)) {
    if (n.i18n_content === undefined) continue;
    const i18n = n.i18n_content as Record<string, string>;
    expect(Object.keys(i18n).sort()).toEqual(['en_us', 'zh_cn']);
    expect(i18n.zh_cn.length && i18n.en_us.length).toBeGreaterThan(0);
    expect(n.content).toBe(i18n.zh_cn);
  }
  for (const v of callbackValues(card)) expect(ActionValue.parse(v)).not.toBeNull();
}

describe(`publishing a notice on ${engineName}`, () => {
  let h: Harness;
  let noticeId: number;
  const dept: Record<string, number> = {};

  async function departmentId(name: string): Promise<number> {
    const d = await findDepartmentByName(h.store.db, TENANT, name);
    if (!d) throw new Error(`seed 002 lacks ${name}`);
    return d.id;
  }

  async function publishRows(id: number) {
    return h.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.tenantKey, TENANT), eq(outbox.noticeId, id)))
      .orderBy(asc(outbox.dedupeKey));
  }

  /** Lead and participating counts per department, straight from the assignments. */
  async function sharesFromDb(id: number): Promise<Map<number, { lead: number; participating: number }>> {
    const rows = await h.store.db
      .select({ d: assignments.departmentId, role: assignments.role })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(eq(tasks.noticeId, id));
    const out = new Map<number, { lead: number; participating: number }>();
    for (const r of rows) {
      const s = out.get(r.d) ?? { lead: 0, participating: 0 };
      if (r.role === 'lead') s.lead++;
      else s.participating++;
      out.set(r.d, s);
    }
    return out;
  }

  beforeAll(async () => {
    h = await startHarness();
    noticeId = await h.importSeed(SEED_002, false);
    for (const name of [...Object.keys(BOUND), COORDINATED, PENDING_ONLY]) dept[name] = await departmentId(name);
    for (const [name, chatId] of Object.entries(BOUND)) {
      await requestBinding(h.store.db, { tenantKey: TENANT, chatId, departmentId: dept[name], requestedBy: OFFICE, active: true });
    }
    await requestBinding(h.store.db, {
      tenantKey: TENANT,
      chatId: 'oc_ndrc_unconfirmed',
      departmentId: dept[PENDING_ONLY],
      requestedBy: 'ou_someone',
      active: false,
    });
    for (const openId of COORDINATORS)
      await setMember(h.store.db, { tenantKey: TENANT, openId, role: 'coordinator', departmentId: dept[COORDINATED] });
  });
  afterAll(async () => h?.close());

  it('previews the draft with its task and department figures, who cannot be reached, and the unresolved 各街道', async () => {
    const view = (await noticePreview(h.store.db, TENANT, noticeId))!;
    expect(view.notice).toMatchObject({ id: noticeId, status: 'draft', docNumber: '济高新管办字〔2025〕8号' });
    expect(view.taskCount).toBe(56);
    expect(view.departments).toHaveLength(11);
    const fromDb = await sharesFromDb(noticeId);
    for (const d of view.departments) expect({ lead: d.lead, participating: d.participating }).toEqual(fromDb.get(d.id));
    const reach = Object.fromEntries(view.departments.map((d) => [d.name, d.reach]));
    for (const name of Object.keys(BOUND)) expect(reach[name]).toBe('chat');
    expect(reach[COORDINATED]).toBe('coordinators');
    expect(reach[PENDING_ONLY]).toBeNull();
    expect(view.departments.filter((d) => d.reach === null)).toHaveLength(7);
    expect(view.unresolved).toEqual(['各街道']);

    const card = noticePreviewCard(view, zh);
    expectWellFormed(card);
    const text = cardText(card);
    expect(text).toContain('共 **56** 项任务，涉及 **11** 个单位；发布后 **4** 个单位将收到通知');
    expect(text).toContain('**7** 个单位尚未绑定群或联络员');
    expect(text).toContain('各街道');
    expect(text).toContain('设置别名 原名称 = 目录中的单位名称');
    const [publish, cancel] = buttons(card);
    expect(callbackValues(publish)).toEqual([{ a: 'publish', noticeId }]);
    expect(callbackValues(cancel)).toEqual([{ a: 'cancel_notice', noticeId }]);
    expect(cardText(publish.confirm)).toContain('将向 4 个单位发送任务通知');
    expect(publish.type).toBe('primary');
  });

  let published: PublishResult;

  it('publishes once: one row per bound chat, one per coordinator of an unbound department, the rest reported undeliverable', async () => {
    published = await publishNotice(h.store.db, { tenantKey: TENANT, noticeId, byOpenId: OFFICE, now: NOW });
    expect(published.status).toBe('published');
    if (published.status !== 'published') return;
    expect(published.messages).toBe(5);
    expect(published.reached.map((r) => [r.name, r.via, r.recipients]).sort()).toEqual(
      [
        ['区党政办公室', 'chat', 1],
        ['区城乡建设和交通局', 'chat', 1],
        ['区市场监管局', 'chat', 1],
        [COORDINATED, 'coordinators', 2],
      ].sort(),
    );
    expect(published.undeliverable).toHaveLength(7);
    expect(published.undeliverable.map((d) => d.name)).toContain(PENDING_ONLY);

    const rows = await publishRows(noticeId);
    expect(rows.map((r) => [r.dedupeKey, r.receiveIdType, r.receiveId, r.status, r.departmentId])).toEqual(
      [
        [`publish:${noticeId}:${dept.区党政办公室}`, 'chat_id', 'oc_office', 'pending', dept.区党政办公室],
        [`publish:${noticeId}:${dept.区城乡建设和交通局}`, 'chat_id', 'oc_housing', 'pending', dept.区城乡建设和交通局],
        [`publish:${noticeId}:${dept.区市场监管局}`, 'chat_id', 'oc_market', 'pending', dept.区市场监管局],
        [`publish:${noticeId}:${dept[COORDINATED]}:${COORDINATORS[0]}`, 'open_id', COORDINATORS[0], 'pending', dept[COORDINATED]],
        [`publish:${noticeId}:${dept[COORDINATED]}:${COORDINATORS[1]}`, 'open_id', COORDINATORS[1], 'pending', dept[COORDINATED]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    for (const r of rows) {
      expect(r.kind).toBe('publish');
      expect(r.msgType).toBe('interactive');
      expect(r.nextAttemptAt.getTime()).toBe(NOW.getTime());
    }
    const [notice] = await h.store.db.select().from(notices).where(eq(notices.id, noticeId));
    expect(notice.status).toBe('published');
    expect(notice.publishedAt?.getTime()).toBe(NOW.getTime());
  });

  it('gives each department a card with its own lead/participating counts, nearest deadline and a 查看我的任务 button', async () => {
    const shares = await sharesFromDb(noticeId);
    const rows = await publishRows(noticeId);
    for (const r of rows) {
      const card = outboxCard(r);
      expectWellFormed(card);
      const s = shares.get(r.departmentId!)!;
      const text = cardText(card);
      expect(text).toContain(
        `新通知《关于印发济宁高新区贯彻落实2025年济宁市政务公开任务分解表的通知》**：贵单位牵头 **${s.lead}** 项、参与 **${s.participating}** 项，`,
      );
      expect(text).toContain(`your department leads **${s.lead}** and participates in **${s.participating}**`);
      expect(callbackValues(card)).toEqual([{ a: 'my_tasks', filter: 'all', page: 1 }]);
      expect(cardText(buttons(card)[0].text)).toContain('查看我的任务');
      // Buttons die after 14 days; the card says the commands keep working.
      expect(text).toContain('此后随时发送“我的任务”“汇报进展”即可');
    }
    // 区党政办公室 leads tasks due "3月底前" (already past on 2025-07-01) and "12月底前".
    const office = outboxCard(rows.find((r) => r.receiveId === 'oc_office')!);
    expect(cardText(office)).toMatch(/最近截止 \*\*2025-\d\d-\d\d\*\*（[^）]+）/);
    expect(cardText(office)).toMatch(/另有 \d+ 项的截止日期已过/);
  });

  it('answers already when published again and enqueues nothing more', async () => {
    const before = await publishRows(noticeId);
    const again = await publishNotice(h.store.db, {
      tenantKey: TENANT,
      noticeId,
      byOpenId: 'ou_other_officer',
      now: new Date(NOW.getTime() + 60_000),
    });
    expect(again).toMatchObject({ status: 'already', noticeId });
    if (again.status === 'already') expect(again.publishedAt?.getTime()).toBe(NOW.getTime());
    expect(await publishRows(noticeId)).toEqual(before);
  });

  it('refuses to cancel a published notice, politely, and leaves it published', async () => {
    expect(await cancelNotice(h.store.db, { tenantKey: TENANT, noticeId })).toEqual({ status: 'published' });
    const [notice] = await h.store.db.select().from(notices).where(eq(notices.id, noticeId));
    expect(notice.status).toBe('published');
  });

  it('answers not_found for another tenant’s notice, never touching it', async () => {
    expect(await publishNotice(h.store.db, { tenantKey: 'other_tenant', noticeId, byOpenId: OFFICE, now: NOW })).toEqual({
      status: 'not_found',
    });
    expect(await cancelNotice(h.store.db, { tenantKey: 'other_tenant', noticeId })).toEqual({ status: 'not_found' });
    expect(await noticePreview(h.store.db, 'other_tenant', noticeId)).toBeNull();
    expect(await deliveryReport(h.store.db, 'other_tenant', noticeId)).toBeNull();
  });

  it('reports the broadcast before delivery: all pending, and the undeliverable departments by name', async () => {
    const report = (await deliveryReport(h.store.db, TENANT, noticeId))!;
    expect(report.counts).toEqual({ sent: 0, failed: 0, pending: 5 });
    expect(report.pending).toHaveLength(5);
    expect(report.failed).toEqual([]);
    expect(report.undeliverable).toHaveLength(7);
    const card = deliveryReportCard(report, zh);
    expectWellFormed(card);
    expect(cardText(card)).toContain('无法送达 **7** 个单位');
    expect(callbackValues(card)).toContainEqual({ a: 'delivery_report', noticeId });
  });

  it('catches up a department bound after publishing, once, and never re-sends one already reached', async () => {
    const late = published.status === 'published' ? published.undeliverable.find((d) => d.name !== PENDING_ONLY)! : null;
    await requestBinding(h.store.db, { tenantKey: TENANT, chatId: 'oc_late', departmentId: late!.id, requestedBy: OFFICE, active: true });
    // A chat bound now for the coordinated department must not give it a second card.
    await requestBinding(h.store.db, {
      tenantKey: TENANT,
      chatId: 'oc_econ_group',
      departmentId: dept[COORDINATED],
      requestedBy: OFFICE,
      active: true,
    });
    const first = (await catchUpNotice(h.store.db, { tenantKey: TENANT, noticeId, now: NOW }))!;
    expect(first.messages).toBe(1);
    expect(first.reached.map((r) => r.name)).toEqual([late!.name]);
    expect(first.undeliverable).toHaveLength(6);
    expect((await catchUpNotice(h.store.db, { tenantKey: TENANT, noticeId, now: NOW }))!.messages).toBe(0);
    const rows = await publishRows(noticeId);
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.departmentId === dept[COORDINATED]).map((r) => r.receiveIdType)).toEqual(['open_id', 'open_id']);
    expect((await deliveryReport(h.store.db, TENANT, noticeId))!.undeliverable).toHaveLength(6);
  });

  describe('cancelling', () => {
    let draftId: number;
    beforeAll(async () => {
      draftId = await h.importSeed('000_629e84c7455775db.txt', false);
    });

    it('shows a draft’s delivery report with nothing owed yet', async () => {
      const report = (await deliveryReport(h.store.db, TENANT, draftId))!;
      expect(report.counts).toEqual({ sent: 0, failed: 0, pending: 0 });
      expect(report.undeliverable).toEqual([]);
    });

    it('cancels a draft, says already on a second cancel, and then refuses to publish it', async () => {
      expect(await cancelNotice(h.store.db, { tenantKey: TENANT, noticeId: draftId })).toEqual({ status: 'cancelled' });
      expect(await cancelNotice(h.store.db, { tenantKey: TENANT, noticeId: draftId })).toEqual({ status: 'already' });
      const r = await publishNotice(h.store.db, { tenantKey: TENANT, noticeId: draftId, byOpenId: OFFICE, now: NOW });
      expect(r).toMatchObject({ status: 'cancelled', noticeId: draftId });
      expect(await publishRows(draftId)).toEqual([]);
    });

    it('disables 发布 on the preview of a cancelled notice', async () => {
      const card = noticePreviewCard((await noticePreview(h.store.db, TENANT, draftId))!, zh);
      const publish = buttons(card).find((b) => cardText(b.text).includes('发布'))!;
      expect(publish.disabled).toBe(true);
      expect(buttons(card).some((b) => callbackValues(b).some((v) => (v as Json).a === 'cancel_notice'))).toBe(false);
    });
  });

  it('publishes exactly once when two office members press 发布 at the same moment', async () => {
    const id = await h.importSeed('001_8bd63d8d573735cd.txt', false);
    const press = () => publishNotice(h.store.db, { tenantKey: TENANT, noticeId: id, byOpenId: OFFICE, now: NOW });
    const results = await Promise.all([press(), press(), press()]);
    expect(results.filter((r) => r.status === 'published')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'already')).toHaveLength(2);
    const published = results.find((r) => r.status === 'published');
    const rows = await publishRows(id);
    expect(rows).toHaveLength(published?.status === 'published' ? published.messages : -1);
    const [{ n }] = await h.store.db.select({ n: count() }).from(outbox).where(eq(outbox.noticeId, id));
    expect(Number(n)).toBe(rows.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Card budgets and the department view, without a database

function task(over: Partial<TaskItem>): TaskItem {
  return {
    taskId: 1,
    assignmentId: 1,
    version: 1,
    noticeTitle: '通知',
    seq: 1,
    section: [],
    requirement: '持续完善主动公开目录',
    role: 'lead',
    viaGroup: null,
    deadlineText: '',
    dueOn: null,
    ongoing: false,
    status: 'not_started',
    lastProgress: null,
    ...over,
  };
}

const long = (n: number, s: string) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

describe('the department view', () => {
  const notice = { id: 7, title: '关于印发《2025年政务公开工作要点》的通知', docNumber: '某政办发〔2025〕1号' };
  const share = (items: TaskItem[]) => ({ department: { id: 3, name: '区财政局' }, items });

  it('takes the nearest due date on or after the publishing day, and counts the ones already past', () => {
    const view = publishedNoticeView(
      notice,
      share([
        task({ seq: 1, dueOn: '2025-03-31', deadlineText: '3月底前' }),
        task({ seq: 2, dueOn: '2025-12-31', deadlineText: '12月底前', role: 'responsible' }),
        task({ seq: 3, dueOn: '2025-07-31', deadlineText: '7月底前' }),
        task({ seq: 4, ongoing: true, deadlineText: '长期坚持', role: 'responsible' }),
      ]),
      zh.clock.today,
    );
    expect(view).toMatchObject({
      leadCount: 2,
      participatingCount: 2,
      nearest: { dueOn: '2025-07-31', deadlineText: '7月底前' },
      pastDueCount: 1,
      total: 4,
    });
    // Most urgent first: overdue, then by date, ongoing last.
    expect(view.tasks.map((t) => t.seq)).toEqual([1, 3, 2, 4]);
    const text = cardText(publishedNoticeCard(view, zh));
    expect(text).toContain('最近截止 **2025-07-31**（7月底前）');
    expect(text).toContain('另有 1 项的截止日期已过');
  });

  it('says so when every task is ongoing or undated, and shows only the first five', () => {
    const items = Array.from({ length: 9 }, (_, i) => task({ seq: i + 1, ongoing: i % 2 === 0 }));
    const view = publishedNoticeView(notice, share(items), zh.clock.today);
    expect(view.nearest).toBeNull();
    expect(view.tasks).toHaveLength(5);
    const text = cardText(publishedNoticeCard(view, zh));
    expect(text).toContain('均为长期或未定时限任务');
    expect(text).toContain('另有 4 项，请点击“查看我的任务”查看全部');
  });

  it('escapes markdown in the title and requirements, and keeps the chat-list summary plain', () => {
    const view = publishedNoticeView(
      { ...notice, title: '<at id=all></at> **通知**' },
      share([task({ requirement: '[链接](http://x) <at id=all></at>' })]),
      zh.clock.today,
    );
    const card = publishedNoticeCard(view, zh);
    const markdownText = [...walk(card)]
      .filter((n) => n.tag === 'markdown')
      .map((n) => String(n.content))
      .join('\n');
    expect(markdownText).not.toContain('<at');
    expect(markdownText).not.toContain('[链接]');
    expect(card.config.summary.content).toContain('<at id=all></at> **通知**');
  });
});

describe('card budgets with 150 departments', () => {
  const departments = Array.from({ length: 150 }, (_, i) => ({
    id: i + 1,
    name: `${long(20, '区某某某某委员会办公室')}${i}`,
    lead: i % 7,
    participating: 40 + i,
    reach: i % 3 === 0 ? null : ('chat' as const),
  }));

  it('keeps the preview under 28 KB / 200 elements, listing fewer departments and doubts when it must, and counting the rest', () => {
    const view: NoticePreviewView = {
      notice: {
        id: 9,
        title: long(120, '关于印发政务公开工作要点任务分解表的通知'),
        docNumber: '某政办发〔2025〕1号',
        status: 'draft',
        issuer: '区政府办公室',
        issuedOn: '2025-03-01',
        sourceName: 'a.docx',
      },
      taskCount: 400,
      departments,
      unresolved: Array.from({ length: 80 }, (_, i) => `${long(25, '某某未知单位')}${i}`),
      created: Array.from({ length: 60 }, (_, i) => `${long(20, '某某新增单位')}${i}`),
      warnings: Array.from({ length: 40 }, (_, i) => `第 ${i} 行：${long(300, '无法识别的时限格式，')}`),
      doubtful: Array.from({ length: 50 }, (_, i) => ({
        seq: i + 1,
        requirement: long(500, '公开政府债务限额、余额等信息。1.公开项目审批结果；2.公开招标投标信息。'),
        reasons: [
          { zh_cn: '内容像是两项任务，请核对是否需要拆分', en_us: 'The text looks like two tasks: check whether to split it' },
          { zh_cn: `单位“${long(200, '某某未知单位')}”无法识别`, en_us: `The unit "${long(200, '某某未知单位')}" could not be resolved` },
          {
            zh_cn: `无法识别完成时限“${long(100, '根据上级安排')}”`,
            en_us: `The deadline "${long(100, '根据上级安排')}" could not be read`,
          },
        ],
      })),
      doubtfulCount: 180,
      assumedYear: 2026,
    };
    const card = noticePreviewCard(view, zh);
    expectWellFormed(card);
    const text = cardText(card);
    // Fifty long doubts push the card a level down: 15 departments instead of 20, 10 doubts instead of 12.
    expect(text).toContain('…另有 135 个单位');
    expect(text).toContain('15. ');
    expect(text).not.toContain('16. ');
    expect(text).toContain('以下单位尚未绑定群或联络员');
    expect(text).toContain('需核对的任务（180）');
    expect(text).toContain('…另有 170 项');
    const plain = cardText(noticePreviewCard({ ...view, doubtful: [], doubtfulCount: 0 }, zh));
    expect(plain).toContain('…另有 130 个单位');
    expect(plain).toContain('20. ');
    expect(plain).not.toContain('21. ');
    expect(text).toContain('按导入日期推定为 **2026** 年');
  });

  it('keeps the delivery report under 28 KB / 200 elements with 150 failures and 150 unreachable departments', () => {
    const problem = (i: number) => ({
      department: departments[i].name,
      recipient: 'chat' as const,
      attempts: 8,
      code: 230002,
      error: `[code 230002, HTTP 400] ${long(400, 'Bot is not in the chat. ')}`,
    });
    const view: DeliveryReportView = {
      notice: {
        id: 9,
        title: long(120, '关于印发政务公开工作要点任务分解表的通知'),
        docNumber: null,
        status: 'published',
        publishedAt: NOW.toISOString(),
      },
      counts: { sent: 10, failed: 150, pending: 150 },
      failed: departments.map((_, i) => problem(i)),
      pending: departments.map((_, i) => ({ ...problem(i), nextAttemptAt: NOW.toISOString() })),
      undeliverable: departments,
    };
    const card = deliveryReportCard(view, zh);
    expectWellFormed(card);
    expect(cardText(card)).toMatch(/…另有 1[34]\d 条/);
  });

  it('keeps a department card small even with a long title and long requirements', () => {
    const view: PublishedNoticeView = {
      notice: { id: 1, title: long(200, '关于印发政务公开工作要点任务分解表的通知'), docNumber: '某政办发〔2025〕1号' },
      department: { id: 1, name: departments[0].name },
      leadCount: 80,
      participatingCount: 120,
      nearest: { dueOn: '2025-07-31', deadlineText: long(200, '7月底前完成并长期坚持') },
      pastDueCount: 3,
      tasks: Array.from({ length: 5 }, (_, i) =>
        task({ seq: i + 1, requirement: long(600, '持续完善并动态更新主动公开事项目录，'), deadlineText: long(80, '12月底前') }),
      ),
      total: 200,
    };
    const card = publishedNoticeCard(view, zh);
    expectWellFormed(card);
    // Small, because 150 of these sit in the outbox at once.
    expect(sendRequestBytes(card)).toBeLessThan(10_000);
  });
});
