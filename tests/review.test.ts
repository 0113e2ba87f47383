import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { openTestDb, engineName } from './support/db';
import type { OpenedDb } from '../src/store/db';
import type { Sender } from '../src/identity';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { findDepartmentByName } from '../src/store/directory';
import { requestBinding } from '../src/store/bindings';
import { departmentTasks, taskDetail } from '../src/store/ledger';
import { recordProgress } from '../src/store/progress';
import { assignments, outbox, progressReports } from '../src/store/schema';
import { reviewDecision } from '../src/review';
import { reviewQueue } from '../src/store/review';
import { reviewCommand } from '../commands/review';
import { runAction, runCommand } from '../commands/run';
import type { CommandContext, Reply } from '../commands/types';
import { commandContext } from './support/context';
import { returnReasonFrom, reviewQueueCard as renderReviewQueue, reviewReasonField } from '../cards/review';
import { ActionValue } from '../cards/action-value';
import { CARD_BYTE_BUDGET, countElements, sendRequestBytes } from '../cards/format';
import { clockAt, shanghaiDate } from '../src/dates';
import { outboxCard, outboxText } from './support/outbox';
import { gated } from '../playground/lark/card-schema';

// Every card rendered here passes the Card JSON 2.0 gate (tests/support/card-schema.ts).
const reviewQueueCard = gated(renderReviewQueue);

const SEED = '002_1767bb79f9d560a4.txt';
const TENANT = 't-review';
const HOUSING_CHAT = 'oc_housing';
const NOW = new Date('2025-10-28T02:00:00Z'); // Tuesday 10:00 in Shanghai

type Node = Record<string, unknown>;
function findAll(node: unknown, pred: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const c of node) findAll(c, pred, out);
  else if (node && typeof node === 'object') {
    if (pred(node as Node)) out.push(node as Node);
    for (const c of Object.values(node)) findAll(c, pred, out);
  }
  return out;
}

