// Leaders ask in plain words on the real webhook: "财政局怎么样", "逾期的有哪些", "本月到期", "哪些单位没报"
// answer with the matching card; an unclear question gets choices as buttons; a question that matches
// nothing gets what can be asked; coordinators and plain group chatter get nothing new.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { engineName } from './support/db';
import { buttonValue, cardText, type Harness, OFFICE_OPEN_ID, startHarness, walk } from './support/bot-harness';
import { messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { parseNoticeText } from '../src/notice/parse';
import { findDepartmentByName } from '../src/store/directory';
import { departmentTasks } from '../src/store/ledger';
import { setMember } from '../src/store/members';
import { importNotice, sourceHash } from '../src/store/notice-import';

const LEADER = 'ou_leader_li';
const COORD = 'ou_coord_fin';
const GROUP = 'oc_leaders_group';

async function importText(h: Harness, text: string, name: string, publish: boolean) {
  const bytes = new TextEncoder().encode(text);
  await importNotice(h.store.db, TEST_TENANT_KEY, parseNoticeText(text, name), { hash: await sourceHash(bytes), name }, { publish });
}

describe(`leaders asking in plain words, on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    // 2025-08-10 in Shanghai: tasks 1 (03-31) and 4 (06-30) are overdue, task 7 (08-31) is due this month.
    h.now.value = new Date('2025-08-10T02:00:00Z');
    await importText(h, readFileSync(new URL('./fixtures/year-over-year/2025.md', import.meta.url), 'utf8'), '2025.md', true);
    // A draft naming two more 发展… units: "发展局" then fits three departments of the directory.
    await importText(
      h,
      [
        '# 关于印发2025年某区营商环境任务分解表的通知',
        '',
        '| 序号 | 具体要求 | 牵头单位 | 完成时限 |',
        '| --- | --- | --- | --- |',
        '| 1 | 优化营商环境评价。 | 区发展软环境和保障局 | 2025年12月底前 |',
        '| 2 | 编制重点项目清单。 | 区发展改革局 | 2025年12月底前 |',
      ].join('\n'),
      'draft.md',
      false,
    );
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: LEADER, role: 'leader', name: '李建国' });
    const finance = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区财政局'))!;
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: COORD, role: 'coordinator', departmentId: finance.id, name: '王芳' });
    // 区财政局 reports on its task 4, so it is not among the units that never reported.
    const [own] = (await departmentTasks(h.store.db, TEST_TENANT_KEY, finance.id, { filter: 'all', today: '2025-08-10' })).filter(
      (t) => t.seq === 4,
    );
    const r = await h.click({
      openId: COORD,
      value: { a: 'report_submit' },
      formValue: { task: `${own.assignmentId}:${own.version}`, status: 'in_progress', progress: '预算已公开，决算正在审核', evidence: '' },
      messageId: 'om_form',
      chatId: 'oc_fin_p2p',
    });
    expect(r.answer.toast?.type).toBe('success');
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());

  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');
  /** A private message (or, with `group`, a group message mentioning the bot); the card the bot answered, or undefined. */
  const ask = async (text: string, openId = LEADER, o: { group?: boolean; mention?: boolean } = {}) => {
    const before = replies().length;
    const chatType = o.group ? 'group' : 'p2p';
    await h.post(messageEvent({ text, chatType, chatId: o.group ? GROUP : `oc_${openId}_p2p`, openId, mentionBot: o.mention ?? o.group }));
    await h.app.idle();
    return replies().slice(before).at(-1)?.content;
  };

  it('answers 财政局怎么样 with the summary of 区财政局', async () => {
    const text = cardText(await ask('财政局怎么样'));
    expect(text).toContain('政务公开工作汇总');
    expect(text).toContain('全部已发布通知 · 区财政局 · 截至 2025-08-10');
  });

  it('answers a short form, and the office too: 市场局 is 区市场监督管理局', async () => {
    expect(cardText(await ask('市场局进展如何', OFFICE_OPEN_ID))).toContain('全部已发布通知 · 区市场监督管理局 · 截至 2025-08-10');
  });

  it('knows a unit by an alias the office set in chat', async () => {
    expect(cardText(await ask('设置别名 区财政金融局 = 区财政局', OFFICE_OPEN_ID))).toContain('区财政金融局');
    expect(cardText(await ask('财政金融局情况'))).toContain('全部已发布通知 · 区财政局 · 截至 2025-08-10');
  });

  it('lists the overdue tasks, oldest first, with the units still owing them', async () => {
    const text = cardText(await ask('逾期的有哪些？'));
    expect(text).toContain('逾期任务 · 2 项');
    expect(text).toMatch(
      /\*\*1\.\*\* 持续完善并动态更新主动公开事项目录[\s\S]*逾期 132 天.*截止 2025-03-31 · 区党政办公室、区财政局、区发展和改革局/,
    );
    expect(text).toMatch(/\*\*4\.\*\* 做好2025年政府预决算公开工作[\s\S]*逾期 41 天/);
    expect(text).toContain('Overdue tasks · 2');
  });

  it('narrows the overdue list to the unit asked about', async () => {
    const text = cardText(await ask('党政办公室逾期的'));
    expect(text).toContain('区党政办公室逾期任务 · 1 项');
    expect(text).not.toContain('政府预决算');
  });

  it('reads a question written after 汇总 as the question, and a unit it does not know as before', async () => {
    expect(cardText(await ask('汇总 逾期的'))).toContain('逾期任务 · 2 项');
    expect(cardText(await ask('汇总 财政局'))).toContain('区财政局');
    expect(cardText(await ask('汇总 卫健局'))).toContain('目录中没有“卫健局”');
  });

  it('lists what is due this month', async () => {
    const text = cardText(await ask('本月到期'));
    expect(text).toContain('本月到期 · 1 项');
    expect(text).toContain('做好义务教育招生入学政策');
    expect(text).toContain('还剩 21 天');
  });

  it('names the units that have not reported, in directory order, without the one that has', async () => {
    const text = cardText(await ask('哪些单位没报'));
    expect(text).toContain('未汇报单位 · 4 个');
    expect(text).toContain('区党政办公室、区发展和改革局、区市场监督管理局、区教育和体育局');
    expect(text).not.toMatch(/区财政局/);
  });

  it('offers the three departments an unclear question fits as buttons, and a button answers', async () => {
    const card = await ask('发展局怎么样', LEADER, { group: true });
    expect(cardText(card)).toContain('可能指以下几项，请选择');
    const labels = [...walk(card)].filter((n) => n.tag === 'button').map((n) => cardText(n.text).split('\n')[0]);
    expect(labels).toEqual(['区发展和改革局', '区发展软环境和保障局', '区发展改革局']);
    const click = await h.click({ openId: LEADER, value: buttonValue(card, '区发展和改革局'), messageId: 'om_choices', chatId: GROUP });
    expect(click.surface).toBe('personal');
    expect(cardText(click.card)).toContain('全部已发布通知 · 区发展和改革局');
  });

  it('answers a question that matches nothing with what can be asked, and names an unknown unit', async () => {
    const help = cardText(await ask('明天几点开会'));
    expect(help).toContain('没有看懂“明天几点开会”');
    for (const example of ['财政局怎么样', '逾期的有哪些', '本月到期', '哪些单位没报']) expect(help).toContain(example);
    expect(cardText(await ask('卫健局怎么样'))).toContain('单位目录中没有“卫健局”');
  });

  it('leaves commands alone, and gives coordinators help rather than a leader’s answer', async () => {
    expect(cardText(await ask('汇总'))).toContain('政务公开工作汇总');
    expect(cardText(await ask('我的任务 逾期', COORD))).toContain('我的任务');
    const coordinator = cardText(await ask('财政局怎么样', COORD));
    expect(coordinator).toContain('督办 · 使用说明');
    expect(coordinator).not.toContain('政务公开工作汇总');
    expect(cardText(await ask('提问 逾期的有哪些', COORD))).toContain('汇总仅对领导和政务公开办开放');
  });

  it('stays silent in a group when nobody mentions the bot', async () => {
    expect(await ask('逾期的有哪些', LEADER, { group: true, mention: false })).toBeUndefined();
  });
});
