// Views for every card Duban renders, built without a database: an ordinary one per card kind
// (for the schema gate) and worst cases (long names, 200 tasks, long texts) for the size budget.
import { deliveryReportCard } from '../../cards/delivery-report';
import { departmentReminderCard } from '../../cards/department-reminder';
import type { Card } from '../../cards/format';
import { helpCard } from '../../cards/help';
import { ledgerEditCard } from '../../cards/ledger-edit';
import { messageCard } from '../../cards/message';
import { myTasksCard } from '../../cards/my-tasks';
import { notBoundCard } from '../../cards/not-bound';
import { noticePreviewCard } from '../../cards/notice-preview';
import { publishedNoticeCard } from '../../cards/published-notice';
import { reportFormCard } from '../../cards/report-form';
import { reviewQueueCard, reviewResultCard } from '../../cards/review';
import { summaryCard } from '../../cards/summary';
import { taskDetailCard } from '../../cards/task-detail';
import { askChoicesCard, askHelpCard, askSilentCard, askTasksCard } from '../../cards/ask';
import { weeklyDigestCard } from '../../cards/weekly-digest';
import { clockAt } from '../../src/dates';
import type { TaskStatus } from '../../src/terms';
import type { RenderContext } from '../../src/views/common';
import type { DeliveryReportView, NoticePreviewView, PublishedNoticeView } from '../../src/views/publish';
import type { LedgerEditView, TaskChange } from '../../src/views/ledger-edit';
import type { ReminderTask } from '../../src/views/reminders';
import type { ReviewItem, ReviewQueuePage } from '../../src/views/review';
import type { DepartmentSummary, SummaryView } from '../../src/views/summary';
import type { ProgressLine, TaskItem } from '../../src/views/tasks';

export const CTX: RenderContext = { locale: 'zh_cn', clock: clockAt(new Date('2025-06-15T02:00:00Z')) };
export const CTX_EN: RenderContext = { ...CTX, locale: 'en_us' };

/** `seed` repeated to exactly `len` characters. */
export const long = (len: number, seed: string): string => seed.repeat(Math.ceil(len / seed.length)).slice(0, len);

export interface Extremes {
  /** Characters of a 单位名称. */
  unit: number;
  /** Characters of a requirement. */
  requirement: number;
  /** Characters of a progress text. */
  progress: number;
  /** Tasks (or departments, for lists of departments). */
  count: number;
}

const ORDINARY: Extremes = { unit: 6, requirement: 60, progress: 40, count: 4 };
/** The worst the issue asks for: a 2,000-character unit name, 200 tasks, long requirements and progress. */
export const WORST: Extremes = { unit: 2000, requirement: 1000, progress: 1000, count: 200 };

const unitName = (x: Extremes, i = 0): string => (x.unit <= 8 ? `区第${i + 1}局` : long(x.unit, `区政务服务管理办公室第${i + 1}分中心`));
const requirement = (x: Extremes, i: number): string =>
  long(x.requirement, `${i + 1}. 持续完善并动态更新主动公开事项目录，确保目录内容与政府网站实际公开信息一致，做到应公开尽公开；`);
const progressText = (x: Extremes, i: number): string =>
  long(x.progress, `第${i + 1}次汇报：已召开专题会议研究部署，正在逐项落实各项公开要求，并同步更新政府网站栏目；`);

const STATUSES: TaskStatus[] = ['not_started', 'in_progress', 'done', 'closed'];

function progress(x: Extremes, i: number, over: Partial<ProgressLine> = {}): ProgressLine {
  return {
    status: 'in_progress',
    text: progressText(x, i),
    evidenceUrl: i % 2 ? `https://www.example.gov.cn/zfxxgk/${i}/index.html` : null,
    reporter: x.unit > 8 ? long(40, '欧阳晓明同志') : '张晓明',
    at: new Date(Date.UTC(2025, 4, 1 + (i % 28), 2)).toISOString(),
    ...over,
  };
}

