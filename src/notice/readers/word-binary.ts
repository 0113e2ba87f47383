import WordExtractor from 'word-extractor';
import { NoticeError, type Block } from '../types';
import { paragraphs, trimCell } from './text-lines';

/**
 * Word 97–2003 (.doc) and WPS (.wps, the same binary format) → blocks, through `word-extractor`,
 * a maintained pure-JS reader of the Word binary format (Node only, loaded on demand).
 *
 * Its text marks tables the way Word stores them: each cell ends with a TAB (Word's cell mark)
 * and each row with one more mark, which comes out as a TAB or as a line break. Line breaks
 * inside a cell are its paragraphs. A vertically merged continuation cell is stored as an empty
 * cell and a horizontally merged cell as one cell, which is the Block convention already.
 *
 * So "a\t\tb" is either an empty cell or the end of a row. The header row, whose cells are all
 * filled, gives the table's width; the rows are then the reading that makes as many rows as
 * possible exactly that wide (a dynamic programme over the cells, linear in their number).
 */
export async function readWordBinary(bytes: Uint8Array): Promise<Block[]> {
  let body: string;
  try {
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    body = doc.getBody();
  } catch {
    throw new NoticeError(
      '无法读取 Word 文件：.doc/.wps 文件已损坏或版本过旧（Cannot read the Word file: the .doc/.wps file is damaged or too old）',
    );
  }
  return wordTextBlocks(body);
}

function wordTextBlocks(body: string): Block[] {
  const text = body.replace(/\r\n?/g, '\n');
  const lastTab = text.lastIndexOf('\t');
  if (lastTab < 0) return paragraphs(text.split('\n'));
  const start = text.lastIndexOf('\n', text.indexOf('\t')) + 1;
  const pieces = text.slice(start, lastTab).split('\t');
  return [
    ...paragraphs(text.slice(0, start).split('\n')),
    { kind: 'table', rows: segmentRows(pieces), source: 'doc' },
    ...paragraphs(text.slice(lastTab + 1).split('\n')),
  ];
}

/**
 * Pieces between TABs → rows. A piece that starts with a line break starts a row (the row mark
 * came out as a line break); an empty piece may be an empty cell or a row mark.
 */
function segmentRows(pieces: string[]): string[][] {
  const n = pieces.length;
  const startsRow = pieces.map((p) => p.startsWith('\n'));
  let width = 0;
  while (width < n && pieces[width] && (width === 0 || !startsRow[width])) width++;
  width = Math.max(width, 1);
  const maxWidth = width * 2;
  // best[i]: fewest "odd" rows to read pieces[0..i) as whole rows. A full-width row is free; a
  // one-cell row costs 1 when it reads like a heading merged across the table, more when it is
  // a stray number or a word; any other width costs 2.
  const best = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const step = new Array<[number, number]>(n + 1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === Number.POSITIVE_INFINITY) continue;
    for (let w = 1; w <= maxWidth && i + w <= n; w++) {
      if (w > 1 && startsRow[i + w - 1]) break;
      const cost = best[i] + (w === width ? 0 : w === 1 ? (pieces[i].trim().length >= 4 ? 1 : 3) : 2);
      const end = i + w;
      // The row ends at a row mark (an empty piece), at a piece on a new line, or at the end.
      const next = end < n && pieces[end] === '' && !startsRow[end] ? end + 1 : end < n && !startsRow[end] ? -1 : end;
      if (next < 0 || cost >= best[next]) continue;
      best[next] = cost;
      step[next] = [i, w];
    }
  }
  const rows: string[][] = [];
  for (let at = n; at > 0 && step[at]; at = step[at][0]) {
    const [from, w] = step[at];
    rows.push(pieces.slice(from, from + w).map(trimCell));
  }
  return rows.reverse().filter((r) => r.some(Boolean));
}
