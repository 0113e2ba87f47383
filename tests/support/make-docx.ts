import { Document, Packer, Paragraph, Table, TableBorders, TableCell, TableRow } from 'docx';
import { strToU8, zipSync } from 'fflate';

/**
 * A table cell of a test notice: plain text, or text with merges.
 *
 * Merges follow HTML's rowspan/colspan convention, which is also what the `docx` library writes:
 * - `columnSpan: N` makes ONE cell as wide as N grid columns (written as w:gridSpan);
 * - `rowSpan: N` makes the cell cover the same column in the N-1 rows below it. Those rows
 *   simply OMIT that column in the spec — `docx` inserts the continuation cells itself
 *   (w:vMerge="continue", an empty paragraph), so a row under a 3-row task cell lists one
 *   cell fewer than the grid.
 *
 * A '\n' in `text` starts a new paragraph in the cell ('' between two '\n' is an empty paragraph).
 */
export type SpecCell = string | { text: string; rowSpan?: number; columnSpan?: number };

export interface DocxSpec {
  /** Paragraphs before the table, one per string. */
  before?: string[];
  /**
   * The table; none for a prose notice. `headerRows` repeat at the top of every printed page
   * (Word's "repeat as header row"); `borderless` prints no ruling lines.
   */
  table?: { rows: SpecCell[][]; headerRows?: number; borderless?: boolean };
  /** Paragraphs after the table, one per string. */
  after?: string[];
}

/** A real .docx, as Word would receive it, built with the `docx` library. */
export async function makeDocx(spec: DocxSpec): Promise<Uint8Array> {
  const t = spec.table;
  const table = t
    ? new Table({
        ...(t.borderless ? { borders: TableBorders.NONE } : {}),
        rows: t.rows.map(
          (row, i) =>
            new TableRow({
              tableHeader: i < (t.headerRows ?? 0),
              children: row.map((c) => {
                const cell = typeof c === 'string' ? { text: c } : c;
                return new TableCell({
                  children: cell.text.split('\n').map((line) => new Paragraph(line)),
                  rowSpan: cell.rowSpan,
                  columnSpan: cell.columnSpan,
                  ...(t.borderless ? { borders: TableBorders.NONE } : {}),
                });
              }),
            }),
        ),
      })
    : null;
  const doc = new Document({
    sections: [
      {
        children: [
          ...(spec.before ?? []).map((p) => new Paragraph(p)),
          ...(table ? [table] : []),
          ...(spec.after ?? []).map((p) => new Paragraph(p)),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/**
 * A minimal .docx around hand-written WordprocessingML, for markup the `docx` library does not
 * write the way Word does (tracked changes, fields, numbering…). `body` is the inside of
 * <w:body>; `numbering` the inside of <w:numbering>; `styles` the inside of <w:styles>. The w:
 * prefix is bound; `extra` adds or replaces raw parts by path.
 */
export function makeRawDocx(body: string, opts: { numbering?: string; styles?: string; extra?: Record<string, string> } = {}): Uint8Array {
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W_NS}"><w:body>${body}</w:body></w:document>`,
  };
  if (opts.numbering !== undefined)
    parts['word/numbering.xml'] = `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="${W_NS}">${opts.numbering}</w:numbering>`;
  if (opts.styles !== undefined)
    parts['word/styles.xml'] = `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W_NS}">${opts.styles}</w:styles>`;
  Object.assign(parts, opts.extra ?? {});
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)])));
}

/** Shorthands for hand-written markup in tests. */
export const p = (...runs: string[]): string => `<w:p>${runs.join('')}</w:p>`;
export const r = (text: string): string => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
export const tc = (content: string, props = ''): string => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${content}</w:tc>`;
export const tr = (...cells: string[]): string => `<w:tr>${cells.join('')}</w:tr>`;
export const tbl = (...rows: string[]): string => `<w:tbl>${rows.join('')}</w:tbl>`;