function task(x: Extremes, i: number): TaskItem {
  const dues = ['2025-06-01', '2025-06-20', '2025-09-30', null] as const;
  const dueOn = dues[i % 4];
  return {
    taskId: 100 + i,
    assignmentId: 5000 + i,
    version: 1 + (i % 5),
    noticeTitle:
      x.unit > 8
        ? long(300, '关于印发《2025年区政务公开工作要点》任务分解表的通知')
        : '关于印发《2025年区政务公开工作要点》任务分解表的通知',
    seq: i + 1,
    section: ['一、持续深化政务公开', '（二）提升主动公开质效'],
    requirement: requirement(x, i),
    role: i % 3 ? 'responsible' : 'lead',
    viaGroup: i % 2 ? '区直各部门' : null,
    deadlineText: dueOn ? `${dueOn.slice(5, 7)}月底前` : '长期坚持',
    dueOn,
    ongoing: dueOn === null,
    status: STATUSES[i % 3],
    lastProgress: i % 4 === 3 ? null : progress(x, i),
  };
}

const tasks = (x: Extremes): TaskItem[] => Array.from({ length: x.count }, (_, i) => task(x, i));

function summaryView(x: Extremes): SummaryView {
  const n = x.count;
  const perDepartment: DepartmentSummary[] = Array.from({ length: n }, (_, i) => ({
    departmentId: i + 1,
    department: unitName(x, i),
    sortOrder: i,
    total: 20,
    done: i % 20,
    closed: Math.floor((i % 20) / 2),
    inProgress: (20 - (i % 20)) >> 1,
    notStarted: 20 - (i % 20) - ((20 - (i % 20)) >> 1),
    overdue: i % 3,
    lastReportAt: i % 5 ? '2025-06-10T02:00:00Z' : null,
  }));
  return {
    asOf: '2025-06-15',
    scope: {
      label: '通知',
      noticeId: 7,
      noticeTitle: long(Math.min(x.unit, 300), '2025年区政务公开工作要点任务分解'),
      noticeCount: 1,
      department: null,
    },
    totals: {
      tasks: n,
      assignments: n * 20,
      byStatus: { not_started: n * 5, in_progress: n * 5, done: n * 5, closed: n * 5 },
      overdue: n,
      overdueAssignments: n,
      dueSoon: 3,
      unassigned: 1,
    },
    perDepartment,
    overdueTasks: Array.from({ length: Math.min(n, 20) }, (_, i) => ({
      taskId: 100 + i,
      noticeId: 7,
      seq: i + 1,
      requirement: requirement(x, i),
      dueOn: '2025-06-01',
      departments: perDepartment.slice(0, 30).map((d) => d.department),
      unassigned: i === 0,
    })),
    silentDepartments: perDepartment.filter((d) => d.lastReportAt === null).map((d) => ({ id: d.departmentId, name: d.department })),
    recent: Array.from({ length: Math.min(n, 8) }, (_, i) => ({
      department: perDepartment[i].department,
      noticeId: 7,
      seq: i + 1,
      text: progressText(x, i),
      status: STATUSES[i % 4],
      at: `2025-06-1${i % 5}T02:00:00.000Z`,
    })),
  };
}

function reviewItem(x: Extremes, i: number): ReviewItem {
  return {
    assignmentId: 7000 + i,
    version: 2,
    taskId: 100 + i,
    seq: i + 1,
    noticeTitle: '2025年区政务公开工作要点',
    requirement: requirement(x, i),
    deadlineText: '6月底前',
    dueOn: '2025-06-30',
    role: i % 2 ? 'responsible' : 'lead',
    department: { id: i + 1, name: unitName(x, i) },
    report: {
      text: progressText(x, i),
      evidenceUrl: 'https://www.example.gov.cn/a.html',
      reporter: x.unit > 8 ? long(40, '欧阳晓明同志') : '张晓明',
      at: '2025-06-12T02:00:00Z',
    },
  };
}

function reviewQueue(x: Extremes): ReviewQueuePage {
  // The queue is paged by the command (10 a page); the worst case is a full page of worst items.
  const items = Array.from({ length: Math.min(x.count, 10) }, (_, i) => reviewItem(x, i));
  return { items, total: x.count, page: 1, pageCount: Math.max(1, Math.ceil(x.count / 10)) };
}

function reminderTasks(x: Extremes): ReminderTask[] {
  return tasks(x).map((t) => ({
    taskId: t.taskId,
    seq: t.seq,
    noticeTitle: t.noticeTitle,
    requirement: t.requirement,
    deadlineText: t.deadlineText,
    dueOn: t.dueOn,
    ongoing: t.ongoing,
    status: t.status === 'closed' ? 'in_progress' : t.status,
    role: t.role,
    lastReportAt: t.lastProgress?.at ?? null,
  }));
}

