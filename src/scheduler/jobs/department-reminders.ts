/**
 * 到期提醒, 逾期督办 and 请更新进展: each a card per department per day, listing the department's
 * open assignments the job is about today. The three differ only in which assignments they pick.
 */
import type { OpenAssignment } from '../../store/reminders';
import { targetSuffix } from '../../store/targets';
import type { ReminderKind, ReminderTask } from '../../views/reminders';
import { isFirstWorkingDayOf, reminderThresholdOn } from '../calendar';
import { groupByDepartment, type Job, type Plan, type TenantDay } from './job';
import { isOverdueOn } from '../../dates';

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

function departmentJob(kind: ReminderKind, select: (day: TenantDay) => (r: OpenAssignment) => boolean): Job {
  return {
    name: kind,
    plan(day) {
      const counts = day.report[kind];
      const plans: Plan[] = [];
      for (const [departmentId, list] of groupByDepartment(day.open.filter(select(day)))) {
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
export const remindJob = departmentJob(
  'remind',
  (day) => (r) => r.dueOn !== null && reminderThresholdOn(r.dueOn, day.today, day.config) !== null,
);

/** Every working day while overdue. */
export const overdueJob = departmentJob('overdue', (day) => (r) => isOverdueOn(r, day.today));

/** Ongoing or undated work has no due reminders: it is asked for news once a period instead; an overdue one is chased daily already. */
export const checkinJob = departmentJob('checkin', (day) => {
  const checkInToday = isFirstWorkingDayOf(day.config.checkIn, day.today, day.config);
  return (r) => checkInToday && (r.ongoing || r.dueOn === null) && !isOverdueOn(r, day.today);
});
