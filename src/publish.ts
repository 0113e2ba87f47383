/**
 * Publishing a notice: the office's preview, the publish decision itself, catching up on
 * departments that become reachable later, cancelling a draft, and the delivery report.
 *
 * This module decides what each department is told (its card's view) and to whom; the store
 * writes the decision and its outbox rows in one transaction (src/store/publishing.ts), and the
 * outbox renders and sends them later, paced (src/outbox/). Dedupe keys make every step
 * repeatable: publishing twice, or catching up after new bindings, never enqueues a department twice.
 */
import { shanghaiDate } from './dates';
import { toOutboxRows } from './outbox/enqueue';
import { larkCodeOfFailure } from './outbox/failure';
import type { OutboxRow } from './store/outbox';
import { requeueFailedPublishRows } from './store/outbox';
import {
  cancelDraft,
  catchUpPublished,
  departmentShares,
  findNotice,
  type Notice,
  noticeTaskCount,
  publishDraft,
  publishedNoticeIds,
  publishRows,
  type Share,
} from './store/publishing';
import { compareTasks } from './store/ledger';
import { type DeliveryTarget, departmentTargets } from './store/targets';
import type { Db } from './store/db';
import type { DepartmentRef } from './views/common';
import { normalizeName } from './notice/normalize';
import { taskChecks } from './store/notice-import';
import {
  DOUBTFUL_LISTED,
  type DeliveryProblem,
  type DeliveryReportView,
  type DoubtfulTask,
  type NoticePreviewView,
  type PublishedNoticeView,
  type Reach,
} from './views/publish';
import type { TaskItem } from './views/tasks';
import { yearOverYear } from './year-over-year';

export type ReachedDepartment = DepartmentRef & { via: 'chat' | 'coordinators'; recipients: number };

export type PublishResult =
  | {
      status: 'published';
      noticeId: number;
      title: string;
      /** Outbox rows written (one per bound chat or coordinator). */
      messages: number;
      reached: ReachedDepartment[];
      /** Departments with tasks but neither an active bound chat nor a coordinator: nobody was told. */
      undeliverable: DepartmentRef[];
    }
  | { status: 'already'; noticeId: number; title: string; publishedAt: Date | null }
  /** Refused: a cancelled notice stays cancelled. */
  | { status: 'cancelled'; noticeId: number; title: string }
  | { status: 'not_found' };

export type CancelResult = { status: 'cancelled' | 'already' | 'published' | 'not_found' };

/** Each department's card lists its most urgent tasks; "查看我的任务" shows the rest. */
export const PUBLISHED_TASKS_LISTED = 5;

/** `publish:<notice>:<department>` to the bound chat; one key per coordinator otherwise. */
export function publishDedupeKey(noticeId: number, departmentId: number, openId?: string): string {
  return openId ? `publish:${noticeId}:${departmentId}:${openId}` : `publish:${noticeId}:${departmentId}`;
}

/** How a department is reached (the store's targets: bound chat, else coordinators). */
function reachOf(targets: DeliveryTarget[] | undefined): Reach {
  if (!targets?.length) return null;
  return targets[0].receiveIdType === 'chat_id' ? 'chat' : 'coordinators';
}

/** One department's view of the notice on `today`, the publishing day in Shanghai. */
export function publishedNoticeView(notice: Pick<Notice, 'id' | 'title' | 'docNumber'>, share: Share, today: string): PublishedNoticeView {
  const upcoming = share.items.filter((t) => t.dueOn !== null && t.dueOn >= today);
  const nearest = upcoming.reduce<TaskItem | null>((best, t) => (!best || t.dueOn! < best.dueOn! ? t : best), null);
  return {
    notice: { id: notice.id, title: notice.title, docNumber: notice.docNumber },
    department: share.department,
    leadCount: share.items.filter((t) => t.role === 'lead').length,
    participatingCount: share.items.filter((t) => t.role === 'responsible').length,
    nearest: nearest ? { dueOn: nearest.dueOn!, deadlineText: nearest.deadlineText } : null,
    pastDueCount: share.items.filter((t) => t.dueOn !== null && t.dueOn < today).length,
    tasks: [...share.items].sort(compareTasks(today)).slice(0, PUBLISHED_TASKS_LISTED),
    total: share.items.length,
  };
}

/**
 * The notice's card for each given department that can be reached, and who cannot be. Pure: the
 * store writes the rows in the publishing transaction.
 */
