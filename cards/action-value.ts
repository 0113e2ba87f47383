/**
 * What card buttons and the report form send back (`event.action.value` / `form_value`).
 *
 * Values are short objects keyed by `a` (Lark echoes them on every click, and the open-platform
 * SDK only supports object values). Parsing never throws: a callback can carry anything, including
 * values from cards rendered by an older version of Duban.
 */
import { z } from 'zod';
import type { AskIntent } from '../src/ask';
import type { TaskStatus } from '../src/terms';
import type { I18nText } from '../src/views/common';
import type { TaskFilter } from '../src/views/tasks';

export const TASK_FILTERS = ['all', 'overdue', 'month', 'open'] as const satisfies readonly TaskFilter[];
// Fails to compile if views.ts grows a filter this schema does not know.
const filtersCovered: TaskFilter extends (typeof TASK_FILTERS)[number] ? true : never = true;
void filtersCovered;

export const ASK_INTENTS = ['overall', 'department', 'overdue', 'due_month', 'silent'] as const satisfies readonly AskIntent[];
// Fails to compile if src/ask.ts grows an intent this schema does not know.
const intentsCovered: AskIntent extends (typeof ASK_INTENTS)[number] ? true : never = true;
void intentsCovered;

/** Row ids are Postgres `serial`s: positive int4. */
const rowId = z.number().int().positive().max(2_147_483_647);

export const ActionValueSchema = z.discriminatedUnion('a', [
  /** Pages are 1-based, like MyTasksView.page. */
  z.object({ a: z.literal('my_tasks'), filter: z.enum(TASK_FILTERS), page: z.number().int().min(1).max(100_000) }),
  /** Without taskId the form opens with no task pre-selected. */
  z.object({ a: z.literal('report_open'), taskId: rowId.optional() }),
  /** The form's submit button; the payload is in form_value (see ReportFormSchema). */
  z.object({ a: z.literal('report_submit') }),
  z.object({ a: z.literal('task_detail'), taskId: rowId }),
  /** The office's preview of an imported notice: publish it to the departments, or drop it. */
  z.object({ a: z.literal('publish'), noticeId: rowId }),
  z.object({ a: z.literal('cancel_notice'), noticeId: rowId }),
  /** The delivery report of a publish, refreshed on demand. */
  z.object({ a: z.literal('delivery_report'), noticeId: rowId }),
  /** 重新发送 on the delivery report: failed messages go back in the queue (the office fixed the cause). */
  z.object({ a: z.literal('resend_failed'), noticeId: rowId }),
  /** The office's review queue (待审核) and its decisions on one department's 已完成 report. */
  z.object({ a: z.literal('review_queue'), page: z.number().int().min(1).max(100_000) }),
  z.object({ a: z.literal('review_confirm'), assignmentId: rowId, version: z.number().int().min(0) }),
  /** The return reason comes back in form_value.reason_<assignmentId> (see cards/review.ts returnReasonFrom). */
  z.object({ a: z.literal('review_return'), assignmentId: rowId, version: z.number().int().min(0) }),
  /** An edited 台账 sent back: apply the changes shown (if they still are the changes), or drop them. */
  z.object({ a: z.literal('ledger_edit_apply'), editId: rowId }),
  z.object({ a: z.literal('ledger_edit_cancel'), editId: rowId }),
  /** Leaders' summary, optionally narrowed to one notice. */
  z.object({ a: z.literal('summary'), noticeId: rowId.optional(), departmentId: rowId.optional() }),
  /** One reading of a leader's plain-word question (src/ask.ts), offered as a choice. */
  z.object({ a: z.literal('ask'), intent: z.enum(ASK_INTENTS), departmentId: rowId.optional() }),
  /** 佐证材料 opened from a card: the bot sends the picture or file to the clicker. */
  z.object({ a: z.literal('evidence_open'), evidenceId: rowId }),
  /** 要求佐证 on the delivery report: turn the notice's evidence requirement on or off. */
  z.object({ a: z.literal('evidence_required'), noticeId: rowId, required: z.boolean() }),
]);

export type ActionValue = z.infer<typeof ActionValueSchema>;

/** The object to put in `behaviors[].value`. Throws only on a programming error (invalid value). */
function encode(value: ActionValue): Record<string, unknown> {
  return { ...ActionValueSchema.parse(value) };
}

