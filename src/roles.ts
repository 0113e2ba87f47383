import type { Sender } from './identity';

/** What each role may do; every command checks here, so the rules live in one place. */
export type Permission = 'publish' | 'review' | 'manage_roles' | 'summary' | 'export' | 'report';

const GRANTS: Record<NonNullable<Sender['role']>, Permission[]> = {
  office: ['publish', 'review', 'manage_roles', 'summary', 'export', 'report'],
  leader: ['summary', 'export'],
  coordinator: ['report'],
};

export function can(sender: Sender, permission: Permission): boolean {
  return sender.role !== null && GRANTS[sender.role].includes(permission);
}

/** The polite refusal shown when a role lacks a permission (Chinese first). */
export function refusal(permission: Permission): { zh_cn: string; en_us: string } {
  const who: Record<Permission, [string, string]> = {
    publish: ['发布通知需要政务公开办权限', 'Only the office can publish notices'],
    review: ['审核需要政务公开办权限', 'Only the office can review reports'],
    manage_roles: ['设置人员角色需要政务公开办权限', 'Only the office can assign roles'],
    summary: ['汇总仅对领导和政务公开办开放', 'Summaries are for leaders and the office'],
    export: ['导出台账仅对领导和政务公开办开放', 'Exporting the ledger is for leaders and the office'],
    report: ['汇报进展需要先绑定本单位', 'Bind your department before reporting'],
  };
  const [zh, en] = who[permission];
  return { zh_cn: `${zh}。如需开通，请联系政务公开办。`, en_us: `${en}. Ask the office if you need access.` };
}
