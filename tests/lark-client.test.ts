import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLarkApi, type LarkApi } from '../src/lark/api';
import { LarkApiError } from '../src/lark/errors';
import { createTokenCache } from '../src/lark/token-cache';
import { startFakeLark, type FakeLark } from '../playground/lark/fake-lark';

describe('the Lark API client against a fake open platform', () => {
  let lark: FakeLark;
  let api: LarkApi;

  beforeAll(async () => {
    lark = await startFakeLark();
  });
  afterAll(async () => lark?.close());
  beforeEach(() => {
    // A fresh client per test: each starts with an empty token cache.
    api = createLarkApi({ appId: lark.appId, appSecret: lark.appSecret, domain: lark.url, timeoutMs: 5_000 });
    lark.reset();
  });

  async function caught(p: Promise<unknown>): Promise<LarkApiError> {
    const e = await p.then(
      () => {
        throw new Error('expected a LarkApiError');
      },
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(LarkApiError);
    return e as LarkApiError;
  }

  it('sends a message with a tenant token fetched once and reused', async () => {
    const first = await api.sendMessage({
      receiveIdType: 'chat_id',
      receiveId: 'oc_group',
      msgType: 'text',
      content: JSON.stringify({ text: '请报送进展' }),
      uuid: 'u-send-1',
    });
    const second = await api.sendMessage({
      receiveIdType: 'open_id',
      receiveId: 'ou_alice',
      msgType: 'interactive',
      content: JSON.stringify({ schema: '2.0', body: { elements: [] } }),
    });
    expect(first.messageId).toMatch(/^om_fake_/);
    expect(second.messageId).not.toBe(first.messageId);

    const tokenCalls = lark.requests.filter((r) => r.path.endsWith('/tenant_access_token/internal'));
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.body).toEqual({ app_id: lark.appId, app_secret: lark.appSecret });

    const sends = lark.requests.filter((r) => r.path === '/open-apis/im/v1/messages');
    expect(sends.map((r) => r.query.receive_id_type)).toEqual(['chat_id', 'open_id']);
    expect(sends.every((r) => /^Bearer t-fake-\d+$/.test(r.headers.authorization ?? ''))).toBe(true);
    expect(sends[0]!.body).toEqual({
      receive_id: 'oc_group',
      msg_type: 'text',
      content: JSON.stringify({ text: '请报送进展' }),
      uuid: 'u-send-1',
    });
    const sent = lark.sent().filter((m) => m.messageId === first.messageId);
    expect(sent).toEqual([
      expect.objectContaining({ kind: 'send', receiveId: 'oc_group', msgType: 'text', content: { text: '请报送进展' } }),
    ]);
  });

  it('replies to a message and patches a card', async () => {
    const reply = await api.replyMessage({ messageId: 'om_user_msg', msgType: 'text', content: JSON.stringify({ text: '收到' }) });
    // The fake refuses a card Lark would refuse (tests/support/card-schema.ts), so this one is valid.
    const card = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: 'x' }] } };
    await api.patchMessage({ messageId: reply.messageId, content: JSON.stringify(card) });
    const log = lark.sent().slice(-2);
    expect(log[0]).toEqual(expect.objectContaining({ kind: 'reply', replyTo: 'om_user_msg', content: { text: '收到' } }));
    expect(log[1]).toEqual(expect.objectContaining({ kind: 'patch', messageId: reply.messageId, content: card }));
    expect(lark.requests.some((r) => r.method === 'PATCH' && r.path === `/open-apis/im/v1/messages/${reply.messageId}`)).toBe(true);
  });

  it('reads a user’s open department ids and a department’s name', async () => {
    lark.users.set('ou_alice', { department_ids: ['od-office', 'od-legal'], name: 'Alice' });
    lark.departments.set('od-office', '办公室');
    expect(await api.getUserDepartmentIds('ou_alice')).toEqual(['od-office', 'od-legal']);
    expect(await api.getDepartmentName('od-office')).toBe('办公室');
    const userCall = lark.requests.find((r) => r.path === '/open-apis/contact/v3/users/ou_alice')!;
    expect(userCall.query).toEqual({ user_id_type: 'open_id', department_id_type: 'open_department_id' });
  });

  it('answers null, not an error, for a user outside contact visibility (41050)', async () => {
    lark.users.set('ou_hidden', { department_ids: ['od-x'], invisible: true });
    expect(await api.getUserDepartmentIds('ou_hidden')).toBeNull();
    expect(await api.getUserDepartmentIds('ou_unknown')).toBeNull();
    expect(await api.getDepartmentName('od-not-visible')).toBeNull();
  });

  it('reads a user’s name from user.name, and answers null when Lark will not name them', async () => {
    lark.users.set('ou_named', { department_ids: [], name: '张晓明' });
    lark.users.set('ou_no_scope', { department_ids: [] }); // the app lacks contact:user.base:readonly
    lark.users.set('ou_hidden', { department_ids: [], invisible: true });
    expect(await api.getUserName('ou_named')).toBe('张晓明');
    const call = lark.requests.find((r) => r.path === '/open-apis/contact/v3/users/ou_named')!;
    expect(call.query).toEqual({ user_id_type: 'open_id' });
    expect(await api.getUserName('ou_no_scope')).toBeNull();
    expect(await api.getUserName('ou_hidden')).toBeNull(); // 41050
    expect(await api.getUserName('not-an-open-id')).toBeNull(); // 41012
    lark.failNext('/contact/v3/users/', 1, { status: 500, code: 500, msg: 'internal' });
    expect((await caught(api.getUserName('ou_named'))).retryable).toBe(true);
  });

  it('downloads the bytes of a file a user sent', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 255, 1, 2]);
    lark.resources.set('om_file_msg/file_v3_user', bytes);
    const got = await api.downloadMessageResource({ messageId: 'om_file_msg', fileKey: 'file_v3_user', type: 'file' });
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Array.from(got)).toEqual(Array.from(bytes));
    expect(lark.requests.at(-1)!.query).toEqual({ type: 'file' });
  });

  it('turns a missing resource into a non-retryable LarkApiError', async () => {
    const e = await caught(api.downloadMessageResource({ messageId: 'om_none', fileKey: 'nope', type: 'file' }));
    expect(e.httpStatus).toBe(400);
    expect(e.code).not.toBe(0);
    expect(e.retryable).toBe(false);
  });

  it('uploads a file as multipart and returns its file_key', async () => {
    const bytes = new TextEncoder().encode('col1\tcol2\n督办\t台账\n');
    const { fileKey } = await api.uploadFile({ fileName: '任务台账.xls', fileType: 'xls', bytes });
    const stored = lark.uploads.get(fileKey)!;
    expect(stored.fileName).toBe('任务台账.xls');
    expect(stored.fileType).toBe('xls');
    expect(Array.from(stored.bytes)).toEqual(Array.from(bytes));
    expect(lark.requests.at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('uploads a picture for an image message, and meets Lark’s size limits (images 10 MB, files 30 MB)', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const { imageKey } = await api.uploadImage({ bytes: png });
    expect(imageKey).toMatch(/^img_/);
    expect(Array.from(lark.images.get(imageKey)!)).toEqual(Array.from(png));
    const big = await caught(api.uploadImage({ bytes: new Uint8Array(10 * 1024 * 1024 + 1) }));
    expect(big.code).toBe(234006);
    const huge = await caught(api.uploadFile({ fileName: 'x.pdf', fileType: 'pdf', bytes: new Uint8Array(30 * 1024 * 1024 + 1) }));
    expect(huge.code).toBe(234006);
    expect(huge.retryable).toBe(false);
  });

  it('updates a card with a callback token', async () => {
    const card = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: '已处理' }] } };
    await api.updateCardByToken({ token: 'c-abc', card });
    expect(lark.sent().at(-1)).toEqual({ kind: 'card_update', token: 'c-abc', content: card });
  });

  it('refetches the tenant token and retries once when Lark says it expired (99991663)', async () => {
    await api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_a', msgType: 'text', content: '{"text":"1"}' });
    const before = lark.tokensIssued();
    lark.expireTokenOnce();
    const { messageId } = await api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_a', msgType: 'text', content: '{"text":"2"}' });
    expect(messageId).toMatch(/^om_fake_/);
    expect(lark.tokensIssued()).toBe(before + 1);
    const sends = lark.requests.filter((r) => r.path === '/open-apis/im/v1/messages');
    expect(sends).toHaveLength(3);
    // The retry carried the new token, not the rejected one.
    expect(sends[2]!.headers.authorization).not.toBe(sends[1]!.headers.authorization);
  });

  it('gives up after one retry when the fresh token is rejected too', async () => {
    lark.failNext('/open-apis/im/v1/messages', 2, { status: 400, code: 99991663 });
    const e = await caught(api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_a', msgType: 'text', content: '{"text":"x"}' }));
    expect(e.code).toBe(99991663);
    expect(lark.requests.filter((r) => r.path === '/open-apis/im/v1/messages')).toHaveLength(2);
  });

  it('reports HTTP 429 as a retryable LarkApiError with the wait Lark asked for', async () => {
    lark.failNext('/open-apis/im/v1/messages', 1, { status: 429, code: 99991400 });
    const e = await caught(api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc_a', msgType: 'text', content: '{"text":"x"}' }));
    expect(e).toMatchObject({ httpStatus: 429, code: 99991400, retryable: true, retryAfterSeconds: 1 });
    // The client itself does not retry rate limits: that is the outbox's decision.
    expect(lark.requests.filter((r) => r.path === '/open-apis/im/v1/messages')).toHaveLength(1);
  });

  it('treats 5xx and the group rate limit as retryable, and recalled or too-old messages as final', async () => {
    lark.failNext('/open-apis/im/v1/messages', 1, { status: 503, code: 1 });
    expect((await caught(api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc', msgType: 'text', content: '{}' }))).retryable).toBe(
      true,
    );

    lark.failNext('/open-apis/im/v1/messages', 1, { status: 400, code: 230020 });
    expect((await caught(api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc', msgType: 'text', content: '{}' }))).retryable).toBe(
      true,
    );

    lark.failNext(/^\/open-apis\/im\/v1\/messages\/om_old$/, 1, { status: 400, code: 230031 });
    const old = await caught(api.patchMessage({ messageId: 'om_old', content: '{}' }));
    expect(old).toMatchObject({ code: 230031, retryable: false });

    lark.failNext(/^\/open-apis\/im\/v1\/messages\/om_gone$/, 1, { status: 400, code: 230011 });
    expect((await caught(api.patchMessage({ messageId: 'om_gone', content: '{}' }))).retryable).toBe(false);
  });

  it('treats an HTTP 200 answer with a non-zero code as a failure', async () => {
    lark.failNext('/open-apis/im/v1/messages', 1, { status: 200, code: 230002 });
    const e = await caught(api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc', msgType: 'text', content: '{}' }));
    expect(e).toMatchObject({ httpStatus: 200, code: 230002, retryable: false });
  });

  it('reports wrong app credentials as a configuration error, to retry once an administrator fixes them', async () => {
    const bad = createLarkApi({ appId: lark.appId, appSecret: 'wrong', domain: lark.url });
    const e = await caught(bad.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc', msgType: 'text', content: '{}' }));
    expect(e).toMatchObject({ code: 10014, configuration: true, retryable: true });
  });
});

describe('the Lark API client when the network fails', () => {
  it('reports a timeout as a retryable LarkApiError', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const api = createLarkApi({ appId: 'a', appSecret: 'b', domain: 'https://open.feishu.invalid', fetch: hanging, timeoutMs: 50 });
    const e = await api.getDepartmentName('od-1').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LarkApiError);
    expect(e).toMatchObject({ httpStatus: 0, retryable: true });
    expect((e as Error).message).toMatch(/timed out/);
  });

  it('reports a refused connection as a retryable LarkApiError', async () => {
    const fake = await startFakeLark();
    const url = fake.url;
    await fake.close();
    const api = createLarkApi({ appId: 'a', appSecret: 'b', domain: url, timeoutMs: 2_000 });
    const e = await api.getUserDepartmentIds('ou_x').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LarkApiError);
    expect(e).toMatchObject({ httpStatus: 0, retryable: true });
  });

  it('shares one tenant token between API objects given the same token cache', async () => {
    const fake = await startFakeLark();
    try {
      const tokenCache = createTokenCache();
      for (let i = 0; i < 3; i++) {
        // What a Worker does: a new LarkApi per request, the cache at module scope.
        const api = createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, tokenCache });
        await api.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc', msgType: 'text', content: '{}' });
      }
      expect(fake.tokensIssued()).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('keeps tokens apart between two clients with the same appId', async () => {
    const a = await startFakeLark();
    const b = await startFakeLark();
    try {
      const apiA = createLarkApi({ appId: a.appId, appSecret: a.appSecret, domain: a.url });
      const apiB = createLarkApi({ appId: b.appId, appSecret: b.appSecret, domain: b.url });
      await apiA.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc', msgType: 'text', content: '{}' });
      await apiB.sendMessage({ receiveIdType: 'chat_id', receiveId: 'oc', msgType: 'text', content: '{}' });
      expect(a.tokensIssued()).toBe(1);
      expect(b.tokensIssued()).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
