import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import type { Block } from '../types';
import { decodeCharset } from './decode-text';
import { isPageNumber, trimCell } from './text-lines';

/**
 * Saved web pages (.html/.htm, and the page inside an .mhtml) → blocks, parsed with htmlparser2:
 * a maintained, forgiving parser that needs no DOM and runs anywhere. Government sites declare
 * GB2312/GBK as often as UTF-8, so the page's own <meta> charset decides the decoding.
 *
 * Paragraphs are the page's block elements. A table is a task table candidate only when it has
 * no table inside it: sites lay pages out with tables, and such a layout table is read as the
 * blocks its cells hold. rowspan/colspan follow the Block convention: a cell spanning columns
 * is one cell, and each row a cell spans below its first gets '' in its place.
 */
export async function readHtmlBytes(bytes: Uint8Array): Promise<Block[]> {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return readHtml(decodeCharset(bytes, charsetOf(head)));
}

export function charsetOf(head: string): string | undefined {
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
}

export function readHtml(html: string): Block[] {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const out: Block[] = [];
  const buffer: string[] = [];
  const flush = () => {
    const text = buffer
      .join('')
      .replace(/[ \t\r\n\f]+/g, ' ')
      .trim();
    buffer.length = 0;
    if (text && !isPageNumber(text)) out.push({ kind: 'para', text });
  };
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') buffer.push(n.data);
      else if (isElement(n)) {
        if (SKIP.has(n.name)) continue;
        if (n.name === 'br') flush();
        else if (n.name === 'table') {
          flush();
          if (hasNestedTable(n)) walk(n.children);
          else {
            const rows = tableRows(n);
            if (rows.length) out.push({ kind: 'table', rows, source: 'html' });
          }
        } else if (BLOCK.has(n.name)) {
          flush();
          walk(n.children);
          flush();
        } else walk(n.children);
      }
    }
  };
  walk(doc.children);
  flush();
  return out;
}

const SKIP = new Set(['head', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'select', 'button']);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'nav',
  'aside',
  'blockquote',
  'pre',
  'center',
  'form',
  'caption',
  'hr',
  'body',
  'html',
]);

function isElement(n: ChildNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function hasNestedTable(table: Element): boolean {
  const stack = [...table.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (!isElement(n)) continue;
    if (n.name === 'table') return true;
    stack.push(...n.children);
  }
  return false;
}

/** The table's own rows, in order, skipping into thead/tbody/tfoot but not into other tables. */
function rowElements(table: Element): Element[] {
  const rows: Element[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (!isElement(n)) continue;
      if (n.name === 'tr') rows.push(n);
      else if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') visit(n.children);
    }
  };
  visit(table.children);
  return rows;
}

function tableRows(table: Element): string[][] {
  // For each grid column still covered by a rowspan from above: rows left, and whether it is
  // the spanning cell's first column (the one that gets the '' of the continuation).
  const spans: { left: number; first: boolean }[] = [];
  const rows: string[][] = [];
  for (const tr of rowElements(table)) {
    const cells = tr.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
    const row: string[] = [];
    let col = 0;
    const takeCovered = () => {
      while (spans[col]?.left > 0) {
        if (spans[col].first) row.push('');
        spans[col].left--;
        col++;
      }
    };
    for (const td of cells) {
      takeCovered();
      const colspan = clampSpan(td.attribs.colspan, 100);
      const rowspan = clampSpan(td.attribs.rowspan, 10000);
      row.push(cellText(td));
      for (let k = 0; k < colspan; k++) spans[col + k] = { left: rowspan - 1, first: k === 0 };
      col += colspan;
    }
    takeCovered();
    for (let c = col; c < spans.length; c++) if (spans[c]?.left > 0) spans[c].left--;
    if (row.length) rows.push(row);
  }
  return rows;
}

function clampSpan(value: string | undefined, max: number): number {
  const n = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** A cell's text with its paragraphs and <br>s as line breaks, tidied like every other reader's cells. */
function cellText(td: Element): string {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    lines.push(line.replace(/[ \t\r\n\f]+/g, ' ').trim());
    line = '';
  };
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') line += n.data;
      else if (isElement(n)) {
        if (SKIP.has(n.name)) continue;
        if (n.name === 'br') flush();
        else if (BLOCK.has(n.name)) {
          if (line.trim()) flush();
          walk(n.children);
          flush();
        } else walk(n.children);
      }
    }
  };
  walk(td.children);
  if (line.trim()) flush();
  return trimCell(lines.join('\n'));
}
