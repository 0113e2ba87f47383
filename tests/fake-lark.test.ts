// The fake platform's chat model: messages land in the right chat, and the card-changing APIs
// (PATCH, delayed update, 仅特定人可见 send and delete) act on them as Lark documents.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLark, type FakeLark } from '../playground/lark/fake-lark';

describe('fake Lark platform: chats and card updates', () => {
  let fake: FakeLark;
  let token: string;

  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${fake.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { code: number; data?: { message_id?: string } };
  };
  const card = (title: string) => ({
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title } },
  });

  beforeAll(async () => {
    fake = await startFakeLark();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    fake.conversations.addChat({ chatId: 'oc_group', type: 'group', name: '区财政局工作群', members: ['ou_a', 'ou_b'] });
    const res = await fetch(`${fake.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: fake.appId, app_secret: fake.appSecret }),
    });
    token = ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
  });

  it('puts sends to an open_id in that person’s private chat, and replies in the chat of the message replied to', async () => {
    const dm = await call('POST', '/open-apis/im/v1/messages?receive_id_type=open_id', {
      receive_id: 'ou_a',
      msg_type: 'text',
      content: JSON.stringify({ text: '你好' }),
    });
    const inGroup = await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
      receive_id: 'oc_group',
      msg_type: 'text',
      content: JSON.stringify({ text: '大家好' }),
    });
    const reply = await call('POST', `/open-apis/im/v1/messages/${inGroup.data?.message_id}/reply`, {
      msg_type: 'interactive',
      content: JSON.stringify(card('回复')),
    });
    const c = fake.conversations;
    expect(c.get(dm.data!.message_id!)?.chatId).toBe(c.p2pChatOf('ou_a').chatId);
    expect(c.get(reply.data!.message_id!)).toMatchObject({
      chatId: 'oc_group',
      parentId: inGroup.data?.message_id,
      sender: { kind: 'app' },
    });
  });

  it('PATCH and the delayed update replace a shared card for everyone; the token is bound to the clicked message', async () => {
    const sent = await call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
      receive_id: 'oc_group',
      msg_type: 'interactive',
      content: JSON.stringify(card('第一版')),
    });
    const id = sent.data!.message_id!;
    expect((await call('PATCH', `/open-apis/im/v1/messages/${id}`, { content: JSON.stringify(card('第二版')) })).code).toBe(0);
    expect(fake.conversations.get(id)?.content).toEqual(card('第二版'));

    const cardToken = fake.issueCardToken(id);
    expect((await call('POST', '/open-apis/interactive/v1/card/update', { token: cardToken, card: card('第三版') })).code).toBe(0);
    expect(fake.conversations.get(id)?.content).toEqual(card('第三版'));
    expect(fake.sent().at(-1)).toMatchObject({ kind: 'card_update', messageId: id, chatId: 'oc_group' });
  });

  it('shows a 仅特定人可见 card to one member of a group only, refuses private chats and outsiders, and deletes it', async () => {
    const ok = await call('POST', '/open-apis/ephemeral/v1/send', {
      chat_id: 'oc_group',
      open_id: 'ou_b',
      msg_type: 'interactive',
      card: card('只给你看'),
    });
    expect(ok.code).toBe(0);
    const id = ok.data!.message_id!;
    expect(fake.conversations.get(id)).toMatchObject({ chatId: 'oc_group', visibleTo: 'ou_b' });
    expect(fake.sent().at(-1)).toMatchObject({ kind: 'ephemeral', openId: 'ou_b', chatId: 'oc_group' });

    const p2p = fake.conversations.p2pChatOf('ou_a').chatId;
    for (const body of [
      { chat_id: p2p, open_id: 'ou_a', msg_type: 'interactive', card: card('x') },
      { chat_id: 'oc_group', open_id: 'ou_outsider', msg_type: 'interactive', card: card('x') },
      { chat_id: 'oc_group', open_id: 'ou_a', msg_type: 'interactive', card: JSON.stringify(card('x')) },
    ]) {
      expect((await call('POST', '/open-apis/ephemeral/v1/send', body)).code).not.toBe(0);
    }
    // Lark cannot PATCH an ephemeral card.
    expect((await call('PATCH', `/open-apis/im/v1/messages/${id}`, { content: JSON.stringify(card('改')) })).code).not.toBe(0);

    expect((await call('POST', '/open-apis/ephemeral/v1/delete', { message_id: id })).code).toBe(0);
    expect(fake.conversations.get(id)?.deleted).toBe(true);
  });
});
