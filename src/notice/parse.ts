/**
 * The notice pipeline: bytes → Block[] (readers/, one per format) → ParsedNotice (everything
 * else here, which never knows which format the blocks came from).
 */
import { NoticeError, type Block, type ParseOptions, type ParsedNotice, type ParsedTask } from './types';
import { cleanText, looksTraditional, toSimplified } from './normalize';
import { extractMeta, dominantYear } from './meta';
import { detectTaskTable, type TaskTable } from './table-header';
import { tasksFromTable } from './table';
import { proseItems, tasksFromProse } from './prose';
import { doubtsOf } from './doubts';
import { readNotice, type NoticeFormat } from './readers/read-notice';
import { hasVisibleText, readText } from './readers/read-text';

export { NoticeError } from './types';
export type { ParsedNotice, ParsedTask } from './types';
export type { NoticeFormat } from './readers/read-notice';

/** How a notice file is parsed: parseNoticeFile itself, or the Node server's parse thread (src/parse-thread.ts). */
export type ParseNotice = typeof parseNoticeFile;

/** A notice file (or pasted text as UTF-8 bytes) → notice, tasks and warnings. */
export async function parseNoticeFile(
  bytes: Uint8Array,
  fileName = '',
  options: ParseOptions = {},
): Promise<ParsedNotice & { format: NoticeFormat }> {
  const { blocks, format } = await readNotice(bytes, fileName);
  return { ...parseBlocks(blocks, options), format };
}

export function parseNoticeText(text: string, fileName = '', options: ParseOptions = {}): ParsedNotice & { format: NoticeFormat } {
  const { blocks, format } = readText(text, fileName);
  return { ...parseBlocks(blocks, options), format };
}

/**
 * When a notice has both a prose 工作要点 and a 分解表 attachment, the table is the ledger and
 * the prose only helps to mend it; a notice with prose only is parsed from its numbered items.
 */
export function parseBlocks(input: Block[], options: ParseOptions = {}): ParsedNotice {
  const text = input.map((b) => (b.kind === 'para' ? b.text : b.rows.flat().join(' '))).join('\n');
  if (!hasVisibleText(text))
    throw new NoticeError(
      '文件只有看不见的字符（如零宽空格），没有文字内容（The file holds only invisible characters such as zero-width spaces: no text）',
    );
  const warnings: string[] = [];
  const traditional = looksTraditional(text);
  const blocks = traditional ? input.map(simplify) : input;
  if (traditional) warnings.push('通知为繁体字，已转换为简体（Traditional characters converted to Simplified）');
  const paras = blocks
    .filter((b) => b.kind === 'para')
    .map((b) => cleanText(b.text))
    .filter(Boolean);
  const meta = extractMeta(paras);
  if (!meta.docNumber) warnings.push('未找到文号（No document number found）');
  let yearSource: ParsedNotice['yearSource'];
  if (meta.year === null) {
    meta.year = dominantYear(traditional ? toSimplified(text) : text);
    yearSource = meta.year ? 'text' : undefined;
    if (!meta.year && options.today) {
      meta.year = options.today.getFullYear();
      yearSource = 'import-date';
    }
    warnings.push(
      yearSource === 'text'
        ? `标题和文号未写明年度，按正文推定为 ${meta.year} 年（No year in title or number: assumed ${meta.year} from the text）`
        : yearSource === 'import-date'
          ? `全文未写明年度，按导入日期推定为 ${meta.year} 年（No year anywhere in the notice: assumed ${meta.year} from the import date）`
          : '未能确定年度，完成时限无法换算为日期（No year found: deadlines are kept as text only）',
    );
  }

  const tables = taskTables(blocks, warnings);
  let tasks: ParsedTask[];
  if (tables.length) {
    const items = proseItems(paras);
    tasks = tables.flatMap((t) => tasksFromTable(t, { year: meta.year, prose: items, warnings }));
  } else {
    tasks = tasksFromProse(paras, meta.year);
  }
  if (!tasks.length)
    throw new NoticeError(
      '没有找到任务：文件中既没有任务分解表，也没有编号的工作要点（No tasks found: no task table and no numbered items）',
    );

  tasks.forEach((t, i) => {
    if (!t.lead.length && !t.responsible.length)
      warnings.push(`第 ${i + 1} 项任务没有写明责任单位（task ${i + 1} names no responsible unit）`);
    const doubts = doubtsOf(t, meta.year);
    if (doubts.length) t.doubts = doubts;
  });
  return yearSource ? { notice: meta, tasks, warnings, yearSource } : { notice: meta, tasks, warnings };
}

/** Task tables in document order, with page pieces of the same table (same header) joined. */
function taskTables(blocks: Block[], warnings: string[]): TaskTable[] {
  const out: TaskTable[] = [];
  for (const b of blocks) {
    if (b.kind !== 'table') continue;
    const t = detectTaskTable(b);
    if (!t) {
      const header =
        b.rows[0]
          ?.map((c) => cleanText(c))
          .filter(Boolean)
          .slice(0, 4)
          .join('、') ?? '';
      warnings.push(
        b.caption
          ? `已忽略工作表“${b.caption}”：不是任务表（表头：${header}）（ignored sheet "${b.caption}": not a task table）`
          : `已忽略一个非任务表格（表头：${header}）（ignored a table that is not a task table）`,
      );
      continue;
    }
    const prev = out[out.length - 1];
    // A loop, not push(...rows): spreading a 50,000-row piece overflows the call stack.
    if (prev && prev.headerKey === t.headerKey && prev.source === t.source) for (const r of t.rows) prev.rows.push(r);
    else out.push(t);
  }
  return out;
}

function simplify(b: Block): Block {
  return b.kind === 'para' ? { kind: 'para', text: toSimplified(b.text) } : { ...b, rows: b.rows.map((r) => r.map(toSimplified)) };
}
