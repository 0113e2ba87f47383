import { NoticeError, type Block, type ParsedNotice, type ParsedTask } from './types';
import { cleanText, looksTraditional, toSimplified } from './normalize';
import { extractMeta, dominantYear } from './meta';
import { detectTaskTable, tasksFromTable, type TaskTable } from './table';
import { proseItems, tasksFromProse } from './prose';
import { readNotice, readText, type NoticeFormat } from './read';

export { NoticeError } from './types';
export type { ParsedNotice, ParsedTask } from './types';

/** A notice file (or pasted text as UTF-8 bytes) → notice, tasks and warnings. */
export function parseNoticeFile(bytes: Uint8Array, fileName = ''): ParsedNotice & { format: NoticeFormat } {
  const { blocks, format } = readNotice(bytes, fileName);
  return { ...parseBlocks(blocks), format };
}

export function parseNoticeText(text: string, fileName = ''): ParsedNotice & { format: NoticeFormat } {
  const { blocks, format } = readText(text, fileName);
  return { ...parseBlocks(blocks), format };
}

/**
 * When a notice has both a prose 工作要点 and a 分解表 attachment, the table is the ledger and
 * the prose only helps to mend it; a notice with prose only is parsed from its numbered items.
 */
export function parseBlocks(input: Block[]): ParsedNotice {
  const warnings: string[] = [];
  const traditional = looksTraditional(input.map((b) => (b.kind === 'para' ? b.text : b.rows.flat().join(''))).join('\n'));
  const blocks = traditional ? input.map(simplify) : input;
  if (traditional) warnings.push('通知为繁体字，已转换为简体（Traditional characters converted to Simplified）');
  const paras = blocks
    .filter((b) => b.kind === 'para')
    .map((b) => cleanText(b.text))
    .filter(Boolean);
  const meta = extractMeta(paras);
  if (!meta.docNumber) warnings.push('未找到文号（No document number found）');
  if (meta.year === null) {
    meta.year = dominantYear(blocks.map((b) => (b.kind === 'para' ? b.text : b.rows.flat().join(' '))).join('\n'));
    warnings.push(
      meta.year
        ? `标题和文号未写明年度，按正文推定为 ${meta.year} 年（No year in title or number: assumed ${meta.year} from the text）`
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
  });
  return { notice: meta, tasks, warnings };
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
      warnings.push(`已忽略一个非任务表格（表头：${header}）（ignored a table that is not a task table）`);
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && prev.headerKey === t.headerKey && prev.source === t.source) prev.rows.push(...t.rows);
    else out.push(t);
  }
  return out;
}

function simplify(b: Block): Block {
  return b.kind === 'para' ? { kind: 'para', text: toSimplified(b.text) } : { ...b, rows: b.rows.map((r) => r.map(toSimplified)) };
}
