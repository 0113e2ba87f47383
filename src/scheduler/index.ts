/** Reminders, escalation, check-ins and the weekly digest: see run.ts for how a tick decides. */
export { runScheduledJobs } from './run';
export { formatJobReport, type JobReport } from './report';
export { DEFAULT_SCHEDULER_CONFIG, type SchedulerConfig } from './config';
