import WordExtractor from 'word-extractor';
import { NoticeError, type Block } from '../types';
import { paragraphs, trimCell } from './text-lines';

/**
 * Word 97–2003 (.doc) and WPS (.wps, the same binary format) → blocks, through `word-extractor`,
 * a maintained pure-JS reader of the Word binary format (Node only, loaded on demand).
 *
 * Its text marks tables the way Word stores them: each cell ends with a TAB (Word's cell mark),
 * and a row ends with its last cell's TAB followed by a line break (the row mark). Line breaks
 * without a TAB before them are paragraph breaks, inside a cell or between paragraphs. A
 * vertically merged continuation cell is stored as an empty cell, and a horizontally merged
 * cell as one cell, which is the Block convention already.
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

export function wordTextBlocks(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let rows: string[][] = [];
  let pending: string[] = [];
  const flushTable = () => {
    if (rows.length) out.push({ kind: 'table', rows, source: 'doc' });
    rows = [];
  };
  for (const line of lines) {
    if (!pending.length && !line.includes('\t')) {
      flushTable();
      out.push(...paragraphs([line]));
      continue;
    }
    pending.push(line);
    // The row mark: the line (the row's last paragraph) ends with its last cell's TAB.
    if (line.endsWith('\t')) {
      rows.push(pending.join('\n').slice(0, -1).split('\t').map(trimCell));
      pending = [];
    }
  }
  if (pending.length) rows.push(pending.join('\n').split('\t').map(trimCell));
  flushTable();
  return out;
}
