import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { openTestDb, engineName } from './support/db';
import type { OpenedDb } from '../src/store/db';
import { parseNoticeFile } from '../src/notice/parse';
import { importNotice, sourceHash } from '../src/store/notice-import';
import { departmentTasks } from '../src/store/ledger';
import { findDepartmentByName } from '../src/store/directory';
import { recordProgress } from '../src/store/progress';
import { tasks } from '../src/store/schema';
import { loadLedgerExport } from '../src/store/ledger-export';
import { buildLedgerXlsx, deadlineCell, ledgerFileName, ledgerTitle, sheetName, LEDGER_HEADERS } from '../src/export/ledger-xlsx';
import { ledgerKey, parseLedgerKey } from '../src/export/ledger-format';
import { exportLedgerCommand } from '../commands/export';
import { runCommand } from '../commands/run';
import { commandContext } from './support/context';
import type { CommandContext } from '../commands/types';
import type { Sender } from '../src/identity';
import { shanghaiDate } from '../src/dates';

const TENANT = 't-export';
/** 2025-07-01 10:00 in Shanghai: task 1 (3月底前) is overdue, the 12月底前 tasks are not. */
const AFTER_DUE = new Date('2025-07-01T02:00:00Z');
const BEFORE_DUE = new Date('2025-03-01T02:00:00Z');
const EVIDENCE = 'https://www.jngx.gov.cn/gk/ml2025.html';

