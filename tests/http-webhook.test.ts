import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engineName } from './support/db';
import {
  startHarness,
  cardText,
  findByTag,
  walk,
  type Harness,
  OFFICE_OPEN_ID,
  ENCRYPT_KEY,
  VERIFICATION_TOKEN,
} from './support/bot-harness';
import { messageEvent, cardAction, botAddedEvent, urlVerification, signedRequest, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { assignments, chatBindings, progressReports } from '../src/store/schema';
import { findDepartmentByName } from '../src/store/directory';
import { departmentTasks } from '../src/store/ledger';
import { shanghaiDate } from '../src/dates';

function* walkButtons(card: unknown) {
  for (const n of walk(card)) if (n.tag === 'button') yield n as { text: unknown; behaviors: unknown; disabled?: boolean };
}

/** Contact-book ids of the fake tenant: 区城乡建设和交通局 and 区党政办公室 are named in seed 002. */
const HOUSING = 'ou_housing';
const OFFICE_STAFF = 'ou_office_staff';
const STRANGER = 'ou_stranger';

describe(`the Lark webhook, end to end on ${engineName}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ encryptKey: ENCRYPT_KEY });
    await h.importSeed('002_1767bb79f9d560a4.txt');
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    h.fake.reset();
    h.fake.departments.set('od_housing', '区城乡建设和交通局');
    h.fake.departments.set('od_office', '党政办公室');
    h.fake.users.set(HOUSING, { department_ids: ['od_housing'], name: '李联络员' });
    h.fake.users.set(OFFICE_STAFF, { department_ids: ['od_office'], name: '王科长' });
    h.fake.users.set(STRANGER, { department_ids: [], invisible: true });
  });

  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');

  /** Reads every page of a my-tasks card by pressing its 下一页 button, as a person would. */
  async function allPages(first: unknown, openId: string, chatId: string): Promise<string> {
    let card = first;
    let text = cardText(card);
    for (let i = 0; i < 20; i++) {
      const next = [...walkButtons(card)].find((b) => cardText(b.text).includes('下一页') && !b.disabled);
      if (!next) break;
      const value = (next.behaviors as { value: Record<string, unknown> }[])[0].value;
      card = (await h.click({ openId, value, messageId: 'om_page', chatId })).card;
      text += cardText(card);
    }
    return text;
  }

  it('answers url_verification with its challenge, plain or encrypted', async () => {
    const plain = await h.app.request('/lark/webhook', {
      method: 'POST',
      body: JSON.stringify({ ...urlVerification('c-plain'), token: VERIFICATION_TOKEN }),
    });
    // With an Encrypt Key configured, only the encrypted form is accepted.
    expect(plain.status).toBe(401);
    const enc = signedRequest(
      { ...urlVerification('c-123') },
      { verificationToken: VERIFICATION_TOKEN, encryptKey: ENCRYPT_KEY, unsigned: true },
    );
    const res = await h.app.request('/lark/webhook', { method: 'POST', body: enc.body, headers: enc.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('refuses forged, wrongly signed, stale and wrong-token requests with 401 and runs no handler', async () => {
    const event = messageEvent({ text: '我的任务', chatType: 'p2p', chatId: 'oc_p2p', openId: HOUSING });
    const good = signedRequest(event, {
      verificationToken: VERIFICATION_TOKEN,
      encryptKey: ENCRYPT_KEY,
      timestamp: String(Math.floor(h.now.value.getTime() / 1000)),
    });

    const forgedBody = await h.app.request('/lark/webhook', {
      method: 'POST',
      body: good.body.replace(/.$/, 'A"}'),
      headers: good.headers,
    });
    const badSig = await h.app.request('/lark/webhook', {
      method: 'POST',
      body: good.body,
      headers: { ...good.headers, 'x-lark-signature': 'f'.repeat(64) },
    });
    const stale = await h.post(event, { encrypt: true, timestamp: String(Math.floor(h.now.value.getTime() / 1000) - 3600) });
    const wrongToken = signedRequest(
      { ...event, header: { ...event.header, token: 'nope' } },
      { verificationToken: 'nope', encryptKey: ENCRYPT_KEY, timestamp: String(Math.floor(h.now.value.getTime() / 1000)) },
    );
    const wrong = await h.app.request('/lark/webhook', { method: 'POST', body: wrongToken.body, headers: wrongToken.headers });
    const garbage = await h.app.request('/lark/webhook', { method: 'POST', body: 'not json' });

    for (const r of [forgedBody, badSig, stale, wrong, garbage]) expect(r.status).toBe(401);
    await h.app.idle();
    expect(h.fake.sent()).toEqual([]);
    expect(h.logs.filter((l) => l.startsWith('refused webhook request')).length).toBeGreaterThanOrEqual(5);
  });

  it("acks a message at once and replies with the department's tasks, resolved through the contact book", async () => {
    const res = await h.post(messageEvent({ text: '我的任务', chatType: 'p2p', chatId: 'oc_p2p_housing', openId: HOUSING }), {
      encrypt: true,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    await h.app.idle();
    const [reply] = replies();
    expect(reply.msgType).toBe('interactive');
    const text = cardText(reply.content);
    expect(text).toContain('区城乡建设和交通局');
    expect(text).toContain('推动征地拆迁、物业管理、社会保障等申请较为集中领域');
    expect((reply.content as { schema: string }).schema).toBe('2.0');
    // The header counts every page's overdue tasks, not just the first page's.
    const housing = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!;
    const overdue = await departmentTasks(h.store.db, TEST_TENANT_KEY, housing.id, { filter: 'overdue', today: shanghaiDate(h.now.value) });
    expect(overdue.length).toBeGreaterThan(0);
    expect(text).toContain(`逾期 ${overdue.length}`);
    expect(text).not.toContain('本页逾期');
  });

  it('does nothing twice when Lark redelivers an event or the same message', async () => {
    const event = messageEvent({
      text: '帮助',
      chatType: 'p2p',
      chatId: 'oc_dup',
      openId: HOUSING,
      eventId: 'evt_dup_1',
      messageId: 'om_dup_1',
    });
    await h.post(event, { encrypt: true });
    await h.post(event, { encrypt: true });
    // Same message, new event id (a redelivery under a fresh envelope).
    await h.post({ ...event, header: { ...event.header, event_id: 'evt_dup_2' } }, { encrypt: true });
    await h.app.idle();
    expect(replies()).toHaveLength(1);
  });

  it('stays silent in a group unless mentioned, and answers help when mentioned with unknown text', async () => {
    await h.post(messageEvent({ text: '今天开会吗', chatType: 'group', chatId: 'oc_group', openId: HOUSING }), { encrypt: true });
    // Chat that merely starts with a command word is not a command.
    await h.post(messageEvent({ text: '任务3个都完成了吗？', chatType: 'group', chatId: 'oc_group', openId: HOUSING }), { encrypt: true });
    await h.app.idle();
    expect(replies()).toHaveLength(0);
    await h.post(messageEvent({ text: '你好', chatType: 'group', chatId: 'oc_group', openId: HOUSING, mentionBot: true }), {
      encrypt: true,
    });
    await h.app.idle();
    expect(replies()).toHaveLength(1);
    expect(cardText(replies()[0].content)).toContain('汇报进展');
    // A plain command works without the mention.
    await h.post(messageEvent({ text: '帮助', chatType: 'group', chatId: 'oc_group', openId: HOUSING }), { encrypt: true });
    await h.app.idle();
    expect(replies()).toHaveLength(2);
  });

  it('tells someone who cannot be resolved how to get bound, instead of failing', async () => {
    await h.post(messageEvent({ text: 'my tasks', chatType: 'p2p', chatId: 'oc_p2p_stranger', openId: STRANGER }), { encrypt: true });
    await h.app.idle();
    const text = cardText(replies()[0].content);
    expect(text).toContain('绑定');
    expect(text).toContain('设置联络员');
  });

  it('runs the whole loop: my tasks → report form → submit → ledger row → my tasks shows the new status', async () => {
    await h.post(
      messageEvent({ text: '@_user_1 汇报进展', chatType: 'group', chatId: 'oc_housing_group', openId: HOUSING, mentionBot: true }),
      { encrypt: true },
    );
    await h.app.idle();
    const form = replies()[0].content;
    const select = findByTag(form, 'select_static', 'task')!;
    const options = select.options as { value: string; text: { content: string } }[];
    const target = options.find((o) => o.text.content.includes('积极探索推动政务公开专区建设'))!;
    expect(target).toBeDefined();
    const submit = findByTag(form, 'button', 'report_submit')!;
    const value = (submit.behaviors as { value: Record<string, unknown> }[])[0].value;

    const submitted = await h.click({
      openId: HOUSING,
      value,
      formValue: {
        task: target.value,
        status: 'in_progress',
        progress: '已与两家商超对接，专区选址完成',
        evidence: 'https://example.gov.cn/zq',
      },
      messageId: replies()[0].messageId!,
      chatId: 'oc_housing_group',
    });
    expect(submitted.answer.toast).toMatchObject({ type: 'success', content: '进展已提交，台账已更新' });
    // In the group the form's answer (the task's detail) is the reporter's own: a personal card, the shared form untouched.
    expect(submitted.surface).toBe('personal');
    expect(cardText(submitted.card)).toContain('已与两家商超对接，专区选址完成');

    const [assignmentId] = target.value.split(':').map(Number);
    const [row] = await h.store.db.select().from(assignments).where(eq(assignments.id, assignmentId));
    expect(row).toMatchObject({ status: 'in_progress', version: 2 });
    const reports = await h.store.db.select().from(progressReports).where(eq(progressReports.assignmentId, assignmentId));
    expect(reports).toEqual([
      expect.objectContaining({
        text: '已与两家商超对接，专区选址完成',
        reporterOpenId: HOUSING,
        evidenceUrl: 'https://example.gov.cn/zq',
      }),
    ]);

    h.fake.reset();
    h.fake.departments.set('od_housing', '区城乡建设和交通局');
    h.fake.users.set(HOUSING, { department_ids: ['od_housing'] });
    await h.post(messageEvent({ text: '我的任务 未完成', chatType: 'p2p', chatId: 'oc_p2p_housing', openId: HOUSING }), { encrypt: true });
    await h.app.idle();
    const text = await allPages(replies()[0].content, HOUSING, 'oc_p2p_housing');
    expect(text).toContain('第 5/5 页');
    expect(text).toContain('进行中');
    expect(text).toContain('已与两家商超对接');

    // The same form again (built before this report) is stale: refused, not overwritten.
    const again = await h.post(
      cardAction({
        openId: HOUSING,
        value,
        formValue: { task: target.value, status: 'done', progress: '已完成' },
        messageId: 'om_x',
        chatId: 'oc_housing_group',
      }),
      { encrypt: true },
    );
    const stale = (await again.json()) as { toast: { type: string; content: string } };
    expect(stale.toast.type).toBe('error');
    expect(stale.toast.content).toContain('刚刚被他人更新');
    const [unchanged] = await h.store.db.select().from(assignments).where(eq(assignments.id, assignmentId));
    expect(unchanged).toMatchObject({ status: 'in_progress', version: 2 });
  });

  it("refuses a report on another department's task and an incomplete form", async () => {
    const tenant = TEST_TENANT_KEY;
    const office = (await findDepartmentByName(h.store.db, tenant, '区党政办公室'))!;
    const [officeShare] = await h.store.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.tenantKey, tenant), eq(assignments.departmentId, office.id)));
    const submit = (formValue: Record<string, unknown>) =>
      h.post(cardAction({ openId: HOUSING, value: { a: 'report_submit' }, formValue, messageId: 'om_y', chatId: 'oc_housing_group' }), {
        encrypt: true,
      });

    const foreign = (await (
      await submit({ task: `${officeShare.id}:${officeShare.version}`, status: 'done', progress: '替别人报' })
    ).json()) as { toast: { content: string } };
    expect(foreign.toast.content).toBe('只能汇报本单位的任务');
    const empty = (await (await submit({ task: `${officeShare.id}:${officeShare.version}`, status: 'done', progress: '  ' })).json()) as {
      toast: { content: string };
    };
    expect(empty.toast.content).toBe('请填写进展情况');
    const [same] = await h.store.db.select().from(assignments).where(eq(assignments.id, officeShare.id));
    expect(same.version).toBe(officeShare.version);
  });

  it('binds a group to a department once the office confirms, then answers for that department', async () => {
    await h.post(messageEvent({ text: '绑定 区财政局', chatType: 'group', chatId: 'oc_fin', openId: STRANGER, mentionBot: true }), {
      encrypt: true,
    });
    await h.app.idle();
    expect(cardText(replies()[0].content)).toContain('目录中没有“区财政局”');

    await h.post(
      messageEvent({ text: '绑定 区发展软环境和保障局', chatType: 'group', chatId: 'oc_soft', openId: STRANGER, mentionBot: true }),
      { encrypt: true },
    );
    await h.app.idle();
    await h.post(messageEvent({ text: '确认绑定', chatType: 'group', chatId: 'oc_soft', openId: HOUSING, mentionBot: true }), {
      encrypt: true,
    });
    await h.app.idle();
    expect(cardText(replies()[1].content)).toContain('已提交绑定申请');
    expect(cardText(replies()[2].content)).toContain('只有政务公开办的同志可以确认绑定');
    const [pending] = await h.store.db.select().from(chatBindings).where(eq(chatBindings.chatId, 'oc_soft'));
    expect(pending.status).toBe('pending');

    await h.post(messageEvent({ text: '确认绑定', chatType: 'group', chatId: 'oc_soft', openId: OFFICE_OPEN_ID, mentionBot: true }), {
      encrypt: true,
    });
    // Messages are handled concurrently; the member asks after seeing the confirmation.
    await h.app.idle();
    await h.post(messageEvent({ text: '我的任务', chatType: 'group', chatId: 'oc_soft', openId: STRANGER, mentionBot: true }), {
      encrypt: true,
    });
    await h.app.idle();
    expect(cardText(replies()[3].content)).toContain('绑定成功');
    expect(cardText(replies()[4].content)).toContain('区发展软环境和保障局');
    expect(await allPages(replies()[4].content, STRANGER, 'oc_soft')).toContain('加强养老服务扶持政策和养老机构监管信息公开');
  });

  it('never lets a member drop or move an active binding: a repeat is a no-op, another department needs the office', async () => {
    const say = async (text: string, openId: string) => {
      await h.post(messageEvent({ text, chatType: 'group', chatId: 'oc_bound', openId, mentionBot: true }), { encrypt: true });
      await h.app.idle();
      return cardText(replies().at(-1)?.content);
    };
    h.fake.reset();
    expect(await say('绑定 区发展软环境和保障局', OFFICE_OPEN_ID)).toContain('绑定成功');
    expect(await say('绑定 区发展软环境和保障局', STRANGER)).toContain('无需再次绑定');
    expect(await say('绑定 区城乡建设和交通局', STRANGER)).toContain('请政务公开办的同志在本群发送');
    const [kept] = await h.store.db.select().from(chatBindings).where(eq(chatBindings.chatId, 'oc_bound'));
    const soft = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区发展软环境和保障局'))!;
    expect(kept).toMatchObject({ status: 'active', departmentId: soft.id });

    expect(await say('绑定 区城乡建设和交通局', OFFICE_OPEN_ID)).toContain('绑定成功');
    const [moved] = await h.store.db.select().from(chatBindings).where(eq(chatBindings.chatId, 'oc_bound'));
    const housing = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!;
    expect(moved).toMatchObject({ status: 'active', departmentId: housing.id });
  });

  it('greets a group when the bot is added and explains how to bind it', async () => {
    await h.post(botAddedEvent({ chatId: 'oc_new_group' }), { encrypt: true });
    await h.app.idle();
    const greeting = h.fake.sent().find((m) => m.receiveId === 'oc_new_group')!;
    expect(greeting).toMatchObject({ kind: 'send', receiveIdType: 'chat_id', receiveId: 'oc_new_group', msgType: 'interactive' });
    expect(cardText(greeting.content)).toContain('绑定');
  });
});
