/**
 * Sheets the 台账 export adds after the task sheets: 佐证材料 (every attached file, with the Lark
 * message and key that open it) and 考核 (the scorecard). Their headers name no task column, so a
 * ledger sent back for editing never reads them as task tables (ledger-read.ts).
 */
import type ExcelJS from 'exceljs';
import { formatInShanghai } from '../dates';
import type { EvidenceExportRow } from '../views/evidence';
import type { ScorecardView } from '../views/scorecard';

const FONT = { name: '宋体', size: 11 };

function table(wb: ExcelJS.Workbook, name: string, headers: { text: string; width: number }[], rows: (string | number)[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ width: h.width }));
  const head = ws.getRow(1);
  head.values = headers.map((h) => h.text);
  head.font = { ...FONT, bold: true };
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    row.values = r;
    row.font = FONT;
  });
  if (!rows.length) ws.getCell(2, 1).value = '暂无';
}

export function addEvidenceSheet(wb: ExcelJS.Workbook, rows: readonly EvidenceExportRow[]): void {
  table(
    wb,
    '佐证材料',
    [
      { text: '任务序号', width: 10 },
      { text: '单位', width: 24 },
      { text: '文件名', width: 36 },
      { text: '类型', width: 8 },
      { text: '大小（KB）', width: 12 },
      { text: '提交人', width: 12 },
      { text: '提交时间', width: 18 },
      { text: '飞书消息 ID', width: 28 },
      { text: '资源 Key', width: 28 },
    ],
    rows.map((r) => [
      r.seq,
      r.department,
      r.fileName,
      r.fileType,
      Math.round((r.size / 1024) * 10) / 10,
      r.sender,
      formatInShanghai(r.at, 'yyyy-MM-dd HH:mm'),
      r.messageId,
      r.fileKey,
    ]),
  );
}

export function addScorecardSheet(wb: ExcelJS.Workbook, view: ScorecardView): void {
  table(
    wb,
    '考核',
    [
      { text: '排名', width: 6 },
      { text: '单位', width: 24 },
      { text: '得分', width: 8 },
      { text: '按时完成', width: 10 },
      { text: '逾期完成', width: 10 },
      { text: '当前逾期', width: 10 },
      { text: '逾期天数合计', width: 12 },
      { text: '汇报次数', width: 10 },
      { text: '被退回', width: 8 },
      { text: '无汇报周数', width: 10 },
    ],
    view.rows.map((r) => [
      r.rank,
      r.department.name,
      r.score,
      r.onTime,
      r.late,
      r.overdue,
      r.overdueDays,
      r.reports,
      r.returned,
      r.silentWeeks,
    ]),
  );
  const ws = wb.getWorksheet('考核')!;
  const w = view.weights;
  ws.getRow(view.rows.length + 3).values = [
    '权重',
    `按时完成 ${w.onTime}，逾期完成 ${w.late}，当前逾期 ${w.overdue}/项、${w.overdueDay}/天，汇报 ${w.report}/次，被退回 ${w.returned}/次，无汇报 ${w.silentWeek}/周`,
  ];
}
