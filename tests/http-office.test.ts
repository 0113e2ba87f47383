// The office's and the leaders' side, driven through the webhook like real users: review,
// summary, export, and reminders that chase themselves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { engineName } from './support/db';
import { buttonValue, startHarness, cardText, walk, findByTag, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import { messageEvent, cardAction, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { assignments, outbox, progressReports } from '../src/store/schema';
import { requestBinding } from '../src/store/bindings';
import { setMember } from '../src/store/members';
import { findDepartmentByName } from '../src/store/directory';
import { runScheduledJobs, DEFAULT_SCHEDULER_CONFIG } from '../src/scheduler';
import { deliverDue } from '../src/outbox/deliver';
import { createLarkApi } from '../src/lark/api';

const COORD = 'ou_coord_housing';
const LEADER = 'ou_leader';

describe(`the office and leaders in chat, on ${engineName}`, () => {
  let h: Harness;
  let housingId: number;
  beforeAll(async () => {
    h = await startHarness();
    await h.importSeed('002_1767bb79f9d560a4.txt');
    housingId = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!.id;
    await setMember(h.store.db, {
      tenantKey: TEST_TENANT_KEY,
      openId: COORD,
      role: 'coordinator',
      departmentId: housingId,
      name: '联络员',
    });
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: LEADER, role: 'leader', name: '李局长' });
    await requestBinding(h.store.db, {
      tenantKey: TEST_TENANT_KEY,
      chatId: 'oc_housing',
      departmentId: housingId,
      requestedBy: OFFICE_OPEN_ID,
      active: true,
    });
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());
  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');
  const say = async (text: string, openId: string, chatType: 'p2p' | 'group' = 'p2p') => {
    await h.post(messageEvent({ text, chatType, chatId: `oc_${openId}`, openId, mentionBot: chatType === 'group' }));
    await h.app.idle();
    return replies()[replies().length - 1].content;
  };

  it("puts a department's 已完成 report in the office's review queue; 确认办结 closes it and tells the department", async () => {
    const form = await say('汇报进展', COORD);
    const option = (findByTag(form, 'select_static', 'task')!.options as { value: string }[])[0].value;
    const submitted = await h.post(
      cardAction({
        openId: COORD,
        value: { a: 'report_submit' },
        formValue: { task: option, status: 'done', progress: '已全部完成并公开' },
        messageId: 'om_f',
        chatId: 'oc_x',
      }),
    );
    expect(((await submitted.json()) as { toast: { type: string } }).toast.type).toBe('success');

    expect(cardText(await say('待审核', COORD))).toContain('审核需要政务公开办权限');
    const queue = await say('待审核', OFFICE_OPEN_ID);
    expect(cardText(queue)).toContain('已全部完成并公开');
    const res = await h.post(
      cardAction({ openId: OFFICE_OPEN_ID, value: buttonValue(queue, '确认办结'), messageId: 'om_q', chatId: 'oc_office' }),
    );
    const answer = (await res.json()) as { toast: { type: string } };
    expect(answer.toast.type).toBe('success');

    const [assignmentId] = option.split(':').map(Number);
    const [row] = await h.store.db.select().from(assignments).where(eq(assignments.id, assignmentId));
    expect(row.status).toBe('closed');
    const steps = await h.store.db.select().from(progressReports).where(eq(progressReports.assignmentId, assignmentId));
    expect(steps.map((s) => s.kind).sort()).toEqual(['confirm', 'report']);
    const notes = await h.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'review'), eq(outbox.departmentId, housingId)));
    expect(notes).toHaveLength(1);
    expect(notes[0].receiveId).toBe('oc_housing');
  });

  it('gives leaders a summary card with native charts, and refuses coordinators politely', async () => {
    const card = await say('汇总', LEADER);
    const charts = [...walk(card)].filter((n) => n.tag === 'chart');
    expect(charts.length).toBeGreaterThanOrEqual(2);
    const text = cardText(card);
    expect(text).toContain('区城乡建设和交通局');
    expect(text).toContain('已全部完成并公开');
    expect(cardText(await say('summary', COORD))).toContain('汇总仅对领导和政务公开办开放');

    // A summary narrowed to one department stays narrowed when refreshed.
    const one = await say('汇总 区城乡建设和交通局', LEADER);
    const refresh = buttonValue(one, '刷新');
    expect(refresh).toMatchObject({ a: 'summary', departmentId: housingId });
    // In a group the refreshed summary is the leader's own: the shared card stays as it was.
    const again = await h.click({ openId: LEADER, value: refresh, messageId: 'om_s', chatId: 'oc_l' });
    expect(again.surface).toBe('personal');
    expect(buttonValue(again.card, '刷新')).toEqual(refresh);
  });

  it("sends the exported ledger back as an .xlsx file that opens with the ledger's rows", async () => {
    await say('导出台账', LEADER);
    const file = h.fake.sent().find((m) => m.kind === 'reply' && m.msgType === 'file')!;
    const key = (file.content as { file_key: string }).file_key;
    const upload = h.fake.uploads.get(key)!;
    expect(upload.fileName).toMatch(/工作台账-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(upload.bytes) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const texts: string[] = [];
    sheet.eachRow((r) => texts.push(String(r.getCell(3).value ?? '')));
    expect(texts).toContain('持续完善并动态更新主动公开事项目录，建立较为完备的主动公开事项目录体系。');

    h.fake.reset();
    await say('导出台账', COORD);
    expect(h.fake.uploads.size).toBe(0);
    expect(cardText(replies()[0].content)).toContain('导出台账仅对领导和政务公开办开放');
  });

  it('refuses a coordinator who presses 发布 or 取消 on a forwarded preview card', async () => {
    for (const a of ['publish', 'cancel_notice']) {
      const res = await h.post(cardAction({ openId: COORD, value: { a, noticeId: 1 }, messageId: 'om_p', chatId: 'oc_x' }));
      const answer = (await res.json()) as { toast: { content: string }; card?: unknown };
      expect(answer.toast.content).toContain('发布通知需要政务公开办权限');
      expect(answer.card).toBeUndefined();
    }
  });

  it('reminds a department before a due date once a day, however often the scheduler runs', async () => {
    // Tuesday 2025-09-23 10:00 in Shanghai: 7 days before "9月底前"… and other due dates.
    const now = new Date('2025-09-23T02:00:00Z');
    const first = await runScheduledJobs({ db: h.store.db, now, config: DEFAULT_SCHEDULER_CONFIG, officeOpenIds: [OFFICE_OPEN_ID] });
    const second = await runScheduledJobs({
      db: h.store.db,
      now: new Date(now.getTime() + 3600_000),
      config: DEFAULT_SCHEDULER_CONFIG,
      officeOpenIds: [OFFICE_OPEN_ID],
    });
    const rows = await h.store.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'remind'), eq(outbox.receiveId, 'oc_housing')));
    expect(rows).toHaveLength(1);
    expect(first.remind.enqueued).toBeGreaterThan(0);
    // The day is decided: the later tick does not look at the ledger again.
    expect(second).toMatchObject({ tenants: 0, upToDate: first.tenants, remind: { enqueued: 0 } });

    const lark = createLarkApi({ appId: h.fake.appId, appSecret: h.fake.appSecret, domain: h.fake.url });
    // Rows become due at the wall-clock time they were written.
    await deliverDue({ db: h.store.db, lark, now: () => new Date(), sleep: async () => {} });
    const sent = h.fake.sent().filter((m) => m.kind === 'send' && m.receiveId === 'oc_housing');
    const reminder = sent.find((m) => /到期|截止/.test(cardText(m.content)));
    expect(reminder).toBeDefined();
    expect(cardText(reminder!.content)).toContain('区城乡建设和交通局');

    // At night nothing is decided.
    const night = await runScheduledJobs({ db: h.store.db, now: new Date('2025-09-24T14:00:00Z'), config: DEFAULT_SCHEDULER_CONFIG });
    expect(night.skipped).toBe('quiet_hours');
  });
});
