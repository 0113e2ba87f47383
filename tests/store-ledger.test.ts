import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { openTestDb, engineName } from './support/db';
import type { OpenedDb } from '../src/store/db';
import { parseNoticeFile, parseNoticeText } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { departmentTasks, ledger, taskDetail } from '../src/store/ledger';
import { findDepartmentByName, listDepartments } from '../src/store/directory';
import { recordProgress } from '../src/store/progress';
import { pendingReturn, recordReviewDecision } from '../src/store/review';
import { memberNames, setMember } from '../src/store/members';
import { assignments, departments, notices, tasks } from '../src/store/schema';
import { shanghaiDate } from '../src/dates';

const NOW = new Date('2025-07-01T02:00:00Z');

async function importSeed(store: OpenedDb, tenant: string, name: string, publish = true) {
  const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/seeds/${name}`, import.meta.url)));
  const parsed = await parseNoticeFile(bytes, name);
  return importNotice(store.db, tenant, parsed, { hash: await sourceHash(bytes), name }, { publish });
}

describe(`the ledger store on ${engineName}`, () => {
  let store: OpenedDb;
  beforeAll(async () => {
    store = await openTestDb();
  });
  afterAll(async () => store?.close());

  it('imports a notice with its tasks, builds the directory and assigns every named unit', async () => {
    const r = await importSeed(store, 't-import', '002_1767bb79f9d560a4.txt');
    expect(r).toMatchObject({ created: true, status: 'published', taskCount: 56, docNumber: '济高新管办字〔2025〕8号' });
    const rows = await store.db.select().from(tasks).where(eq(tasks.noticeId, r.noticeId));
    expect(rows).toHaveLength(56);
    expect(rows.find((t) => t.seq === 1)).toMatchObject({
      deadlineText: '3月底前',
      dueOn: '2025-03-31',
      ongoing: false,
      lead: ['区党政办公室'],
    });

    const dir = await listDepartments(store.db, 't-import');
    const names = dir.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['区党政办公室', '区城乡建设和交通局', '区生态环境分局', '区党工委组织部（人力资源部）']));
    expect(names).not.toContain('区直各部门');
    expect(dir.find((d) => d.name === '区党政办公室')?.kind).toBe('office');
    expect(r.resolutions.filter((x) => x.outcome === 'group').map((x) => x.name)).toEqual(
      expect.arrayContaining(['区直各部门', '驻区各单位']),
    );
    // The notice names no single 街道, so "各街道" has no members yet: reported, not dropped.
    expect(r.resolutions).toContainEqual({ name: '各街道', outcome: 'unresolved' });
  });

  it('expands a group term to its member departments and marks where the assignment came from', async () => {
    const office = await findDepartmentByName(store.db, 't-import', '区党政办公室');
    const housing = await findDepartmentByName(store.db, 't-import', '区城乡建设和交通局');
    const [t1] = await store.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.tenantKey, 't-import'), eq(tasks.seq, 1)));
    const rows = await store.db.select().from(assignments).where(eq(assignments.taskId, t1.id));
    expect(rows.find((a) => a.departmentId === office!.id)).toMatchObject({ role: 'lead', viaGroup: null });
    expect(rows.find((a) => a.departmentId === housing!.id)).toMatchObject({ role: 'responsible', viaGroup: '区直各部门' });
  });

  it('imports the same file twice as one notice and writes nothing the second time', async () => {
    const before = await store.db.select().from(assignments).where(eq(assignments.tenantKey, 't-import'));
    const again = await importSeed(store, 't-import', '002_1767bb79f9d560a4.txt');
    expect(again.created).toBe(false);
    expect(again.taskCount).toBe(56);
    const after = await store.db.select().from(assignments).where(eq(assignments.tenantKey, 't-import'));
    expect(after).toHaveLength(before.length);
    const all = await store.db.select().from(notices).where(eq(notices.tenantKey, 't-import'));
    expect(all).toHaveLength(1);
  });

  it('keeps tenants apart', async () => {
    await importSeed(store, 't-other', '002_1767bb79f9d560a4.txt');
    const a = await store.db.select().from(departments).where(eq(departments.tenantKey, 't-import'));
    const b = await store.db.select().from(departments).where(eq(departments.tenantKey, 't-other'));
    expect(b.length).toBe(a.length);
    expect(new Set(b.map((d) => d.id)).size).toBe(b.length);
    expect(b.some((d) => a.some((x) => x.id === d.id))).toBe(false);
  });

  it('matches a later notice\'s "区财政局" spelled without its 区 prefix as an alias, not a new department', async () => {
    const text = '任务表\n\t工作任务\n\t责任单位\n\t完成时限\n\n\t一、预算公开\n\n\t做好预决算公开\n\t财政局\n\t6月底前\n\n';
    const first = parseNoticeText('2025年任务\n\t工作任务\n\t责任单位\n\n\t预算公开\n\t区财政局\n\n');
    await importNotice(store.db, 't-alias', first, { hash: 'a1', name: 'a.txt' });
    const second = parseNoticeText(text);
    const r = await importNotice(store.db, 't-alias', second, { hash: 'a2', name: 'b.txt' });
    expect(r.resolutions).toContainEqual({ name: '财政局', outcome: 'alias', department: '区财政局' });
    const dir = await listDepartments(store.db, 't-alias');
    expect(dir.map((d) => d.name)).toEqual(['区财政局']);
    expect(dir[0].aliases).toEqual(['财政局']);
  });

  it('reports a group term with no members as unresolved and keeps it on the task', async () => {
    const parsed = parseNoticeText('2025年要点\n\t工作任务\n\t责任单位\n\n\t做好公开\n\t各科室\n\n');
    const r = await importNotice(store.db, 't-unresolved', parsed, { hash: 'u1', name: 'u.txt' });
    expect(r.resolutions).toEqual([{ name: '各科室', outcome: 'unresolved' }]);
    const [t] = await store.db.select().from(tasks).where(eq(tasks.noticeId, r.noticeId));
    expect(t.responsible).toEqual(['各科室']);
  });

  it("lists a department's published tasks overdue first, with its role on each", async () => {
    const dept = (await findDepartmentByName(store.db, 't-import', '区党政办公室'))!;
    const items = await departmentTasks(store.db, 't-import', dept.id, { filter: 'all', today: shanghaiDate(NOW) });
    expect(items.length).toBeGreaterThan(10);
    expect(items[0]).toMatchObject({ seq: 1, dueOn: '2025-03-31', role: 'lead', status: 'not_started' });
    const overdue = await departmentTasks(store.db, 't-import', dept.id, { filter: 'overdue', today: shanghaiDate(NOW) });
    expect(overdue.map((t) => t.dueOn)).toEqual(['2025-03-31']);
    const month = await departmentTasks(store.db, 't-import', dept.id, {
      filter: 'month',
      today: shanghaiDate(new Date('2025-10-05T02:00:00Z')),
    });
    expect(month.length).toBeGreaterThan(0);
    expect(month.every((t) => t.dueOn?.startsWith('2025-10'))).toBe(true);
  });

  it('does not show draft notices to departments', async () => {
    const r = await importSeed(store, 't-draft', '004_8f567bc9b8b33b76.txt', false);
    expect(r.status).toBe('draft');
    const dept = (await findDepartmentByName(store.db, 't-draft', '县财政局'))!;
    expect(await departmentTasks(store.db, 't-draft', dept.id, { filter: 'all', today: shanghaiDate(NOW) })).toEqual([]);
    const published = await importSeed(store, 't-draft', '004_8f567bc9b8b33b76.txt', true);
    expect(published).toMatchObject({ created: false, status: 'published', noticeId: r.noticeId });
    expect((await departmentTasks(store.db, 't-draft', dept.id, { filter: 'all', today: shanghaiDate(NOW) })).length).toBeGreaterThan(0);
  });

  it('writes a progress report and the new status together, and refuses a stale form', async () => {
    const dept = (await findDepartmentByName(store.db, 't-import', '区党政办公室'))!;
    const [item] = await departmentTasks(store.db, 't-import', dept.id, { filter: 'all', today: shanghaiDate(NOW) });
    const base = {
      tenantKey: 't-import',
      assignmentId: item.assignmentId,
      departmentId: dept.id,
      reporterOpenId: 'ou_a',
      evidenceUrl: null,
    };
    const ok = await recordProgress(store.db, { ...base, version: item.version, status: 'in_progress', text: '已梳理目录初稿' });
    expect(ok).toMatchObject({ ok: true, status: 'in_progress', version: item.version + 1 });
    const stale = await recordProgress(store.db, { ...base, version: item.version, status: 'done', text: '已完成' });
    expect(stale).toEqual({ ok: false, reason: 'stale', currentVersion: item.version + 1 });

    const detail = (await taskDetail(store.db, 't-import', item.taskId))!;
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0]).toMatchObject({ text: '已梳理目录初稿', status: 'in_progress', department: '区党政办公室' });
    const rows = await ledger(store.db, 't-import', { departmentId: dept.id });
    expect(rows.find((r) => r.taskId === item.taskId)).toMatchObject({ status: 'in_progress', lastProgress: { text: '已梳理目录初稿' } });
  });

  it("refuses a report on another department's share", async () => {
    const office = (await findDepartmentByName(store.db, 't-import', '区党政办公室'))!;
    const other = (await findDepartmentByName(store.db, 't-import', '区城乡建设和交通局'))!;
    const [item] = await departmentTasks(store.db, 't-import', office.id, { filter: 'all', today: shanghaiDate(NOW) });
    const r = await recordProgress(store.db, {
      tenantKey: 't-import',
      assignmentId: item.assignmentId,
      version: item.version,
      departmentId: other.id,
      reporterOpenId: 'ou_b',
      status: 'done',
      text: '冒名汇报',
      evidenceUrl: null,
    });
    expect(r).toEqual({ ok: false, reason: 'forbidden' });
  });

  it("keeps the office's 退回 out of a department's last progress, and tells the form about it until the department reports again", async () => {
    const dept = (await findDepartmentByName(store.db, 't-import', '区城乡建设和交通局'))!;
    const [item] = await departmentTasks(store.db, 't-import', dept.id, { filter: 'open', today: shanghaiDate(NOW) });
    const reported = await recordProgress(store.db, {
      tenantKey: 't-import',
      assignmentId: item.assignmentId,
      version: item.version,
      departmentId: dept.id,
      reporterOpenId: 'ou_coord',
      status: 'done',
      text: '专栏已上线',
      evidenceUrl: 'https://www.example.gov.cn/zl',
      now: new Date('2025-07-01T02:00:00Z'),
    });
    if (!reported.ok) throw new Error(reported.reason);
    expect(await pendingReturn(store.db, 't-import', item.assignmentId)).toBeNull();
    const decided = await recordReviewDecision(
      store.db,
      {
        tenantKey: 't-import',
        assignmentId: item.assignmentId,
        version: reported.version,
        decision: 'return',
        status: 'in_progress',
        text: '链接打不开',
        officeOpenId: 'ou_office',
        now: new Date('2025-07-02T02:00:00Z'),
      },
      () => [],
    );
    expect(decided.ok).toBe(true);

    const [after] = (await departmentTasks(store.db, 't-import', dept.id, { filter: 'all', today: shanghaiDate(NOW) })).filter(
      (t) => t.assignmentId === item.assignmentId,
    );
    expect(after.status).toBe('in_progress');
    expect(after.lastProgress).toMatchObject({
      text: '专栏已上线',
      evidenceUrl: 'https://www.example.gov.cn/zl',
      status: 'done',
      reporterOpenId: 'ou_coord',
    });
    expect(await pendingReturn(store.db, 't-import', item.assignmentId)).toEqual({ reason: '链接打不开', at: '2025-07-02T02:00:00.000Z' });
    const detail = (await taskDetail(store.db, 't-import', item.taskId))!;
    expect(detail.history.filter((h) => h.department === dept.name).map((h) => [h.kind, h.reporterOpenId])).toEqual([
      ['return', 'ou_office'],
      ['report', 'ou_coord'],
    ]);

    // Reported again: the return is answered, the form shows no reason any more.
    await recordProgress(store.db, {
      tenantKey: 't-import',
      assignmentId: item.assignmentId,
      version: after.version,
      departmentId: dept.id,
      reporterOpenId: 'ou_coord',
      status: 'in_progress',
      text: '已更新链接',
      evidenceUrl: null,
      now: new Date('2025-07-03T02:00:00Z'),
    });
    expect(await pendingReturn(store.db, 't-import', item.assignmentId)).toBeNull();
  });

  it('gives the names the office stored with roles, leaving out people without one', async () => {
    await setMember(store.db, { tenantKey: 't-import', openId: 'ou_named', role: 'coordinator', name: '张晓明' });
    await setMember(store.db, { tenantKey: 't-import', openId: 'ou_blank', role: 'leader', name: '  ' });
    await setMember(store.db, { tenantKey: 't-other', openId: 'ou_elsewhere', role: 'leader', name: '别处' });
    const names = await memberNames(store.db, 't-import', ['ou_named', 'ou_blank', 'ou_elsewhere', 'ou_none']);
    expect(Object.fromEntries(names)).toEqual({ ou_named: '张晓明' });
    expect((await memberNames(store.db, 't-import', [])).size).toBe(0);
  });
});
