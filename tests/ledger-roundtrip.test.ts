// The 台账 round-trip, from the real export to the stored rows: a notice's ledger is exported with
// buildLedgerXlsx, edited with exceljs the way a person edits it in Excel or WPS, read back, shown
// as changes and applied. Every test asserts the rows, and that reports and reviews survive.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as XLSX from '@e965/xlsx';
import { engineName, openTestDb } from './support/db';
import { deleteRow, insertRowAfter, openLedger, rowOf, saveLedger, setCell, taskSheet } from './support/ledger-workbook';
import { gated } from '../playground/lark/card-schema';
import { cardText } from './support/bot-harness';
import type { OpenedDb } from '../src/store/db';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { assignments, departments, notices, outbox, progressReports, tasks } from '../src/store/schema';
import { loadLedgerExport } from '../src/store/ledger-export';
import { buildLedgerXlsx } from '../src/export/ledger-xlsx';
import { ledgerKey } from '../src/export/ledger-format';
import { LedgerFileError, applyLedgerEdit, previewLedgerEdit, readLedgerEdit } from '../src/ledger-edit';
import { recordProgress } from '../src/store/progress';
import { recordReviewDecision } from '../src/store/review';
import { requestBinding } from '../src/store/bindings';
import { ledgerEditCard as renderEditCard } from '../cards/ledger-edit';
import { clockAt } from '../src/dates';

const ledgerEditCard = gated(renderEditCard);
const NOW = new Date('2024-05-06T02:00:00Z');
const ctx = { locale: 'zh_cn' as const, clock: clockAt(NOW) };

/**
 * county.docx (tests/fixtures/formats): five tasks of 2024 with leaders, as the parser reads them:
 * 1 区发改局 / 区财政局 (张伟), 2 区委宣传部、区网信办 / 各街道 (张伟、李娜), 3 区财政局 / 区审计局、区直各部门
 * (王强, 8月31日前), 4 区财政局 (王强, 根据上级安排), 5 区发改局 / 区住建局、区交通运输局 (刘洋, 第三季度).
 */
const COUNTY = 'county.docx';

interface Fixture {
  noticeId: number;
  /** Task id by 序号 at import. */
  task: Record<number, number>;
}

