// The card-schema gate itself: it accepts every card Duban renders and refuses, as Lark does, a card
// with one property Card JSON 2.0 does not document — at the root, deep in a form, in a column.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CallbackAnswerSchema, assertValidCallbackAnswer, assertValidCard, checkCard } from '../playground/lark/card-schema';
import { CTX, CTX_EN, allCards } from './support/card-views';
import { startFakeLark, type FakeLark } from '../playground/lark/fake-lark';
import { startHarness } from './support/bot-harness';
import { createLarkApi, type LarkApi } from '../src/lark/api';
import { LarkApiError } from '../src/lark/errors';
import type { Card } from '../cards/format';

type Node = Record<string, unknown>;

const clone = <T>(x: T): T => structuredClone(x);

function find(node: unknown, pred: (n: Node) => boolean): Node | undefined {
  if (Array.isArray(node)) {
    for (const c of node) {
      const hit = find(c, pred);
      if (hit) return hit;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  if (pred(node as Node)) return node as Node;
  return find(Object.values(node), pred);
}

const reportForm = () => Object.fromEntries(allCards())['report form (task pre-selected)']();
const myTasks = () => Object.fromEntries(allCards())['my tasks']();

describe('the gate accepts every card kind Duban renders', () => {
  it.each(allCards(undefined, CTX))('%s (zh_cn)', (_name, render) => {
    expect(checkCard(render())).toBeNull();
  });

  it.each(allCards(undefined, CTX_EN))('%s (en_us)', (_name, render) => {
    expect(checkCard(render())).toBeNull();
  });
});

describe('the gate refuses what Lark refuses', () => {
  it('a stray key at the root, with 230099 / ErrCode 200621 as Lark answers', () => {
    const card = { ...reportForm(), i18n_elements: {} };
    const r = checkCard(card);
    expect(r).toMatchObject({ code: 230099, errCode: 200621 });
    expect(r?.msg).toMatch(/^Failed to create card content, ext=ErrCode: 200621; ErrMsg: parse card json err/);
    expect(r?.issues.join('\n')).toContain('i18n_elements');
  });

  it('a stray key on a field nested in a form', () => {
    const card = clone(reportForm());
    const input = find(card, (n) => n.tag === 'input')!;
    input.maxlength = 500;
    const r = checkCard(card);
    expect(r?.errCode).toBe(200621);
    expect(r?.issues.join('\n')).toMatch(/body\.elements\.\d+\.elements\.\d+.*maxlength/);
  });

  it('a stray key in a column', () => {
    const card = clone(myTasks());
    const column = find(card, (n) => n.tag === 'column')!;
    column.align = 'left';
    const r = checkCard(card);
    expect(r?.errCode).toBe(200621);
    expect(r?.issues.join('\n')).toMatch(/columns\.\d+.*align/);
  });

  it('a stray key in a header text object, an option and a behavior', () => {
    for (const mutate of [
      (c: Card) => ((c.header.title as Node).lines = 2),
      (c: Card) => ((find(c, (n) => n.tag === 'select_static')!.options as Node[])[0].selected = true),
      (c: Card) => ((find(c, (n) => Array.isArray(n.behaviors))!.behaviors as Node[])[0].url = 'https://x'),
    ]) {
      const card = clone(reportForm());
      mutate(card);
      expect(checkCard(card)?.errCode).toBe(200621);
    }
  });

  it('a 1.0-only tag with ErrCode 200861, and more than 200 elements with 11310', () => {
    const note = clone(myTasks());
    note.body.elements.push({ tag: 'note', elements: [{ tag: 'plain_text', content: 'x' }] });
    expect(checkCard(note)).toMatchObject({ code: 230099, errCode: 200861 });
    expect(checkCard(note)?.msg).toContain('unsupported tag note');

    const crowded = clone(myTasks());
    for (let i = 0; i < 201; i++) crowded.body.elements.push({ tag: 'hr' });
    expect(checkCard(crowded)).toMatchObject({ errCode: 11310 });
  });

  it('documented values and limits: enums, max_length, form placement, names, submit button, update_multi', () => {
    const cases: ((c: Card) => void)[] = [
      (c) => (c.header.template = 'pink'),
      (c) => (find(c, (n) => n.tag === 'button')!.type = 'link'),
      (c) => (find(c, (n) => n.tag === 'input')!.max_length = 2000),
      (c) => ((c.config as Node).update_multi = false),
      (c) =>
        (c.body.elements = [
          { tag: 'column_set', columns: [{ tag: 'column', elements: [c.body.elements.find((e) => e.tag === 'form')] }] },
        ]),
      (c) =>
        (find(c, (n) => n.tag === 'form')!.elements = (find(c, (n) => n.tag === 'form')!.elements as Node[]).filter(
          (e) => e.tag !== 'button',
        )),
      (c) => (find(c, (n) => n.tag === 'input')!.name = 'status'),
      (c) => delete find(c, (n) => n.tag === 'select_static')!.name,
      (c) => (find(c, (n) => n.tag === 'select_static')!.initial_option = 'no such option'),
      (c) => (find(c, (n) => n.tag === 'select_static')!.initial_index = 999),
      (c) => (find(c, (n) => n.tag === 'input')!.default_value = '字'.repeat(1001)),
      (c) => (find(c, (n) => n.tag === 'markdown')!.text_size = 'huge'),
    ];
    for (const mutate of cases) {
      const card = clone(reportForm());
      mutate(card);
      expect(checkCard(card), String(mutate)).not.toBeNull();
    }
  });

  it('accepts initial_option as an option value or as its text, the docs being ambiguous', () => {
    const card = clone(reportForm());
    const select = find(card, (n) => n.tag === 'select_static' && n.name === 'status')!;
    const [first] = select.options as { value: string; text: { content: string } }[];
    select.initial_option = first.value;
    expect(checkCard(card)).toBeNull();
    select.initial_option = first.text.content;
    expect(checkCard(card)).toBeNull();
  });

  it('checks callback answers: the card and the toast', () => {
    expect(() =>
      assertValidCallbackAnswer({ card: { type: 'raw', data: myTasks() }, toast: { type: 'success', content: '已提交' } }),
    ).not.toThrow();
    expect(() => assertValidCallbackAnswer({})).not.toThrow();
    expect(() => assertValidCallbackAnswer({ card: { type: 'raw', data: { ...myTasks(), extra: 1 } } })).toThrow(/extra/);
    expect(CallbackAnswerSchema.safeParse({ toast: { type: 'done', content: 'x' } }).success).toBe(false);
    expect(() => assertValidCard({ schema: '2.0', body: { elements: [{ tag: 'markdown', content: 'x', color: 'red' }] } })).toThrow(
      /color/,
    );
  });
});

describe('the fake Lark platform answers an invalid card like Lark', () => {
  let fake: FakeLark;
  let api: LarkApi;
  beforeAll(async () => {
    fake = await startFakeLark();
    api = createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
  });
  afterAll(async () => fake?.close());
  beforeEach(() => fake.reset());

  const failure = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(LarkApiError);
    return e as LarkApiError;
  };

  it('refuses an invalid card on send, reply and PATCH with HTTP 400 / 230099, and sends nothing', async () => {
    const bad = JSON.stringify({ ...myTasks(), stray: true });
    for (const call of [
      () => api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_1', msgType: 'interactive', content: bad }),
      () => api.replyMessage({ messageId: 'om_1', msgType: 'interactive', content: bad }),
      () => api.patchMessage({ messageId: 'om_1', content: bad }),
    ]) {
      const e = await failure(call());
      expect(e.httpStatus).toBe(400);
      expect(e.code).toBe(230099);
      expect(e.message).toContain('ErrCode: 200621');
      expect(e.retryable).toBe(false);
    }
    expect(fake.sent()).toEqual([]);
    expect(fake.cardRejections().map((r) => r.kind)).toEqual(['send', 'reply', 'patch']);
  });

  it('refuses a request body over 30 KB with 230025', async () => {
    const card = myTasks();
    card.body.elements.push({ tag: 'markdown', content: '字'.repeat(11_000) });
    const e = await failure(
      api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_1', msgType: 'interactive', content: JSON.stringify(card) }),
    );
    expect(e.code).toBe(230025);
    expect(fake.sent()).toEqual([]);
  });

  it('takes a valid card on every route, ephemeral and delayed update included', async () => {
    const card = myTasks();
    await api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_1', msgType: 'interactive', content: JSON.stringify(card) });
    await api.updateCardByToken({ token: 'c-1', card });
    expect(fake.sent().map((m) => m.kind)).toEqual(['send', 'card_update']);
    expect(fake.cardRejections()).toEqual([]);
  });

  it('models POST /open-apis/ephemeral/v1/send: {chat_id, open_id, msg_type, card: object}', async () => {
    const token = await tenantToken(fake);
    const post = (body: object) =>
      fetch(`${fake.url}/open-apis/ephemeral/v1/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code: number; msg: string; data?: { message_id: string } } }));

    const ok = await post({ chat_id: 'oc_1', open_id: 'ou_1', msg_type: 'interactive', card: myTasks() });
    expect(ok.body.code).toBe(0);
    expect(ok.body.data?.message_id).toMatch(/^om_/);
    expect(fake.sent().at(-1)).toMatchObject({ kind: 'ephemeral', chatId: 'oc_1', openId: 'ou_1' });

    const stray = await post({ chat_id: 'oc_1', open_id: 'ou_1', msg_type: 'interactive', card: { ...myTasks(), stray: 1 } });
    expect(stray).toMatchObject({ status: 400, body: { code: 230099 } });
    // The card goes as an object in `card`, not as a JSON string in `content`.
    const asString = await post({ chat_id: 'oc_1', open_id: 'ou_1', msg_type: 'interactive', content: JSON.stringify(myTasks()) });
    expect(asString.status).toBe(400);
    const nobody = await post({ chat_id: 'oc_1', msg_type: 'interactive', card: myTasks() });
    expect(nobody.status).toBe(400);
  });
});

describe('the bot harness', () => {
  it('fails the file when the fake refused a card nobody took', async () => {
    const h = await startHarness();
    const sendRaw = async (card: object) =>
      fetch(`${h.fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tenantToken(h.fake)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ receive_id: 'oc_1', msg_type: 'interactive', content: JSON.stringify(card) }),
      });
    expect((await sendRaw({ ...myTasks(), stray: 1 })).status).toBe(400);
    expect(h.takeCardRejections()).toMatchObject([{ kind: 'send', code: 230099 }]);
    await sendRaw({ ...myTasks(), stray: 2 });
    await expect(h.close()).rejects.toThrow(/refused 1 card/);
  });
});

async function tenantToken(fake: FakeLark): Promise<string> {
  const r = await fetch(`${fake.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: fake.appId, app_secret: fake.appSecret }),
  });
  return ((await r.json()) as { tenant_access_token: string }).tenant_access_token;
}
