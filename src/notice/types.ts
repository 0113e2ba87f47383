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
      /**
       * Where the table came from. Two sources need care downstream: 'markdown' (PDF-converted
       * tables split merged text across rows) and 'paste' (a browser or spreadsheet copy leaves
       * a vertically merged cell out of the rows below it instead of writing '', so those rows
       * are short). Every other source follows the convention above exactly.
       */
      source: TableSource;
      /** The sheet's name, for a table that was one sheet of a workbook. */
      caption?: string;
    };

export type TableSource = 'docx' | 'tab' | 'markdown' | 'pdf' | 'doc' | 'sheet' | 'html' | 'paste';

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
  /** Leaders (牵头领导 / 责任领导 / 分管领导…) from a leader column; absent when the table has none. */
  leaders?: string[];
  /** Why this row may be misread; absent when nothing is doubtful. */
  doubts?: Doubt[];
}

/** A reason to check a task by hand, in both languages of the bot's messages. */
export interface Doubt {
  code: 'no-units' | 'deadline-unreadable' | 'two-tasks';
  zh_cn: string;
  en_us: string;
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
  /**
   * Set when neither the title nor the number names the year: 'text' when it was taken from the
   * years the text mentions, 'import-date' when the text names none either and the import date
   * (ParseOptions.today) decided it.
   */
  yearSource?: 'text' | 'import-date';
}

export interface ParseOptions {
  /** The import date: the year of last resort for deadlines when the document names no year. */
  today?: Date;
}

/** A clear, user-facing parse failure (the CLI prints .message and exits non-zero). */
export class NoticeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeError';
  }
}
