/**
 * The vocabulary of task-table headers. Interpretation uses it to give columns their roles;
 * readers of formats that lost the table structure (PDF text, a page copied one cell per line)
 * use it to find where the table starts and how wide it is.
 */
export type ColumnRole = 'seq' | 'task' | 'requirement' | 'lead' | 'responsible' | 'support' | 'leader' | 'deadline' | 'other';

/**
 * Header words → column roles. Order matters: 牵头领导 is a leader before it is a lead,
 * 时限要求 a deadline before it is a requirement, 工作要求 a requirement before it is a task,
 * 责任分工 a unit column before it is a requirement (细化分工 is a requirement: each of its rows a task).
 */
const HEADER_RULES: [ColumnRole, RegExp][] = [
  ['seq', /^(序号|编号|序|No\.?)$/i],
  ['other', /备注|说明|附注/],
  // People, not units: 牵头领导 / 责任领导 / 分管领导 / 联系领导 / 包保领导 / 责任人.
  ['leader', /领导|责任人|负责人/],
  ['lead', /牵头|主责|主办/],
  ['deadline', /时限|时间|节点|期限|进度安排|完成日期/],
  ['support', /配合|协办|参与|协同|协助/],
  ['responsible', /责任|负责|落实|承办|实施单位/],
  ['requirement', /要求|内容|措施|举措|目标|标准|细化|分工/],
  ['task', /任务|事项|工作|项目|重点/],
];

/** The role a header cell names, or null when it is no header word (a data cell, a title). */
export function headerRole(cell: string): ColumnRole | null {
  const t = cell.replace(/\s+/g, '');
  if (!t || t.length > 10) return null;
  for (const [role, re] of HEADER_RULES) if (re.test(t)) return role;
  return null;
}

/** Roles that hold unit names, whose cells keep their spaces (a space may separate two units). */
export function isUnitRole(role: ColumnRole | undefined): boolean {
  return role === 'lead' || role === 'responsible' || role === 'support';
}

/**
 * Whether a row of header cells makes a task table: it names what is to be done (a task or
 * requirement column) and who or when (a unit, leader or deadline column). Contact lists and
 * statistics tables do not.
 */
export function isTaskHeader(roles: (ColumnRole | null)[]): boolean {
  const hasWhat = roles.includes('task') || roles.includes('requirement');
  const hasWho = roles.some((r) => r === 'lead' || r === 'responsible' || r === 'support' || r === 'leader' || r === 'deadline');
  return hasWhat && hasWho;
}
