import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { cardText, OFFICE_OPEN_ID, startHarness, type Harness } from './support/bot-harness';
import { bigNotice } from './support/big-notice';
import { engineName } from './support/db';
import { fileMessageEvent, messageEvent, TEST_TENANT_KEY } from '../playground/lark/lark-payloads';
import { NoticeError, type ParseNotice } from '../src/notice/parse';
import { startParseThread, type ParseThread } from '../src/parse-thread';
import { findDepartmentByName } from '../src/store/directory';
import { setMember } from '../src/store/members';
import { outbox } from '../src/store/schema';

const COORD = 'ou_coord_thread';

// The Node server parses notice files on a worker thread (src/node.ts). Parsed inline, a file of
// 10,000 rows holds the event loop for seconds, and every other chat waits for it.
describe(`a large notice parsed beside other chats, on ${engineName}`, { timeout: 120_000 }, () => {
  let h: Harness;
  let thread: ParseThread;
  const parse = { started: false, ended: false };
  beforeAll(async () => {
    thread = startParseThread();
    const parseNotice: ParseNotice = async (...args) => {
      parse.started = true;
      try {
        return await thread.parse(...args);
      } finally {
        parse.ended = true;
      }
    };
    h = await startHarness({ parseNotice });
    await h.importSeed('002_1767bb79f9d560a4.txt');
    const dept = await findDepartmentByName(h.store.db, TEST_TENANT_KEY, '区生态环境分局');
    await setMember(h.store.db, { tenantKey: TEST_TENANT_KEY, openId: COORD, role: 'coordinator', departmentId: dept!.id, name: '赵六' });
  });
  afterAll(async () => {
    await h?.close();
    await thread?.close();
  });

  it('answers "我的任务" in another chat while a 10,000-row notice is being parsed, then previews the notice', async () => {
    h.fake.resources.set('om_big/file_big', new TextEncoder().encode(bigNotice(10_000)));
    await h.post(
      fileMessageEvent({
        chatType: 'p2p',
        chatId: 'oc_office_p2p',
        openId: OFFICE_OPEN_ID,
        messageId: 'om_big',
        fileKey: 'file_big',
        fileName: '分解表.txt',
      }),
    );
    while (!parse.started) await new Promise((r) => setTimeout(r, 10));
    await h.post(messageEvent({ text: '我的任务', chatType: 'p2p', chatId: 'oc_p2p_coord', openId: COORD, messageId: 'om_my_tasks' }));

    // The answer is queued for sending while the parse is still running.
    const answered = () =>
      h.store.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, 'reply'), eq(outbox.receiveId, 'oc_p2p_coord')));
    while (!(await answered()).length && !parse.ended) await new Promise((r) => setTimeout(r, 20));
    expect(parse.ended).toBe(false);

    await h.app.idle();
    const replies = h.fake.sent().filter((m) => m.kind === 'reply');
    expect(cardText(replies.find((m) => m.replyTo === 'om_my_tasks')?.content)).toContain('区生态环境分局');
    const preview = replies.find((m) => m.replyTo === 'om_big');
    expect(cardText(preview?.content)).toContain('2025年政务公开工作任务分解表');
    expect(cardText(preview?.content)).toContain('10000');
  });
});

describe('the parse thread', { timeout: 60_000 }, () => {
  it('refuses bad input with the same NoticeError as inline parsing, and starts again after it was closed', async () => {
    const thread = startParseThread();
    try {
      const blank = new TextEncoder().encode('\u200b\u200b\n');
      const refused = await thread.parse(blank, 'blank.txt').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(NoticeError);
      expect((refused as Error).message).toContain('文件只有看不见的字符');
      await thread.close();
      const parsed = await thread.parse(new TextEncoder().encode(bigNotice(3)), 'small.txt');
      expect(parsed.tasks.map((t) => t.requirement)).toEqual([
        '第1项任务的具体要求，按期公开。',
        '第2项任务的具体要求，按期公开。',
        '第3项任务的具体要求，按期公开。',
      ]);
    } finally {
      await thread.close();
    }
  });
});
