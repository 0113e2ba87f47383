/**
 * Publishing a notice: the office's preview, the publish decision itself, cancelling a draft,
 * and the delivery report afterwards.
 *
 * Publishing is one transaction: the notice turns published and one outbox row per recipient
 * is written with it, so the decision and the messages it owes can never part (a crash leaves
 * either both or neither). The outbox loop (src/outbox/deliver.ts) sends them later, paced.
 * Dedupe keys make every step repeatable: publishing twice, or catching up after new bindings,
 * never enqueues a department twice.
 */
import { departmentTargets, type DeliveryTarget } from './scheduler/targets';
import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from './store/db';
import { assignments, departments, notices, outbox, tasks } from './store/schema';
import { enqueue } from './outbox/enqueue';
import { larkCodeOfFailure } from './outbox/deliver';
import { compareTasks, shanghaiDate } from './store/ledger';
import type { DepartmentRef, TaskItem } from '../cards/views';
import {
  PUBLISHED_TASKS_SHOWN,
  publishedNoticeCard,
  type DeliveryProblem,
  type DeliveryReportView,
  type NoticePreviewView,
  type PublishedNoticeView,
  type Reach,
} from '../cards/publish';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;
type Notice = typeof notices.$inferSelect;

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

/** `publish:<notice>:<department>` to the bound chat; one key per coordinator otherwise. */
export function publishDedupeKey(noticeId: number, departmentId: number, openId?: string): string {
  return openId ? `publish:${noticeId}:${departmentId}:${openId}` : `publish:${noticeId}:${departmentId}`;
}

// ---------------------------------------------------------------------------------------------
// Reading a notice's departments and how to reach them

interface Share {
  department: DepartmentRef;
  /** The department's tasks in this notice, in notice order. */
  items: TaskItem[];
}

/** Every department with tasks in the notice, in directory order, with its tasks. */
async function departmentShares(tx: Tx, tenantKey: string, notice: Notice): Promise<Share[]> {
  const rows = await tx
    .select({ a: assignments, t: tasks, d: { id: departments.id, name: departments.name } })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(eq(tasks.tenantKey, tenantKey), eq(tasks.noticeId, notice.id)))
    .orderBy(asc(departments.sortOrder), asc(departments.id), asc(tasks.seq));
  const byDepartment = new Map<number, Share>();
  for (const { a, t, d } of rows) {
    let share = byDepartment.get(d.id);
    if (!share) byDepartment.set(d.id, (share = { department: d, items: [] }));
    share.items.push({
      taskId: t.id,
      assignmentId: a.id,
      version: a.version,
      noticeTitle: notice.title,
      seq: t.seq,
      section: t.section,
      requirement: t.requirement,
      role: a.role,
      viaGroup: a.viaGroup,
      deadlineText: t.deadlineText,
      dueOn: t.dueOn,
      ongoing: t.ongoing,
      status: a.status,
      lastProgress: null,
    });
  }
  return [...byDepartment.values()];
}

/** How a department is reached (scheduler/targets.ts decides: bound chat, else coordinators). */
function reachOf(targets: DeliveryTarget[] | undefined): Reach {
  if (!targets?.length) return null;
  return targets[0].receiveIdType === 'chat_id' ? 'chat' : 'coordinators';
}

async function findNotice(tx: Tx, tenantKey: string, noticeId: number): Promise<Notice | null> {
  const [n] = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId)));
  return n ?? null;
}

// ---------------------------------------------------------------------------------------------
// The department's card

/** One department's view of the notice as of `now` (the publishing moment). */
export function publishedNoticeView(notice: Pick<Notice, 'id' | 'title' | 'docNumber'>, share: Share, now: Date): PublishedNoticeView {
  const today = shanghaiDate(now);
  const upcoming = share.items.filter((t) => t.dueOn !== null && t.dueOn >= today);
  const nearest = upcoming.reduce<TaskItem | null>((best, t) => (!best || t.dueOn! < best.dueOn! ? t : best), null);
  return {
    notice: { id: notice.id, title: notice.title, docNumber: notice.docNumber },
    department: share.department,
    leadCount: share.items.filter((t) => t.role === 'lead').length,
    participatingCount: share.items.filter((t) => t.role === 'responsible').length,
    nearest: nearest ? { dueOn: nearest.dueOn!, deadlineText: nearest.deadlineText } : null,
    pastDueCount: share.items.filter((t) => t.dueOn !== null && t.dueOn < today).length,
    tasks: [...share.items].sort(compareTasks(now)).slice(0, PUBLISHED_TASKS_SHOWN),
    total: share.items.length,
  };
}

