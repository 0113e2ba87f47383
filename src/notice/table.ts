import type { Block, ParsedTask } from './types';
import { cleanText, cleanTextKeepSpaces } from './normalize';
import { splitUnits, extractRoles } from './units';
import { parseDeadline, deadlineInText } from './deadline';
import { headingLevel, comparable } from './headings';
import type { ProseItem } from './prose';

export type ColumnRole = 'seq' | 'task' | 'requirement' | 'lead' | 'responsible' | 'deadline' | 'other';
type TableBlock = Extract<Block, { kind: 'table' }>;

/**
 * Header words → column roles. Order matters: "时限要求" is a deadline before it is a
 * requirement, "工作要求" a requirement before it is a task.
 */
const HEADER_RULES: [ColumnRole, RegExp][] = [
  ['seq', /^(序号|编号|序|No\.?)$/i],
  ['other', /备注|说明|附注/],
  ['lead', /牵头|主责|主办/],
  ['deadline', /时限|时间|节点|期限|进度安排|完成日期/],
  ['responsible', /责任|配合|参与|协办|协同|负责|落实|承办|实施单位|责任人/],
  ['requirement', /要求|内容|措施|目标|标准/],
  ['task', /任务|事项|工作|项目|重点/],
];

export function headerRole(cell: string): ColumnRole | null {
  const t = cell.replace(/\s+/g, '');
  if (!t || t.length > 10) return null;
  for (const [role, re] of HEADER_RULES) if (re.test(t)) return role;
  return null;
}

export interface TaskTable {
  roles: ColumnRole[];
  headerKey: string;
  /** Header rows as they read (squashed), to drop where a page break repeats them. */
  repeatedHeaders: Set<string>;
  rows: string[][];
  source: TableBlock['source'];
}

/**
 * A task table is one whose header names at least a task or requirement column and one of the
 * unit / deadline columns; contact lists and statistics tables are not.
 */
export function detectTaskTable(block: TableBlock): TaskTable | null {
  for (let i = 0; i < Math.min(block.rows.length, 4); i++) {
    const first = block.rows[i].map((c) => cleanText(c));
    const below = block.rows[i + 1]?.map((c) => cleanText(c));
    const sub = below && isSubHeader(below) ? below : null;
    const header = sub ? combineHeaders(first, sub) : first;
    const roles = header.map(headerRole);
    const named = roles.filter((r): r is ColumnRole => r !== null && r !== 'other' && r !== 'seq');
    const hasWhat = named.includes('task') || named.includes('requirement');
    const hasWho = named.some((r) => r === 'lead' || r === 'responsible' || r === 'deadline');
    if (!hasWhat || !hasWho) continue;
    // An empty header cell right of a task header is that header spanning several columns
    // (PDF tables lose the merge and leave the neighbour blank).
    const filled: ColumnRole[] = [];
    roles.forEach((r, k) => {
      filled.push(r ?? (k > 0 && filled[k - 1] === 'task' && !header[k] ? 'task' : 'other'));
    });
    const headerRows = sub ? [first, sub] : [first];
    return {
      roles: filled,
      headerKey: header.map(squash).join('|'),
      repeatedHeaders: new Set(headerRows.map((r) => r.map(squash).join('|'))),
      rows: block.rows.slice(i + headerRows.length),
      source: block.source,
    };
  }
  return null;
}

function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * A second header row under a spanning one ("责任分工" over "牵头单位 | 配合单位"): every filled
 * cell names a column, and the rest are the merged continuations of the row above.
 */
function isSubHeader(row: string[]): boolean {
  const filled = row.filter(Boolean);
  return filled.length > 0 && filled.length < row.length && filled.every((c) => headerRole(c) !== null && headerRole(c) !== 'other');
}

/**
 * The column names of a two-row header. Where the rows are equally wide (PDF tables keep the
 * spanned cells as blanks) the lower name wins; where the upper row is narrower (Word keeps a
 * spanning cell as one), each blank below continues one upper cell and a run of names below
 * splits the spanning cell above them.
 */
function combineHeaders(upper: string[], lower: string[]): string[] {
  if (upper.length === lower.length) return upper.map((u, k) => lower[k] || u);
  const out: string[] = [];
  let p = 0;
  for (let k = 0; k < lower.length; k++) {
    if (lower[k]) {
      out.push(lower[k]);
      if (!lower[k + 1]) p++;
    } else {
      out.push(upper[p] ?? '');
      p++;
    }
  }
  return out;
}

