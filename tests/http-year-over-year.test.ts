// Year over year on the real webhook: the office sends this year's notice, the preview says which
// tasks are new, continuing and dropped against last year's, and a continuing 长期坚持 task shows
// last year's reports (去年进展). Notices go in as files, reports as form submits, through the fake Lark.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { buttonValue, cardText, type Harness, OFFICE_OPEN_ID, startHarness } from './support/bot-harness';
import { fileMessageEvent, messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { findDepartmentByName } from '../src/store/directory';
import { departmentTasks } from '../src/store/ledger';
import { setMember } from '../src/store/members';
import { tasks } from '../src/store/schema';

const COORD = 'ou_coord_office';
const OFFICE_CHAT = 'oc_office_p2p';
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/year-over-year/${name}`, import.meta.url)));

describe(`year over year on the webhook, on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());

  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');
  /** The office sends a notice file to the bot in its private chat; returns the preview card. */
  const sendNotice = async (fileName: string, bytes: Uint8Array) => {
    const messageId = `om_${fileName.replace(/\W/g, '')}`;
    h.fake.resources.set(`${messageId}/file_${messageId}`, bytes);
    await h.post(
      fileMessageEvent({ chatType: 'p2p', chatId: OFFICE_CHAT, openId: OFFICE_OPEN_ID, messageId, fileKey: `file_${messageId}`, fileName }),
    );
    await h.app.idle();
    return replies().at(-1)!.content;
  };
  const publish = async (preview: unknown) => {
    const r = await h.click({ openId: OFFICE_OPEN_ID, value: buttonValue(preview, '发布'), messageId: 'om_preview', chatId: OFFICE_CHAT });
    expect(r.answer.toast?.content).toBe('已发布，正在下发各单位');
  };

  it('shows no comparison for a tenant’s first notice', async () => {
    const preview = await sendNotice('2025.md', fixture('2025.md'));
    expect(cardText(preview)).toContain('关于印发2025年某区政务公开工作任务分解表的通知');
    expect(cardText(preview)).not.toContain('与上年对比');
    await publish(preview);
  });

  it('previews this year’s notice with its new, continuing and dropped tasks, and carries a 长期坚持 task’s reports across', async () => {
    // Last year the office's coordinator reported on the standing task 2 (依申请公开).
    const office = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区党政办公室'))!;
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: COORD, role: 'coordinator', departmentId: office.id, name: '陈静' });
    const standing = (await departmentTasks(h.store.db, TEST_TENANT_KEY, office.id, { filter: 'all', today: '2025-07-01' })).find(
      (t) => t.seq === 2,
    )!;
    const submitted = await h.click({
      openId: COORD,
      value: { a: 'report_submit' },
      formValue: {
        task: `${standing.assignmentId}:${standing.version}`,
        status: 'in_progress',
        progress: '全年受理依申请公开42件，均按期答复',
        evidence: '',
      },
      messageId: 'om_form',
      chatId: 'oc_coord_p2p',
    });
    expect(submitted.answer.toast?.type).toBe('success');

    const preview = await sendNotice('2026.md', fixture('2026.md'));
    const text = cardText(preview);
    expect(text).toContain(
      '**与上年对比**（2025年《关于印发2025年某区政务公开工作任务分解表的通知》，8 项）：延续 **5** · 新增 **2** · 删减 **3**',
    );
    expect(text).toContain('continuing **5** · new **2** · dropped **3**');
    expect(text).toMatch(/- \*\*5\.\*\* 推进“双随机、一公开”监管信息公开.*← 上年第 6 项/);
    expect(text).toMatch(/新增 New\*\*\n- \*\*6\.\*\* 推进公共数据有序开放/);
    expect(text).toMatch(/删减 Dropped（上年序号）\*\*\n- \*\*5\.\*\* 做好重大行政决策事项目录发布/);
    expect(text).not.toContain('几乎没有相同的任务');

    // The link is stored: task 2 of this year continues last year's task 2.
    const continuing = await h.store.db.select({ seq: tasks.seq }).from(tasks).where(eq(tasks.previousTaskId, standing.taskId));
    expect(continuing).toEqual([{ seq: 2 }]);

    await publish(preview);
    await h.post(messageEvent({ text: '任务 2', chatType: 'p2p', chatId: 'oc_coord_p2p', openId: COORD }));
    await h.app.idle();
    const detail = cardText(replies().at(-1)!.content);
    expect(detail).toContain('巩固深化依申请公开质效提升成果');
    expect(detail).toContain('**去年进展**（共 1 条）');
    expect(detail).toContain('全年受理依申请公开42件，均按期答复');
    expect(detail).toContain('陈静');
    expect(detail).toContain("Last year's progress");

    // A task that is not 长期坚持 shows no earlier record even though it continues one.
    await h.post(messageEvent({ text: '任务 4', chatType: 'p2p', chatId: 'oc_coord_p2p', openId: COORD }));
    await h.app.idle();
    expect(cardText(replies().at(-1)!.content)).not.toContain('去年进展');
  });

  it('says so plainly when the new notice has almost nothing in common with last year’s', async () => {
    const unrelated = [
      '# 关于印发2027年某区政务公开工作任务分解表的通知',
      '',
      '| 序号 | 具体要求 | 牵头单位 | 完成时限 |',
      '| --- | --- | --- | --- |',
      '| 1 | 组织开展全区网格员业务培训，提升基层治理能力。 | 区党政办公室 | 2027年4月底前 |',
      '| 2 | 完成老旧小区雨污分流改造二十处。 | 区城乡建设和交通局 | 2027年10月底前 |',
      '| 3 | 举办秋季运动会和全民健身活动。 | 区教育和体育局 | 2027年9月底前 |',
    ].join('\n');
    const preview = await sendNotice('2027.md', new TextEncoder().encode(unrelated));
    const text = cardText(preview);
    expect(text).toContain('2026年《关于印发2026年某区政务公开工作任务分解表的通知》，7 项）：延续 **0** · 新增 **3** · 删减 **7**');
    expect(text).toContain('两份通知几乎没有相同的任务');
    expect(text).toContain('almost no tasks in common');
  });
});
