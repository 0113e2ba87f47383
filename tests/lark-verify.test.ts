import { describe, expect, it } from 'vitest';
import { verifyLarkRequest, type VerifyResult } from '../src/lark/verify';
import { parseResourceContent, parseTextContent } from '../src/lark/envelope';
import {
  botAddedEvent,
  cardAction,
  encryptForLark,
  larkSignature,
  messageEvent,
  signedRequest,
  urlVerification,
} from '../playground/lark/lark-payloads';

const verificationToken = 'vt_secret_token';
const encryptKey = 'ek_secret_key';
const NOW = new Date('2025-03-01T08:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const encrypted = { verificationToken, encryptKey };
const plain = { verificationToken };

function verify(
  req: { body: string; headers: Record<string, string> },
  config: { verificationToken: string; encryptKey?: string },
  now = NOW,
) {
  return verifyLarkRequest({ rawBody: req.body, headers: req.headers, config, now });
}

function refused(r: VerifyResult): string {
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.reason;
}

const groupMessage = () => messageEvent({ text: '我的任务', chatType: 'group', chatId: 'oc_group', openId: 'ou_alice', mentionBot: true });

describe('verifyLarkRequest with an Encrypt Key', () => {
  it('accepts a correctly signed encrypted event and returns the typed message', async () => {
    const body = groupMessage();
    const r = await verify(signedRequest(body, { ...encrypted, timestamp: nowSeconds }), encrypted);
    expect(r.ok && r.kind).toBe('event');
    if (!r.ok || r.kind !== 'event') return;
    expect(r.envelope.header.event_id).toBe(body.header.event_id);
    expect(r.event.type).toBe('im.message.receive_v1');
    if (r.event.type !== 'im.message.receive_v1') return;
    expect(r.event.event.sender.sender_id.open_id).toBe('ou_alice');
    expect(r.event.event.message.chat_type).toBe('group');
    expect(r.event.event.message.mentions?.[0]?.key).toBe('@_user_1');
  });

  it('accepts headers given as a Headers object (what Hono and Workers hand us)', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds });
    const r = await verifyLarkRequest({ rawBody: req.body, headers: new Headers(req.headers), config: encrypted, now: NOW });
    expect(r.ok).toBe(true);
  });

  it('refuses a body changed after signing, even by one character of whitespace', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds });
    expect(refused(await verify({ ...req, body: `${req.body} ` }, encrypted))).toMatch(/signature/);
  });

  it('refuses a forged body carrying the signature of another body', async () => {
    const real = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds });
    const forged = signedRequest(messageEvent({ text: '删除全部任务', chatType: 'p2p', chatId: 'oc_x', openId: 'ou_mallory' }), {
      ...encrypted,
      timestamp: nowSeconds,
    });
    expect(refused(await verify({ body: forged.body, headers: real.headers }, encrypted))).toMatch(/signature/);
  });

  it('refuses a request signed and encrypted with another key', async () => {
    const req = signedRequest(groupMessage(), { verificationToken, encryptKey: 'someone else', timestamp: nowSeconds });
    expect(refused(await verify(req, encrypted))).toMatch(/signature/);
  });

  it('refuses a correctly signed request older than five minutes', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds - 301 });
    expect(refused(await verify(req, encrypted))).toMatch(/stale/);
    // Just inside the window is fine.
    const fresh = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds - 299 });
    expect((await verify(fresh, encrypted)).ok).toBe(true);
  });

  it('refuses a correctly signed request stamped far in the future', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds + 3600 });
    expect(refused(await verify(req, encrypted))).toMatch(/future/);
  });

  it('honours a custom maxAgeSeconds', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds - 30 });
    const r = await verifyLarkRequest({ rawBody: req.body, headers: req.headers, config: encrypted, now: NOW, maxAgeSeconds: 10 });
    expect(refused(r)).toMatch(/stale/);
  });

  it('refuses an encrypted event whose signature headers are missing', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, unsigned: true });
    expect(refused(await verify(req, encrypted))).toMatch(/missing signature/);
  });

  it('refuses a request with only some of the signature headers', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds });
    const { 'x-lark-request-nonce': _dropped, ...headers } = req.headers;
    expect(refused(await verify({ body: req.body, headers }, encrypted))).toMatch(/incomplete/);
  });

  it('refuses a plain JSON body when an Encrypt Key is configured, even with the right token', async () => {
    const req = signedRequest(groupMessage(), plain);
    expect(refused(await verify(req, encrypted))).toMatch(/not encrypted/);
  });

  it('answers the encrypted url_verification that Lark sends without signature headers', async () => {
    const req = signedRequest(urlVerification('chal-123'), { ...encrypted, unsigned: true });
    expect(await verify(req, encrypted)).toEqual({ ok: true, kind: 'challenge', challenge: 'chal-123' });
  });

  it('also answers a signed url_verification', async () => {
    const req = signedRequest(urlVerification('chal-456'), { ...encrypted, timestamp: nowSeconds });
    expect(await verify(req, encrypted)).toEqual({ ok: true, kind: 'challenge', challenge: 'chal-456' });
  });

  it('refuses an unsigned url_verification with the wrong token', async () => {
    const req = signedRequest({ ...urlVerification('chal'), token: 'guess' }, { ...encrypted, unsigned: true });
    expect(refused(await verify(req, encrypted))).toMatch(/token/);
  });

  it('refuses an unsigned url_verification encrypted with another key', async () => {
    const req = signedRequest(urlVerification('chal'), { verificationToken, encryptKey: 'other', unsigned: true });
    expect(refused(await verify(req, encrypted))).toMatch(/missing signature/);
  });

  it('refuses a url_verification whose signature is present but wrong', async () => {
    const req = signedRequest(urlVerification('chal'), { ...encrypted, timestamp: nowSeconds });
    req.headers['x-lark-signature'] = '0'.repeat(64);
    expect(refused(await verify(req, encrypted))).toMatch(/signature/);
  });

  it('refuses a signed event whose header.token is wrong', async () => {
    const body = groupMessage();
    const req = signedRequest({ ...body, header: { ...body.header, token: 'not-the-token' } }, { ...encrypted, timestamp: nowSeconds });
    expect(refused(await verify(req, encrypted))).toMatch(/token mismatch/);
  });

  it('refuses a signed body that does not decrypt (signature right, ciphertext junk)', async () => {
    const raw = JSON.stringify({ encrypt: 'AAAA' });
    const ts = String(nowSeconds);
    const headers = {
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': 'n',
      'x-lark-signature': larkSignature(ts, 'n', encryptKey, raw),
    };
    expect(refused(await verify({ body: raw, headers }, encrypted))).toMatch(/decrypt/);
  });

  it('refuses a signed body that decrypts to something other than JSON', async () => {
    const raw = JSON.stringify({ encrypt: encryptForLark('not json at all', encryptKey) });
    const ts = String(nowSeconds);
    const headers = {
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': 'n',
      'x-lark-signature': larkSignature(ts, 'n', encryptKey, raw),
    };
    expect((await verify({ body: raw, headers }, encrypted)).ok).toBe(false);
  });
});