type RowPart =
  | { kind: 'heading'; text: string }
  | { kind: 'data'; line: number; middle: string[]; cells: Partial<Record<ColumnRole, string[]>> };

/**
 * Lays a row's cells onto the header. Horizontal merges make rows narrower or wider than the
 * header (a task header can span several levels of task columns), so columns left of the task
 * columns are counted from the left, columns right of them from the right, and whatever is in
 * between is the row's task levels.
 */
function layoutRow(roles: ColumnRole[], row: string[], line: number): RowPart | null {
  // Unit cells keep their spaces: a space may be the only thing between two unit names.
  const cells = row.map((c, k) => (isUnitColumn(roles, row.length, k) ? cleanTextKeepSpaces(c) : cleanText(c)));
  if (cells.every((c) => !c)) return null;
  if (cells.length === 1) return { kind: 'heading', text: cells[0] };
  const firstTask = roles.indexOf('task');
  const lastTask = roles.lastIndexOf('task');
  const nonEmpty = cells.filter(Boolean);
  if (nonEmpty.length === 1 && headingLevel(nonEmpty[0]) === 0 && cells.indexOf(nonEmpty[0]) <= Math.max(firstTask, 0))
    return { kind: 'heading', text: nonEmpty[0] };

  const left = firstTask < 0 ? roles : roles.slice(0, firstTask);
  const right = firstTask < 0 ? [] : roles.slice(lastTask + 1);
  const parts: RowPart & { kind: 'data' } = { kind: 'data', line, middle: [], cells: {} };
  const put = (role: ColumnRole, value: string) => (parts.cells[role] ??= []).push(value);
  if (firstTask < 0) {
    roles.forEach((r, k) => {
      put(r, cells[k] ?? '');
    });
    return parts;
  }
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

/** Whether cell k of a row of this width falls in a lead / responsible column (counted from the right). */
function isUnitColumn(roles: ColumnRole[], width: number, k: number): boolean {
  const fromRight = width - 1 - k;
  const role = roles[roles.length - 1 - fromRight];
  return role === 'lead' || role === 'responsible';
}

export interface TableContext {
  year: number | null;
  /** Numbered items of the notice's prose (工作要点), used to mend PDF-converted tables. */
  prose: ProseItem[];
  warnings: string[];
}

/** Rows of one or more page pieces of the same task table → tasks. */
export function tasksFromTable(table: TaskTable, ctx: TableContext): ParsedTask[] {
  const parts: RowPart[] = [];
  table.rows.forEach((row, i) => {
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

function buildTasks(parts: RowPart[], roles: ColumnRole[], ctx: TableContext): ParsedTask[] {
  const tasks: ParsedTask[] = [];
  let headings: string[] = [];
  let levels: string[] = [];
  // Vertically merged unit cells arrive empty: they continue the cell above, until a heading
  // row (a merge never crosses a full-width row).
  let lastLead: string[] = [];
  let lastResponsible: string[] = [];
  const hasLeadColumn = roles.includes('lead');

  for (const part of parts) {
    if (part.kind === 'heading') {
      const level = headingLevel(part.text);
      headings = level !== null && level > 0 ? [...headings.slice(0, level), part.text] : [part.text];
      levels = [];
      lastLead = [];
      lastResponsible = [];
      continue;
    }
    const fresh = new Set<number>();
    part.middle.forEach((v, k) => {
      if (v) {
        levels[k] = v;
        levels.length = k + 1;
        fresh.add(k);
      }
    });
    levels.length = Math.min(levels.length, part.middle.length);

    let requirement = join(part.cells.requirement);
    let section = levels.slice(0, part.middle.length).filter(Boolean);
    if (!requirement) {
      // No requirement column, or it is merged away: the most specific new task text is it.
      const deepest = Math.max(...fresh, -1);
      if (deepest < 0) {
        if (join(part.cells.lead) || join(part.cells.responsible))
          ctx.warnings.push(`表格第 ${part.line} 行只有单位、没有任务内容，已跳过（row ${part.line} has units but no task text: skipped）`);
        continue;
      }
      requirement = levels[deepest];
      section = levels.slice(0, deepest).filter(Boolean);
    }

    const leadCell = join(part.cells.lead);
    const respCell = join(part.cells.responsible);
    let lead = lastLead;
    let responsible = lastResponsible;
    if (leadCell) {
      const r = rolesOf(leadCell, 'lead');
      lead = r.lead;
      if (!respCell && r.responsible.length) responsible = r.responsible;
    }
    if (respCell) {
      // A single unit column may still say who leads: "办公室牵头，各科室配合". Without a lead
      // column, the cell alone decides the lead, so a lead never leaks in from the row above.
      const r = rolesOf(respCell, 'responsible');
      responsible = r.responsible;
      if (r.lead.length || !hasLeadColumn) lead = r.lead;
    }
    lastLead = lead;
    lastResponsible = responsible;

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

    tasks.push({ section: [...headings, ...section], requirement, lead, responsible, deadline });
  }
  return tasks;
}

function join(values: string[] | undefined): string {
  return (values ?? []).filter(Boolean).join('\n').trim();
}

/** A lead cell holds leads and a unit cell responsible units, unless the cell itself names roles. */
function rolesOf(cell: string, as: 'lead' | 'responsible'): { lead: string[]; responsible: string[] } {
  const roles = extractRoles(cell);
  if (roles && (roles.lead.length || roles.responsible.length)) return { lead: roles.lead, responsible: roles.responsible };
  const units = splitUnits(cell);
  return as === 'lead' ? { lead: units, responsible: [] } : { lead: [], responsible: units };
}

/**
 * PDF converters write a merged cell's text into the rows it spans, a few characters each
 * ("着眼畅通 经济循环" / "推进政务公开"), and leave stray marks ("V V", "/,") where a line
 * crossed the cell. Stray marks are dropped; neighbouring pieces are joined when together they
 * form a heading that the notice states in full elsewhere (its prose, or the same column on
 * another page), and the later pieces become continuations of the first.
 */
function mendPdfFragments(parts: RowPart[], proseHeadings: string[]): void {
  // (the prose headings are passed in already stripped of their numbering)
  const data = parts.filter((p): p is RowPart & { kind: 'data' } => p.kind === 'data');
  const width = Math.max(0, ...data.map((p) => p.middle.length));
  for (const p of data) p.middle = p.middle.map((v) => (/[\u3400-\u9fff]/.test(v) ? v : ''));
  const prose = proseHeadings.map(comparable);
  for (let k = 0; k < width; k++) {
    const column = data.map((p) => p.middle[k] ?? '');
    let anchor = -1;
    column.forEach((v, i) => {
      if (!v) return;
      if (anchor >= 0) {
        const start = comparable(data[anchor].middle[k]);
        const joined = start + comparable(v);
        const others = [...prose, ...column.filter((_, j) => j !== anchor && j !== i).map(comparable)];
        const startComplete = others.includes(start);
        if (!startComplete && others.some((o) => o.includes(joined))) {
          data[anchor].middle[k] = `${data[anchor].middle[k]}${v}`;
          data[i].middle[k] = '';
          return;
        }
      }
      anchor = i;
    });
  }
}

/**
 * When the table restates a prose 工作要点, the prose says exactly where each task belongs.
 * A PDF table that lost the end of a heading ("…推进政务") gets it back from the one prose
 * heading it begins, and a row that the conversion left under the previous heading (its
 * merged cell's text started a row late) moves under the heading whose prose item quotes
 * its requirement, provided the table uses that heading too.
 */
function mendSectionsFromProse(tasks: ParsedTask[], prose: ProseItem[]): void {
  if (!prose.length) return;
  const headings = [...new Set(prose.flatMap((i) => i.path))];
  const completed = new Map<string, string>();
  for (const t of tasks) {
    t.section = t.section.map((v) => {
      if (completed.has(v)) return completed.get(v)!;
      const c = comparable(v);
      const longer = headings.filter((h) => comparable(h).startsWith(c) && comparable(h) !== c);
      const fixed = c.length >= 4 && longer.length === 1 && !headings.some((h) => comparable(h) === c) ? longer[0] : v;
      completed.set(v, fixed);
      return fixed;
    });
  }
  const levelValues = (k: number) => new Set(tasks.map((t) => t.section[k]).filter(Boolean));
  for (const t of tasks) {
    const key = comparable(t.requirement).slice(0, 16);
    if (key.length < 8) continue;
    const hits = prose.filter((i) => comparable(i.text).includes(key));
    if (hits.length !== 1) continue;
    const path = hits[0].path.map(comparable);
    t.section = t.section.map((v, k) => {
      if (path.includes(comparable(v))) return v;
      const better = [...levelValues(k)].find((other) => path.includes(comparable(other)));
      return better ?? v;
    });
  }
}