/**
 * Enqueues the notice's card for each given department that can be reached. Returns what was
 * written and who could not be reached; rows that already existed count as neither.
 */
async function enqueueCards(tx: Tx, tenantKey: string, notice: Notice, shares: Share[], now: Date) {
  const recipients = await departmentTargets(
    tx,
    tenantKey,
    shares.map((s) => s.department.id),
  );
  const ctx = { now, locale: 'zh_cn' as const };
  let messages = 0;
  const reached: ReachedDepartment[] = [];
  const undeliverable: DepartmentRef[] = [];
  for (const share of shares) {
    const r = recipients.get(share.department.id);
    const via = reachOf(r);
    if (!r || !via) {
      undeliverable.push(share.department);
      continue;
    }
    const content = publishedNoticeCard(publishedNoticeView(notice, share, now), ctx);
    const base = {
      tenantKey,
      kind: 'publish' as const,
      noticeId: notice.id,
      departmentId: share.department.id,
      msgType: 'interactive' as const,
      content,
      notBefore: now,
    };
    const targets = r.map((t) => ({
      ...base,
      dedupeKey: publishDedupeKey(notice.id, share.department.id, t.receiveIdType === 'open_id' ? t.receiveId : undefined),
      receiveIdType: t.receiveIdType,
      receiveId: t.receiveId,
    }));
    let written = 0;
    for (const m of targets) if (await enqueue(tx, m)) written++;
    messages += written;
    reached.push({ ...share.department, via, recipients: targets.length });
  }
  return { messages, reached, undeliverable };
}

// ---------------------------------------------------------------------------------------------
// Decisions

/**
 * Publishes a draft and enqueues one card per reachable department, in one transaction. The
 * status change is a conditional UPDATE, so two office members pressing 发布 at once publish
 * (and enqueue) once: the second sees 'already'.
 *
 * `byOpenId` is who pressed 发布; the schema has no column for it yet, so it is not stored.
 */
export async function publishNotice(
  db: Db,
  input: { tenantKey: string; noticeId: number; byOpenId: string; now: Date },
): Promise<PublishResult> {
  const { tenantKey, noticeId, now } = input;
  return db.transaction(async (tx) => {
    const [notice] = await tx
      .update(notices)
      .set({ status: 'published', publishedAt: now })
      .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId), eq(notices.status, 'draft')))
      .returning();
    if (!notice) {
      const current = await findNotice(tx, tenantKey, noticeId);
      if (!current) return { status: 'not_found' };
      if (current.status === 'published') return { status: 'already', noticeId, title: current.title, publishedAt: current.publishedAt };
      return { status: 'cancelled', noticeId, title: current.title };
    }
    const shares = await departmentShares(tx, tenantKey, notice);
    const sent = await enqueueCards(tx, tenantKey, notice, shares, now);
    return { status: 'published', noticeId, title: notice.title, ...sent };
  });
}

/**
 * For a published notice, enqueues the card for departments that had no recipient when it was
 * published and have one now (a group bound, a coordinator registered). Departments that were
 * sent to already are left alone, so a department never gets the card twice through two routes.
 * Returns null unless the notice is published.
 */
export async function catchUpNotice(
  db: Db,
  input: { tenantKey: string; noticeId: number; now: Date },
): Promise<{ messages: number; reached: ReachedDepartment[]; undeliverable: DepartmentRef[] } | null> {
  const { tenantKey, noticeId, now } = input;
  return db.transaction(async (tx) => {
    const notice = await findNotice(tx, tenantKey, noticeId);
    if (notice?.status !== 'published') return null;
    const done = new Set(
      (
        await tx
          .selectDistinct({ d: outbox.departmentId })
          .from(outbox)
          .where(and(eq(outbox.tenantKey, tenantKey), eq(outbox.noticeId, noticeId), eq(outbox.kind, 'publish')))
      ).map((r) => r.d),
    );
    const shares = (await departmentShares(tx, tenantKey, notice)).filter((s) => !done.has(s.department.id));
    return enqueueCards(tx, tenantKey, notice, shares, now);
  });
}

