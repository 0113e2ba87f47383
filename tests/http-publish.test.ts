import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { buttonValue, startHarness, cardText, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import { fileMessageEvent, messageEvent, cardAction, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { makeDocx } from './support/make-docx';
import { notices, outbox } from '../src/store/schema';
import { requestBinding } from '../src/store/bindings';
import { findDepartmentByName } from '../src/store/directory';
import { deliverDue } from '../src/outbox/deliver';
import { createLarkApi } from '../src/lark/api';

describe(`publishing a notice from chat, on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());
  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');

  it('turns an uploaded .docx into a draft and a preview; 发布 sends one card per reachable department', async () => {
    const docx = await makeDocx({
      before: ['某政办字〔2025〕9号', '关于印发2025年某区政务公开任务分解表的通知'],
      table: {
        rows: [
          ['工作任务', '牵头单位', '责任单位', '完成时限'],
          ['更新主动公开目录', '区司法局', '区财政局、各街道', '6月底前'],
          ['公开部门预算', '区财政局', '——', '3月底前'],
          ['做好政策解读', '区卫健局', '区司法局', '长期坚持'],
        ],
      },
    });
    h.fake.resources.set('om_file_1/file_k1', docx);
    await h.post(
      fileMessageEvent({
        chatType: 'p2p',
        chatId: 'oc_office_p2p',
        openId: OFFICE_OPEN_ID,
        messageId: 'om_file_1',
        fileKey: 'file_k1',
        fileName: '分解表.docx',
      }),
    );
    await h.app.idle();
    const preview = replies()[0].content;
    const text = cardText(preview);
    expect(text).toContain('关于印发2025年某区政务公开任务分解表的通知');
    expect(text).toContain('某政办字〔2025〕9号');
    expect(text).toContain('区财政局');
    expect(text).toContain('各街道');
    const [draft] = await h.store.db.select().from(notices).where(eq(notices.tenantKey, TEST_TENANT_KEY));
    expect(draft.status).toBe('draft');
    // Nothing goes to departments before 发布: the only message owed is the preview itself.
    expect((await h.store.db.select().from(outbox)).map((r) => r.kind)).toEqual(['reply']);

    // Two departments have somewhere to receive the card; 区卫健局 has neither chat nor coordinator.
    for (const [name, chat] of [
      ['区财政局', 'oc_fin'],
      ['区司法局', 'oc_justice'],
    ]) {
      const d = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, name))!;
      await requestBinding(h.store.db, {
        tenantKey: TEST_TENANT_KEY,
        chatId: chat,
        departmentId: d.id,
        requestedBy: OFFICE_OPEN_ID,
        active: true,
      });
    }

    const res = await h.post(
      cardAction({ openId: OFFICE_OPEN_ID, value: buttonValue(preview, '发布'), messageId: 'om_preview', chatId: 'oc_office_p2p' }),
    );
    const answer = (await res.json()) as { toast: { content: string }; card: { data: unknown } };
    expect(answer.toast.content).toBe('已发布，正在下发各单位');
    expect(cardText(answer.card.data)).toContain('区卫健局');

    const again = await h.post(
      cardAction({ openId: OFFICE_OPEN_ID, value: buttonValue(preview, '发布'), messageId: 'om_preview', chatId: 'oc_office_p2p' }),
    );
    expect(((await again.json()) as { toast: { content: string } }).toast.content).toBe('该通知已发布');

    const lark = createLarkApi({ appId: h.fake.appId, appSecret: h.fake.appSecret, domain: h.fake.url });
    h.fake.failNext('/open-apis/im/v1/messages', 1, { status: 429, code: 99991400 });
    let clock = h.now.value.getTime();
    for (let i = 0; i < 10; i++) {
      const r = await deliverDue({
        db: h.store.db,
        lark,
        now: () => new Date(clock),
        sleep: async (ms) => void (clock += ms),
        random: () => 0,
      });
      if (!r.remaining) break;
      clock += 60_000;
    }
    const sends = h.fake.sent().filter((m) => m.kind === 'send');
    expect(sends.map((m) => m.receiveId).sort()).toEqual(['oc_fin', 'oc_justice']);
    const fin = sends.find((m) => m.receiveId === 'oc_fin')!;
    expect(cardText(fin.content)).toContain('牵头 1 项、参与 1 项');
  });

  it('refuses a file from a coordinator in private chat and ignores it in a group', async () => {
    await h.post(fileMessageEvent({ chatType: 'p2p', chatId: 'oc_p2p_x', openId: 'ou_someone', fileKey: 'k', fileName: 'x.docx' }));
    await h.post(fileMessageEvent({ chatType: 'group', chatId: 'oc_grp_x', openId: 'ou_someone', fileKey: 'k2', fileName: 'y.docx' }));
    await h.app.idle();
    expect(replies()).toHaveLength(1);
    expect(cardText(replies()[0].content)).toContain('发布通知需要政务公开办权限');
    expect(h.fake.requests.some((r) => r.path.includes('/resources/'))).toBe(false);
  });

  it('answers an unreadable file with the reason, and pasted text with a preview', async () => {
    h.fake.resources.set('om_bad/kb', new TextEncoder().encode('%PDF-1.4 …'));
    await h.post(
      fileMessageEvent({
        chatType: 'p2p',
        chatId: 'oc_office_p2p',
        openId: OFFICE_OPEN_ID,
        messageId: 'om_bad',
        fileKey: 'kb',
        fileName: 'a.pdf',
      }),
    );
    const pasted = readFileSync(new URL('./fixtures/seeds/004_8f567bc9b8b33b76.txt', import.meta.url), 'utf8');
    await h.post(messageEvent({ text: `发布通知\n${pasted}`, chatType: 'p2p', chatId: 'oc_office_p2p', openId: OFFICE_OPEN_ID }));
    await h.app.idle();
    const texts = replies().map((r) => cardText(r.content));
    expect(texts.some((t) => t.includes('无法读取 PDF 文件：文件已损坏'))).toBe(true);
    expect(texts.some((t) => t.includes('关于印发2022年汶上县政务公开工作任务分解表的通知') && t.includes('79'))).toBe(true);
    const drafts = await h.store.db
      .select()
      .from(notices)
      .where(and(eq(notices.tenantKey, TEST_TENANT_KEY), eq(notices.status, 'draft')));
    expect(drafts.map((n) => n.docNumber)).toEqual(['汶政办字〔2022〕15号']);
  });

  it('lists, in the preview of a later notice, the units it adds to the directory, so a new spelling can be merged', async () => {
    const text = [
      '关于印发2025年某区补充任务的通知',
      '\t工作任务\n\t牵头单位\n\t完成时限\n',
      '\t公开财政专项资金\n\t区财政局\n\t9月底前\n',
      '\t公开司法行政信息\n\t司法局\n\t9月底前\n',
      '\t公开审计结果\n\t区审计办\n\t9月底前\n',
    ].join('\n');
    await h.post(messageEvent({ text: `发布通知\n${text}`, chatType: 'p2p', chatId: 'oc_office_p2p', openId: OFFICE_OPEN_ID }));
    await h.app.idle();
    const preview = cardText(replies()[0].content);
    expect(preview).toContain('目录新增单位（1）');
    expect(preview).toContain('区审计办');
    expect(preview).toContain('设置别名 新单位名称 = 目录中的单位名称');
  });
});
