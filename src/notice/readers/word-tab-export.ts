import type { Block } from '../types';
import { isFooterLine, isPageNumber, paragraphs, trimCell } from './text-lines';

/**
 * Word's "save as plain text" export of a document with tables, as the offices send it.
 *
 * In that export every table cell starts with a TAB and ends with a line break, and every row
 * ends with one more line break. So inside the table a TAB starts a cell, and a cell whose text
 * ends in two or more line breaks closes its row. Cell text may itself contain blank lines, which
 * occasionally makes a row look closed early; those halves are joined again below by width.
 */
export function readTabText(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.startsWith('\t'));
  if (first < 0) return paragraphs(lines);

  let last = lines.length - 1;
  while (last > first && !lines[last].startsWith('\t')) last--;
  // The last cell runs on over the lines after its TAB line, up to the first blank line or a
  // footer ("抄送：…", a page number): what follows is the notice's tail, not the table.
  let end = last + 1;
  while (end < lines.length && lines[end].trim() !== '' && !isFooterLine(lines[end])) end++;

  const region = lines
    .slice(first, end)
    .filter((l) => !isPageNumber(l))
    .join('\n');
  const rows = repairRows(splitRows(region));
  return [...paragraphs(lines.slice(0, first)), { kind: 'table', rows, source: 'tab' }, ...paragraphs(lines.slice(end))];
}

function splitRows(region: string): string[][] {
  const cells = region.split('\t').slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  for (const raw of cells) {
    const closesRow = /\n[ \u3000]*\n\s*$/.test(raw);
    row.push(trimCell(raw));
    if (closesRow) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

/**
 * Joins a row that a blank line inside a cell cut in two: two neighbouring rows, both narrower
 * than the table's usual width, that together are exactly that width. Single-cell rows are
 * left alone: they are headings merged across the whole table.
 */
function repairRows(rows: string[][]): string[][] {
  const width = modalWidth(rows);
  const out: string[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const a = rows[i];
    const b = rows[i + 1];
    if (b && a.length > 1 && b.length > 1 && a.length < width && b.length < width && a.length + b.length === width) {
      out.push([...a, ...b]);
      i++;
    } else out.push(a);
  }
  // An export cut off at the end of the file drops the empty cells of its last row.
  const last = out[out.length - 1];
  const before = out[out.length - 2];
  if (last && before && last.length > 1 && last.length < before.length) {
    out[out.length - 1] = [...last, ...Array<string>(before.length - last.length).fill('')];
  }
  return out;
}

function modalWidth(rows: string[][]): number {
  const counts = new Map<number, number>();
  for (const r of rows) if (r.length > 1) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [w, c] of counts) if (c > bestCount || (c === bestCount && w > best)) [best, bestCount] = [w, c];
  return best;
}
