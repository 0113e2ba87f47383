/**
 * The ledger's vocabulary: the states and roles every layer speaks of. Kept apart from the
 * database schema so the views, the calendar rules and the parser can use them without
 * depending on the store.
 */

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'closed'] as const;
/** done: the department reports it finished (待审核); closed: the office confirmed it (办结). */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A department leads a task (牵头) or takes part in it (参与 / 配合 / 责任单位). */
export type AssignmentRole = 'lead' | 'responsible';

export type NoticeStatus = 'draft' | 'published' | 'cancelled';

/** office: 党政办公室 / 政府办公室; department: 区直部门; agency: 派驻/垂管机构; town: 镇街; enterprise: 公共企事业单位. */
export const DEPARTMENT_KINDS = ['office', 'department', 'agency', 'town', 'enterprise'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export type MemberRole = 'coordinator' | 'leader' | 'office';