async function importSeed(store: OpenedDb, tenant: string, name: string, publish: boolean) {
  const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/seeds/${name}`, import.meta.url)));
  return importNotice(store.db, tenant, await parseNoticeFile(bytes, name), { hash: await sourceHash(bytes), name }, { publish });
}

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Task rows start under the title, subtitle and header rows. */
const FIRST_TASK_ROW = 4;
const col = (name: string) => LEDGER_HEADERS.indexOf(name) + 1;
const text = (ws: ExcelJS.Worksheet, row: number, name: string) => ws.getRow(row).getCell(col(name)).text;

function sender(role: Sender['role']): Sender {
  return { openId: `ou_${role}`, role, department: null, via: role ? 'member' : null };
}

function context(store: OpenedDb, role: Sender['role'], tenantKey = TENANT): CommandContext {
  return commandContext({ db: store.db, tenantKey, now: AFTER_DUE, sender: sender(role) });
}

/** The Chinese body of a messageCard. */
function cardText(card: object | undefined): string {
  const el = (card as { body: { elements: { i18n_content: { zh_cn: string } }[] } }).body.elements[0];
  return el.i18n_content.zh_cn;
}

describe(`the 工作台账 export on ${engineName}`, () => {
  let store: OpenedDb;
  let noticeId: number;
  let draftId: number;
  let requirement1: string;

  beforeAll(async () => {
    store = await openTestDb();
    noticeId = (await importSeed(store, TENANT, '002_1767bb79f9d560a4.txt', true)).noticeId;
    draftId = (await importSeed(store, TENANT, '004_8f567bc9b8b33b76.txt', false)).noticeId;
    const [t1] = await store.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.noticeId, noticeId), eq(tasks.seq, 1)));
    requirement1 = t1.requirement;

    // Task 1: the lead office and one department covered by "区直各部门" both report.
    const reports = [
      { dept: '区党政办公室', status: 'in_progress' as const, text: '已梳理主动公开目录初稿，\n正在征求意见', evidenceUrl: EVIDENCE },
      { dept: '区城乡建设和交通局', status: 'done' as const, text: '本单位目录已更新', evidenceUrl: null },
    ];
    for (const r of reports) {
      const dept = (await findDepartmentByName(store.db, TENANT, r.dept))!;
      const items = await departmentTasks(store.db, TENANT, dept.id, { filter: 'all', today: shanghaiDate(AFTER_DUE), noticeId });
      const item = items.find((i) => i.seq === 1)!;
      const outcome = await recordProgress(store.db, {
        tenantKey: TENANT,
        assignmentId: item.assignmentId,
        version: item.version,
        departmentId: dept.id,
        reporterOpenId: 'ou_coordinator',
        status: r.status,
        text: r.text,
        evidenceUrl: r.evidenceUrl,
      });
      expect(outcome.ok).toBe(true);
    }
  });
  afterAll(async () => store?.close());

  describe('the workbook', () => {
    let ws: ExcelJS.Worksheet;
    let wb: ExcelJS.Workbook;
    beforeAll(async () => {
      const notices = await loadLedgerExport(store.db, TENANT, { noticeId });
      wb = await readBack(await buildLedgerXlsx({ notices, generatedAt: AFTER_DUE }));
      ws = wb.worksheets[0];
    });

    it('has one sheet named 工作台账 with the merged title and the export time in Shanghai', () => {
      expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
        ['工作台账', 'visible'],
        ['_duban', 'veryHidden'],
      ]);
      expect(ws.getCell('A1').text).toBe('济宁高新区贯彻落实2025年济宁市政务公开任务分解表工作台账');
      expect(ws.getCell('K1').isMerged).toBe(true);
      expect(ws.getCell('K1').master.address).toBe('A1');
      expect(ws.getCell('L1').isMerged).toBe(false);
      expect(ws.getCell('J1').isMerged).toBe(true);
      expect(ws.getCell('J1').master.address).toBe('A1');
      expect(ws.getCell('A1').font.bold).toBe(true);
      expect(ws.getCell('A2').text).toContain('济高新管办字〔2025〕8号');
      expect(ws.getCell('A2').text).toContain('共 56 项任务');
      expect(ws.getCell('A2').text).toContain('导出时间 2025-07-01 10:00');
    });

    it('writes the header row exactly, bold, filled and bordered', () => {
      const header = ws.getRow(3);
      expect((header.values as unknown[]).slice(1)).toEqual([
        '序号',
        '工作任务',
        '具体要求',
        '牵头部门',
        '责任单位',
        '责任领导',
        '完成时限',
        '进展情况',
        '状态',
        '佐证链接',
        '更新时间',
        '系统编号（请勿修改）',
      ]);
      expect(ws.getColumn(12).hidden).toBe(true);
      expect(ws.getColumn(11).hidden).toBe(false);
      expect(header.getCell(1).font.bold).toBe(true);
      expect(header.getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      expect(header.getCell(10).border.right?.style).toBe('thin');
    });

    it("keeps each task's key in the hidden last column, inside the filter, and the exported cells in a very hidden sheet", async () => {
      const ids = (await store.db.select({ id: tasks.id, seq: tasks.seq }).from(tasks).where(eq(tasks.noticeId, noticeId))).sort(
        (a, b) => a.seq - b.seq,
      );
      const keys = ids.map((_, i) => ws.getRow(FIRST_TASK_ROW + i).getCell(12).text);
      expect(keys).toEqual(ids.map((t) => ledgerKey(noticeId, t.id)));
      expect(parseLedgerKey(keys[0])).toEqual({ noticeId, taskId: ids[0].id });
      expect(ws.autoFilter).toBe('A3:L59');
      const meta = wb.getWorksheet('_duban')!;
      expect(meta.getRow(1).values).toEqual([undefined, 'duban-ledger', 1]);
      expect(meta.getCell('B3').text).toBe(String(noticeId));
      expect((meta.getRow(5).values as unknown[]).slice(1)).toEqual([
        'key',
        'section',
        'requirement',
        'lead',
        'responsible',
        'leaders',
        'deadline',
      ]);
      expect((meta.getRow(6).values as unknown[]).slice(1)).toEqual([
        keys[0],
        '一、坚持标准引领，持续推进政务公开规范转型 › （一）全面优化主动公开机制',
        requirement1,
        '区党政办公室',
        '区直各部门、驻区各单位、各街道',
        '—',
        '3月底前（2025-03-31）',
      ]);
      expect(meta.actualRowCount).toBe(5 + 56);
    });

    it('has one row per task of the notice', () => {
      expect(ws.actualRowCount - 3).toBe(56);
      expect(ws.getRow(FIRST_TASK_ROW).getCell(1).value).toBe(1);
      expect(ws.getRow(FIRST_TASK_ROW + 55).getCell(1).value).toBe(56);
      expect(ws.getRow(FIRST_TASK_ROW + 56).getCell(1).value).toBeNull();
    });

    it("shows task 1's section path, requirement, units and deadline as the notice wrote them", () => {
      const r = FIRST_TASK_ROW;
      expect(text(ws, r, '工作任务')).toBe('一、坚持标准引领，持续推进政务公开规范转型 › （一）全面优化主动公开机制');
      expect(text(ws, r, '具体要求')).toBe(requirement1);
      expect(text(ws, r, '牵头部门')).toBe('区党政办公室');
      expect(text(ws, r, '责任单位')).toBe('区直各部门、驻区各单位、各街道');
      expect(text(ws, r, '完成时限')).toBe('3月底前（2025-03-31）');
      expect(ws.getRow(r).getCell(col('具体要求')).alignment.wrapText).toBe(true);
    });

    it("lists each reporting department's latest progress on its own line, the lead first", () => {
      const lines = text(ws, FIRST_TASK_ROW, '进展情况').split('\n');
      expect(lines).toEqual(['区党政办公室：已梳理主动公开目录初稿， 正在征求意见', '区城乡建设和交通局：本单位目录已更新']);
      expect(text(ws, FIRST_TASK_ROW + 1, '进展情况')).toBe('暂无进展');
      expect(text(ws, FIRST_TASK_ROW, '更新时间')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(text(ws, FIRST_TASK_ROW + 1, '更新时间')).toBe('');
    });

    it('makes a single evidence URL a clickable link', () => {
      const cell = ws.getRow(FIRST_TASK_ROW).getCell(col('佐证链接'));
      expect(cell.value).toMatchObject({ text: EVIDENCE, hyperlink: EVIDENCE });
    });

    it('marks an overdue unfinished task 已逾期 in red and leaves a future one plain', () => {
      const overdue = ws.getRow(FIRST_TASK_ROW).getCell(col('状态'));
      expect(overdue.text).toBe('进行中（已逾期）');
      expect(overdue.font.color?.argb).toBe('FFC00000');
      const future = ws.getRow(FIRST_TASK_ROW + 1);
      expect(future.getCell(col('完成时限')).text).toBe('12月底前（2025-12-31）');
      expect(future.getCell(col('状态')).text).toBe('未开始');
      expect(future.getCell(col('状态')).font.color).toBeUndefined();
    });

    it('writes 长期坚持 for an ongoing task without a date', () => {
      const rows = Array.from({ length: 56 }, (_, i) => text(ws, FIRST_TASK_ROW + i, '完成时限'));
      expect(rows).toContain('长期坚持');
    });

    it('freezes the title and header rows and prints landscape A4, one page wide, header repeated', () => {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.pageSetup.printTitlesRow).toBe('3:3');
      expect(ws.autoFilter).toBeTruthy();
    });
  });

  it('does not mark task 1 overdue before its due date', async () => {
    const notices = await loadLedgerExport(store.db, TENANT, { noticeId });
    const ws = (await readBack(await buildLedgerXlsx({ notices, generatedAt: BEFORE_DUE }))).worksheets[0];
    const cell = ws.getRow(FIRST_TASK_ROW).getCell(col('状态'));
    expect(cell.text).toBe('进行中');
    expect(cell.font.color).toBeUndefined();
  });

  it('exports published notices only by default, and one sheet per notice when drafts are included', async () => {
    expect((await loadLedgerExport(store.db, TENANT)).map((n) => n.noticeId)).toEqual([noticeId]);
    const all = await loadLedgerExport(store.db, TENANT, { includeDrafts: true });
    expect(all.map((n) => n.noticeId)).toEqual([noticeId, draftId]);
    const wb = await readBack(await buildLedgerXlsx({ notices: all, generatedAt: AFTER_DUE }));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      `${noticeId} 济宁高新区贯彻落实2025年济宁市政务公开任务分解表`,
      `${draftId} 2022年汶上县政务公开工作任务分解表`,
      '_duban',
    ]);
    expect(wb.worksheets.every((w) => w.name.length <= 31)).toBe(true);
    expect(wb.worksheets[1].getCell('A2').text).toContain('草稿');
    expect(wb.worksheets[1].actualRowCount - 3).toBe(79);
  });

  describe('the 导出台账 command', () => {
    it('refuses a coordinator politely and sends no file', async () => {
      const reply = await runCommand(context(store, 'coordinator'), exportLedgerCommand, '');
      expect(reply?.file).toBeUndefined();
      expect(cardText(reply?.card)).toContain('导出台账仅对领导和政务公开办开放');
    });

    it('refuses someone with no role', async () => {
      const reply = await runCommand(context(store, null), exportLedgerCommand, '');
      expect(reply?.file).toBeUndefined();
    });

    it('gives a leader the latest published notice as a workbook and says how many tasks it holds', async () => {
      const reply = await runCommand(context(store, 'leader'), exportLedgerCommand, '');
      expect(reply?.file?.fileName).toBe('济宁高新区贯彻落实2025年济宁市政务公开任务分解表-工作台账-20250701.xlsx');
      const ws = (await readBack(reply!.file!.bytes)).worksheets[0];
      expect(ws.actualRowCount - 3).toBe(56);
      expect(cardText(reply?.card)).toContain('已生成《济宁高新区贯彻落实2025年济宁市政务公开任务分解表》工作台账，共 56 项任务');
    });

    it('exports the notice whose number is given', async () => {
      const reply = await runCommand(context(store, 'office'), exportLedgerCommand, `#${noticeId}`);
      expect(reply?.file?.bytes.byteLength).toBeGreaterThan(5_000);
    });

    it('answers an unknown or unpublished notice number with a polite card and no file', async () => {
      for (const arg of ['99999', String(draftId), '去年的']) {
        const reply = await runCommand(context(store, 'office'), exportLedgerCommand, arg);
        expect(reply?.file).toBeUndefined();
        expect(cardText(reply?.card)).toContain(`没有编号为 ${arg} 的已发布通知`);
      }
    });

    it('says there is nothing to export before any notice is published', async () => {
      const reply = await runCommand(context(store, 'office', 't-export-empty'), exportLedgerCommand, '');
      expect(reply?.file).toBeUndefined();
      expect(cardText(reply?.card)).toContain('还没有已发布的通知');
    });
  });
});

