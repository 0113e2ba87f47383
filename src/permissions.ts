/**
 * Who may do what. Every chat command and every card button declares what it needs (`Need`),
 * and the dispatcher (src/bot/) checks it once, before the handler runs; handlers never check.
 */
import type { Sender } from './identity';
import type { MessageView } from './views/messages';

export type Permission = 'publish' | 'review' | 'manage_roles' | 'confirm_binding' | 'summary' | 'export' | 'report';

/** anyone; department: the sender must be tied to a department (else "how to get bound"); or a permission. */
export type Need = 'anyone' | 'department' | Permission;

const GRANTS: Record<NonNullable<Sender['role']>, readonly Permission[]> = {
  office: ['publish', 'review', 'manage_roles', 'confirm_binding', 'summary', 'export', 'report'],
  leader: ['summary', 'export'],
  coordinator: ['report'],
};

/** Reporting is a department's act: the role alone is not enough without the department to report for. */
const NEEDS_DEPARTMENT: ReadonlySet<Need> = new Set(['department', 'report']);

export function allows(sender: Sender, need: Need): boolean {
  if (need === 'anyone') return true;
  if (NEEDS_DEPARTMENT.has(need) && !sender.department) return false;
  if (need === 'department') return true;
  return sender.role !== null && GRANTS[sender.role].includes(need as Permission);
}

/** Refused for want of a department: the answer explains how to get bound rather than who may. */
export function refusedForDepartment(sender: Sender, need: Need): boolean {
  return NEEDS_DEPARTMENT.has(need) && !sender.department;
}

const ASK_THE_OFFICE = { zh_cn: '。如需开通，请联系政务公开办。', en_us: '. Ask the office if you need access.' };

const REFUSALS: Record<Permission, { title: [string, string]; body: [string, string]; plain?: true }> = {
  publish: { title: ['没有权限', 'Not allowed'], body: ['发布通知需要政务公开办权限', 'Only the office can publish notices'] },
  review: { title: ['无法审核', 'Not available'], body: ['审核需要政务公开办权限', 'Only the office can review reports'] },
  manage_roles: { title: ['没有权限', 'Not allowed'], body: ['设置人员角色需要政务公开办权限', 'Only the office can assign roles'] },
  confirm_binding: {
    title: ['需要政务公开办确认', 'Office only'],
    body: ['只有政务公开办的同志可以确认绑定。', 'Only the office can confirm a binding.'],
    plain: true,
  },
  summary: {
    title: ['无法查看汇总', 'Summary not available'],
    body: ['汇总仅对领导和政务公开办开放', 'Summaries are for leaders and the office'],
  },
  export: {
    title: ['无法导出台账', 'Cannot export the ledger'],
    body: ['导出台账仅对领导和政务公开办开放', 'Exporting the ledger is for leaders and the office'],
  },
  report: {
    title: ['无法汇报', 'Cannot report'],
    body: ['汇报进展需要联络员或政务公开办身份', 'Reporting is for coordinators and the office'],
  },
};

/** The polite refusal shown when the sender lacks a permission (Chinese first). */
export function refusal(permission: Permission): MessageView {
  const r = REFUSALS[permission];
  const tail = r.plain ? { zh_cn: '', en_us: '' } : ASK_THE_OFFICE;
  return {
    tone: 'warning',
    title: { zh_cn: r.title[0], en_us: r.title[1] },
    body: { zh_cn: `${r.body[0]}${tail.zh_cn}`, en_us: `${r.body[1]}${tail.en_us}` },
  };
}
