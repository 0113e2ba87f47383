/** Card JSON 2.0 builders: pure `(view, ctx) => card` functions plus the callback value types. */
export * from './action-value';
export * from './format';
export { myTasksCard, FILTER_LABELS } from './my-tasks';
export { reportFormCard, defaultReportStatus } from './report-form';
export { taskDetailCard } from './task-detail';
export { helpCard } from './help';
export { notBoundCard } from './not-bound';
export { messageCard } from './message';
export type * from './views';
