import type { Doubt, ParsedTask } from './types';

/**
 * Rows Duban is not sure of, with the reason, so the preview can ask a person to check them:
 * a task nobody is named for, a deadline written but not understood, and text that reads as
 * two tasks run together (two numbered items, or two role clauses, in one requirement).
 */
export function doubtsOf(task: ParsedTask, year: number | null): Doubt[] {
  const out: Doubt[] = [];
  if (!task.lead.length && !task.responsible.length)
    out.push({ code: 'no-units', zh_cn: '没有写明牵头或责任单位', en_us: 'No lead or responsible unit is named' });
  const d = task.deadline;
  if (d.text && d.due === null && !d.ongoing && year !== null)
    out.push({
      code: 'deadline-unreadable',
      zh_cn: `无法识别完成时限“${d.text}”`,
      en_us: `The deadline "${d.text}" could not be read`,
    });
  if (looksLikeTwoTasks(task.requirement))
    out.push({
      code: 'two-tasks',
      zh_cn: '内容像是两项任务，请核对是否需要拆分',
      en_us: 'The text looks like two tasks: check whether to split it',
    });
  return out;
}

/** Item numbers that start a second item after a sentence ends: "…。2.…", "…；（二）…", "…。②…". */
const ITEM_START = /(?:^|[。；;！!？?]\s*)(?:\d{1,2}[.、．](?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]|[①-⑳])/g;

function looksLikeTwoTasks(text: string): boolean {
  return (text.match(ITEM_START) ?? []).length >= 2;
}