function planCards(tenantKey: string, now: Date) {
  // The publishing day, once for all departments rather than once each.
  const today = shanghaiDate(now);
  return (notice: Notice, shares: Share[], targets: Map<number, DeliveryTarget[]>) => {
    const reached: ReachedDepartment[] = [];
    const undeliverable: DepartmentRef[] = [];
    const messages = shares.flatMap((share) => {
      const to = targets.get(share.department.id);
      const via = reachOf(to);
      if (!to || !via) {
        undeliverable.push(share.department);
        return [];
      }
      reached.push({ ...share.department, via, recipients: to.length });
      const view = publishedNoticeView(notice, share, today);
      return to.map((t) => ({
        tenantKey,
        kind: 'publish' as const,
        noticeId: notice.id,
        departmentId: share.department.id,
        dedupeKey: publishDedupeKey(notice.id, share.department.id, t.receiveIdType === 'open_id' ? t.receiveId : undefined),
        receiveIdType: t.receiveIdType,
        receiveId: t.receiveId,
        content: { card: 'published_notice' as const, view },
        // notBefore: the decision's own clock, not the database's, so an injected clock holds end to end.
        notBefore: now,
      }));
    });
    return { rows: toOutboxRows(messages, now), reached, undeliverable };
  };
}

/**
 * Publishes a draft and enqueues one card per reachable department, in one transaction; two
 * office members pressing 发布 at once publish once (the second sees 'already').
 *
 * `byOpenId` is who pressed 发布; the schema has no column for it yet, so it is not stored.
 */
export async function publishNotice(
  db: Db,
  input: { tenantKey: string; noticeId: number; byOpenId: string; now: Date },
): Promise<PublishResult> {
  const r = await publishDraft(db, input, planCards(input.tenantKey, input.now));
  switch (r.status) {
    case 'not_found':
      return r;
    case 'already':
      return { status: 'already', noticeId: r.notice.id, title: r.notice.title, publishedAt: r.notice.publishedAt };
    case 'cancelled':
      return { status: 'cancelled', noticeId: r.notice.id, title: r.notice.title };
    case 'published': {
      // Rows that already existed count as neither written nor unreachable.
      const { reached, undeliverable } = r.plan;
      return { status: 'published', noticeId: r.notice.id, title: r.notice.title, messages: r.written.size, reached, undeliverable };
    }
  }
}

/**
 * For a published notice, enqueues the card for departments that had no recipient when it was
 * published and have one now (a group bound, a coordinator registered). Null unless published.
 */
export async function catchUpNotice(
  db: Db,
  input: { tenantKey: string; noticeId: number; now: Date },
): Promise<{ messages: number; reached: ReachedDepartment[]; undeliverable: DepartmentRef[] } | null> {
  const r = await catchUpPublished(db, input, planCards(input.tenantKey, input.now));
  return r && { messages: r.written.size, reached: r.plan.reached, undeliverable: r.plan.undeliverable };
}

/**
 * After a group is bound or a coordinator registered: every published notice of the tenant
 * catches up on departments that have become reachable. Returns the messages enqueued.
 */
export async function catchUpTenant(db: Db, tenantKey: string, now: Date): Promise<number> {
  let messages = 0;
  for (const noticeId of await publishedNoticeIds(db, tenantKey)) {
    messages += (await catchUpNotice(db, { tenantKey, noticeId, now }))?.messages ?? 0;
  }
  return messages;
}

/** Draft → cancelled. A published notice is not withdrawn: its departments already have it. */
export async function cancelNotice(db: Db, input: { tenantKey: string; noticeId: number }): Promise<CancelResult> {
  const r = await cancelDraft(db, input);
  if (!r) return { status: 'not_found' };
  if (r.cancelledNow) return { status: 'cancelled' };
  return { status: r.notice.status === 'cancelled' ? 'already' : 'published' };
}

/**
 * Puts a published notice's failed messages back in the queue (after the office fixed the
 * cause, e.g. re-added the bot to a group). They keep their dedupe keys and uuids.
 */
export function retryFailedDeliveries(db: Db, input: { tenantKey: string; noticeId: number; now: Date }): Promise<number> {
  return requeueFailedPublishRows(db, input);
}

