/** Line-level tidying shared by the text readers: cells, paragraphs, page numbers, footers. */
import type { Block } from '../types';

/** Cell text as both Word readers return it: lines trimmed, no blank lines at either end. */
export function trimCell(raw: string): string {
  return raw
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/\n{3,}/g, '\n\n');
}

export function paragraphs(lines: string[]): Block[] {
  return lines
    .map((l) => l.trim())
    .filter((l) => l && !isPageNumber(l))
    .map((text) => ({ kind: 'para', text }));
}

/** "— 3 —", "- 12 -", "—5 **—**": page numbers left behind by the export. */
export function isPageNumber(line: string): boolean {
  return /^[\s*]*[—–\-－]+[\s*]*\d{1,3}[\s*]*[—–\-－]+[\s*]*$/.test(line);
}

/** Lines that close a notice and must never leak into the last cell of its table. */
export function isFooterLine(line: string): boolean {
  const t = line.trim();
  return isPageNumber(t) || /^(抄送|抄报|印发|主送|联系人|联系电话)[：:]/.test(t) || /^[（(]此件/.test(t);
}
