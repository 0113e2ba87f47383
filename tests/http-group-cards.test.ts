// Cards in a real group: Card 2.0 cards are shared, so one member's click must never rewrite what
// the others see. Driven through the webhook like real users, against the fake Lark platform.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { buttonValue, cardText, findByTag, startHarness, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import { cardAction, messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { requestBinding } from '../src/store/bindings';
import { findDepartmentByName } from '../src/store/directory';
import { publishNotice } from '../src/publish';
import { notices } from '../src/store/schema';

const GROUP = 'oc_housing_group';
const A = 'ou_member_a';
const B = 'ou_member_b';

describe(`cards in a shared group chat, on ${engineName}`, () => {
  let h: Harness;
  let published: unknown;
  let publishedId: string;

  beforeAll(async () => {
    h = await startHarness({ encryptKey: 'group-key' });
    const noticeId = await h.importSeed('002_1767bb79f9d560a4.txt', false);
    const housing = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!;
    await requestBinding(h.store.db, {
      tenantKey: TEST_TENANT_KEY,
      chatId: GROUP,
      departmentId: housing.id,
      requestedBy: OFFICE_OPEN_ID,
      active: true,
    });
    await publishNotice(h.store.db, { tenantKey: TEST_TENANT_KEY, noticeId, byOpenId: OFFICE_OPEN_ID, now: h.now.value });
    await h.app.idle();
    const card = h.fake.sent().find((m) => m.kind === 'send' && m.receiveId === GROUP)!;
    published = card.content;
    publishedId = card.messageId!;
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());

  const changedShared = () => h.fake.sent().filter((m) => m.kind === 'patch' || m.kind === 'card_update');

  it('shows two members who press 查看我的任务 on the published notice at once each their own card, and leaves the notice as it was', async () => {
    const press = (openId: string) =>
      h.post(cardAction({ openId, value: buttonValue(published, '查看我的任务'), messageId: publishedId, chatId: GROUP }), {
        encrypt: true,
      });
    const answers = await Promise.all([press(A), press(B)].map(async (r) => (await r).json() as Promise<{ card?: unknown }>));
    await h.app.idle();
    expect(answers.map((a) => a.card)).toEqual([undefined, undefined]);
    const personal = h.fake.sent().filter((m) => m.kind === 'ephemeral');
    expect(personal.map((m) => [m.chatId, m.openId]).sort()).toEqual([
      [GROUP, A],
      [GROUP, B],
    ]);
    for (const m of personal) expect(cardText(m.content)).toContain('区城乡建设和交通局');
    expect(changedShared()).toEqual([]);
  });

  it("pages one member's own card without touching another's, or a form another member is typing in", async () => {
    const mine = await h.click({ openId: A, value: buttonValue(published, '查看我的任务'), messageId: publishedId, chatId: GROUP });
    const form = await h.click({ openId: B, value: { a: 'report_open' }, messageId: publishedId, chatId: GROUP });
    expect([mine.surface, form.surface]).toEqual(['personal', 'personal']);
    expect(findByTag(form.card, 'form')).toBeDefined();

    const page2 = await h.click({ openId: A, value: buttonValue(mine.card, '下一页'), messageId: 'om_personal_a', chatId: GROUP });
    expect(page2.surface).toBe('personal');
    expect(cardText(page2.card)).toContain('第 2/');
    // B's form message and the notice were never replaced: only new personal cards went out.
    expect(changedShared()).toEqual([]);
    expect(h.fake.sent().filter((m) => m.kind === 'ephemeral' && m.openId === B)).toHaveLength(1);
  });

  it('replaces the card in place when the click comes from a private chat, where the clicker is the whole audience', async () => {
    const p2p = 'oc_p2p_member_a';
    await h.post(messageEvent({ text: '我的任务', chatType: 'p2p', chatId: p2p, openId: A }), { encrypt: true });
    await h.app.idle();
    // A is resolved by the group binding only inside the group; in private chat A is someone unbound.
    const office = await h.click({
      openId: OFFICE_OPEN_ID,
      value: { a: 'review_queue', page: 1 },
      messageId: 'om_q',
      chatId: 'oc_p2p_office',
    });
    expect(office.surface).toBe('replaced');
  });

  it('replaces the preview for everyone when the office presses 发布 in a group: the decision is meant for all who see it', async () => {
    const id = await h.importSeed('004_8f567bc9b8b33b76.txt', false);
    const r = await h.click({
      openId: OFFICE_OPEN_ID,
      value: { a: 'publish', noticeId: id },
      messageId: 'om_preview',
      chatId: 'oc_office_group',
    });
    expect(r.surface).toBe('replaced');
    expect(r.answer.toast?.content).toBe('已发布，正在下发各单位');
    const [row] = await h.store.db.select().from(notices).where(eq(notices.id, id));
    expect(row.status).toBe('published');
  });

  it('answers a click within Lark’s 3 seconds when the work is slow, and delivers the result to the clicker afterwards', async () => {
    // Someone the bot has not seen, in a group bound to no department: resolving them asks the
    // contact book, which is slow today.
    const other = 'oc_other_group';
    h.fake.users.set('ou_new_member', { department_ids: [] });
    h.fake.delayNext('/contact/v3/users', 1, 3_000);
    const started = Date.now();
    const click = cardAction({ openId: 'ou_new_member', value: { a: 'task_detail', taskId: 1 }, messageId: 'om_shared', chatId: other });
    const res = await h.post(click, { encrypt: true });
    const answer = (await res.json()) as { toast?: { content: string }; card?: unknown };
    expect(Date.now() - started).toBeLessThan(2_900);
    expect(answer.card).toBeUndefined();
    expect(answer.toast?.content).toContain('正在处理');
    await h.app.idle();
    const late = h.fake.sent().find((m) => m.kind === 'ephemeral' && m.openId === 'ou_new_member');
    expect(cardText(late?.content)).toContain('进展记录');
  });

  it('tells the person in a small card when Lark refuses the card meant for them, instead of leaving them with nothing', async () => {
    h.fake.failNext('/ephemeral/v1/send', 1, { status: 400, code: 230099, msg: 'Failed to create card content, ext=ErrCode: 200621' });
    const r = await h.click({ openId: A, value: buttonValue(published, '查看我的任务'), messageId: publishedId, chatId: GROUP });
    expect(r.surface).toBe('personal');
    expect(cardText(r.card)).toContain('内容未能显示');
    expect(cardText(r.card)).toContain('230099');
    expect(h.logs.some((l) => l.includes('failed for good') && l.includes('230099'))).toBe(true);
  });
});

describe(`a card callback that fails, on ${engineName}`, () => {
  it('answers with an error toast and HTTP 200, never a bare 500, when the database is gone', async () => {
    const h = await startHarness();
    await h.store.close();
    const res = await h.post(cardAction({ openId: A, value: { a: 'summary' }, messageId: 'om_x', chatId: GROUP }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { toast: { type: string; content: string } }).toast).toMatchObject({
      type: 'error',
      content: '系统暂时无法处理，请稍后再试',
    });
    await h.fake.close();
  });
});