function publishedNotice(x: Extremes): PublishedNoticeView {
  const all = tasks(x);
  return {
    notice: {
      id: 7,
      title: long(Math.max(40, Math.min(x.unit, 300)), '关于印发《2025年区政务公开工作要点》的通知'),
      docNumber: '区政办发〔2025〕3号',
    },
    department: { id: 1, name: unitName(x) },
    leadCount: all.filter((t) => t.role === 'lead').length,
    participatingCount: all.filter((t) => t.role !== 'lead').length,
    nearest: { dueOn: '2025-06-20', deadlineText: '6月20日前' },
    pastDueCount: 2,
    tasks: all.slice(0, 5),
    total: all.length,
  };
}

function noticePreview(x: Extremes): NoticePreviewView {
  const departments = Array.from({ length: x.count }, (_, i) => ({
    id: i + 1,
    name: unitName(x, i),
    lead: i % 4,
    participating: 3,
    reach: i % 3 ? ('chat' as const) : null,
  }));
  return {
    notice: {
      id: 7,
      title: long(Math.max(40, Math.min(x.unit, 300)), '关于印发《2025年区政务公开工作要点》的通知'),
      docNumber: '区政办发〔2025〕3号',
      status: 'draft',
      issuer: '区政府办公室',
      issuedOn: '2025-05-30',
      sourceName: 'notice.docx',
    },
    taskCount: x.count,
    departments,
    unresolved: Array.from({ length: Math.min(x.count, 80) }, (_, i) => unitName(x, i + 1000)),
    created: Array.from({ length: Math.min(x.count, 80) }, (_, i) => unitName(x, i + 2000)),
    warnings: Array.from({ length: Math.min(x.count, 40) }, (_, i) =>
      long(x.unit > 8 ? 400 : 30, `第${i + 1}行：单位名称无法识别，已跳过；`),
    ),
    doubtful: Array.from({ length: Math.min(x.count, 50) }, (_, i) => ({
      seq: i + 1,
      requirement: requirement(x, i),
      reasons: [
        { zh_cn: '内容像是两项任务，请核对是否需要拆分', en_us: 'The text looks like two tasks: check whether to split it' },
        { zh_cn: `单位“${unitName(x, i + 3000)}”无法识别`, en_us: `The unit "${unitName(x, i + 3000)}" could not be resolved` },
      ],
    })),
    doubtfulCount: x.count,
    assumedYear: 2025,
    yearOverYear: {
      previous: {
        title: long(Math.max(40, Math.min(x.unit, 300)), '关于印发《2024年区政务公开工作要点》的通知'),
        year: 2024,
        taskCount: x.count,
      },
      taskCount: x.count,
      added: Array.from({ length: x.count }, (_, i) => ({ seq: i + 1, requirement: requirement(x, i), ongoing: false })),
      continuing: Array.from({ length: x.count }, (_, i) => ({
        seq: i + 1,
        requirement: requirement(x, i),
        ongoing: i % 2 === 0,
        previousSeq: i + 2,
        similarity: null,
      })),
      dropped: Array.from({ length: x.count }, (_, i) => ({ seq: i + 1, requirement: requirement(x, i), ongoing: true })),
      unrelated: true,
    },
  };
}

function deliveryReport(x: Extremes): DeliveryReportView {
  const problem = (i: number) => ({
    department: unitName(x, i),
    recipient: i % 2 ? ('chat' as const) : ('coordinator' as const),
    attempts: 3,
    code: 230002,
    error: long(x.unit > 8 ? 600 : 60, 'POST /open-apis/im/v1/messages: HTTP 400, code 230002: The bot can not be outside the group. '),
    nextAttemptAt: '2025-06-15T03:00:00Z',
  });
  return {
    notice: {
      id: 7,
      title: long(Math.max(40, Math.min(x.unit, 300)), '2025年区政务公开工作要点'),
      docNumber: '区政办发〔2025〕3号',
      status: 'published',
      publishedAt: '2025-06-01T02:00:00Z',
    },
    counts: { sent: x.count, failed: x.count, pending: x.count },
    failed: Array.from({ length: x.count }, (_, i) => problem(i)),
    pending: Array.from({ length: x.count }, (_, i) => problem(i + 1)),
    undeliverable: Array.from({ length: x.count }, (_, i) => ({ id: i + 1, name: unitName(x, i) })),
  };
}

