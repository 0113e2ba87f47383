/**
 * The notice pipeline: bytes → Block[] (per format) → ParsedNotice (format-free).
 * Every reader produces the same Block shape, so a table gives the same tasks whether it
 * arrives as .docx, as Word's tab-separated text export, or as a PDF-converted markdown table.
 */

/** A paragraph of running text, or a table as rows of cell texts. */
export type Block =
  | { kind: 'para'; text: string }
  | {
      kind: 'table';
      /**
       * Rows of cells in reading order. A horizontally merged cell is ONE cell (so rows may be
       * shorter than the grid); a vertically merged continuation cell is an empty string ''.
       * Cell text keeps its inner line breaks ('\n').
       */
      rows: string[][];
      /** Where the table came from: PDF-converted tables split merged text across rows. */
      source: 'docx' | 'tab' | 'markdown';
    };

export interface Deadline {
  /** The text as the notice wrote it ('' when none). */
  text: string;
  /** Resolved due date 'YYYY-MM-DD' in the notice's year, or null. */
  due: string | null;
  /** 长期坚持 / 定期更新 / 每季度 …: work that continues after (or instead of) a due date. */
  ongoing: boolean;
}

export interface ParsedTask {
  /** Enclosing headings, outermost first: ['一、…', '（一）…'] or multi-level task columns. */
  section: string[];
  requirement: string;
  lead: string[];
  responsible: string[];
  deadline: Deadline;
}

export interface NoticeMeta {
  docNumber: string | null;
  title: string;
  issuer: string | null;
  issuedOn: string | null;
  year: number | null;
}

export interface ParsedNotice {
  notice: NoticeMeta;
  tasks: ParsedTask[];
  warnings: string[];
}

/** A clear, user-facing parse failure (the CLI prints .message and exits non-zero). */
export class NoticeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeError';
  }
}
