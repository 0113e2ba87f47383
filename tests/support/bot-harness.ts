// The real app, the real store and the real Lark client, pointed at the fake Lark platform:
// tests post signed, real-format payloads through app.request() and read what the bot sent.
import { readFileSync } from 'node:fs';
import { openTestDb } from './db';
import { startFakeLark, type CardRejection, type FakeLark } from '../../playground/lark/fake-lark';
import { assertValidCallbackAnswer } from '../../playground/lark/card-schema';
import { cardAction, signedRequest, TEST_TENANT_KEY } from '../../playground/lark/lark-payloads';
import { createApp, type DubanApp } from '../../src/app';
import { deliverDue } from '../../src/outbox/deliver';
import { createLarkApi } from '../../src/lark/api';
import { type ParseNotice, parseNoticeFile } from '../../src/notice/parse';
import { importNotice, sourceHash } from '../../src/store/notice-import';
import type { OpenedDb } from '../../src/store/db';

export const VERIFICATION_TOKEN = 'v-token-test';
export const ENCRYPT_KEY = 'encrypt-key-test';
export const OFFICE_OPEN_ID = 'ou_office';

export interface Harness {
  store: OpenedDb;
  fake: FakeLark;
  app: DubanApp;
  logs: string[];
  now: { value: Date };
  /**
   * Signs (and, with encrypt, encrypts) a body like Lark does and posts it to the webhook. The answer
   * to a card callback must pass the Card 2.0 gate (its card and toast), or the call throws.
   */
  post(body: object, opts?: { encrypt?: boolean; timestamp?: string }): Promise<Response>;
  /**
   * Cards the fake Lark refused since the harness started (or since last taken), taken out of the
   * record. close() fails on any left, so a test that expects a refusal takes it.
   */
  takeCardRejections(): CardRejection[];
  /**
   * Presses a button as a person would and waits until the bot is done: the HTTP answer, and the
   * card the person now sees — the clicked card replaced in place, a personal card (仅你可见) in a
   * group, a private message, or the clicked card updated later.
   */
  click(action: Parameters<typeof cardAction>[0]): Promise<Click>;
  importSeed(name: string, publish?: boolean, tenant?: string): Promise<number>;
  close(): Promise<void>;
}

export interface Click {
  answer: { toast?: { type: string; content: string }; card?: { type: string; data: unknown } };
  surface: 'replaced' | 'personal' | 'private' | 'updated' | 'none';
  card: unknown;
}

export async function startHarness(
  opts: { encryptKey?: string; adoptTenant?: string; keepEvidenceCopy?: boolean; parseNotice?: ParseNotice } = {},
): Promise<Harness> {
  const store = await openTestDb();
  const rejected: CardRejection[] = [];
  const fake = await startFakeLark({ onCardRejected: (r) => rejected.push(r) });
  const logs: string[] = [];
  const now = { value: new Date('2025-07-01T02:00:00Z') };
  const lark = createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
  const app = createApp({
    db: store.db,
    lark,
    config: {
      verificationToken: VERIFICATION_TOKEN,
      encryptKey: opts.encryptKey,
      officeOpenIds: [OFFICE_OPEN_ID],
      adoptTenant: opts.adoptTenant,
      keepEvidenceCopy: opts.keepEvidenceCopy,
    },
    now: () => now.value,
    log: (line) => logs.push(line),
    parseNotice: opts.parseNotice,
  });
  // Like the Node runtime's delivery loop, but on the harness clock and without waiting between
  // sends: idle() returns once the events are handled and everything due is sent.
  const handled = app.idle;
  app.idle = async () => {
    await handled();
    const deps = { db: store.db, lark, now: () => now.value, log: (line: string) => logs.push(line), sleep: async () => {} };
    for (let r = await deliverDue(deps, { perSecond: 1000, perReceiverPerSecond: 1000 }); r.sent + r.failed + r.retried > 0; ) {
      r = await deliverDue(deps, { perSecond: 1000, perReceiverPerSecond: 1000 });
    }
  };
  const harness: Harness = {
    store,
    fake,
    app,
    logs,
    now,
    async click(action) {
      const before = fake.sent().length;
      const res = await harness.post(cardAction(action), { encrypt: Boolean(opts.encryptKey) });
      const answer = (await res.json()) as Click['answer'];
      await app.idle();
      if (answer.card) return { answer, surface: 'replaced', card: answer.card.data };
      const after = fake.sent().slice(before);
      const personal = after.find((m) => m.kind === 'ephemeral' && m.openId === action.openId && m.chatId === action.chatId);
      if (personal) return { answer, surface: 'personal', card: personal.content };
      const updated = after.find((m) => m.kind === 'patch' && m.messageId === action.messageId);
      if (updated) return { answer, surface: 'updated', card: updated.content };
      const direct = after.find((m) => m.kind === 'send' && m.receiveIdType === 'open_id' && m.receiveId === action.openId);
      if (direct) return { answer, surface: 'private', card: direct.content };
      return { answer, surface: 'none', card: undefined };
    },
    async post(body, o = {}) {
      const req = signedRequest(body, {
        verificationToken: VERIFICATION_TOKEN,
        encryptKey: o.encrypt ? opts.encryptKey : undefined,
        timestamp: o.timestamp ?? String(Math.floor(now.value.getTime() / 1000)),
      });
      const res = await app.request('/lark/webhook', { method: 'POST', body: req.body, headers: req.headers });
      const isCallback = (body as { header?: { event_type?: unknown } }).header?.event_type === 'card.action.trigger';
      if (isCallback && res.ok) assertValidCallbackAnswer(await res.clone().json());
      return res;
    },
    takeCardRejections() {
      return rejected.splice(0);
    },
    async importSeed(name, publish = true, tenant = TEST_TENANT_KEY) {
      const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url)));
      const r = await importNotice(
        store.db,
        tenant,
        await parseNoticeFile(bytes, name),
        { hash: await sourceHash(bytes), name },
        { publish },
      );
      return r.noticeId;
    },
    async close() {
      await app.idle();
      await fake.close();
      await store.close();
      if (rejected.length) {
        throw new Error(
          `the fake Lark refused ${rejected.length} card(s) nobody expected:\n  ${rejected.map((r) => `${r.kind} ${r.code}: ${r.msg}`).join('\n  ')}`,
        );
      }
    },
  };
  return harness;
}

type Json = Record<string, unknown>;

/** Every node of a card's JSON, depth first. */
export function* walk(node: unknown): Generator<Json> {
  if (Array.isArray(node)) for (const n of node) yield* walk(n);
  else if (node && typeof node === 'object') {
    yield node as Json;
    for (const v of Object.values(node)) yield* walk(v);
  }
}

/** All text a person would read on the card (every locale). */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  for (const n of walk(card)) for (const k of ['content', 'zh_cn', 'en_us']) if (typeof n[k] === 'string') parts.push(n[k] as string);
  return parts.join('\n');
}

export function findByTag(card: unknown, tag: string, name?: string): Json | undefined {
  for (const n of walk(card)) if (n.tag === tag && (name === undefined || n.name === name)) return n;
  return undefined;
}

/** The value a card's button sends, found by its label (any locale). */
export function buttonValue(card: unknown, label: string): Record<string, unknown> {
  for (const n of walk(card))
    if (n.tag === 'button' && cardText(n.text).includes(label) && !n.disabled) {
      return (n.behaviors as { value: Record<string, unknown> }[])[0].value;
    }
  throw new Error(`no button ${label}`);
}