describe('verifyLarkRequest without an Encrypt Key', () => {
  it('answers a plain url_verification carrying the right token', async () => {
    const req = signedRequest(urlVerification('plain-chal'), plain);
    expect(await verify(req, plain)).toEqual({ ok: true, kind: 'challenge', challenge: 'plain-chal' });
  });

  it('refuses a plain url_verification with the wrong token', async () => {
    const req = signedRequest({ ...urlVerification('c'), token: 'wrong' }, plain);
    expect(refused(await verify(req, plain))).toMatch(/token mismatch/);
  });

  it('accepts a plain event with the right header.token', async () => {
    const r = await verify(signedRequest(botAddedEvent({ chatId: 'oc_new' }), plain), plain);
    expect(r.ok && r.kind === 'event' && r.event.type).toBe('im.chat.member.bot.added_v1');
  });

  it('refuses a plain event with the wrong header.token', async () => {
    const body = groupMessage();
    const req = signedRequest({ ...body, header: { ...body.header, token: 'wrong' } }, plain);
    expect(refused(await verify(req, plain))).toMatch(/token mismatch/);
  });

  it('refuses an event with no token at all', async () => {
    const { token: _absent, ...header } = groupMessage().header;
    const r = await verify({ body: JSON.stringify({ ...groupMessage(), header }), headers: {} }, plain);
    expect(r.ok).toBe(false);
  });

  it('refuses an encrypted body it has no key for', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: nowSeconds });
    expect(refused(await verify(req, plain))).toMatch(/no Encrypt Key/);
  });

  it('refuses everything when no verification token is configured', async () => {
    const req = signedRequest(urlVerification('c'), { verificationToken: '' });
    expect(refused(await verify(req, { verificationToken: '' }))).toMatch(/no verification token/);
  });
});

describe('verifyLarkRequest on malformed input', () => {
  it.each([
    ['not JSON', 'this is { not json'],
    ['an empty body', ''],
    ['a JSON array', '[1,2,3]'],
    ['JSON null', 'null'],
    ['a v1 event', JSON.stringify({ uuid: 'u', token: verificationToken, type: 'event_callback', event: { type: 'message' } })],
    ['an envelope without header', JSON.stringify({ schema: '2.0', event: {} })],
    ['an envelope without event_id', JSON.stringify({ schema: '2.0', header: { event_type: 'x', token: verificationToken }, event: {} })],
    ['a url_verification without challenge', JSON.stringify({ type: 'url_verification', token: verificationToken })],
  ])('refuses %s without throwing', async (_label, body) => {
    const r = await verifyLarkRequest({ rawBody: body, headers: {}, config: plain, now: NOW });
    expect(r.ok).toBe(false);
  });

  it('refuses an encrypt field that is not a string, without throwing', async () => {
    const r = await verifyLarkRequest({ rawBody: '{"encrypt":42}', headers: {}, config: encrypted, now: NOW });
    expect(refused(r)).toMatch(/not encrypted/);
  });

  it('refuses a non-numeric timestamp header', async () => {
    const req = signedRequest(groupMessage(), { ...encrypted, timestamp: 'yesterday' });
    expect(refused(await verify(req, encrypted))).toMatch(/timestamp/);
  });
});

