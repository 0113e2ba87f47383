import { NoticeError, type Block } from '../types';
import { readTabText } from './word-tab-export';
import { readMarkdown, looksLikeMarkdownTable } from './markdown';
import { looksLikePastedRows, readPastedRows } from './pasted-rows';
import { findCellPerLineHeader, readCellPerLine } from './cell-per-line';
import { paragraphs } from './text-lines';

/**
 * How text arrives: Word's "save as plain text" export ('tab'), rows copied from a browser,
 * Excel or WPS ('paste'), a table copied from a document-sharing site one cell per line
 * ('cells'), PDF-converted markdown, or plain prose.
 */
export type TextFormat = 'tab' | 'paste' | 'cells' | 'markdown' | 'prose';

/** Characters that draw nothing: a text made only of these (and spaces) has no content. */
const INVISIBLE = /[\s\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad]/g;

export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

export function readText(text: string, fileName = ''): { blocks: Block[]; format: TextFormat } {
  if (!text.trim()) throw new NoticeError('文件没有文字内容（The file has no text）');
  if (!hasVisibleText(text))
    throw new NoticeError(
      '文件只有看不见的字符（如零宽空格），没有文字内容（The file holds only invisible characters such as zero-width spaces: no text）',
    );
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (looksLikePastedRows(lines)) return { blocks: readPastedRows(lines), format: 'paste' };
  if (/^\t/m.test(text)) return { blocks: readTabText(text), format: 'tab' };
  if (/\.md$/i.test(fileName) || looksLikeMarkdownTable(text)) return { blocks: readMarkdown(text), format: 'markdown' };
  const header = findCellPerLineHeader(lines);
  if (header) return { blocks: readCellPerLine(lines, header), format: 'cells' };
  return { blocks: paragraphs(lines), format: 'prose' };
}
