import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { startHarness, cardText, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import { messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { assignments, departments, members } from '../src/store/schema';
import { findDepartmentByName } from '../src/store/directory';
import { parseNoticeText } from '../src/notice/parse';
import { importNotice } from '../src/store/notice-import';

/** "@督办 <command> @张三": a group message mentioning the bot first, then the people it is about. */
function withMentions(text: string, people: { openId: string; name: string }[], o: { openId: string; chatId?: string }) {
  const e = messageEvent({ text, chatType: 'group', chatId: o.chatId ?? 'oc_office', openId: o.openId, mentionBot: true });
  const keys = people.map((_, i) => `@_user_${i + 2}`);
  e.event.message.content = JSON.stringify({ text: `@_user_1 ${text} ${keys.join(' ')}` });
  e.event.message.mentions = [
    ...(e.event.message.mentions ?? []),
    ...people.map((p, i) => ({
      key: keys[i],
      id: { open_id: p.openId, union_id: `on_${i}`, user_id: null },
      name: p.name,
      tenant_key: TEST_TENANT_KEY,
    })),
  ];
  return e;
}

describe(`roles and aliases set in chat, on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.importSeed('002_1767bb79f9d560a4.txt');
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());
  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');

  it('lets the office make someone a coordinator of a department, who then sees its tasks in private chat', async () => {
    await h.post(withMentions('设置联络员 区生态环境分局', [{ openId: 'ou_zhang', name: '张三' }], { openId: OFFICE_OPEN_ID }));
    await h.app.idle();
    expect(cardText(replies()[0].content)).toContain('已将 张三 设为区生态环境分局联络员');
    const [m] = await h.store.db.select().from(members).where(eq(members.openId, 'ou_zhang'));
    expect(m).toMatchObject({ role: 'coordinator', name: '张三', tenantKey: TEST_TENANT_KEY });

    await h.post(messageEvent({ text: '我的任务', chatType: 'p2p', chatId: 'oc_p2p_zhang', openId: 'ou_zhang' }));
    await h.app.idle();
    expect(cardText(replies()[1].content)).toContain('区生态环境分局');
  });

  it('makes a leader, and refuses role changes from anyone but the office', async () => {
    await h.post(withMentions('设置领导', [{ openId: 'ou_li', name: '李局长' }], { openId: OFFICE_OPEN_ID }));
    await h.post(withMentions('设置领导', [{ openId: 'ou_wang', name: '王五' }], { openId: 'ou_zhang' }));
    await h.app.idle();
    const texts = replies().map((r) => cardText(r.content));
    expect(texts.some((t) => t.includes('已将 李局长 设为领导'))).toBe(true);
    expect(texts.some((t) => t.includes('设置人员角色需要政务公开办权限'))).toBe(true);
    const rows = await h.store.db.select().from(members).where(eq(members.openId, 'ou_wang'));
    expect(rows).toEqual([]);
  });

  it('maps a unit a notice spelled differently onto the directory department, merging the duplicate', async () => {
    const parsed = parseNoticeText('2025年补充任务\n\t工作任务\n\t责任单位\n\n\t公开环评审批结果\n\t环保分局\n\n');
    const r = await importNotice(h.store.db, TEST_TENANT_KEY, parsed, { hash: 'extra-1', name: 'extra.txt' }, { publish: true });
    expect(r.resolutions).toEqual([{ name: '环保分局', outcome: 'created', department: '环保分局' }]);
    const eco = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区生态环境分局'))!;
    const before = await h.store.db.select().from(assignments).where(eq(assignments.departmentId, eco.id));

    await h.post(withMentions('设置别名 环保分局 = 区生态环境分局', [], { openId: OFFICE_OPEN_ID }));
    await h.app.idle();
    expect(cardText(replies()[0].content)).toContain('原“环保分局”条目已并入');
    const after = await h.store.db.select().from(assignments).where(eq(assignments.departmentId, eco.id));
    expect(after.length).toBe(before.length + 1);
    expect(await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '环保分局')).toMatchObject({ id: eco.id });
    const all = await h.store.db.select().from(departments).where(eq(departments.name, '环保分局'));
    expect(all).toEqual([]);
  });
});