/** What the preview card shows; null when the notice does not exist in this tenant. */
export async function noticePreview(db: Db, tenantKey: string, noticeId: number): Promise<NoticePreviewView | null> {
  const notice = await findNotice(db, tenantKey, noticeId);
  if (!notice) return null;
  const shares = await departmentShares(db, tenantKey, notice);
  const recipients = await departmentTargets(
    db,
    tenantKey,
    shares.map((s) => s.department.id),
  );
  return {
    notice: {
      id: notice.id,
      title: notice.title,
      docNumber: notice.docNumber,
      status: notice.status,
      issuer: notice.issuer,
      issuedOn: notice.issuedOn,
      sourceName: notice.sourceName,
    },
    taskCount: await noticeTaskCount(db, notice.id),
    departments: shares.map((s) => ({
      ...s.department,
      lead: s.items.filter((t) => t.role === 'lead').length,
      participating: s.items.filter((t) => t.role === 'responsible').length,
      reach: reachOf(recipients.get(s.department.id)),
    })),
    unresolved: notice.resolutions.filter((r) => r.outcome === 'unresolved').map((r) => r.name),
    // On a first import every unit is new; only against an existing directory is "new" news.
    created: notice.resolutions.some((r) => r.outcome === 'matched' || r.outcome === 'alias')
      ? notice.resolutions.filter((r) => r.outcome === 'created').map((r) => r.name)
      : [],
    // The year line says it better than the parser's warning of the same fact.
    warnings: notice.yearSource === 'import-date' ? notice.warnings.filter((w) => !w.startsWith('全文未写明年度')) : notice.warnings,
    ...(await doubtfulTasks(db, notice)),
    assumedYear: notice.yearSource === 'import-date' ? notice.year : null,
    yearOverYear: await yearOverYear(db, tenantKey, notice.id),
  };
}

/**
 * The tasks to check before publishing: what the parser doubted, plus the unit names the import
 * could not resolve (only the import knows the directory), per task and in notice order.
 */
async function doubtfulTasks(db: Db, notice: Notice): Promise<Pick<NoticePreviewView, 'doubtful' | 'doubtfulCount'>> {
  const unresolved = new Set(notice.resolutions.filter((r) => r.outcome === 'unresolved').map((r) => normalizeName(r.name)));
  const doubtful: DoubtfulTask[] = [];
  let count = 0;
  for (const t of await taskChecks(db, notice.id)) {
    const names = [...new Set([...t.lead, ...t.responsible])].filter((n) => unresolved.has(normalizeName(n)));
    const reasons = [
      ...t.doubts.map((d) => ({ zh_cn: d.zh_cn, en_us: d.en_us })),
      ...names.map((n) => ({ zh_cn: `单位“${n}”无法识别`, en_us: `The unit "${n}" could not be resolved` })),
    ];
    if (!reasons.length) continue;
    count++;
    if (doubtful.length < DOUBTFUL_LISTED) doubtful.push({ seq: t.seq, requirement: t.requirement, reasons });
  }
  return { doubtful, doubtfulCount: count };
}

function problem(o: OutboxRow, name: string | null): DeliveryProblem {
  return {
    department: name ?? `#${o.departmentId ?? '?'}`,
    recipient: o.receiveIdType === 'chat_id' ? 'chat' : 'coordinator',
    attempts: o.attempts,
    code: larkCodeOfFailure(o.lastError),
    error: o.lastError,
    ...(o.status === 'pending' ? { nextAttemptAt: o.nextAttemptAt.toISOString() } : {}),
  };
}

/** How a notice's broadcast went; null when the notice does not exist in this tenant. */
export async function deliveryReport(db: Db, tenantKey: string, noticeId: number): Promise<DeliveryReportView | null> {
  const notice = await findNotice(db, tenantKey, noticeId);
  if (!notice) return null;
  const rows = await publishRows(db, tenantKey, noticeId);
  const counts = { sent: 0, failed: 0, pending: 0 };
  for (const { row } of rows) counts[row.status]++;

  // Only a published notice owes anyone a card; a draft's departments are not "unreachable" yet.
  const covered = new Set(rows.map((r) => r.row.departmentId));
  const undeliverable =
    notice.status === 'published'
      ? (await departmentShares(db, tenantKey, notice)).map((s) => s.department).filter((d) => !covered.has(d.id))
      : [];

  return {
    notice: {
      id: notice.id,
      title: notice.title,
      docNumber: notice.docNumber,
      status: notice.status,
      publishedAt: notice.publishedAt ? notice.publishedAt.toISOString() : null,
      evidenceRequired: notice.evidenceRequired,
    },
    counts,
    failed: rows.filter((r) => r.row.status === 'failed').map((r) => problem(r.row, r.department)),
    pending: rows.filter((r) => r.row.status === 'pending').map((r) => problem(r.row, r.department)),
    undeliverable,
  };
}