function ledgerEdit(x: Extremes, state: LedgerEditView['state']): LedgerEditView {
  const kinds: TaskChange['kind'][] = ['edited', 'added', 'removed', 'kept'];
  const changes: TaskChange[] = Array.from({ length: x.count }, (_, i) => ({
    kind: kinds[i % 4],
    seq: i + 1,
    oldSeq: i % 4 === 1 ? null : i + 2,
    requirement: requirement(x, i),
    fields: [
      { field: 'requirement', from: requirement(x, i + 1), to: requirement(x, i) },
      { field: 'deadline', from: '3月底前（2025-03-31）', to: long(Math.min(x.requirement, 200), '6月底前（2025-06-30）') },
      { field: 'leaders', from: '张伟', to: long(Math.min(x.unit, 300), '张伟、李娜') },
    ],
    unitsAdded: [unitName(x, i), unitName(x, i + 1)],
    unitsRemoved: [unitName(x, i + 2)],
    unitsKept: i % 3 ? [] : [unitName(x, i + 3)],
    unresolved: i % 5 ? [] : [unitName(x, i + 4)],
    conflicts: i % 7 ? [] : ['deadline'],
    doubts: [{ zh_cn: '内容像是两项任务，请核对是否需要拆分', en_us: 'The text looks like two tasks: check whether to split it' }],
  }));
  return {
    editId: state === 'preview' ? 12 : null,
    state,
    notice: {
      id: 7,
      title: long(Math.max(40, Math.min(x.unit, 300)), '关于印发《2025年区政务公开工作要点》的通知'),
      docNumber: '区政办发〔2025〕3号',
      status: 'published',
    },
    sourceName: `${long(Math.min(x.unit, 200), '2025年政务公开工作台账（修改稿）')}.xlsx`,
    counts: {
      added: x.count,
      removed: x.count,
      edited: x.count,
      unitsAdded: 2 * x.count,
      unitsRemoved: x.count,
      deadlinesMoved: x.count,
      leadersChanged: x.count,
      refused: x.count,
    },
    changes,
    renumbered: x.count,
    newDepartments: Array.from({ length: x.count }, (_, i) => unitName(x, i + 500)),
    droppedDepartments: Array.from({ length: x.count }, (_, i) => unitName(x, i + 600)),
    createdUnits: Array.from({ length: x.count }, (_, i) => unitName(x, i + 700)),
    ignored: Array.from({ length: Math.min(x.count, 40) }, (_, i) => ({
      row: i + 4,
      reason: { zh_cn: '该任务已在导出后删除，未恢复', en_us: 'This task was deleted after the export; it is not restored' },
    })),
    ...(state === 'applied'
      ? { delivery: { notified: x.count, unreachable: Array.from({ length: x.count }, (_, i) => unitName(x, i + 800)) } }
      : {}),
  };
}

