import type { ParsedTask } from './types';
import { cleanText, cleanTextKeepSpaces } from './normalize';
import { splitUnits } from './units';
import { extractRoles } from './roles';
import { parseDeadline, deadlineInText } from './deadline';
import { headingLevel } from './headings';
import { isUnitRole, type ColumnRole } from './header-words';
import { squash, type TaskTable } from './table-header';
import { alignRows } from './align-rows';
import { mendPdfFragments, mendSectionsFromProse } from './markdown-mend';
import type { ProseItem } from './prose';
import type { RowPart } from './row-part';

/**
 * Lays a row's cells onto the header. Horizontal merges make rows narrower or wider than the
 * header (a task header can span several levels of task columns), so columns left of the task
 * columns are counted from the left, columns right of them from the right, and whatever is in
 * between is the row's task levels.
 */
function layoutRow(roles: ColumnRole[], row: string[], line: number): RowPart | null {
  // Unit cells keep their spaces: a space may be the only thing between two unit names.
  const cells = row.map((c, k) => (isUnitRole(roleAt(roles, row.length, k)) ? cleanTextKeepSpaces(c) : cleanText(c)));
  if (cells.every((c) => !c)) return null;
  if (cells.length === 1) return { kind: 'heading', text: cells[0] };
  const firstTask = roles.indexOf('task');
  const lastTask = roles.lastIndexOf('task');
  const nonEmpty = cells.filter(Boolean);
  if (nonEmpty.length === 1 && headingLevel(nonEmpty[0]) === 0 && cells.indexOf(nonEmpty[0]) <= Math.max(firstTask, 0))
    return { kind: 'heading', text: nonEmpty[0] };

  const parts: RowPart & { kind: 'data' } = { kind: 'data', line, middle: [], cells: {} };
  const put = (role: ColumnRole, value: string) => (parts.cells[role] ??= []).push(value);
  if (firstTask < 0) {
    roles.forEach((r, k) => {
      put(r, cells[k] ?? '');
    });
    return parts;
  }
  const left = roles.slice(0, firstTask);
  const right = roles.slice(lastTask + 1);
  const rightStart = Math.max(left.length, cells.length - right.length);
  left.forEach((r, k) => {
    put(r, cells[k] ?? '');
  });
  parts.middle = cells.slice(left.length, rightStart);
  right.forEach((r, k) => {
    put(r, cells[rightStart + k] ?? '');
  });
  return parts;
}

/** The role of cell k in a row of this width: counted from the left before the task columns, from the right after them. */
function roleAt(roles: ColumnRole[], width: number, k: number): ColumnRole | undefined {
  const firstTask = roles.indexOf('task');
  if (firstTask >= 0 && k < firstTask) return roles[k];
  return roles[roles.length - width + k];
}

export interface TableContext {
  year: number | null;
  /** Numbered items of the notice's prose (工作要点), used to mend PDF-converted tables. */
  prose: ProseItem[];
  warnings: string[];
}

/** Rows of one or more page pieces of the same task table → tasks. */
export function tasksFromTable(table: TaskTable, ctx: TableContext): ParsedTask[] {
  const rows = table.source === 'paste' ? alignRows(table.rows, table.roles) : table.rows;
  const parts: RowPart[] = [];
  rows.forEach((row, i) => {
    // Header rows repeated at page breaks.
    if (table.repeatedHeaders.has(row.map((c) => squash(cleanText(c))).join('|'))) return;
    const part = layoutRow(table.roles, row, i + 1);
    if (part) parts.push(part);
  });
  if (table.source !== 'markdown') return buildTasks(parts, table.roles, ctx);
  const headings = [...new Set(ctx.prose.map((i) => i.path[i.path.length - 1]))];
  mendPdfFragments(parts, headings);
  const tasks = buildTasks(parts, table.roles, ctx);
  mendSectionsFromProse(tasks, ctx.prose);
  return tasks;
}

/** Who a row names, carried down to the rows below whose cells are merged into it. */
interface Owners {
  lead: string[];
  responsible: string[];
  leaders: string[];
}

