/** The weekly overdue digest for the office and leaders, on the first working day of the week. */
import { departmentsWithOpenWork, openAssignments, pendingReviewCount } from '../../store/reminders';
import { digestRecipients } from '../../store/targets';
import type { DigestDepartment, WeeklyDigestView } from '../../views/reminders';
import { isDigestDay } from '../calendar';
import { groupByDepartment, type Job, type Plan } from './job';

export const weeklyDigestJob: Job = {
  name: 'digest',
  async plan(day) {
    if (!isDigestDay(day.today, day.config)) return [];
    const { report, targets } = day;
    report.digest.due = true;

    const overdueWork = await openAssignments(day.db, day.tenantKey, { dueBefore: day.today });
    const overdue: DigestDepartment[] = [...groupByDepartment(overdueWork)].map(([departmentId, list]) => ({
      department: { id: departmentId, name: list[0].department },
      overdue: list.map((r) => ({ taskId: r.taskId, seq: r.seq })),
      reachable: Boolean(targets.get(departmentId)?.length),
    }));
    report.digest.departments += overdue.length;
    report.digest.tasks += overdue.reduce((n, d) => n + d.overdue.length, 0);

    const unreachable = (await departmentsWithOpenWork(day.db, day.tenantKey)).filter((d) => !targets.get(d.id)?.length).map((d) => d.name);
    const pendingReview = await pendingReviewCount(day.db, day.tenantKey);
    const recipients = await digestRecipients(day.db, day.tenantKey, day.officeOpenIds);
    report.digest.recipients += recipients.length;

    const view = (audience: WeeklyDigestView['audience']): WeeklyDigestView => ({
      date: day.today,
      audience,
      departments: overdue,
      pendingReview,
      unreachable,
    });
    return recipients.map(
      (r): Plan => ({
        counts: report.digest,
        departmentId: null,
        kind: 'digest',
        messages: [{ key: `digest:${r.openId}:${day.today}`, target: { receiveIdType: 'open_id', receiveId: r.openId } }],
        content: { card: 'weekly_digest', view: view(r.audience) },
      }),
    );
  },
};