async function importCounty(store: OpenedDb, tenant: string): Promise<Fixture> {
  const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/formats/${COUNTY}`, import.meta.url)));
  const r = await importNotice(
    store.db,
    tenant,
    await parseNoticeFile(bytes, COUNTY),
    { hash: `${await sourceHash(bytes)}-${tenant}`, name: COUNTY },
    { publish: true },
  );
  const rows = await store.db.select({ id: tasks.id, seq: tasks.seq }).from(tasks).where(eq(tasks.noticeId, r.noticeId));
  return { noticeId: r.noticeId, task: Object.fromEntries(rows.map((t) => [t.seq, t.id])) };
}

async function exportLedger(store: OpenedDb, tenant: string, noticeId: number): Promise<Uint8Array> {
  return buildLedgerXlsx({ notices: await loadLedgerExport(store.db, tenant, { noticeId }), generatedAt: NOW });
}

async function departmentId(store: OpenedDb, tenant: string, name: string): Promise<number> {
  const [d] = await store.db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.tenantKey, tenant), eq(departments.name, name)));
  return d.id;
}

async function assignmentOf(store: OpenedDb, tenant: string, taskId: number, name: string) {
  const [a] = await store.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.taskId, taskId), eq(assignments.departmentId, await departmentId(store, tenant, name))));
  return a;
}

async function report(store: OpenedDb, tenant: string, taskId: number, name: string, status: 'in_progress' | 'done', text: string) {
  const a = await assignmentOf(store, tenant, taskId, name);
  const r = await recordProgress(store.db, {
    tenantKey: tenant,
    assignmentId: a.id,
    version: a.version,
    departmentId: a.departmentId,
    reporterOpenId: 'ou_coordinator',
    status,
    text,
    evidenceUrl: null,
    now: NOW,
  });
  expect(r.ok).toBe(true);
  return a.id;
}

/** The notice's tasks as rows: 序号, requirement, deadline, leaders, and each department with its role. */
async function ledgerRows(store: OpenedDb, noticeId: number) {
  const ts = await store.db.select().from(tasks).where(eq(tasks.noticeId, noticeId)).orderBy(asc(tasks.seq));
  const as = ts.length
    ? await store.db
        .select({ taskId: assignments.taskId, name: departments.name, role: assignments.role })
        .from(assignments)
        .innerJoin(departments, eq(departments.id, assignments.departmentId))
        .where(
          inArray(
            assignments.taskId,
            ts.map((t) => t.id),
          ),
        )
    : [];
  return ts.map((t) => ({
    id: t.id,
    seq: t.seq,
    requirement: t.requirement,
    deadline: [t.deadlineText, t.dueOn],
    leaders: t.leaders,
    units: as
      .filter((a) => a.taskId === t.id)
      .map((a) => `${a.role === 'lead' ? '牵头' : '参与'}:${a.name}`)
      .sort(),
  }));
}

async function reportsOf(store: OpenedDb, assignmentId: number) {
  return store.db
    .select({ kind: progressReports.kind, status: progressReports.status, text: progressReports.text })
    .from(progressReports)
    .where(eq(progressReports.assignmentId, assignmentId))
    .orderBy(asc(progressReports.id));
}

async function read(bytes: Uint8Array, name = 'edited.xlsx') {
  const returned = await readLedgerEdit(bytes, name);
  if (!returned) throw new Error('not recognised as a returned ledger');
  return returned;
}

async function refusalOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerFileError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe(`the 台账 round-trip on ${engineName}`, () => {
  let store: OpenedDb;
  beforeAll(async () => {
    store = await openTestDb();
  });
  afterAll(async () => store?.close());

  describe('an office edits its published ledger in Excel and sends it back', () => {
    const T = 't-roundtrip';
    let f: Fixture;
    let edited: Uint8Array;
    let reported: { planning: number; audit: number; housing: number };

    beforeAll(async () => {
      f = await importCounty(store, T);
      // Progress on three tasks; the audit bureau's 已完成 is confirmed by the office (办结).
      reported = {
        planning: await report(store, T, f.task[1], '区发改局', 'in_progress', '已起草解读材料'),
        audit: await report(store, T, f.task[3], '区审计局', 'done', '已完成预算审计公开'),
        housing: await report(store, T, f.task[5], '区住建局', 'in_progress', '已公开审批结果'),
      };
      const audit = await store.db.select().from(assignments).where(eq(assignments.id, reported.audit));
      const decided = await recordReviewDecision(
        store.db,
        {
          tenantKey: T,
          assignmentId: reported.audit,
          version: audit[0].version,
          decision: 'confirm',
          status: 'closed',
          text: '同意办结',
          officeOpenId: 'ou_office',
          now: NOW,
        },
        () => [],
      );
      expect(decided.ok).toBe(true);
      // A department the notice does not name yet, with a bound group to tell.
      const [justice] = await store.db
        .insert(departments)
        .values({ tenantKey: T, name: '区司法局', kind: 'department', sortOrder: 99 })
        .returning();
      await requestBinding(store.db, {
        tenantKey: T,
        chatId: 'oc_justice',
        departmentId: justice.id,
        requestedBy: 'ou_office',
        active: true,
      });

      const wb = await openLedger(await exportLedger(store, T, f.noticeId));
      const ws = taskSheet(wb);
      setCell(ws, 1, '具体要求', '围绕重大政策文件，同步起草解读材料，做到应解读尽解读，并在政府网站集中发布。');
      setCell(ws, 1, '责任单位', '区财政局、区司法局');
      setCell(ws, 3, '完成时限', '9月30日前');
      setCell(ws, 5, '责任单位', '—');
      setCell(ws, 5, '责任领导', '刘洋、陈静');
      deleteRow(ws, 4);
      insertRowAfter(ws, 2, { 具体要求: '公开政务舆情回应情况。', 牵头部门: '区网信办', 责任领导: '赵敏', 完成时限: '10月底前' });
      edited = await saveLedger(wb);
    });

    it('recognises the file as an edit of the stored notice, not as a new notice', async () => {
      const returned = await read(edited);
      expect(returned.noticeId).toBe(f.noticeId);
      expect(returned.rows.map((r) => [r.row, r.taskId])).toEqual([
        [4, f.task[1]],
        [5, f.task[2]],
        [6, null],
        [7, f.task[3]],
        [8, f.task[5]],
      ]);
      expect(returned.snapshot?.map((s) => s.taskId)).toEqual([1, 2, 3, 4, 5].map((s) => f.task[s]));
    });

    it('shows every change without writing anything', async () => {
      const before = await ledgerRows(store, f.noticeId);
      const { view } = await previewLedgerEdit(store.db, { tenantKey: T, returned: await read(edited), sourceName: 'edited.xlsx' });
      expect(await ledgerRows(store, f.noticeId)).toEqual(before);
      expect(view.counts).toEqual({
        added: 1,
        removed: 1,
        edited: 3,
        unitsAdded: 1,
        unitsRemoved: 1,
        deadlinesMoved: 1,
        leadersChanged: 1,
        refused: 1,
      });
      expect(
        view.changes.map((c) => [
          c.kind,
          c.seq,
          c.oldSeq,
          c.fields.map((x) => `${x.field}:${x.from}→${x.to}`),
          c.unitsAdded,
          c.unitsRemoved,
          c.unitsKept,
        ]),
      ).toEqual([
        [
          'edited',
          1,
          1,
          [
            'requirement:围绕重大政策文件，同步起草解读材料，做到应解读尽解读。→围绕重大政策文件，同步起草解读材料，做到应解读尽解读，并在政府网站集中发布。',
            'responsible:区财政局→区财政局、区司法局',
          ],
          ['区司法局'],
          [],
          [],
        ],
        [
          'added',
          3,
          null,
          ['section:→一、加强政策解读 › （一）做好政策解读', 'leaders:→赵敏', 'deadline:→10月底前（2024-10-31）'],
          ['区网信办'],
          [],
          [],
        ],
        ['edited', 4, 3, ['deadline:8月31日前（2024-08-31）→9月30日前（2024-09-30）'], [], [], []],
        ['removed', 4, 4, [], [], ['区财政局'], []],
        ['edited', 5, 5, ['responsible:区住建局、区交通运输局→—', 'leaders:刘洋→刘洋、陈静'], [], ['区交通运输局'], ['区住建局']],
      ]);
      expect(view.renumbered).toBe(1);
      expect(view.newDepartments).toEqual(['区司法局']);
      const text = cardText(ledgerEditCard({ ...view, editId: 1 }, ctx));
      expect(text).toContain('新增任务 **1** 项，删除任务 **1** 项，修改任务 **3** 项');
      expect(text).toContain('区住建局 已汇报进展，不移除');
      expect(text).toContain('确认后将向其发送本通知');
    });

    it('applies on 确认 in one go: rows, order, units and leaders as the file says, every report and review kept', async () => {
      const kept = {
        planning: await reportsOf(store, reported.planning),
        audit: await reportsOf(store, reported.audit),
        housing: await reportsOf(store, reported.housing),
      };
      const returned = await read(edited);
      const { digest } = await previewLedgerEdit(store.db, { tenantKey: T, returned, sourceName: 'edited.xlsx' });
      const r = await applyLedgerEdit(store.db, { tenantKey: T, returned, sourceName: 'edited.xlsx', now: NOW, expect: digest });
      expect(r.status).toBe('applied');

      const rows = await ledgerRows(store, f.noticeId);
      expect(rows.map(({ id: _id, ...r }) => r)).toEqual([
        {
          seq: 1,
          requirement: '围绕重大政策文件，同步起草解读材料，做到应解读尽解读，并在政府网站集中发布。',
          deadline: ['2024年6月底前', '2024-06-30'],
          leaders: ['张伟'],
          units: ['参与:区司法局', '参与:区财政局', '牵头:区发改局'],
        },
        {
          seq: 2,
          requirement: '及时回应社会关切，做好政务舆情处置。',
          deadline: ['长期坚持', null],
          leaders: ['张伟', '李娜'],
          units: ['牵头:区委宣传部', '牵头:区网信办'],
        },
        {
          seq: 3,
          requirement: '公开政务舆情回应情况。',
          deadline: ['10月底前', '2024-10-31'],
          leaders: ['赵敏'],
          units: ['牵头:区网信办'],
        },
        {
          seq: 4,
          requirement: '按时公开部门预算、决算，细化到功能分类项级科目。',
          deadline: ['9月30日前', '2024-09-30'],
          leaders: ['王强'],
          // 区直各部门 as it was expanded at import; the file did not touch this task's units.
          units: [
            '参与:区交通运输局',
            '参与:区住建局',
            '参与:区发改局',
            '参与:区委宣传部',
            '参与:区审计局',
            '参与:区网信办',
            '牵头:区财政局',
          ],
        },
        {
          seq: 5,
          requirement: '公开重大建设项目批准和实施信息。1.公开项目审批结果；2.公开招标投标信息。',
          deadline: ['第三季度', '2024-09-30'],
          leaders: ['刘洋', '陈静'],
          units: ['参与:区住建局', '牵头:区发改局'],
        },
      ]);
      expect(rows[4].id).toBe(f.task[5]);
      expect(rows.map((r) => r.id)).toEqual([f.task[1], f.task[2], rows[2].id, f.task[3], f.task[5]]);
      expect(await store.db.select().from(tasks).where(eq(tasks.id, f.task[4]))).toEqual([]);

      expect(await reportsOf(store, reported.planning)).toEqual(kept.planning);
      expect(await reportsOf(store, reported.audit)).toEqual(kept.audit);
      expect(await reportsOf(store, reported.housing)).toEqual(kept.housing);
      const [audit] = await store.db.select().from(assignments).where(eq(assignments.id, reported.audit));
      expect([audit.taskId, audit.status]).toEqual([f.task[3], 'closed']);
      expect((await store.db.select().from(assignments).where(eq(assignments.id, reported.planning)))[0].status).toBe('in_progress');

      // The new department of a published notice is told, through the publishing catch-up.
      expect(r.status === 'applied' && r.view.delivery).toEqual({ notified: 1, unreachable: [] });
      const sent = await store.db
        .select({ receiveId: outbox.receiveId, kind: outbox.kind })
        .from(outbox)
        .where(and(eq(outbox.tenantKey, T), eq(outbox.noticeId, f.noticeId)));
      expect(sent.filter((o) => o.receiveId === 'oc_justice')).toEqual([{ receiveId: 'oc_justice', kind: 'publish' }]);
    });

    it('changes nothing when the same file comes back again', async () => {
      const before = await ledgerRows(store, f.noticeId);
      const returned = await read(edited);
      const { view } = await previewLedgerEdit(store.db, { tenantKey: T, returned, sourceName: 'edited.xlsx' });
      expect(view.counts).toMatchObject({ added: 0, removed: 0, edited: 0 });
      // The added row has no key: its requirement ties it to the task the first apply created.
      expect(view.changes.filter((c) => c.kind !== 'kept')).toEqual([]);
      expect(await ledgerRows(store, f.noticeId)).toEqual(before);
    });

    it('keeps a change made in Duban since the export when an old copy comes back', async () => {
      // A fresh export, edited twice: the first copy moves task 2's deadline; the second, made from
      // the same export, edits only task 1 and must not move the deadline back.
      const base = await exportLedger(store, T, f.noticeId);
      const first = await openLedger(base);
      setCell(taskSheet(first), 2, '完成时限', '11月底前');
      const one = await read(await saveLedger(first));
      expect((await applyLedgerEdit(store.db, { tenantKey: T, returned: one, sourceName: 'a.xlsx', now: NOW })).status).toBe('applied');

      const second = await openLedger(base);
      setCell(taskSheet(second), 1, '责任领导', '张伟、李娜');
      setCell(taskSheet(second), 2, '完成时限', '12月底前');
      const two = await read(await saveLedger(second));
      const { view } = await previewLedgerEdit(store.db, { tenantKey: T, returned: two, sourceName: 'b.xlsx' });
      expect(view.changes.map((c) => [c.seq, c.fields.map((x) => x.field), c.conflicts])).toEqual([
        [1, ['leaders'], []],
        [2, [], ['deadline']],
      ]);
      await applyLedgerEdit(store.db, { tenantKey: T, returned: two, sourceName: 'b.xlsx', now: NOW });
      const rows = await ledgerRows(store, f.noticeId);
      expect([rows[0].leaders, rows[1].deadline]).toEqual([
        ['张伟', '李娜'],
        ['11月底前', '2024-11-30'],
      ]);
    });

    it('refuses to apply changes that are no longer the ones shown', async () => {
      const wb = await openLedger(await exportLedger(store, T, f.noticeId));
      setCell(taskSheet(wb), 1, '责任单位', '区司法局');
      const returned = await read(await saveLedger(wb));
      const shown = await previewLedgerEdit(store.db, { tenantKey: T, returned, sourceName: 'c.xlsx' });
      expect(shown.view.changes[0].unitsRemoved).toEqual(['区财政局']);
      // Before 确认, the finance bureau reports on task 1: it can no longer be taken off.
      const finance = await report(store, T, f.task[1], '区财政局', 'in_progress', '已配合起草');
      const r = await applyLedgerEdit(store.db, { tenantKey: T, returned, sourceName: 'c.xlsx', now: NOW, expect: shown.digest });
      expect(r.status).toBe('changed');
      expect(r.status === 'changed' && r.view.changes[0]).toMatchObject({ unitsRemoved: [], unitsKept: ['区财政局'] });
      expect((await store.db.select().from(assignments).where(eq(assignments.id, finance))).length).toBe(1);
    });
  });

  describe('what Excel and WPS do to the file', () => {
    const T = 't-roundtrip-formats';
    let f: Fixture;
    beforeAll(async () => {
      f = await importCounty(store, T);
    });

    it('reads the ledger saved as .xls or WPS .et (binary), and as .csv without the hidden sheet', async () => {
      const wb = await openLedger(await exportLedger(store, T, f.noticeId));
      setCell(taskSheet(wb), 2, '完成时限', '9月底前');
      const xlsx = await saveLedger(wb);
      const book = XLSX.read(xlsx, { type: 'array' });
      const xls = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'biff8' }));
      const csv = new TextEncoder().encode(XLSX.utils.sheet_to_csv(book.Sheets[book.SheetNames[0]]));
      for (const [bytes, name, snapshot] of [
        [xls, '台账.xls', true],
        [xls, '台账.et', true],
        [csv, '台账.csv', false],
      ] as const) {
        const returned = await read(bytes, name);
        expect(returned.snapshot !== null).toBe(snapshot);
        const { view } = await previewLedgerEdit(store.db, { tenantKey: T, returned, sourceName: name });
        expect(view.changes.map((c) => [c.seq, c.fields])).toEqual([
          [2, [{ field: 'deadline', from: '长期坚持', to: '9月底前（2024-09-30）' }]],
        ]);
      }
    });

    it('reads a date typed into 完成时限 (a date cell) as that day, and only a changed bracket date as the new date', async () => {
      const wb = await openLedger(await exportLedger(store, T, f.noticeId));
      const ws = taskSheet(wb);
      ws.getRow(rowOf(ws, 1)).getCell(7).value = new Date(Date.UTC(2024, 6, 15));
      ws.getRow(rowOf(ws, 1)).getCell(7).numFmt = 'yyyy/m/d';
      setCell(ws, 3, '完成时限', '8月31日前（2024-09-15）');
      const { view } = await previewLedgerEdit(store.db, {
        tenantKey: T,
        returned: await read(await saveLedger(wb)),
        sourceName: 'd.xlsx',
      });
      expect(view.changes.map((c) => [c.seq, c.fields.map((x) => x.to)])).toEqual([
        [1, ['2024-07-15']],
        [3, ['8月31日前（2024-09-15）']],
      ]);
    });

    it('keeps keys with their rows when the sheet is sorted through the filter, and renumbers nothing', async () => {
      const wb = await openLedger(await exportLedger(store, T, f.noticeId));
      const ws = taskSheet(wb);
      // Sort by 完成时限 descending over the whole filter range: rows move with their hidden keys.
      const rows = [4, 5, 6, 7, 8].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
      rows.reverse().forEach((values, i) => {
        ws.getRow(4 + i).values = values as ExcelJS_Values;
      });
      const { view } = await previewLedgerEdit(store.db, {
        tenantKey: T,
        returned: await read(await saveLedger(wb)),
        sourceName: 'sorted.xlsx',
      });
      expect(view.changes).toEqual([]);
      expect(view.renumbered).toBe(0);
    });

    it('treats a copied row as a new task, and a row whose key was lost as the task with its requirement', async () => {
      const wb = await openLedger(await exportLedger(store, T, f.noticeId));
      const ws = taskSheet(wb);
      const copy = (ws.getRow(rowOf(ws, 4)).values as unknown[]).slice(1);
      ws.spliceRows(rowOf(ws, 4) + 1, 0, copy);
      ws.getRow(rowOf(ws, 4) + 1).getCell(3).value = '公开政府债务风险防控信息。';
      ws.getRow(rowOf(ws, 4) + 1).getCell(1).value = null;
      ws.getRow(rowOf(ws, 5)).getCell(12).value = null;
      const { view } = await previewLedgerEdit(store.db, {
        tenantKey: T,
        returned: await read(await saveLedger(wb)),
        sourceName: 'copied.xlsx',
      });
      expect(view.changes.map((c) => [c.kind, c.seq, c.requirement, c.unitsAdded])).toEqual([
        ['added', 5, '公开政府债务风险防控信息。', ['区财政局']],
      ]);
      expect(view.renumbered).toBe(1);
    });
  });

  describe('files it will not use, each with one clear line and nothing written', () => {
    const T = 't-roundtrip-bad';
    let f: Fixture;
    let exported: Uint8Array;
    beforeAll(async () => {
      f = await importCounty(store, T);
      exported = await exportLedger(store, T, f.noticeId);
    });
    let before: Awaited<ReturnType<typeof ledgerRows>>;
    beforeEach(async () => {
      before = await ledgerRows(store, f.noticeId);
    });
    afterEach(async () => {
      expect(await ledgerRows(store, f.noticeId)).toEqual(before);
    });

    it('refuses another organisation’s ledger', async () => {
      const other = await importCounty(store, 't-roundtrip-other');
      const theirs = await read(await exportLedger(store, 't-roundtrip-other', other.noticeId));
      const message = await refusalOf(() => previewLedgerEdit(store.db, { tenantKey: T, returned: theirs, sourceName: 'x.xlsx' }));
      expect(message).toBe(
        `找不到这份台账对应的通知（编号 ${other.noticeId}）：它可能已被删除，或属于其他组织（The notice this ledger was exported from is not here: deleted, or another organisation's）`,
      );
    });

    it('refuses the ledger of a deleted notice', async () => {
      const gone = await importCounty(store, 't-roundtrip-gone');
      const bytes = await exportLedger(store, 't-roundtrip-gone', gone.noticeId);
      await store.db.delete(notices).where(eq(notices.id, gone.noticeId));
      const message = await refusalOf(async () =>
        previewLedgerEdit(store.db, { tenantKey: 't-roundtrip-gone', returned: await read(bytes), sourceName: 'x.xlsx' }),
      );
      expect(message).toContain(`找不到这份台账对应的通知（编号 ${gone.noticeId}）`);
    });

    it('refuses a key typed over, naming the row', async () => {
      const wb = await openLedger(exported);
      const ws = taskSheet(wb);
      ws.getRow(rowOf(ws, 3)).getCell(12).value = `${f.noticeId}-${f.task[3] + 1}-zz`;
      const message = await refusalOf(async () => read(await saveLedger(wb)));
      expect(message).toBe(
        `第 6 行的系统编号“${f.noticeId}-${f.task[3] + 1}-zz”已被改动，无法确定是哪项任务：请重新导出台账后修改（The row key in row 6 was changed）`,
      );
    });

    it('refuses a valid key of a task that is not in this ledger', async () => {
      const wb = await openLedger(exported);
      const ws = taskSheet(wb);
      const stranger = (await importCounty(store, 't-roundtrip-stranger')).task[1];
      ws.getRow(rowOf(ws, 2)).getCell(12).value = ledgerKey(f.noticeId, stranger);
      const message = await refusalOf(async () =>
        previewLedgerEdit(store.db, { tenantKey: T, returned: await read(await saveLedger(wb)), sourceName: 'x.xlsx' }),
      );
      expect(message).toContain('第 5 行的系统编号不属于这份台账');
    });

    it('refuses a row without a requirement, and says how to delete a task', async () => {
      const wb = await openLedger(exported);
      setCell(taskSheet(wb), 2, '具体要求', '');
      const message = await refusalOf(async () =>
        previewLedgerEdit(store.db, { tenantKey: T, returned: await read(await saveLedger(wb)), sourceName: 'x.xlsx' }),
      );
      expect(message).toBe(
        '第 5 行没有填写具体要求：如要删除这项任务，请删除整行后再发回（Row 5 has no requirement; to remove a task, delete its whole row）',
      );
    });

    it('refuses rows sorted apart from their hidden keys', async () => {
      const wb = await openLedger(exported);
      const ws = taskSheet(wb);
      // Only the visible columns were selected and sorted: the requirements moved, the keys did not.
      const texts = [4, 5, 6, 7, 8].map((r) => ws.getRow(r).getCell(3).value);
      texts.reverse().forEach((t, i) => {
        ws.getRow(4 + i).getCell(3).value = t;
      });
      const message = await refusalOf(async () =>
        previewLedgerEdit(store.db, { tenantKey: T, returned: await read(await saveLedger(wb)), sourceName: 'x.xlsx' }),
      );
      expect(message).toContain('台账中有 4 行的内容与隐藏的系统编号错位');
    });

    it('refuses a workbook of several notices', async () => {
      const pasted = '关于2024年补充任务的通知\n\t工作任务\n\t牵头单位\n\n\t公开审计结果\n\t区审计局\n\n';
      await importNotice(store.db, T, await parseNoticeFile(new TextEncoder().encode(pasted), 'p.txt'), { hash: 'second', name: 'p.txt' });
      const both = await loadLedgerExport(store.db, T, { includeDrafts: true });
      expect(both.map((n) => n.noticeId)).toHaveLength(2);
      const message = await refusalOf(async () => read(await buildLedgerXlsx({ notices: both, generatedAt: NOW })));
      expect(message).toBe(
        '这份台账包含多份通知：请发送“修改台账 通知编号”，单独导出要修改的那份通知，改好后再发回（This ledger holds several notices: export the one to change on its own）',
      );
    });

    it('reads a notice workbook that is not a ledger as not one of ours', async () => {
      const notice = new Uint8Array(readFileSync(new URL('./fixtures/formats/county.xlsx', import.meta.url)));
      expect(await readLedgerEdit(notice, 'county.xlsx')).toBeNull();
      const docx = new Uint8Array(readFileSync(new URL('./fixtures/formats/county.docx', import.meta.url)));
      expect(await readLedgerEdit(docx, 'county.docx')).toBeNull();
    });
  });
});

type ExcelJS_Values = import('exceljs').CellValue[];