/** The typed action, or null for anything that is not one of ours (never throws). */
function parse(raw: unknown): ActionValue | null {
  try {
    const input = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    const result = ActionValueSchema.safeParse(input);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** `ActionValue.encode(v)` / `ActionValue.parse(raw)`; the type of the same name is the union. */
export const ActionValue = { schema: ActionValueSchema, encode, parse } as const;

/** The same as `ActionValue.parse`, for callers that prefer a plain function. */
export const parseActionValue = parse;

// ---------------------------------------------------------------------------------------------
// Task options of the report form: `${assignmentId}:${version}` lets the handler refuse a form
// rendered before someone else changed the assignment (stale card).

export interface TaskOption {
  assignmentId: number;
  version: number;
}

export function encodeTaskOption(option: TaskOption): string {
  return `${option.assignmentId}:${option.version}`;
}

const TASK_OPTION = /^(\d{1,10}):(\d{1,10})$/;

export function parseTaskOption(raw: unknown): TaskOption | null {
  if (typeof raw !== 'string') return null;
  const m = TASK_OPTION.exec(raw.trim());
  if (!m) return null;
  const assignmentId = Number(m[1]);
  const version = Number(m[2]);
  if (assignmentId < 1 || assignmentId > 2_147_483_647 || version > 2_147_483_647) return null;
  return { assignmentId, version };
}

// ---------------------------------------------------------------------------------------------
// The report form

/** Field names double as `form_value` keys; Lark requires them unique within the card. */
export const FORM_FIELDS = {
  task: 'task',
  status: 'status',
  progress: 'progress',
  evidence: 'evidence',
} as const;

export const REPORT_FORM_NAME = 'report_form';
export const REPORT_SUBMIT_NAME = 'report_submit';

/** Statuses a department may report; `closed` (办结) is the office's decision. */
export const REPORTABLE_STATUSES = ['not_started', 'in_progress', 'done'] as const satisfies readonly TaskStatus[];
export type ReportableStatus = (typeof REPORTABLE_STATUSES)[number];

export const PROGRESS_MAX_CHARS = 1000;
export const EVIDENCE_MAX_CHARS = 1000;

export const FORM_ERRORS = {
  task: { zh_cn: '请选择要汇报的任务', en_us: 'Please choose the task to report on.' },
  status: { zh_cn: '请选择任务状态', en_us: 'Please choose a status.' },
  progressEmpty: { zh_cn: '请填写进展情况', en_us: 'Please describe the progress.' },
  progressTooLong: {
    zh_cn: `进展情况不能超过 ${PROGRESS_MAX_CHARS} 字`,
    en_us: `Progress must be at most ${PROGRESS_MAX_CHARS} characters.`,
  },
  evidence: {
    zh_cn: '证明材料须为 http:// 或 https:// 开头的链接',
    en_us: 'Evidence must be a link starting with http:// or https://.',
  },
} as const satisfies Record<string, I18nText>;

/** Chinese first, the English in brackets: the zod message is what a plain-text toast shows. */
const message = (t: I18nText): string => `${t.zh_cn}（${t.en_us}）`;
const MESSAGE_TO_TEXT = new Map<string, I18nText>(Object.values(FORM_ERRORS).map((t) => [message(t), t]));

const chars = (s: string): number => Array.from(s).length;

function isHttpUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The submitted `form_value`. `task` stays the option string (`parseTaskOption` turns it into ids;
 * the refinement guarantees it parses) and `evidence` is '' when no link was given, so callers
 * store `evidence || null`.
 */
export const reportFormSchema = z.object({
  [FORM_FIELDS.task]: z
    .string({ error: message(FORM_ERRORS.task) })
    .trim()
    .refine((s) => parseTaskOption(s) !== null, { error: message(FORM_ERRORS.task) }),
  [FORM_FIELDS.status]: z.enum(REPORTABLE_STATUSES, { error: message(FORM_ERRORS.status) }),
  [FORM_FIELDS.progress]: z
    .string({ error: message(FORM_ERRORS.progressEmpty) })
    .trim()
    .min(1, { error: message(FORM_ERRORS.progressEmpty) })
    .refine((s) => chars(s) <= PROGRESS_MAX_CHARS, { error: message(FORM_ERRORS.progressTooLong) }),
  // Optional: Lark omits an untouched empty input; null/'' both mean "no link".
  [FORM_FIELDS.evidence]: z
    .string({ error: message(FORM_ERRORS.evidence) })
    .nullish()
    .transform((s) => (s ?? '').trim())
    .refine((s) => s === '' || (chars(s) <= EVIDENCE_MAX_CHARS && isHttpUrl(s)), { error: message(FORM_ERRORS.evidence) }),
});

export type ReportFormValue = z.output<typeof reportFormSchema>;

export type ReportFormResult = { ok: true; value: ReportFormValue } | { ok: false; message: string; i18n: I18nText };

/**
 * Validates a submitted `form_value`; on failure returns the first problem both as a Chinese-first
 * string and as I18nText (for a toast's `i18n`). Never throws.
 */
export function parseReportForm(formValue: unknown): ReportFormResult {
  const result = reportFormSchema.safeParse(formValue ?? {});
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0]?.message ?? message(FORM_ERRORS.progressEmpty);
  const i18n = MESSAGE_TO_TEXT.get(first) ?? {
    zh_cn: '表单内容有误，请检查后重新提交',
    en_us: 'Please check the form and submit again.',
  };
  return { ok: false, message: MESSAGE_TO_TEXT.has(first) ? first : message(i18n), i18n };
}
