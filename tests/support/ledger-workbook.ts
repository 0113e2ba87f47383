// Editing an exported 台账 the way a person does in Excel or WPS: change a cell, insert a row,
// delete a row, sort, save. exceljs works on the real file the export wrote; nothing is rebuilt.
import ExcelJS from 'exceljs';
import { LEDGER_HEADERS } from '../../src/export/ledger-xlsx';

export const HEADER_ROW = 3;

export async function openLedger(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

export async function saveLedger(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The task sheet (the first one). */
export function taskSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet {
  return wb.worksheets[0];
}

export const column = (header: string): number => {
  const i = LEDGER_HEADERS.indexOf(header);
  if (i < 0) throw new Error(`no column ${header}`);
  return i + 1;
};

/** The sheet row showing 序号 `seq`. */
export function rowOf(ws: ExcelJS.Worksheet, seq: number): number {
  for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === seq) return r;
  throw new Error(`no row with 序号 ${seq}`);
}

/** Types over one cell of task `seq`'s row. */
export function setCell(ws: ExcelJS.Worksheet, seq: number, header: string, value: ExcelJS.CellValue): void {
  ws.getRow(rowOf(ws, seq)).getCell(column(header)).value = value;
}

/** Inserts a row below task `seq`'s row (Excel: 插入行), typing the cells given by header. */
export function insertRowAfter(ws: ExcelJS.Worksheet, seq: number, cells: Record<string, ExcelJS.CellValue>): void {
  const at = rowOf(ws, seq) + 1;
  ws.spliceRows(at, 0, []);
  const row = ws.getRow(at);
  for (const [header, value] of Object.entries(cells)) row.getCell(column(header)).value = value;
}

/** Deletes task `seq`'s whole row (Excel: 删除行). */
export function deleteRow(ws: ExcelJS.Worksheet, seq: number): void {
  ws.spliceRows(rowOf(ws, seq), 1);
}