/** Draft → cancelled. A published notice is not withdrawn: its departments already have it. */
export async function cancelNotice(db: Db, input: { tenantKey: string; noticeId: number }): Promise<CancelResult> {
  const { tenantKey, noticeId } = input;
  const [row] = await db
    .update(notices)
    .set({ status: 'cancelled' })
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId), eq(notices.status, 'draft')))
    .returning({ id: notices.id });
  if (row) return { status: 'cancelled' };
  const current = await findNotice(db, tenantKey, noticeId);
  if (!current) return { status: 'not_found' };
  return { status: current.status === 'cancelled' ? 'already' : 'published' };
}

/**
 * Puts a published notice's failed messages back in the queue (after the office fixed the
 * cause, e.g. re-added the bot to a group). They keep their dedupe keys and uuids.
 */
export async function retryFailedDeliveries(db: Db, input: { tenantKey: string; noticeId: number; now: Date }): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: input.now, lockedUntil: null })
    .where(
      and(
        eq(outbox.tenantKey, input.tenantKey),
        eq(outbox.noticeId, input.noticeId),
        eq(outbox.kind, 'publish'),
        eq(outbox.status, 'failed'),
      ),
    )
    .returning({ id: outbox.id });
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// Views for the office

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
  const [{ taskCount }] = await db.select({ taskCount: count() }).from(tasks).where(eq(tasks.noticeId, notice.id));
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
    taskCount: Number(taskCount),
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
    warnings: notice.warnings,
  };
}

/** How a notice's broadcast went; null when the notice does not exist in this tenant. */
export async function deliveryReport(db: Db, tenantKey: string, noticeId: number): Promise<DeliveryReportView | null> {
  const notice = await findNotice(db, tenantKey, noticeId);
  if (!notice) return null;
  const rows = await db
    .select({ o: outbox, name: departments.name })
    .from(outbox)
    .leftJoin(departments, eq(departments.id, outbox.departmentId))
    .where(and(eq(outbox.tenantKey, tenantKey), eq(outbox.noticeId, noticeId), eq(outbox.kind, 'publish')))
    .orderBy(asc(departments.sortOrder), asc(outbox.id));

  const problem = (o: typeof outbox.$inferSelect, name: string | null): DeliveryProblem => ({
    department: name ?? `#${o.departmentId ?? '?'}`,
    recipient: o.receiveIdType === 'chat_id' ? 'chat' : 'coordinator',
    attempts: o.attempts,
    code: larkCodeOfFailure(o.lastError),
    error: o.lastError,
    ...(o.status === 'pending' ? { nextAttemptAt: o.nextAttemptAt.toISOString() } : {}),
  });
  const counts = { sent: 0, failed: 0, pending: 0 };
  for (const { o } of rows) counts[o.status]++;

  // Only a published notice owes anyone a card; a draft's departments are not "unreachable" yet.
  const covered = new Set(rows.map((r) => r.o.departmentId));
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
    },
    counts,
    failed: rows.filter((r) => r.o.status === 'failed').map((r) => problem(r.o, r.name)),
    pending: rows.filter((r) => r.o.status === 'pending').map((r) => problem(r.o, r.name)),
    undeliverable,
  };
}

/**
 * After a group is bound or a coordinator registered: every published notice of the tenant
 * catches up on departments that have become reachable. Returns the messages enqueued.
 */
export async function catchUpTenant(db: Db, tenantKey: string, now: Date): Promise<number> {
  const rows = await db
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.status, 'published')));
  let messages = 0;
  for (const r of rows) messages += (await catchUpNotice(db, { tenantKey, noticeId: r.id, now }))?.messages ?? 0;
  return messages;
}
