import type { Block } from '../types';
import { headingLevel } from '../headings';
import { paragraphs, trimCell } from './text-lines';

/**
 * Rows copied from a browser, Excel or WPS and pasted as text: one row per line, cells separated
 * by TABs, a cell holding line breaks quoted ("…") the way Excel writes it. Unlike Word's text
 * export, a vertically merged cell is written only in its first row; the rows below it are
 * simply shorter. Those rows stay short here (source 'paste'): which cells are missing depends
 * on what the columns mean, and that is decided where the header is read (align-short-rows.ts).
 */
export function looksLikePastedRows(lines: string[]): boolean {
  let exportLike = 0;
  let rowLike = 0;
  for (const l of lines) {
    if (!l.includes('\t')) continue;
    // Word's export: a TAB, then one cell's text.
    if (/^\t[^\t]*$/.test(l)) exportLike++;
    // Word also writes a list label and a TAB before an item ("（一）\t加强…"): that is prose.
    else if (!LIST_LABEL.test(l.slice(0, l.indexOf('\t')).trim()) || /\t.*\t/.test(l)) rowLike++;
  }
  return rowLike >= 2 && rowLike >= exportLike;
}

const LIST_LABEL = /^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]?|第[一二三四五六七八九十]+[部分章节条])$/;

export function readPastedRows(lines: string[]): Block[] {
  const first = lines.findIndex((l) => l.includes('\t'));
  let last = lines.length - 1;
  while (last > first && !lines[last].includes('\t')) last--;
  const rows: string[][] = [];
  for (const record of records(lines.slice(first, last + 1).join('\n'))) {
    if (record.length === 1) {
      const text = record[0].trim();
      if (!text) continue;
      // A line without TABs inside the table: a heading merged across the row, or the rest of
      // an unquoted cell that held a line break (it can only belong to the row above).
      const prev = rows[rows.length - 1];
      if (prev && headingLevel(text) === null && prev.length > 1) prev[prev.length - 1] = `${prev[prev.length - 1]}\n${text}`;
      else rows.push([text]);
      continue;
    }
    rows.push(dropTrailingEmpty(record.map(trimCell)));
  }
  return [...paragraphs(lines.slice(0, first)), { kind: 'table', rows, source: 'paste' }, ...paragraphs(lines.slice(last + 1))];
}

/**
 * TAB-separated records with Excel's quoting: a cell that starts with '"' runs to the next '"'
 * that is followed by a TAB or a line end, and '""' inside it is one quote.
 */
function records(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"' && (i + 1 === text.length || text[i + 1] === '\t' || text[i + 1] === '\n')) quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  out.push(row);
  return out;
}

/** Excel copies every column of the selection; a row's trailing empty cells carry nothing. */
function dropTrailingEmpty(row: string[]): string[] {
  let end = row.length;
  while (end > 1 && !row[end - 1]) end--;
  return row.slice(0, end);
}
