/** Reminders, escalation, check-ins and the weekly digest: see run.ts for how a tick decides. */
export {
  runScheduledJobs,
  formatJobReport,
  type SchedulerDeps,
  type JobReport,
  type JobCounts,
  type DigestCounts,
} from './run';
export {
  schedulerConfigSchema,
  schedulerEnvShape,
  schedulerEnvSchema,
  schedulerConfigFromEnv,
  parseSchedulerEnv,
  DEFAULT_SCHEDULER_CONFIG,
  CHECK_IN_PERIODS,
  type SchedulerConfig,
  type SchedulerConfigInput,
  type SchedulerEnv,
  type CheckInPeriod,
} from './config';
export { ragStatus, type Rag } from './rag';
export {
  isWorkingDay,
  inQuietHours,
  silenceReason,
  nextWorkingMoment,
  firstWorkingDayFrom,
  isFirstWorkingDayOf,
  isDigestDay,
  reminderThresholdOn,
} from './calendar';
export { departmentTargets, digestRecipients, type DeliveryTarget } from './targets';
