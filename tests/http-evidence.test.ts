// 佐证材料 through the real webhook and the fake Lark: pictures and files sent in reply to the
// report card or after "佐证 N", listed on the task, the review queue and the export, opened by
// the office from the card, required per notice, and every bad input answered in words.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { engineName } from './support/db';
import { buttonValue, cardText, startHarness, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import {
  cardAction,
  fileMessageEvent,
  imageMessageEvent,
  mediaMessageEvent,
  messageEvent,
  stickerMessageEvent,
  TEST_TENANT_KEY,
} from '../playground/lark/lark-payloads';
import { assignments, evidence, notices, tasks } from '../src/store/schema';
import { setMember } from '../src/store/members';
import { readReturnedLedger } from '../src/export/ledger-read';
import { findDepartmentByName } from '../src/store/directory';

const COORD = 'ou_coord_housing';
const OTHER = 'ou_coord_market';
const LEADER = 'ou_leader';
const STRANGER = 'ou_nobody';

describe(`evidence (佐证材料) in chat, on ${engineName}`, () => {
  let h: Harness;
  let noticeId: number;
  let housingId: number;
  /** 序号 of the housing bureau's tasks, in order. */
  let seqs: number[];
  beforeAll(async () => {
    h = await startHarness();
    noticeId = await h.importSeed('002_1767bb79f9d560a4.txt');
    housingId = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!.id;
    const marketId = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区市场监管局'))!.id;
    await setMember(h.store.db, {
      tenantKey: TEST_TENANT_KEY,
      openId: COORD,
      role: 'coordinator',
      departmentId: housingId,
      name: '住建联络员',
    });
    await setMember(h.store.db, {
      tenantKey: TEST_TENANT_KEY,
      openId: OTHER,
      role: 'coordinator',
      departmentId: marketId,
      name: '市监联络员',
    });
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: LEADER, role: 'leader', name: '李局长' });
    const rows = await h.store.db
      .select({ seq: tasks.seq })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(eq(assignments.departmentId, housingId))
      .orderBy(asc(tasks.seq));
    seqs = rows.map((r) => r.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => h?.close());
  // Lark keeps what people sent for as long as the messages exist: the fake's traffic is reset, not them.
  const kept = new Map<string, Uint8Array>();
  beforeEach(() => {
    h.fake.reset();
    for (const [k, v] of kept) h.fake.resources.set(k, v);
  });
  const resource = (key: string, content: Uint8Array) => {
    kept.set(key, content);
    h.fake.resources.set(key, content);
  };

  const chatOf = (openId: string) => `oc_p2p_${openId}`;
  const lastReply = () => {
    const replies = h.fake.sent().filter((m) => m.kind === 'reply');
    return replies[replies.length - 1];
  };
  const say = async (text: string, openId: string) => {
    await h.post(messageEvent({ text, chatType: 'p2p', chatId: chatOf(openId), openId }));
    await h.app.idle();
    return lastReply();
  };
  const send = async (body: object) => {
    const before = h.fake.sent().length;
    expect((await h.post(body)).status).toBe(200);
    await h.app.idle();
    return h.fake
      .sent()
      .slice(before)
      .filter((m) => m.kind === 'reply');
  };
  const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);
  const evidenceRows = (assignmentId?: number) =>
    h.store.db
      .select()
      .from(evidence)
      .where(assignmentId === undefined ? undefined : eq(evidence.assignmentId, assignmentId))
      .orderBy(asc(evidence.id));
  const assignmentOf = async (seq: number) => {
    const [row] = await h.store.db
      .select({ id: assignments.id, version: assignments.version, status: assignments.status })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .where(and(eq(assignments.departmentId, housingId), eq(tasks.seq, seq)));
    return row;
  };
  /** 汇报进展 N, submitted from the form card: returns the form card's message id (what a reply answers). */
  const report = async (seq: number, status: 'in_progress' | 'done', openId = COORD) => {
    const form = await say(`汇报进展 ${seq}`, openId);
    const a = await assignmentOf(seq);
    const res = await h.post(
      cardAction({
        openId,
        value: { a: 'report_submit' },
        formValue: { task: `${a.id}:${a.version}`, status, progress: `第${seq}项进展：已发布公开页面` },
        messageId: form.messageId!,
        chatId: chatOf(openId),
      }),
    );
    await h.app.idle();
    return { formMessageId: form.messageId!, answer: (await res.json()) as { toast: { type: string; content: string } } };
  };

  it('keeps a picture sent in reply to the report card as that report’s evidence, and says so in both languages', async () => {
    const { formMessageId, answer } = await report(seqs[0], 'in_progress');
    expect(answer.toast.type).toBe('success');
    resource('om_pic_1/img_v3_pic_1', bytes(2048));
    const [ack] = await send(
      imageMessageEvent({
        chatType: 'p2p',
        chatId: chatOf(COORD),
        openId: COORD,
        messageId: 'om_pic_1',
        imageKey: 'img_v3_pic_1',
        parentId: formMessageId,
        rootId: 'om_root_whatever',
      }),
    );
    expect(ack.replyTo).toBe('om_pic_1');
    const text = cardText(ack.content);
    expect(text).toContain('已收到佐证材料');
    expect(text).toContain('Evidence received');
    expect(text).toContain(`第 ${seqs[0]} 项任务`);
    const a = await assignmentOf(seqs[0]);
    const [row] = await evidenceRows(a.id);
    expect(row).toMatchObject({ messageId: 'om_pic_1', fileKey: 'img_v3_pic_1', resourceType: 'image', size: 2048, fileType: 'image' });
    expect(row.reportId).not.toBeNull();
    // The resource was read with the type Lark wants for pictures.
    expect(
      h.fake.requests.some((r) => r.path === '/open-apis/im/v1/messages/om_pic_1/resources/img_v3_pic_1' && r.query.type === 'image'),
    ).toBe(true);
  });

  it('takes a file sent in a group in reply to the report form posted there', async () => {
    await h.post(
      messageEvent({ text: `汇报进展 ${seqs[4]}`, chatType: 'group', chatId: 'oc_housing_group', openId: COORD, mentionBot: true }),
    );
    await h.app.idle();
    const form = lastReply();
    const a = await assignmentOf(seqs[4]);
    const submitted = await h.click({
      openId: COORD,
      value: { a: 'report_submit' },
      formValue: { task: `${a.id}:${a.version}`, status: 'in_progress', progress: '正在整理公开目录' },
      messageId: form.messageId!,
      chatId: 'oc_housing_group',
    });
    // The answer is the coordinator's own (仅你可见); the form card in the group stays the one to reply to.
    expect(submitted.surface).toBe('personal');
    resource('om_grp_file/file_v3_grp', bytes(777));
    const [ack] = await send(
      fileMessageEvent({
        chatType: 'group',
        chatId: 'oc_housing_group',
        openId: COORD,
        messageId: 'om_grp_file',
        fileKey: 'file_v3_grp',
        fileName: '目录清单.xlsx',
        parentId: form.messageId!,
        rootId: form.replyTo,
      }),
    );
    expect(cardText(ack.content)).toContain('目录清单.xlsx');
    expect((await evidenceRows(a.id)).map((r) => [r.fileName, r.fileType, r.chatId])).toEqual([
      ['目录清单.xlsx', 'xlsx', 'oc_housing_group'],
    ]);
  });

  it('takes files after "佐证 N", and files sent first once "佐证 N" follows', async () => {
    const seq = seqs[1];
    expect(cardText((await say(`佐证 ${seq}`, COORD)).content)).toContain('请发送佐证材料');
    resource('om_file_1/file_v3_1', bytes(5000));
    const [ack] = await send(
      fileMessageEvent({
        chatType: 'p2p',
        chatId: chatOf(COORD),
        openId: COORD,
        messageId: 'om_file_1',
        fileKey: 'file_v3_1',
        fileName: '公开页面截图.pdf',
      }),
    );
    expect(cardText(ack.content)).toContain('公开页面截图.pdf');
    const a = await assignmentOf(seq);
    expect((await evidenceRows(a.id)).map((r) => [r.fileName, r.fileType, r.size])).toEqual([['公开页面截图.pdf', 'pdf', 5000]]);

    // Files first (another person's chat state is separate): kept, with a hint; then "佐证 N" claims them.
    const later = seqs[2];
    resource('om_vid_1/file_v3_vid', bytes(9000));
    const [hint] = await send(
      mediaMessageEvent({
        chatType: 'p2p',
        chatId: 'oc_p2p_second',
        openId: COORD,
        messageId: 'om_vid_1',
        fileKey: 'file_v3_vid',
        fileName: '现场.mp4',
      }),
    );
    expect(cardText(hint.content)).toContain('佐证 序号');
    await h.post(messageEvent({ text: `佐证 ${later}`, chatType: 'p2p', chatId: 'oc_p2p_second', openId: COORD }));
    await h.app.idle();
    expect(cardText(lastReply().content)).toContain('现场.mp4');
    const b = await assignmentOf(later);
    expect((await evidenceRows(b.id)).map((r) => r.fileName)).toEqual(['现场.mp4']);
  });

  it('lists evidence on the task and in the review queue, and the office gets the file in a private chat from the button', async () => {
    const seq = seqs[0];
    const { answer } = await report(seq, 'done');
    expect(answer.toast.type).toBe('success');
    const detail = (await say(`任务 ${seq}`, OFFICE_OPEN_ID)).content;
    expect(cardText(detail)).toContain('佐证材料');
    const queue = (await say('待审核', OFFICE_OPEN_ID)).content;
    const open = buttonValue(queue, '📎');
    expect(open.a).toBe('evidence_open');

    // Another department's coordinator is refused; the department's own coordinator gets its file.
    const refused = await h.click({ openId: OTHER, value: open, messageId: 'om_q', chatId: chatOf(OTHER) });
    expect(refused.answer.toast?.type).toBe('warning');
    expect(JSON.stringify(refused.answer.toast)).toContain('只能查看本单位的佐证材料');
    const stranger = await h.click({ openId: STRANGER, value: open, messageId: 'om_q3', chatId: chatOf(STRANGER) });
    expect(stranger.answer.toast?.type).toBe('warning');
    const own = await h.click({ openId: COORD, value: open, messageId: 'om_q2', chatId: chatOf(COORD) });
    expect(own.answer.toast?.type).toBe('success');
    expect(h.fake.sent().some((m) => m.kind === 'send' && m.receiveId === COORD && m.msgType === 'image')).toBe(true);

    const clicked = await h.click({
      openId: OFFICE_OPEN_ID,
      value: buttonValue(detail, '📎'),
      messageId: 'om_d',
      chatId: chatOf(OFFICE_OPEN_ID),
    });
    expect(clicked.answer.toast?.type).toBe('success');
    const sent = h.fake.sent().find((m) => m.kind === 'send' && m.receiveId === OFFICE_OPEN_ID && m.msgType === 'image');
    expect(sent).toBeDefined();
    const key = (sent!.content as { image_key: string }).image_key;
    expect(h.fake.images.get(key)).toEqual(bytes(2048));
  });

  it('sends a file evidence back as a file, under its own name', async () => {
    const detail = (await say(`任务 ${seqs[1]}`, LEADER)).content;
    await h.click({ openId: LEADER, value: buttonValue(detail, '公开页面截图.pdf'), messageId: 'om_d2', chatId: chatOf(LEADER) });
    const sent = h.fake.sent().find((m) => m.kind === 'send' && m.receiveId === LEADER && m.msgType === 'file');
    const upload = h.fake.uploads.get((sent!.content as { file_key: string }).file_key)!;
    expect(upload).toMatchObject({ fileName: '公开页面截图.pdf', fileType: 'pdf' });
    expect(upload.bytes).toEqual(bytes(5000));
  });

  it('lists evidence in the exported ledger', async () => {
    await say('导出台账', LEADER);
    const file = h.fake.sent().find((m) => m.kind === 'reply' && m.msgType === 'file')!;
    const upload = h.fake.uploads.get((file.content as { file_key: string }).file_key)!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(upload.bytes) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('佐证材料')!;
    const names: string[] = [];
    sheet.eachRow((r) => names.push(r.values!.toString()));
    expect(names.join('\n')).toContain('公开页面截图.pdf');
    expect(names.join('\n')).toContain('现场.mp4');
    // Sent back for editing, the workbook is still read by its task sheet alone.
    const back = await readReturnedLedger(upload.bytes, upload.fileName);
    expect(back?.sheet).toBe('工作台账');
    expect(back?.rows.length).toBeGreaterThan(10);
  });

  it('refuses 已完成 without evidence once the office requires it, and tells how to attach', async () => {
    expect(cardText((await say('要求佐证', COORD)).content)).toContain('政务公开办');
    expect(cardText((await say(`要求佐证 ${noticeId}`, OFFICE_OPEN_ID)).content)).toContain('已要求佐证材料');
    const seq = seqs[3];
    const { answer } = await report(seq, 'done');
    expect(answer.toast.type).toBe('warning');
    expect(answer.toast.content).toContain(`佐证 ${seq}`);
    expect((await assignmentOf(seq)).status).not.toBe('done');

    // As the refusal says: "佐证 N", then the picture; then 已完成 goes through.
    await say(`佐证 ${seq}`, COORD);
    resource('om_pic_2/img_v3_pic_2', bytes(100));
    await send(
      imageMessageEvent({ chatType: 'p2p', chatId: chatOf(COORD), openId: COORD, messageId: 'om_pic_2', imageKey: 'img_v3_pic_2' }),
    );
    expect((await report(seq, 'done')).answer.toast.type).toBe('success');
    expect((await assignmentOf(seq)).status).toBe('done');
    expect(cardText((await say(`取消要求佐证 ${noticeId}`, OFFICE_OPEN_ID)).content)).toContain('已取消佐证要求');
  });

  it('lets the office turn 要求佐证 on and off from the delivery report, for everyone who sees it', async () => {
    const report = await h.click({
      openId: OFFICE_OPEN_ID,
      value: { a: 'delivery_report', noticeId },
      messageId: 'om_dr',
      chatId: 'oc_office',
    });
    const on = buttonValue(report.card, '要求“已完成”附佐证');
    const refused = await h.click({ openId: COORD, value: on, messageId: 'om_dr', chatId: 'oc_office' });
    expect(refused.answer.toast?.content).toContain('发布通知需要政务公开办权限');
    const turnedOn = await h.click({ openId: OFFICE_OPEN_ID, value: on, messageId: 'om_dr', chatId: 'oc_office' });
    expect(turnedOn.surface).toBe('replaced');
    expect(cardText(turnedOn.card)).toContain('本通知要求报“已完成”时附佐证材料');
    expect((await h.store.db.select().from(notices).where(eq(notices.id, noticeId)))[0].evidenceRequired).toBe(true);
    const turnedOff = await h.click({
      openId: OFFICE_OPEN_ID,
      value: buttonValue(turnedOn.card, '取消要求佐证'),
      messageId: 'om_dr',
      chatId: 'oc_office',
    });
    expect(cardText(turnedOff.card)).not.toContain('本通知要求报“已完成”时附佐证材料');
    expect((await h.store.db.select().from(notices).where(eq(notices.id, noticeId)))[0].evidenceRequired).toBe(false);
  });

  describe('bad input', () => {
    it('refuses a file over 30 MB, keeping nothing', async () => {
      const { formMessageId } = await report(seqs[2], 'in_progress');
      const before = (await evidenceRows()).length;
      resource('om_big/file_v3_big', bytes(31 * 1024 * 1024));
      const [ack] = await send(
        fileMessageEvent({
          chatType: 'p2p',
          chatId: chatOf(COORD),
          openId: COORD,
          messageId: 'om_big',
          fileKey: 'file_v3_big',
          fileName: '全年台账扫描件.pdf',
          parentId: formMessageId,
        }),
      );
      expect(cardText(ack.content)).toContain('文件过大');
      expect(cardText(ack.content)).toContain('31.0 MB');
      expect(await evidenceRows()).toHaveLength(before);
    });

    it('refuses a sticker, and a file Lark will not hand over', async () => {
      const { formMessageId } = await report(seqs[2], 'in_progress');
      const [sticker] = await send(
        stickerMessageEvent({ chatType: 'p2p', chatId: chatOf(COORD), openId: COORD, fileKey: 'file_sticker', parentId: formMessageId }),
      );
      expect(cardText(sticker.content)).toContain('表情包');
      const [gone] = await send(
        fileMessageEvent({
          chatType: 'p2p',
          chatId: chatOf(COORD),
          openId: COORD,
          fileKey: 'file_v3_recalled',
          fileName: 'x.docx',
          parentId: formMessageId,
        }),
      );
      expect(cardText(gone.content)).toContain('无法读取这个文件');
      expect(h.logs.some((l) => l.includes('file_v3_recalled'))).toBe(true);
    });

    it('answers an unknown 序号 and a missing one', async () => {
      expect(cardText((await say('佐证 999', COORD)).content)).toContain('没有序号为 999 的任务');
      expect(cardText((await say('佐证', COORD)).content)).toContain('佐证 序号');
    });

    it('refuses evidence from someone who cannot report for the task', async () => {
      const { formMessageId } = await report(seqs[2], 'in_progress');
      const before = (await evidenceRows()).length;
      resource('om_other/img_other', bytes(10));
      const [other] = await send(
        imageMessageEvent({
          chatType: 'p2p',
          chatId: chatOf(OTHER),
          openId: OTHER,
          messageId: 'om_other',
          imageKey: 'img_other',
          parentId: formMessageId,
        }),
      );
      expect(cardText(other.content)).toContain('只能为本单位的任务提交佐证材料');
      const [stranger] = await send(
        imageMessageEvent({
          chatType: 'p2p',
          chatId: chatOf(STRANGER),
          openId: STRANGER,
          messageId: 'om_str',
          imageKey: 'img_other',
          parentId: formMessageId,
        }),
      );
      expect(cardText(stranger.content)).toContain('绑定');
      const [leader] = await send(
        imageMessageEvent({
          chatType: 'p2p',
          chatId: chatOf(LEADER),
          openId: LEADER,
          messageId: 'om_lead',
          imageKey: 'img_other',
          parentId: formMessageId,
        }),
      );
      expect(cardText(leader.content)).toMatch(/绑定|联络员/);
      expect(await evidenceRows()).toHaveLength(before);
    });
  });
});