describe('event classification after verification', () => {
  it('types a card callback, with the ids from context and the form values', async () => {
    const body = cardAction({
      openId: 'ou_bob',
      value: { action: 'report', taskId: 't1' },
      formValue: { progress: '已完成初稿', units: ['od-1', 'od-2'] },
      messageId: 'om_card',
      chatId: 'oc_group',
    });
    const r = await verify(signedRequest(body, { ...encrypted, timestamp: nowSeconds }), encrypted);
    if (!r.ok || r.kind !== 'event' || r.event.type !== 'card.action.trigger') throw new Error(`unexpected ${JSON.stringify(r)}`);
    const e = r.event.event;
    expect(e.operator.open_id).toBe('ou_bob');
    expect(e.context.open_message_id).toBe('om_card');
    expect(e.context.open_chat_id).toBe('oc_group');
    expect(e.action.value).toEqual({ action: 'report', taskId: 't1' });
    expect(e.action.form_value).toEqual({ progress: '已完成初稿', units: ['od-1', 'od-2'] });
    expect(e.token).toMatch(/^c-/);
  });

  it('reports an authentic event with an unusable body as malformed rather than refusing it', async () => {
    const body = groupMessage();
    const broken = { ...body, event: { ...body.event, message: { ...body.event.message, chat_type: 'galaxy' } } };
    const r = await verify(signedRequest(broken, plain), plain);
    expect(r.ok && r.kind === 'event' && r.event.type).toBe('malformed');
  });

  it('passes through event types Duban does not handle as unsupported', async () => {
    const body = groupMessage();
    const other = { ...body, header: { ...body.header, event_type: 'im.message.reaction.created_v1' } };
    const r = await verify(signedRequest(other, plain), plain);
    expect(r.ok && r.kind === 'event' && r.event).toEqual({ type: 'unsupported', eventType: 'im.message.reaction.created_v1' });
  });
});

describe('message content helpers', () => {
  it('strips the bot mention placeholder and surrounding space from text', () => {
    expect(parseTextContent(JSON.stringify({ text: '@_user_1 我的任务' }))).toBe('我的任务');
    expect(parseTextContent(JSON.stringify({ text: '请 @_user_1 查看 @_user_12' }))).toBe('请 查看');
    expect(parseTextContent(JSON.stringify({ text: '@_all 注意' }))).toBe('注意');
  });

  it('keeps line breaks inside a multi-line text', () => {
    expect(parseTextContent(JSON.stringify({ text: '@_user_1 进展\n第一条\n第二条 ' }))).toBe('进展\n第一条\n第二条');
  });

  it('reads garbled or non-text content as empty text', () => {
    expect(parseTextContent('not json')).toBe('');
    expect(parseTextContent(JSON.stringify({ file_key: 'f' }))).toBe('');
    expect(parseTextContent('[]')).toBe('');
  });

  it('reads the resource of a file, picture, video, voice message, and refuses stickers', () => {
    expect(parseResourceContent('file', JSON.stringify({ file_key: 'file_v3_abc', file_name: '台账.xlsx' }))).toEqual({
      fileKey: 'file_v3_abc',
      fileName: '台账.xlsx',
      type: 'file',
    });
    expect(parseResourceContent('image', JSON.stringify({ image_key: 'img_v3_abc' }))).toEqual({
      fileKey: 'img_v3_abc',
      fileName: '',
      type: 'image',
    });
    expect(
      parseResourceContent(
        'media',
        JSON.stringify({ file_key: 'file_v3_vid', image_key: 'img_cover', file_name: '现场.mp4', duration: 3000 }),
      ),
    ).toEqual({ fileKey: 'file_v3_vid', fileName: '现场.mp4', type: 'file' });
    expect(parseResourceContent('audio', JSON.stringify({ file_key: 'file_v3_voice', duration: 2000 }))).toEqual({
      fileKey: 'file_v3_voice',
      fileName: '',
      type: 'file',
    });
    expect(parseResourceContent('sticker', JSON.stringify({ file_key: 'file_sticker' }))).toBe('unsupported');
    expect(parseResourceContent('file', JSON.stringify({ text: 'hi' }))).toBeNull();
    expect(parseResourceContent('image', '{')).toBeNull();
    expect(parseResourceContent('post', JSON.stringify({ file_key: 'x' }))).toBeNull();
  });
});