function buildTasks(parts: RowPart[], roles: ColumnRole[], ctx: TableContext): ParsedTask[] {
  const tasks: ParsedTask[] = [];
  let headings: string[] = [];
  let levels: string[] = [];
  // Vertically merged cells arrive empty: they continue the cell above, until a heading row
  // (a merge never crosses a full-width row).
  const none: Owners = { lead: [], responsible: [], leaders: [] };
  let last = none;
  const hasLeadColumn = roles.includes('lead');
  const hasLeaderColumn = roles.includes('leader');
  // 责任单位 beside a 配合单位 column (and no 牵头 column) is the unit that leads: the others assist it.
  const responsibleLeads = !hasLeadColumn && roles.includes('support') && roles.includes('responsible');

  for (const part of parts) {
    if (part.kind === 'heading') {
      const level = headingLevel(part.text);
      headings = level !== null && level > 0 ? [...headings.slice(0, level), part.text] : [part.text];
      levels = [];
      last = none;
      continue;
    }
    let deepest = -1;
    part.middle.forEach((v, k) => {
      if (v) {
        levels[k] = v;
        levels.length = k + 1;
        deepest = k;
      }
    });
    levels.length = Math.min(levels.length, part.middle.length);

    let requirement = join(part.cells.requirement);
    let section = levels.slice(0, part.middle.length).filter(Boolean);
    if (!requirement) {
      // No requirement column, or it is merged away: the most specific new task text is it.
      if (deepest < 0) {
        if (join(part.cells.lead) || join(part.cells.responsible) || join(part.cells.support))
          ctx.warnings.push(`表格第 ${part.line} 行只有单位、没有任务内容，已跳过（row ${part.line} has units but no task text: skipped）`);
        continue;
      }
      requirement = levels[deepest];
      section = levels.slice(0, deepest).filter(Boolean);
    }

    const owners = ownersOf(part, last, { hasLeadColumn, responsibleLeads });
    last = owners;
    let { lead, responsible } = owners;

    const inline = extractRoles(requirement);
    if (inline) {
      requirement = inline.rest || requirement;
      if (inline.lead.length) lead = inline.lead;
      if (inline.responsible.length) responsible = inline.responsible;
    }

    const deadlineCell = join(part.cells.deadline);
    const deadline = deadlineCell
      ? parseDeadline(deadlineCell, ctx.year)
      : (deadlineInText(requirement, ctx.year) ?? { text: '', due: null, ongoing: false });

    const task: ParsedTask = { section: [...headings, ...section], requirement, lead, responsible, deadline };
    if (hasLeaderColumn) task.leaders = owners.leaders;
    tasks.push(task);
  }
  return tasks;
}

/**
 * The lead, responsible units and leaders of a row: its own cells where it has them, the row
 * above's where they are merged (empty). A unit cell may itself say who leads ("办公室牵头，
 * 各科室配合"); without a lead column the row's own unit cells alone decide the lead, so a lead
 * never leaks in from the row above.
 */
function ownersOf(part: RowPart & { kind: 'data' }, above: Owners, table: { hasLeadColumn: boolean; responsibleLeads: boolean }): Owners {
  const leadCell = join(part.cells.lead);
  const respCell = join(part.cells.responsible);
  const supportCell = join(part.cells.support);
  const leaderCell = join(part.cells.leader);
  if (!leadCell && !respCell && !supportCell) return leaderCell ? { ...above, leaders: splitLeaders(leaderCell) } : above;
  // Any unit cell of the row filled: the row names its own units, and merged neighbours
  // (empty) continue the row above only for their own column.
  let lead = leadCell || (table.responsibleLeads && respCell) ? [] : above.lead;
  let responsible: string[] = respCell || supportCell ? [] : above.responsible;
  if (leadCell) {
    const r = rolesOf(leadCell, 'lead');
    lead = r.lead;
    responsible = [...r.responsible, ...responsible];
  }
  if (respCell) {
    const r = rolesOf(respCell, table.responsibleLeads ? 'lead' : 'responsible');
    if (r.lead.length || (!table.hasLeadColumn && !table.responsibleLeads)) lead = r.lead;
    responsible.push(...r.responsible);
  }
  if (supportCell) {
    const r = rolesOf(supportCell, 'responsible');
    if (r.lead.length) lead = r.lead;
    responsible.push(...r.responsible);
  }
  const leaders = leaderCell ? splitLeaders(leaderCell) : above.leaders;
  return { lead, responsible: [...new Set(responsible)], leaders };
}

/** "张三\n李四" / "王五、赵六" / "分管副区长" → one entry per person or post. */
function splitLeaders(cell: string): string[] {
  return [
    ...new Set(
      cell
        .split(/[\n、，,；;/／]+/)
        .map((s) => s.trim())
        .filter((s) => s && !/^[—–\-－_/／\\]+$|^无$/.test(s)),
    ),
  ];
}

function join(values: string[] | undefined): string {
  return (values ?? []).filter(Boolean).join('\n').trim();
}

/** A lead cell holds leads and a unit cell responsible units, unless the cell itself names roles. */
function rolesOf(cell: string, as: 'lead' | 'responsible'): { lead: string[]; responsible: string[] } {
  const roles = extractRoles(cell, as);
  if (roles && (roles.lead.length || roles.responsible.length)) return { lead: roles.lead, responsible: roles.responsible };
  const units = splitUnits(cell);
  return as === 'lead' ? { lead: units, responsible: [] } : { lead: [], responsible: units };
}