describe(`the office's review on ${engineName}`, () => {
  let store: OpenedDb;
  let housing: { id: number; name: string };
  let finance: { id: number; name: string };
  const office: Sender = { openId: 'ou_office', role: 'office', department: null, via: 'office-config' };
  let coordinator: Sender;
  const ctx = (sender: Sender, now = NOW): CommandContext => commandContext({ db: store.db, tenantKey: TENANT, now, sender });
  /** 确认办结 / 退回 as the buttons send them, the reason in the item's own form field. */
  const decide = (
    sender: Sender,
    d: { assignmentId: number; version: number; decision: 'confirm' | 'return'; reason?: string },
  ): Promise<Reply> =>
    runAction(
      { ...ctx(sender), formValue: d.reason === undefined ? {} : { [reviewReasonField(d.assignmentId)]: d.reason } },
      { a: d.decision === 'confirm' ? 'review_confirm' : 'review_return', assignmentId: d.assignmentId, version: d.version },
    );

  /** The department reports its first open task done; returns the assignment as reported. */
  async function reportDone(dept: { id: number }, text: string, evidenceUrl: string | null = null) {
    const open = await departmentTasks(store.db, TENANT, dept.id, { filter: 'open', today: shanghaiDate(NOW) });
    const item = open.find((t) => t.status !== 'done')!;
    const r = await recordProgress(store.db, {
      tenantKey: TENANT,
      assignmentId: item.assignmentId,
      version: item.version,
      departmentId: dept.id,
      reporterOpenId: 'ou_coordinator',
      status: 'done',
      text,
      evidenceUrl,
    });
    if (!r.ok) throw new Error(`report failed: ${r.reason}`);
    return r;
  }

  const reviewRows = () =>
    store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.tenantKey, TENANT), eq(outbox.kind, 'review')))
      .orderBy(outbox.id);
  const assignment = async (id: number) => (await store.db.select().from(assignments).where(eq(assignments.id, id)))[0];

  beforeAll(async () => {
    store = await openTestDb();
    const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/seeds/${SEED}`, import.meta.url)));
    await importNotice(
      store.db,
      TENANT,
      await parseNoticeFile(bytes, SEED),
      { hash: await sourceHash(bytes), name: SEED },
      { publish: true },
    );
    housing = (await findDepartmentByName(store.db, TENANT, '区城乡建设和交通局'))!;
    finance = (await findDepartmentByName(store.db, TENANT, '区经济运行局'))!;
    await requestBinding(store.db, {
      tenantKey: TENANT,
      chatId: HOUSING_CHAT,
      departmentId: housing.id,
      requestedBy: 'ou_office',
      active: true,
    });
    coordinator = { openId: 'ou_coordinator', role: 'coordinator', department: { id: housing.id, name: housing.name }, via: 'member' };
  });
  afterAll(async () => store?.close());

  it('lists what departments reported done, oldest report first, with the report and its evidence', async () => {
    const first = await reportDone(housing, '已在政府网站开设专栏并完成首批信息发布。', 'https://www.example.gov.cn/zwgk/zl');
    const second = await reportDone(finance, '已完成。');
    // The later-created assignment reported earlier: the queue follows report time, not ids.
    await store.db
      .update(assignments)
      .set({ lastReportAt: new Date('2025-10-20T02:00:00Z') })
      .where(eq(assignments.id, second.assignmentId));
    await store.db
      .update(assignments)
      .set({ lastReportAt: new Date('2025-10-21T02:00:00Z') })
      .where(eq(assignments.id, first.assignmentId));

    const q = await reviewQueue(store.db, TENANT, { page: 1, pageSize: 5 });
    expect(q).toMatchObject({ total: 2, page: 1, pageCount: 1 });
    expect(q.items.map((i) => i.assignmentId)).toEqual([second.assignmentId, first.assignmentId]);
    expect(q.items[1]).toMatchObject({
      assignmentId: first.assignmentId,
      version: first.version,
      taskId: first.taskId,
      department: { id: housing.id, name: housing.name },
      report: {
        text: '已在政府网站开设专栏并完成首批信息发布。',
        evidenceUrl: 'https://www.example.gov.cn/zwgk/zl',
        reporterOpenId: 'ou_coordinator',
      },
    });
    const paged = await reviewQueue(store.db, TENANT, { page: 9, pageSize: 1 });
    expect(paged).toMatchObject({ total: 2, page: 2, pageCount: 2 });
    expect(paged.items.map((i) => i.assignmentId)).toEqual([first.assignmentId]);
  });

  it('shows each item with 确认办结 and its own reason form + 退回, all parseable and within limits', async () => {
    const reply = await runCommand(ctx(office), reviewCommand, '');
    const card = reply!.card!;
    const json = JSON.stringify(card);
    expect(json).toContain('待审核');
    expect(json).toContain(housing.name);
    expect(json).toContain('www.example.gov.cn');
    // Reported in October against a 12-31 or earlier deadline: the office sees whether it was on time.
    expect(json).toMatch(/按时报送|逾期 \d+ 天报送/);
    const q = await reviewQueue(store.db, TENANT, { page: 1, pageSize: 5 });
    for (const item of q.items) {
      expect(json).toContain(JSON.stringify({ a: 'review_confirm', assignmentId: item.assignmentId, version: item.version }));
      expect(json).toContain(JSON.stringify({ a: 'review_return', assignmentId: item.assignmentId, version: item.version }));
    }
    const forms = findAll(card, (n) => n.tag === 'form');
    expect(forms).toHaveLength(q.items.length);
    const names = findAll(card, (n) => typeof n.name === 'string').map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    const submit = findAll(forms[0], (n) => n.form_action_type === 'submit');
    expect(submit).toHaveLength(1);
    for (const b of findAll(card, (n) => Array.isArray(n.behaviors))) {
      for (const beh of b.behaviors as Node[]) expect(ActionValue.parse(beh.value)).not.toBeNull();
    }
    expect(returnReasonFrom({ [reviewReasonField(7)]: ' 链接打不开 ' }, 7)).toBe(' 链接打不开 ');
    expect(returnReasonFrom({ reason: '缺少材料' }, 7)).toBe('缺少材料');
    expect(returnReasonFrom({ reason: 3 }, 7)).toBeUndefined();
  });

  it('confirms a report: closed, a confirm row in the ledger and one notification to the department', async () => {
    const [item] = (await reviewQueue(store.db, TENANT, { page: 1, pageSize: 5 })).items.filter((i) => i.department.id === housing.id);
    const reply = await decide(office, { assignmentId: item.assignmentId, version: item.version, decision: 'confirm' });
    expect(reply.toast).toMatchObject({ type: 'success', content: `已确认办结，已通知${housing.name}` });
    expect(JSON.stringify(reply.card)).not.toContain(`"assignmentId":${item.assignmentId},`);

    expect(await assignment(item.assignmentId)).toMatchObject({ status: 'closed', version: item.version + 1 });
    const steps = await store.db
      .select()
      .from(progressReports)
      .where(eq(progressReports.assignmentId, item.assignmentId))
      .orderBy(progressReports.id);
    expect(steps.map((s) => [s.kind, s.status])).toEqual([
      ['report', 'done'],
      ['confirm', 'closed'],
    ]);
    expect(steps[1]).toMatchObject({ reporterOpenId: 'ou_office', text: '确认办结' });

    const rows = await reviewRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dedupeKey: `review:${item.assignmentId}:${item.version + 1}`,
      departmentId: housing.id,
      receiveIdType: 'chat_id',
      receiveId: HOUSING_CHAT,
    });
    expect(outboxText(rows[0])).toContain('任务办结');
    // Decided in working hours: due at once by the deciding clock, not the wall clock.
    expect(rows[0].nextAttemptAt).toEqual(NOW);
    expect((await reviewQueue(store.db, TENANT, { page: 1, pageSize: 5 })).total).toBe(1);
  });

  it('refuses a decision on a card older than the assignment (stale version)', async () => {
    const closed = (await store.db.select().from(progressReports).where(eq(progressReports.kind, 'confirm')))[0];
    const a = await assignment(closed.assignmentId);
    const r = await reviewDecision(store.db, {
      tenantKey: TENANT,
      assignmentId: a.id,
      version: a.version - 1,
      decision: 'return',
      reason: '再看看',
      officeOpenId: 'ou_office',
      now: NOW,
    });
    expect(r).toEqual({ ok: false, reason: 'stale', currentVersion: a.version });
    expect(await assignment(a.id)).toMatchObject({ status: 'closed', version: a.version });
    const reply = await decide(office, { assignmentId: a.id, version: a.version - 1, decision: 'confirm' });
    expect(reply.toast?.type).toBe('warning');
    expect(reply.card).toBeDefined();
    expect(await reviewRows()).toHaveLength(1);
  });

  it('requires a reason of 1 to 500 characters to return a report, and changes nothing without one', async () => {
    const [item] = (await reviewQueue(store.db, TENANT, { page: 1, pageSize: 5 })).items;
    const base = {
      tenantKey: TENANT,
      assignmentId: item.assignmentId,
      version: item.version,
      decision: 'return' as const,
      officeOpenId: 'ou_office',
      now: NOW,
    };
    expect(await reviewDecision(store.db, { ...base, reason: '   ' })).toEqual({ ok: false, reason: 'reason_required' });
    expect(await reviewDecision(store.db, base)).toEqual({ ok: false, reason: 'reason_required' });
    expect(
      await decide(office, { assignmentId: item.assignmentId, version: item.version, decision: 'return', reason: '退'.repeat(501) }),
    ).toEqual({ toast: expect.objectContaining({ type: 'warning', content: '退回原因不能超过 500 字' }) });
    const reply = await decide(office, {
      assignmentId: item.assignmentId,
      version: item.version,
      decision: 'return',
      reason: '',
    });
    expect(reply).toEqual({ toast: expect.objectContaining({ type: 'warning', content: '退回须填写原因' }) });
    expect(await assignment(item.assignmentId)).toMatchObject({ status: 'done', version: item.version });
  });

  it('returns a report with its reason: in progress again, the history kept, the department told', async () => {
    const [item] = (await reviewQueue(store.db, TENANT, { page: 1, pageSize: 5 })).items;
    const reason = '证明材料链接无法打开，请补充网站栏目截图。';
    const reply = await decide(office, {
      assignmentId: item.assignmentId,
      version: item.version,
      decision: 'return',
      reason: `  ${reason} `,
    });
    // 区经济运行局 has no group and no coordinator: returned all the same, and the office is told.
    expect(reply.toast).toMatchObject({ type: 'success' });
    expect(reply.toast?.content).toContain('通知未能发送');
    expect(await assignment(item.assignmentId)).toMatchObject({ status: 'in_progress', version: item.version + 1 });

    const detail = (await taskDetail(store.db, TENANT, item.taskId))!;
    const mine = detail.history.filter((h) => h.department === item.department.name);
    expect(mine.map((h) => [h.status, h.text])).toEqual(
      expect.arrayContaining([
        ['done', '已完成。'],
        ['in_progress', reason],
      ]),
    );
    expect(
      (await store.db.select().from(progressReports).where(eq(progressReports.assignmentId, item.assignmentId))).map((p) => p.kind).sort(),
    ).toEqual(['report', 'return']);
    expect((await reviewQueue(store.db, TENANT, { page: 1, pageSize: 5 })).total).toBe(0);
  });

  it('tells a bound department about a return with the reason and a 汇报进展 button, held until the next working morning', async () => {
    const reported = await reportDone(housing, '已整改完毕。');
    const friday2130 = new Date('2025-10-31T13:30:00Z');
    const r = await reviewDecision(store.db, {
      tenantKey: TENANT,
      assignmentId: reported.assignmentId,
      version: reported.version,
      decision: 'return',
      reason: '请补充 <at id=all></at> 的整改说明',
      officeOpenId: 'ou_office',
      now: friday2130,
    });
    expect(r).toMatchObject({ ok: true, status: 'in_progress', notified: 1 });
    const [row] = (await reviewRows()).filter((x) => x.dedupeKey === `review:${reported.assignmentId}:${reported.version + 1}`);
    expect(row.nextAttemptAt.toISOString()).toBe('2025-11-03T00:30:00.000Z'); // Monday 08:30 Shanghai
    const card = outboxCard(row);
    const json = JSON.stringify(card);
    expect(json).toContain('任务退回');
    expect(json).toContain(JSON.stringify({ a: 'report_open', taskId: reported.taskId }));
    // The office's text is shown, never executed as an @all.
    expect(json).not.toContain('<at id=all>');
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
  });

  it('answers a coordinator who asks for the review queue with a polite refusal', async () => {
    const reply = await runCommand(ctx(coordinator), reviewCommand, '');
    const json = JSON.stringify(reply?.card);
    expect(json).toContain('审核需要政务公开办权限');
    expect(json).not.toContain('review_confirm');
    const decision = await decide(coordinator, { assignmentId: 1, version: 1, decision: 'confirm' });
    expect(decision).toEqual({
      toast: expect.objectContaining({ type: 'warning', content: expect.stringContaining('审核需要政务公开办权限') }),
    });
    expect(reviewCommand.names).toEqual(['待审核', '审核', 'review']);
  });

  it('shows an empty queue kindly and keeps a full page of long reports within limits', async () => {
    const empty = await runCommand(ctx(office), reviewCommand, '');
    expect(JSON.stringify(empty?.card)).toContain('暂无待审核的任务');
    const long = (n: number) => '已完成主动公开事项目录梳理，逐项核对与政府网站栏目的一致性；'.repeat(40).slice(0, n);
    const items = Array.from({ length: 5 }, (_, i) => ({
      assignmentId: 100 + i,
      version: 3,
      taskId: 10 + i,
      seq: i + 1,
      noticeTitle: '2025年政务公开工作要点',
      requirement: long(500),
      deadlineText: '12月底前',
      dueOn: '2025-10-01',
      role: 'lead' as const,
      department: { id: i + 1, name: '区党工委组织部（人力资源部）' },
      report: { text: long(1000), evidenceUrl: 'https://www.example.gov.cn/a/b?c=(1)', reporter: '欧阳晓明', at: '2025-10-20T02:00:00Z' },
    }));
    const c = reviewQueueCard({ items, total: 23, page: 2, pageCount: 5 }, { locale: 'zh_cn', clock: clockAt(NOW) });
    expect(sendRequestBytes(c)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(c)).toBeLessThanOrEqual(200);
    const json = JSON.stringify(c);
    expect(json).toContain(JSON.stringify({ a: 'review_queue', page: 1 }));
    expect(json).toContain(JSON.stringify({ a: 'review_queue', page: 3 }));
  });
});