describe(`evidence with DUBAN_EVIDENCE_COPY on, on ${engineName}`, () => {
  it('opens a file whose message was recalled from the kept copy; without a copy the office is told it is gone', async () => {
    for (const keepEvidenceCopy of [true, false]) {
      const h = await startHarness({ keepEvidenceCopy });
      try {
        await h.importSeed('002_1767bb79f9d560a4.txt');
        const housing = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!;
        await setMember(h.store.db, {
          tenantKey: TEST_TENANT_KEY,
          openId: COORD,
          role: 'coordinator',
          departmentId: housing.id,
          name: '联络员',
        });
        const [first] = await h.store.db
          .select({ seq: tasks.seq })
          .from(assignments)
          .innerJoin(tasks, eq(tasks.id, assignments.taskId))
          .where(eq(assignments.departmentId, housing.id))
          .orderBy(asc(tasks.seq))
          .limit(1);
        await h.post(messageEvent({ text: `佐证 ${first.seq}`, chatType: 'p2p', chatId: 'oc_p2p_c', openId: COORD }));
        await h.app.idle();
        h.fake.resources.set('om_keep/file_v3_keep', new Uint8Array([1, 2, 3, 4]));
        await h.post(
          fileMessageEvent({
            chatType: 'p2p',
            chatId: 'oc_p2p_c',
            openId: COORD,
            messageId: 'om_keep',
            fileKey: 'file_v3_keep',
            fileName: '通报.pdf',
          }),
        );
        await h.app.idle();
        h.fake.resources.delete('om_keep/file_v3_keep');

        await h.post(messageEvent({ text: `任务 ${first.seq}`, chatType: 'p2p', chatId: 'oc_p2p_o', openId: OFFICE_OPEN_ID }));
        await h.app.idle();
        const detail = h.fake
          .sent()
          .filter((m) => m.kind === 'reply')
          .at(-1)!.content;
        const clicked = await h.click({
          openId: OFFICE_OPEN_ID,
          value: buttonValue(detail, '通报.pdf'),
          messageId: 'om_td',
          chatId: 'oc_p2p_o',
        });
        const sent = h.fake.sent().find((m) => m.kind === 'send' && m.receiveId === OFFICE_OPEN_ID && m.msgType === 'file');
        if (keepEvidenceCopy) {
          expect(clicked.answer.toast?.type).toBe('success');
          expect(h.fake.uploads.get((sent!.content as { file_key: string }).file_key)?.bytes).toEqual(new Uint8Array([1, 2, 3, 4]));
        } else {
          expect(clicked.answer.toast?.type).toBe('error');
          expect(clicked.answer.toast?.content).toContain('飞书未能提供这个文件');
          expect(sent).toBeUndefined();
        }
      } finally {
        await h.close();
      }
    }
  });
});
