// Cards that behave in a real Lark group, driven through the webhook like real users: people are
// shown by name, the report form is pre-filled from the department's own report, and a department
// with an absurdly long name still gets its cards (the fake Lark refuses anything over 30 KB, and
// the harness fails on any refusal nobody expected).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engineName } from './support/db';
import { startHarness, cardText, findByTag, walk, type Harness, OFFICE_OPEN_ID } from './support/bot-harness';
import { messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { departments, progressReports } from '../src/store/schema';
import { requestBinding } from '../src/store/bindings';
import { findDepartmentByName } from '../src/store/directory';
import { departmentTasks } from '../src/store/ledger';
import { FORM_FIELDS } from '../cards/action-value';
import { reviewReasonField } from '../cards/review';

const COORD = 'ou_zhang_housing';
const COORD_NAME = '张晓明';
const GROUP = 'oc_housing_group';

/** "@督办 <command> @张晓明": a group message mentioning the bot first, then the people it is about. */
function withMentions(text: string, people: { openId: string; name: string }[], o: { openId: string; chatId: string }) {
  const e = messageEvent({ text, chatType: 'group', chatId: o.chatId, openId: o.openId, mentionBot: true });
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

type Node = Record<string, unknown>;

function buttonValue(card: unknown, label: string): Record<string, unknown> {
  for (const n of walk(card))
    if (n.tag === 'button' && cardText(n.text).includes(label)) return (n.behaviors as { value: Record<string, unknown> }[])[0].value;
  throw new Error(`no button ${label}`);
}

/** The value a select pre-selects (`initial_index` is 1-based). */
function preselected(select: Node | undefined): string | undefined {
  const index = select?.initial_index as number | undefined;
  return index ? (select!.options as { value: string }[])[index - 1]?.value : undefined;
}

describe(`cards in a real group, on ${engineName}`, () => {
  let h: Harness;
  let housing: { id: number; name: string };
  beforeAll(async () => {
    h = await startHarness();
    await h.importSeed('002_1767bb79f9d560a4.txt');
    housing = (await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区城乡建设和交通局'))!;
    await requestBinding(h.store.db, {
      tenantKey: TEST_TENANT_KEY,
      chatId: GROUP,
      departmentId: housing.id,
      requestedBy: OFFICE_OPEN_ID,
      active: true,
    });
    // The office names the coordinator the way it does in chat: 设置联络员 @张晓明 区城乡建设和交通局.
    await h.post(
      withMentions(`设置联络员 ${housing.name}`, [{ openId: COORD, name: COORD_NAME }], { openId: OFFICE_OPEN_ID, chatId: 'oc_office' }),
    );
    await h.app.idle();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.fake.reset());

  const replies = () => h.fake.sent().filter((m) => m.kind === 'reply');
  /** Sends a chat message and returns the card the bot replied with. */
  const say = async (text: string, openId: string, chatId = GROUP) => {
    const before = replies().length;
    await h.post(messageEvent({ text, chatType: chatId === GROUP ? 'group' : 'p2p', chatId, openId, mentionBot: chatId === GROUP }));
    await h.app.idle();
    const all = replies();
    expect(all.length, `a reply to "${text}"`).toBeGreaterThan(before);
    return all[all.length - 1].content;
  };
  /** Presses a button (or submits a form) and returns the toast and the card the person then sees. */
  const press = async (openId: string, value: Record<string, unknown>, formValue?: Record<string, unknown>) => {
    const r = await h.click({ openId, value, formValue, messageId: 'om_card', chatId: GROUP });
    return { toast: r.answer.toast, card: r.card === undefined ? undefined : { data: r.card } };
  };
  /** The housing department's open tasks as the form lists them. */
  const openTasks = async () =>
    (await departmentTasks(h.store.db, TEST_TENANT_KEY, housing.id, { filter: 'all', today: '2025-07-01' })).filter(
      (t) => t.status !== 'closed',
    );

  it('shows who reported by name on my tasks, task detail, the report form and the review queue, never an open_id', async () => {
    const [task] = await openTasks();
    const submitted = await press(
      COORD,
      { a: 'report_submit' },
      { task: `${task.assignmentId}:${task.version}`, status: 'done', progress: '专栏已上线并完成首批发布', evidence: '' },
    );
    expect(submitted.toast?.type).toBe('success');

    const cards = {
      myTasks: await say('我的任务', COORD),
      detail: submitted.card!.data,
      form: await say(`汇报进展 ${task.seq}`, COORD),
      queue: await say('待审核', OFFICE_OPEN_ID, 'oc_office'),
    };
    for (const [name, card] of Object.entries(cards)) {
      const text = cardText(card);
      expect(text, name).toContain(COORD_NAME);
      expect(JSON.stringify(card), name).not.toContain(COORD);
      expect(JSON.stringify(card), name).not.toContain('<person');
    }
    expect(cardText(cards.form)).toMatch(new RegExp(`上次汇报：\\d{4}-\\d{2}-\\d{2} · ${COORD_NAME}`));
    expect(cardText(cards.queue)).toContain(`${COORD_NAME} 报送于`);
    expect(cardText(cards.queue)).toContain(`Reported by ${COORD_NAME}`);
  });

  it('falls back to 联络员 / Coordinator for a reporter nobody can name, and an id Lark would not know never fails the send', async () => {
    const tasks = await openTasks();
    const unreported = tasks.filter((t) => !t.lastProgress).slice(0, 2);
    expect(unreported).toHaveLength(2);
    for (const [i, reporterOpenId] of ['ou_left_the_company', 'not-an-open-id'].entries()) {
      await h.store.db.insert(progressReports).values({
        tenantKey: TEST_TENANT_KEY,
        assignmentId: unreported[i].assignmentId,
        reporterOpenId,
        status: 'in_progress',
        text: `第${i + 1}条旧汇报`,
        createdAt: new Date('2025-06-30T02:00:00Z'),
      });
    }
    const detail = (await press(COORD, { a: 'task_detail', taskId: unreported[1].taskId })).card!.data;
    const text = cardText(detail);
    expect(text).toContain('联络员');
    expect(text).toContain('Coordinator');
    expect(JSON.stringify(detail)).not.toContain('not-an-open-id');
    const myTasks = await say('我的任务 未完成', COORD);
    expect(JSON.stringify(myTasks)).not.toMatch(/ou_left_the_company|not-an-open-id/);
    expect(h.takeCardRejections()).toEqual([]);
  });

  it("pre-fills the form from the department's own report after the office returns it, showing the return reason beside it", async () => {
    const [task] = (await openTasks()).filter((t) => t.status !== 'done');
    const own = { text: '已在政府网站开设专栏，首批信息已发布', evidence: 'https://www.example.gov.cn/zwgk/zl/index.html' };
    await press(
      COORD,
      { a: 'report_submit' },
      { task: `${task.assignmentId}:${task.version}`, status: 'done', progress: own.text, evidence: own.evidence },
    );
    const queue = await say('待审核', OFFICE_OPEN_ID, 'oc_office');
    const returnValue = [...walk(queue)].find(
      (n) =>
        n.tag === 'button' &&
        (n.behaviors as { value: { a: string; assignmentId: number } }[] | undefined)?.[0]?.value.a === 'review_return' &&
        (n.behaviors as { value: { assignmentId: number } }[])[0].value.assignmentId === task.assignmentId,
    )!;
    const reason = '证明材料链接无法打开，请更新后重新报送';
    const returned = await press(OFFICE_OPEN_ID, (returnValue.behaviors as { value: Record<string, unknown> }[])[0].value, {
      [reviewReasonField(task.assignmentId)]: reason,
    });
    expect(returned.toast?.type).toBe('success');

    const form = await say(`汇报进展 ${task.seq}`, COORD);
    const inputs = Object.fromEntries([...walk(form)].filter((n) => n.tag === 'input').map((n) => [n.name, n]));
    expect(inputs[FORM_FIELDS.progress].default_value).toBe(own.text);
    expect(inputs[FORM_FIELDS.evidence].default_value).toBe(own.evidence);
    expect(preselected(findByTag(form, 'select_static', FORM_FIELDS.task))).toBe(`${task.assignmentId}:${task.version + 2}`);
    // Returned: 进行中 again, so an unchanged resubmit does not put the same report back in the queue.
    expect(preselected(findByTag(form, 'select_static', FORM_FIELDS.status))).toBe('in_progress');
    const text = cardText(form);
    expect(text).toContain(`退回意见`);
    expect(text).toContain(reason);

    // "我的任务" and the task's detail show the department's report as its progress, the office's step as a return.
    const detail = (await press(COORD, { a: 'task_detail', taskId: task.taskId })).card!.data;
    expect(cardText(detail)).toContain('退回');
    expect(cardText(detail)).toContain('政务公开办');
    expect(cardText(await say('我的任务', COORD))).not.toContain(reason);

    // One tap on 提交 re-reports the pre-filled form as it stands.
    const again = await press(
      COORD,
      { a: 'report_submit' },
      {
        task: preselected(findByTag(form, 'select_static', FORM_FIELDS.task)),
        status: preselected(findByTag(form, 'select_static', FORM_FIELDS.status)),
        progress: inputs[FORM_FIELDS.progress].default_value,
        evidence: inputs[FORM_FIELDS.evidence].default_value,
      },
    );
    expect(again.toast?.type).toBe('success');
    expect(buttonValue(again.card!.data, '汇报进展')).toMatchObject({ a: 'report_open', taskId: task.taskId });
  });

  it('answers a department with a 2,000-character name within Lark’s size limit, the name capped in titles and dialogs', async () => {
    const longName = `${housing.name}${'（政务服务和数据管理中心）'.repeat(160)}`.slice(0, 2000);
    await h.store.db.update(departments).set({ name: longName }).where(eq(departments.id, housing.id));
    try {
      for (const text of ['我的任务', '汇报进展', `汇报进展 ${(await openTasks())[0].seq}`]) {
        const card = (await say(text, COORD)) as { header: { title: { content: string } } };
        expect(card.header.title.content.length, text).toBeLessThanOrEqual(40);
        expect(JSON.stringify(card)).not.toContain(longName.slice(0, 200));
      }
      const queue = await say('待审核', OFFICE_OPEN_ID, 'oc_office');
      for (const n of walk(queue)) {
        const confirm = n.confirm as { text: { content: string } } | undefined;
        if (confirm) expect(confirm.text.content.length).toBeLessThanOrEqual(60);
      }
      expect(h.takeCardRejections()).toEqual([]);
    } finally {
      await h.store.db.update(departments).set({ name: housing.name }).where(eq(departments.id, housing.id));
    }
  });
});
