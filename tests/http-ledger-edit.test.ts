// The 台账 round-trip through the real webhook and the fake Lark platform: "修改台账" sends the
// workbook, the office edits it (exceljs, as in Excel), sends the file back, gets the card of the
// changes, and 确认修改 applies them; progress already reported survives, new departments are told.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, asc, eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { startHarness, cardText, walk, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import { cardAction, fileMessageEvent, messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { deleteRow, insertRowAfter, openLedger, rowOf, saveLedger, setCell, taskSheet } from './support/ledger-workbook';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { assignments, departments, ledgerEdits, outbox, progressReports, tasks } from '../src/store/schema';
import { recordProgress } from '../src/store/progress';
import { requestBinding } from '../src/store/bindings';

const T = TEST_TENANT_KEY;
const P2P = 'oc_office_p2p';

function buttonValue(card: unknown, label: string): Record<string, unknown> {
  for (const n of walk(card)) {
    if (n.tag === 'button' && cardText(n.text).includes(label)) return (n.behaviors as { value: Record<string, unknown> }[])[0].value;
  }
  throw new Error(`no button ${label}`);
}

describe(`editing the ledger in Excel and sending it back, through the webhook, on ${engineName}`, () => {
  let h: Harness;
  let noticeId: number;
  const task: Record<number, number> = {};
  let planningShare: number;

  beforeAll(async () => {
    h = await startHarness();
    const bytes = new Uint8Array(readFileSync(new URL('./fixtures/formats/county.docx', import.meta.url)));
    const r = await importNotice(
      h.store.db,
      T,
      await parseNoticeFile(bytes, 'county.docx'),
      { hash: await sourceHash(bytes), name: 'county.docx' },
      { publish: true },
    );
    noticeId = r.noticeId;
    for (const t of await h.store.db.select().from(tasks).where(eq(tasks.noticeId, noticeId))) task[t.seq] = t.id;
    // 区发改局 has reported on task 1.
    const [share] = await h.store.db
      .select({ a: assignments })
      .from(assignments)
      .innerJoin(departments, eq(departments.id, assignments.departmentId))
      .where(and(eq(assignments.taskId, task[1]), eq(departments.name, '区发改局')));
    planningShare = share.a.id;
    const ok = await recordProgress(h.store.db, {
      tenantKey: T,
      assignmentId: share.a.id,
      version: share.a.version,
      departmentId: share.a.departmentId,
      reporterOpenId: 'ou_planning',
      status: 'in_progress',
      text: '已起草解读材料',
      evidenceUrl: null,
      now: h.now.value,
    });
    expect(ok.ok).toBe(true);
    // A department the notice does not name yet, with its group bound.
    const [justice] = await h.store.db
      .insert(departments)
      .values({ tenantKey: T, name: '区司法局', kind: 'department', sortOrder: 99 })
      .returning();
    await requestBinding(h.store.db, {
      tenantKey: T,
      chatId: 'oc_justice',
      departmentId: justice.id,
      requestedBy: OFFICE_OPEN_ID,
      active: true,
    });
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());
  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');

  async function say(text: string) {
    await h.post(messageEvent({ text, chatType: 'p2p', chatId: P2P, openId: OFFICE_OPEN_ID }));
    await h.app.idle();
  }

  async function sendFile(bytes: Uint8Array, name: string, id: string) {
    h.fake.resources.set(`om_${id}/file_${id}`, bytes);
    await h.post(
      fileMessageEvent({
        chatType: 'p2p',
        chatId: P2P,
        openId: OFFICE_OPEN_ID,
        messageId: `om_${id}`,
        fileKey: `file_${id}`,
        fileName: name,
      }),
    );
    await h.app.idle();
    return replies().at(-1)!.content;
  }

  async function press(card: unknown, label: string) {
    const res = await h.post(
      cardAction({ openId: OFFICE_OPEN_ID, value: buttonValue(card, label), messageId: 'om_edit_card', chatId: P2P }),
    );
    return (await res.json()) as { toast?: { content: string }; card?: { data: unknown } };
  }

  /** "修改台账": the workbook the bot uploaded in its reply. */
  async function ledgerFromChat(): Promise<Uint8Array> {
    await say(`修改台账 ${noticeId}`);
    const file = replies().find((m) => m.msgType === 'file')!;
    const upload = h.fake.uploads.get((file.content as { file_key: string }).file_key)!;
    expect(upload.fileName).toMatch(/工作台账-\d{8}\.xlsx$/);
    expect(cardText(replies().find((m) => m.msgType === 'interactive')!.content)).toContain('请勿改动隐藏的“系统编号”列');
    return upload.bytes;
  }

  it('shows the changes of an edited ledger and applies them on 确认修改, keeping the reports', async () => {
    const wb = await openLedger(await ledgerFromChat());
    const ws = taskSheet(wb);
    setCell(ws, 1, '具体要求', '围绕重大政策文件同步起草解读材料，并在政府网站集中发布。');
    setCell(ws, 1, '责任单位', '区财政局、区司法局');
    setCell(ws, 3, '完成时限', '9月30日前');
    deleteRow(ws, 4);
    insertRowAfter(ws, 5, {
      工作任务: '三、加强平台建设',
      具体要求: '优化政府网站政务公开专栏。',
      牵头部门: '区网信办',
      完成时限: '11月底前',
    });
    h.fake.reset();

    const preview = await sendFile(await saveLedger(wb), '台账-已修改.xlsx', 'e1');
    const text = cardText(preview);
    expect(text).toContain('台账修改确认');
    expect(text).toContain('新增任务 **1** 项，删除任务 **1** 项，修改任务 **2** 项，增加责任单位 **1** 个次，调整完成时限 **1** 项');
    expect(text).toContain('- **修改 第 1 项**：具体要求：围绕重大政策文件同步起草解读材料，并在政府网站集中发布。；增加单位 区司法局');
    expect(text).toContain(
      '**修改 第 3 项** 按时公开部门预算、决算，细化到功能分类项级科目。：完成时限：8月31日前（2024-08-31） → 9月30日前（2024-09-30）',
    );
    expect(text).toContain('- **删除 第 4 项** 公开政府债务限额、余额等信息。：移除单位 区财政局');
    expect(text).toContain(
      '**新增 第 5 项** 优化政府网站政务公开专栏。：工作任务：三、加强平台建设；完成时限：11月底前（2024-11-30）；增加单位 区网信办',
    );
    expect(text).toContain('**新增承担任务的单位（1）**：确认后将向其发送本通知。');
    // Nothing changed yet.
    expect((await h.store.db.select().from(tasks).where(eq(tasks.noticeId, noticeId))).length).toBe(5);

    const answer = await press(preview, '确认修改');
    expect(answer.toast?.content).toBe('已按台账修改');
    expect(cardText(answer.card!.data)).toContain('台账已按修改更新');
    expect(cardText(answer.card!.data)).toContain('已向其发送本通知');

    const rows = await h.store.db.select().from(tasks).where(eq(tasks.noticeId, noticeId)).orderBy(asc(tasks.seq));
    expect(rows.map((t) => [t.seq, t.requirement, t.dueOn])).toEqual([
      [1, '围绕重大政策文件同步起草解读材料，并在政府网站集中发布。', '2024-06-30'],
      [2, '及时回应社会关切，做好政务舆情处置。', null],
      [3, '按时公开部门预算、决算，细化到功能分类项级科目。', '2024-09-30'],
      [4, '公开重大建设项目批准和实施信息。1.公开项目审批结果；2.公开招标投标信息。', '2024-09-30'],
      [5, '优化政府网站政务公开专栏。', '2024-11-30'],
    ]);
    expect(rows.map((t) => t.id).slice(0, 4)).toEqual([task[1], task[2], task[3], task[5]]);
    expect(rows[4].section).toEqual(['三、加强平台建设']);
    const [planning] = await h.store.db.select().from(assignments).where(eq(assignments.id, planningShare));
    expect([planning.taskId, planning.status]).toEqual([task[1], 'in_progress']);
    const reports = await h.store.db.select().from(progressReports).where(eq(progressReports.assignmentId, planningShare));
    expect(reports.map((r) => r.text)).toEqual(['已起草解读材料']);
    const told = await h.store.db
      .select({ receiveId: outbox.receiveId })
      .from(outbox)
      .where(and(eq(outbox.noticeId, noticeId), eq(outbox.kind, 'publish')));
    expect(told.map((o) => o.receiveId)).toEqual(['oc_justice']);

    const twice = await press(preview, '确认修改');
    expect(twice.toast?.content).toBe('这次修改已处理过');
    expect((await h.store.db.select().from(tasks).where(eq(tasks.noticeId, noticeId))).length).toBe(5);
  });

  it('drops the changes on 取消, and says there is nothing to change when the ledger already matches', async () => {
    const bytes = await ledgerFromChat();
    const wb = await openLedger(bytes);
    setCell(taskSheet(wb), 2, '责任领导', '李娜');
    h.fake.reset();
    const preview = await sendFile(await saveLedger(wb), 'b.xlsx', 'e2');
    expect(cardText(preview)).toContain('变更责任领导 **1** 项');
    const answer = await press(preview, '取消');
    expect(cardText(answer.card!.data)).toContain('台账未作任何修改');
    const [t2] = await h.store.db.select().from(tasks).where(eq(tasks.id, task[2]));
    expect(t2.leaders).toEqual(['张伟', '李娜']);
    const edits = await h.store.db.select({ status: ledgerEdits.status }).from(ledgerEdits).orderBy(asc(ledgerEdits.id));
    expect(edits.map((e) => e.status)).toEqual(['applied', 'cancelled']);

    h.fake.reset();
    const same = await sendFile(bytes, 'c.xlsx', 'e3');
    expect(cardText(same)).toContain('与台账现状相比，没有需要修改的内容');
    expect([...walk(same)].some((n) => n.tag === 'button')).toBe(false);
  });

  it('answers a ledger whose keys were typed over with one clear line, and changes nothing', async () => {
    const wb = await openLedger(await ledgerFromChat());
    const ws = taskSheet(wb);
    ws.getRow(rowOf(ws, 2)).getCell(12).value = 'abc';
    h.fake.reset();
    const card = await sendFile(await saveLedger(wb), 'd.xlsx', 'e4');
    const text = cardText(card);
    expect(text).toContain('无法使用这份台账');
    expect(text).toContain('第 5 行的系统编号“abc”已被改动，无法确定是哪项任务：请重新导出台账后修改');
    expect(h.logs.filter((l) => l.includes('command failed'))).toEqual([]);
  });

  it('edits a draft before it is published, and answers 确认 with the corrected preview to publish', async () => {
    const pasted = [
      '关于印发2024年某区补充任务的通知',
      '\t工作任务\n\t牵头单位\n\t完成时限\n',
      '\t公开审计结果\n\t区审计办\n\t根据上级安排\n',
    ].join('\n');
    await say(`发布通知\n${pasted}`);
    const draftPreview = cardText(replies().at(-1)!.content);
    expect(draftPreview).toContain('需核对 1');
    const draftId = Math.max(...(await h.store.db.select({ id: tasks.noticeId }).from(tasks)).map((t) => t.id));
    h.fake.reset();
    await say(`修改台账 ${draftId}`);
    const file = replies().find((m) => m.msgType === 'file')!;
    const wb = await openLedger(h.fake.uploads.get((file.content as { file_key: string }).file_key)!.bytes);
    setCell(taskSheet(wb), 1, '完成时限', '9月底前');
    h.fake.reset();
    const preview = await sendFile(await saveLedger(wb), 'draft.xlsx', 'e5');
    expect(cardText(preview)).toContain('完成时限：根据上级安排 → 9月底前（2024-09-30）');
    const answer = await press(preview, '确认修改');
    const text = cardText(answer.card!.data);
    expect(text).toContain('通知发布前预览');
    expect(text).not.toContain('需核对');
    expect(buttonValue(answer.card!.data, '发布')).toEqual({ a: 'publish', noticeId: draftId });
  });
});
