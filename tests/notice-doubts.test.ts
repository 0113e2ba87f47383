// What the preview says about rows Duban is not sure of, the year it had to assume, and the
// leaders it keeps apart from units: from real fixtures, through the real import and cards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, asc, eq } from 'drizzle-orm';
import { engineName, openTestDb } from './support/db';
import { cardText } from './support/bot-harness';
import { gated } from '../playground/lark/card-schema';
import { commandContext } from './support/context';
import type { OpenedDb } from '../src/store/db';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { assignments, departments, notices, tasks } from '../src/store/schema';
import { noticePreview } from '../src/publish';
import { noticePreviewCard as renderPreview } from '../cards/notice-preview';
import { taskReply } from '../commands/task';
import { clockAt } from '../src/dates';

const noticePreviewCard = gated(renderPreview);
const TENANT = 't-doubts';
const NOW = new Date('2026-03-15T01:00:00Z');
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/formats/${name}`, import.meta.url)));

async function importFixture(store: OpenedDb, name: string, tenant: string, publish = false) {
  const bytes = fixture(name);
  const parsed = await parseNoticeFile(bytes, name, { today: NOW });
  return importNotice(store.db, tenant, parsed, { hash: await sourceHash(bytes), name }, { publish });
}

describe(`the preview of rows Duban is unsure of, on ${engineName}`, () => {
  let store: OpenedDb;
  let countyId: number;
  beforeAll(async () => {
    store = await openTestDb();
    countyId = (await importFixture(store, 'county.docx', TENANT, true)).noticeId;
  });
  afterAll(async () => store?.close());

  it('stores leaders and doubts on the task, never leaders as units', async () => {
    const rows = await store.db.select().from(tasks).where(eq(tasks.noticeId, countyId)).orderBy(asc(tasks.seq));
    expect(rows.map((t) => t.leaders)).toEqual([['张伟'], ['张伟', '李娜'], ['王强'], ['王强'], ['刘洋']]);
    expect(rows.map((t) => t.doubts.map((d) => d.code))).toEqual([[], [], [], ['deadline-unreadable'], ['two-tasks']]);
    const names = (await store.db.select({ name: departments.name }).from(departments).where(eq(departments.tenantKey, TENANT))).map(
      (d) => d.name,
    );
    for (const leader of ['张伟', '李娜', '王强', '刘洋']) expect(names).not.toContain(leader);
  });

  it('lists each doubtful row with its reasons, the unresolved unit included, and counts them in the header', async () => {
    const view = (await noticePreview(store.db, TENANT, countyId))!;
    expect(view.doubtfulCount).toBe(3);
    expect(view.doubtful.map((d) => [d.seq, d.reasons.map((r) => r.zh_cn)])).toEqual([
      [2, ['单位“各街道”无法识别']],
      [4, ['无法识别完成时限“根据上级安排”']],
      [5, ['内容像是两项任务，请核对是否需要拆分']],
    ]);
    expect(view.assumedYear).toBeNull();
    const card = noticePreviewCard(view, { locale: 'zh_cn', clock: clockAt(NOW) });
    const tags = (card.header.text_tag_list as { text: { content: string } }[]).map((t) => t.text.content);
    expect(tags).toEqual(['已发布', '需核对 3']);
    const text = cardText(card);
    expect(text).toContain('**3** 项任务可能识别有误');
    expect(text).toContain('需核对的任务（3）');
    expect(text).toContain("- **2.** 及时回应社会关切，做好政务舆情处置。：<font color='orange'>单位“各街道”无法识别</font>");
    expect(text).toContain("- **4.** 公开政府债务限额、余额等信息。：<font color='orange'>无法识别完成时限“根据上级安排”</font>");
    expect(text).toContain(
      "- **5.** 公开重大建设项目批准和实施信息。1.公开项目审…：<font color='orange'>内容像是两项任务，请核对是否需要拆分</font>",
    );
    expect(text).toContain(`修改台账 ${countyId}`);
  });

  it('says when the year was assumed from the import date, instead of a plain warning', async () => {
    const r = await importFixture(store, 'no-year.docx', TENANT);
    const [n] = await store.db.select().from(notices).where(eq(notices.id, r.noticeId));
    expect([n.year, n.yearSource]).toEqual([2026, 'import-date']);
    const due = await store.db.select({ due: tasks.dueOn }).from(tasks).where(eq(tasks.noticeId, r.noticeId)).orderBy(asc(tasks.seq));
    expect(due.map((d) => d.due)).toEqual(['2026-06-30', '2026-09-30']);
    const view = (await noticePreview(store.db, TENANT, r.noticeId))!;
    expect(view.assumedYear).toBe(2026);
    expect(view.warnings.some((w) => w.includes('全文未写明年度'))).toBe(false);
    const text = cardText(noticePreviewCard(view, { locale: 'zh_cn', clock: clockAt(NOW) }));
    expect(text).toContain('通知全文未写明年度，完成时限按导入日期推定为 **2026** 年，请核对。');
    expect(text).toContain('deadlines were read as **2026**, the year of the import');
  });

  it('shows the leaders on the task detail card', async () => {
    const [t] = await store.db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.noticeId, countyId), eq(tasks.seq, 2)));
    const anyAssignment = await store.db.select().from(assignments).where(eq(assignments.taskId, t.id));
    expect(anyAssignment.length).toBeGreaterThan(0);
    const ctx = commandContext({
      db: store.db,
      tenantKey: TENANT,
      now: NOW,
      sender: { openId: 'ou_x', role: null, department: null, via: null },
    });
    const reply = await taskReply(ctx, t.id);
    const text = cardText(reply.card);
    expect(text).toContain('**责任领导**：张伟、李娜');
    expect(text).toContain('**Leaders**: 张伟、李娜');
  });
});
