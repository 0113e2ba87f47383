/**
 * 到期提醒, 逾期督办 and 请更新进展: each a card per department per day, listing the department's
 * open assignments the job is about today. The three differ only in which assignments they pick.
 */
import { type DueFilter, type OpenAssignment, openAssignments } from '../../store/reminders';
import { targetSuffix } from '../../store/targets';
import type { ReminderKind, ReminderTask } from '../../views/reminders';
import { isFirstWorkingDayOf, reminderDueDates } from '../calendar';
import { groupByDepartment, type Job, type Plan, type TenantDay } from './job';

function toReminderTask(r: OpenAssignment): ReminderTask {
  return {
    taskId: r.taskId,
    seq: r.seq,
    noticeTitle: r.noticeTitle,
    requirement: r.requirement,
    deadlineText: r.deadlineText,
    dueOn: r.dueOn,
    ongoing: r.ongoing,
    status: r.status,
    role: r.role,
    lastReportAt: r.lastReportAt?.toISOString() ?? null,
  };
}

/** `due`: which open assignments the job is about today, or null when it has nothing to say today. */
function departmentJob(kind: ReminderKind, due: (day: TenantDay) => DueFilter | null): Job {
  return {
    name: kind,
    async plan(day) {
      const filter = due(day);
      if (!filter) return [];
      const counts = day.report[kind];
      const plans: Plan[] = [];
      for (const [departmentId, list] of groupByDepartment(await openAssignments(day.db, day.tenantKey, filter))) {
        counts.departments++;
        counts.tasks += list.length;
        const to = day.targets.get(departmentId);
        if (!to?.length) {
          counts.unreachable++;
          day.unreachable.add(list[0].department);
          continue;
        }
        plans.push({
          counts,
          departmentId,
          kind,
          messages: to.map((target) => ({ key: `${kind}:d${departmentId}:${day.today}${targetSuffix(target)}`, target })),
          content: {
            card: 'department_reminder',
            view: { kind, department: { id: departmentId, name: list[0].department }, tasks: list.map(toReminderTask) },
          },
        });
      }
      return plans;
    },
  };
}

/** 7 / 3 / 1 working-day-adjusted days before the due date (DUBAN_REMIND_DAYS_BEFORE). */
export const remindJob = departmentJob('remind', (day) => {
  const dueOn = reminderDueDates(day.today, day.config);
  return dueOn.length ? { dueOn } : null;
});

/** Every working day while overdue. */
export const overdueJob = departmentJob('overdue', (day) => ({ dueBefore: day.today }));

/** Ongoing or undated work has no due reminders: it is asked for news once a period instead; an overdue one is chased daily already. */
export const checkinJob = departmentJob('checkin', (day) =>
  isFirstWorkingDayOf(day.config.checkIn, day.today, day.config) ? { checkInOn: day.today } : null,
);