describe('ledger export helpers', () => {
  it('names the ledger after the document a 关于印发…的通知 issues', () => {
    expect(ledgerTitle('关于印发《2025年政务公开工作要点》的通知')).toBe('2025年政务公开工作要点工作台账');
    expect(ledgerTitle('全区政务公开工作任务分解表')).toBe('全区政务公开工作任务分解表工作台账');
    expect(ledgerTitle('2025年政务公开工作台账')).toBe('2025年政务公开工作台账');
  });

  it('keeps the resolved date only when the notice did not spell it out', () => {
    expect(deadlineCell({ deadlineText: '3月底前', dueOn: '2025-03-31', ongoing: false })).toBe('3月底前（2025-03-31）');
    expect(deadlineCell({ deadlineText: '2025年3月31日前', dueOn: '2025-03-31', ongoing: false })).toBe('2025年3月31日前');
    expect(deadlineCell({ deadlineText: '长期坚持', dueOn: null, ongoing: true })).toBe('长期坚持');
    expect(deadlineCell({ deadlineText: '', dueOn: null, ongoing: true })).toBe('长期坚持');
    expect(deadlineCell({ deadlineText: '', dueOn: null, ongoing: false })).toBe('—');
  });

  it('makes file names safe for every file system and at most 100 characters', () => {
    const name = ledgerFileName(`关于印发《${'政务公开/重点:任务*'.repeat(20)}》的通知`, new Date('2025-12-31T17:00:00Z'));
    expect(name).toMatch(/-工作台账-20260101\.xlsx$/);
    expect(name).not.toMatch(/[\\/:*?"<>|]/);
    expect(Array.from(name).length).toBeLessThanOrEqual(100);
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255);
  });

  it('makes sheet names legal and unique', () => {
    expect(sheetName('a/b:c*d?[e]', new Set())).toBe('a b c d e');
    expect(sheetName('工作台账', new Set(['工作台账']))).toBe('工作台账(2)');
    expect(Array.from(sheetName('长'.repeat(40), new Set())).length).toBe(31);
  });
});
