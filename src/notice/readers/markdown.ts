import type { Block } from '../types';
import { isPageNumber } from './text-lines';

/**
 * Markdown as PDF converters produce it: prose lines, and pipe tables that restart (header and
 * all) on every page. Each pipe table becomes its own block; the interpreter joins page pieces.
 */
export function readMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let table: string[][] | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('|')) {
      if (isSeparatorRow(line)) continue;
      table ??= [];
      table.push(splitPipeRow(line));
      continue;
    }
    if (table) {
      blocks.push({ kind: 'table', rows: table, source: 'markdown' });
      table = null;
    }
    const textLine = stripMarkdown(line);
    if (textLine && !isPageNumber(textLine)) blocks.push({ kind: 'para', text: textLine });
  }
  if (table) blocks.push({ kind: 'table', rows: table, source: 'markdown' });
  return blocks;
}

export function looksLikeMarkdownTable(text: string): boolean {
  return /^\s*\|.*\|\s*$/m.test(text) && /^\s*\|?\s*:?-{3,}:?\s*\|/m.test(text);
}

function isSeparatorRow(line: string): boolean {
  return /^\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/.test(line);
}

function splitPipeRow(line: string): string[] {
  const inner = line.replace(/^\|/, '').replace(/\|\s*$/, '');
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '\\' && inner[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells.map((c) => stripMarkdown(c.replace(/<br\s*\/?>/gi, '\n')));
}

function stripMarkdown(line: string): string {
  return line
    .replace(/^#{1,6}\s+/, '')
    .replace(/^>\s?/, '')
    .replace(/^[-*+]\s+/, '')
    .replace(/\*\*|__/g, '')
    .trim();
}
