/**
 * The card buttons: one entry per action value (cards/action-value.ts), each with its handler and
 * what it needs. The table is typed by the action-value union, so a new value without a handler
 * (or a handler for a value that does not exist) does not compile.
 */
import type { ActionValue } from '../cards/action-value';
import { askAction } from './ask';
import { evidenceOpenAction } from './evidence';
import { ledgerEditApplyAction, ledgerEditCancelAction } from './ledger-edit';
import { myTasksAction } from './my-tasks';
import { cancelNoticeAction, deliveryReportAction, evidenceRequiredAction, publishAction, resendFailedAction } from './publish';
import { reportOpenAction, reportSubmitAction } from './report-progress';
import { reviewConfirmAction, reviewQueueAction, reviewReturnAction } from './review';
import { summaryAction } from './summary';
import { taskDetailAction } from './task';
import type { Action } from './types';

export type ActionTable = { [K in ActionValue['a']]: Action<Extract<ActionValue, { a: K }>> };

export const actions: ActionTable = {
  my_tasks: myTasksAction,
  report_open: reportOpenAction,
  report_submit: reportSubmitAction,
  task_detail: taskDetailAction,
  publish: publishAction,
  cancel_notice: cancelNoticeAction,
  delivery_report: deliveryReportAction,
  resend_failed: resendFailedAction,
  review_queue: reviewQueueAction,
  review_confirm: reviewConfirmAction,
  review_return: reviewReturnAction,
  summary: summaryAction,
  ledger_edit_apply: ledgerEditApplyAction,
  ledger_edit_cancel: ledgerEditCancelAction,
  ask: askAction,
  evidence_open: evidenceOpenAction,
  evidence_required: evidenceRequiredAction,
};
