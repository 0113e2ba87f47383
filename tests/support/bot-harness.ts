// The real app, the real store and the real Lark client, pointed at the fake Lark platform:
// tests post signed, real-format payloads through app.request() and read what the bot sent.
import { readFileSync } from 'node:fs';
import { openTestDb } from './db';
import { startFakeLark, type CardRejection, type FakeLark } from '../../playground/lark/fake-lark';
import { assertValidCallbackAnswer } from '../../playground/lark/card-schema';
import { signedRequest, TEST_TENANT_KEY } from '../../playground/lark/lark-payloads';
import { createApp, type DubanApp } from '../../src/app';
import { createLarkApi } from '../../src/lark/api';
import { parseNoticeFile } from '../../src/notice/parse';
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
  importSeed(name: string, publish?: boolean, tenant?: string): Promise<number>;
  close(): Promise<void>;
}

export async function startHarness(opts: { encryptKey?: string } = {}): Promise<Harness> {
  const store = await openTestDb();
  const rejected: CardRejection[] = [];
  const fake = await startFakeLark({ onCardRejected: (r) => rejected.push(r) });
  const logs: string[] = [];
  const now = { value: new Date('2025-07-01T02:00:00Z') };
  const app = createApp({
    db: store.db,
    lark: createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }),
    config: { verificationToken: VERIFICATION_TOKEN, encryptKey: opts.encryptKey, officeOpenIds: [OFFICE_OPEN_ID] },
    now: () => now.value,
    log: (line) => logs.push(line),
  });
  return {
    store,
    fake,
    app,
    logs,
    now,
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