/** Every card kind Duban renders, rendered for the extremes given. */
export function allCards(x: Extremes = ORDINARY, ctx: RenderContext = CTX): [string, () => Card][] {
  const ts = tasks(x);
  const dept = { id: 8, name: unitName(x) };
  const history = ts.map((_t, i) => ({ ...progress(x, i), department: unitName(x, i), kind: 'report' as const }));
  return [
    ['my tasks', () => myTasksCard({ department: dept, filter: 'all', tasks: ts, page: 1, pageCount: 3, total: ts.length * 3 }, ctx)],
    ['report form (task pre-selected)', () => reportFormCard({ department: dept, tasks: ts, selected: ts[0] }, ctx)],
    ['report form (nothing selected)', () => reportFormCard({ department: dept, tasks: ts, selected: null }, ctx)],
    ['report form (no tasks)', () => reportFormCard({ department: dept, tasks: [], selected: null }, ctx)],
    [
      'task detail',
      () =>
        taskDetailCard(
          {
            task: { ...ts[0], lead: [unitName(x, 0)], responsible: ts.map((_, i) => unitName(x, i)) },
            assignments: ts.map((t, i) => ({ department: unitName(x, i), role: t.role, status: t.status, viaGroup: t.viaGroup })),
            history,
            earlier: {
              noticeTitle: long(Math.max(40, Math.min(x.unit, 300)), '关于印发2024年某区政务公开工作任务分解表的通知'),
              seq: 3,
              history,
            },
          },
          ctx,
        ),
    ],
    [
      'help',
      () =>
        helpCard(
          { entries: [{ names: ['我的任务', 'my tasks'], usage: '我的任务 [逾期]', summary: { zh_cn: '查看任务', en_us: 'Tasks' } }] },
          ctx,
        ),
    ],
    ['not bound (group)', () => notBoundCard({ chatType: 'group' }, ctx)],
    ['not bound (p2p)', () => notBoundCard({ chatType: 'p2p' }, ctx)],
    [
      'message',
      () =>
        messageCard(
          {
            tone: 'success',
            title: { zh_cn: '绑定成功', en_us: 'Linked' },
            body: { zh_cn: `本群已绑定 **${dept.name}**。`, en_us: `Linked to **${dept.name}**.` },
          },
          ctx,
        ),
    ],
    ['summary', () => summaryCard(summaryView(x), ctx)],
    ['review queue', () => reviewQueueCard(reviewQueue(x), ctx)],
    [
      'review result (returned)',
      () =>
        reviewResultCard(
          {
            decision: 'return',
            department: dept,
            task: { taskId: 100, seq: 1, requirement: requirement(x, 0), noticeTitle: '2025年区政务公开工作要点' },
            reason: progressText(x, 0),
          },
          ctx,
        ),
    ],
    [
      'review result (closed)',
      () =>
        reviewResultCard(
          {
            decision: 'confirm',
            department: dept,
            task: { taskId: 100, seq: 1, requirement: requirement(x, 0), noticeTitle: '要点' },
            reason: null,
          },
          ctx,
        ),
    ],
    ['reminder (due soon)', () => departmentReminderCard({ kind: 'remind', department: dept, tasks: reminderTasks(x) }, ctx)],
    ['reminder (overdue)', () => departmentReminderCard({ kind: 'overdue', department: dept, tasks: reminderTasks(x) }, ctx)],
    ['reminder (check-in)', () => departmentReminderCard({ kind: 'checkin', department: dept, tasks: reminderTasks(x) }, ctx)],
    [
      'weekly digest (office)',
      () =>
        weeklyDigestCard(
          {
            date: '2025-06-15',
            audience: 'office',
            departments: Array.from({ length: x.count }, (_, i) => ({
              department: { id: i + 1, name: unitName(x, i) },
              overdue: ts.slice(0, 12).map((t) => ({ taskId: t.taskId, seq: t.seq })),
              reachable: i % 2 === 0,
            })),
            pendingReview: 5,
            unreachable: Array.from({ length: x.count }, (_, i) => unitName(x, i)),
          },
          ctx,
        ),
    ],
    ['published notice', () => publishedNoticeCard(publishedNotice(x), ctx)],
    ['notice preview', () => noticePreviewCard(noticePreview(x), ctx)],
    ['delivery report', () => deliveryReportCard(deliveryReport(x), ctx)],
    ['ledger changes (to confirm)', () => ledgerEditCard(ledgerEdit(x, 'preview'), ctx)],
    ['ledger changes (applied)', () => ledgerEditCard(ledgerEdit(x, 'applied'), ctx)],
    ...askCards(x, ctx),
  ];
}

/** The answers to leaders' plain-word questions, with lists as long as the extremes make them. */
function askCards(x: Extremes, ctx: RenderContext): [string, () => Card][] {
  const s = summaryView(x);
  const tasks = { asOf: '2025-06-15', total: s.totals.overdue + 40, tasks: s.overdueTasks };
  const dept = { id: 3, name: unitName(x) };
  const question = long(Math.min(x.unit, 500), '财政局怎么样');
  return [
    ['ask: overdue', () => askTasksCard({ kind: 'overdue', department: null, ...tasks }, ctx)],
    ['ask: due this month, one unit', () => askTasksCard({ kind: 'due_month', department: dept, ...tasks }, ctx)],
    [
      'ask: not reported',
      () =>
        askSilentCard(
          {
            asOf: '2025-06-15',
            silent: s.perDepartment.map((d) => ({ id: d.departmentId, name: d.department })),
            departmentCount: x.count,
          },
          ctx,
        ),
    ],
    [
      'ask: choices',
      () =>
        askChoicesCard(
          {
            question,
            choices: [1, 2, 3].map((i) => ({
              label: { zh_cn: unitName(x, i), en_us: unitName(x, i) },
              value: { intent: 'department', departmentId: i },
            })),
          },
          ctx,
        ),
    ],
    ['ask: what can be asked', () => askHelpCard({ question, unknownUnit: unitName(x) }, ctx)],
  ];
}
