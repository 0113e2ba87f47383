import { NoticeError, type Block } from '../types';
// Both Word readers tidy cell text the same way, so they agree on it to the character.
import { trimCell } from './text-lines';
import { openPackage } from './docx-package';
import { tryNumbering, type Numbering } from './docx-numbering';
import { attr, child, kids, parseXml, tagOf, val, type XNode } from './xml';

/**
 * A Word .docx → blocks, read the way Word's "save as plain text" export renders the same
 * document (see word-tab-export.ts), so that both forms of a notice yield the same tasks:
 *
 * - a horizontally merged cell (w:gridSpan) is one cell; a vertically merged continuation cell
 *   is '' — the export prints it as an empty cell too;
 * - automatic list numbers (一、 （一） 1.) are written out, as the export writes them: a 序号
 *   column numbered by Word would otherwise come out as a column of empty, "merged" cells;
 * - tracked deletions are left out and insertions kept, i.e. the text as it reads with changes
 *   accepted, which is what the office meant to send;
 * - cell lines are trimmed and top-level paragraphs become one block per line, the way
 *   word-tab-export.ts tidies the export.
 *
 * Pure (fflate + fast-xml-parser) so it runs unchanged on Node and Cloudflare Workers.
 */
export function readDocx(bytes: Uint8Array): Block[] {
  const pkg = openPackage(bytes);
  const root = parseXml(pkg.document, pkg.documentPath);
  const body = child(child(root, 'document'), 'body');
  if (!body)
    throw new NoticeError(
      `无法读取 Word 文件：${pkg.documentPath} 里没有正文，不是有效的 .docx（Cannot read the Word file: ${pkg.documentPath} has no document body）`,
    );

  const ctx: Ctx = { numbering: pkg.numbering ? tryNumbering(pkg.numbering, pkg.styles) : null };
  const out: Block[] = [];
  bodyBlocks(kids(body), ctx, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Body, tables, paragraphs

interface Ctx {
  numbering: Numbering | null;
}

function bodyBlocks(nodes: XNode[], ctx: Ctx, out: Block[]): void {
  for (const n of nodes) {
    switch (tagOf(n)) {
      case 'p':
        // The export puts each line of a paragraph (a w:br) on its own line, and word-tab-export.ts
        // makes one block per line; doing the same here keeps titles and headings aligned.
        for (const line of paragraphText(n, ctx, '\t').split('\n')) {
          const text = line.trim();
          if (text) out.push({ kind: 'para', text });
        }
        break;
      case 'tbl': {
        const rows = tableRows(n, ctx);
        if (rows.length) out.push({ kind: 'table', rows, source: 'docx' });
        break;
      }
      case 'sdt':
        if (!showsPlaceholder(n)) bodyBlocks(kids(child(n, 'sdtContent')), ctx, out);
        break;
      case 'customXml':
        bodyBlocks(kids(n), ctx, out);
        break;
    }
  }
}

function tableRows(tbl: XNode, ctx: Ctx): string[][] {
  const rows: string[][] = [];
  for (const tr of unwrap(kids(tbl), 'tr')) {
    // A row deleted with tracking on still holds its (deleted) cells.
    if (child(child(tr, 'trPr'), 'del')) continue;
    const row: string[] = [];
    for (const tc of unwrap(kids(tr), 'tc')) {
      const pr = child(tc, 'tcPr');
      if (child(pr, 'cellDel')) continue;
      // w:hMerge is the pre-2007 way of merging across; its continuation cells are part of the
      // cell to their left, as with w:gridSpan. ST_Merge's default is "continue".
      const h = child(pr, 'hMerge');
      if (h && val(h) !== 'restart') continue;
      const v = child(pr, 'vMerge');
      if (v && val(v) !== 'restart') {
        row.push('');
        continue;
      }
      row.push(cellText(tc, ctx));
    }
    if (row.length) rows.push(row);
  }
  return rows;
}

/** Rows and cells may sit inside content controls or custom XML; those wrappers carry no text of their own. */
function unwrap(nodes: XNode[], tag: string): XNode[] {
  const out: XNode[] = [];
  for (const n of nodes) {
    const t = tagOf(n);
    if (t === tag) out.push(n);
    else if (t === 'sdt') out.push(...unwrap(kids(child(n, 'sdtContent')), tag));
    else if (t === 'customXml') out.push(...unwrap(kids(n), tag));
  }
  return out;
}

function cellText(tc: XNode, ctx: Ctx): string {
  const lines: string[] = [];
  cellLines(kids(tc), ctx, lines);
  return trimCell(lines.join('\n'));
}

function cellLines(nodes: XNode[], ctx: Ctx, lines: string[]): void {
  for (const n of nodes) {
    switch (tagOf(n)) {
      case 'p':
        // Tabs separate cells in the text export, so a tab inside a cell can only be a space.
        lines.push(paragraphText(n, ctx, ' '));
        break;
      case 'tbl':
        lines.push(nestedTableText(n, ctx));
        break;
      case 'sdt':
        if (!showsPlaceholder(n)) cellLines(kids(child(n, 'sdtContent')), ctx, lines);
        break;
      case 'customXml':
        cellLines(kids(n), ctx, lines);
        break;
    }
  }
}

/** A table inside a cell has no place in a grid of strings: its rows become lines of the cell. */
function nestedTableText(tbl: XNode, ctx: Ctx): string {
  return tableRows(tbl, ctx)
    .map((r) => r.filter(Boolean).join(' '))
    .filter(Boolean)
    .join('\n');
}

function paragraphText(p: XNode, ctx: Ctx, tab: string): string {
  const parts: string[] = [];
  runText(kids(p), tab, parts);
  // A paragraph deleted whole with tracking on (its mark deleted too) is gone once the changes
  // are accepted, so it must not take a list number either.
  if (!parts.length && child(child(child(p, 'pPr'), 'rPr'), 'del')) return '';
  const label = ctx.numbering?.label(p, tab) ?? '';
  return (label + parts.join('')).replace(/\t/g, tab);
}

/**
 * Run-level content. Unknown elements are descended into, so text inside wrappers Word adds
 * over the years (hyperlinks, smart tags, content controls, simple fields, w:ins, w:moveTo…)
 * is kept; what must not be read is listed explicitly.
 */
function runText(nodes: XNode[], tab: string, out: string[]): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    switch (tag) {
      case 't':
        out.push(textOf(n));
        break;
      case 'tab':
      case 'ptab':
        out.push(tab);
        break;
      case 'br':
      case 'cr':
        out.push('\n');
        break;
      case 'noBreakHyphen':
        out.push('-');
        break;
      case 'AlternateContent': {
        // Choice and Fallback are two renderings of one thing: read only one.
        const choice = child(n, 'Choice') ?? child(n, 'Fallback');
        if (choice) runText(kids(choice), tab, out);
        break;
      }
      case 'sdt':
        if (!showsPlaceholder(n)) runText(kids(child(n, 'sdtContent')), tab, out);
        break;
      case '#text':
      case 'pPr':
      case 'rPr':
      case 'sdtPr':
      case 'sdtEndPr':
      // Tracked deletions and the source side of a tracked move.
      case 'del':
      case 'moveFrom':
      case 'delText':
      // Field codes ({ PAGE }, { HYPERLINK "…" }): their result runs hold the shown text.
      case 'instrText':
      case 'delInstrText':
      // Drawings, VML shapes, embedded objects and text boxes float outside the text flow.
      case 'drawing':
      case 'pict':
      case 'object':
      case 'txbxContent':
      // Ruby (pinyin) annotations above the base text.
      case 'rt':
      case 'softHyphen':
      case 'sym':
        break;
      default:
        runText(kids(n), tab, out);
    }
  }
}

/** w:t drops surrounding whitespace unless it says xml:space="preserve", as Word reads it. */
function textOf(t: XNode): string {
  let s = '';
  for (const c of kids(t)) if (typeof c['#text'] === 'string') s += c['#text'];
  return attr(t, 'space') === 'preserve' ? s : s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/** A content control showing its "click here to enter text" prompt holds no content of the notice. */
function showsPlaceholder(sdt: XNode): boolean {
  return !!child(child(sdt, 'sdtPr'), 'showingPlcHdr');
}
