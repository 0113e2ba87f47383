/**
 * 佐证材料: pictures and files attached to a department's share of a task, the "佐证 N" claims that
 * say which task the next files are for, and the notice's 要求佐证 switch.
 */
import { and, asc, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { DepartmentEvidence, EvidenceItem } from '../views/evidence';
import type { Db, Tx } from './db';
import { assignments, departments, evidence, evidenceClaims, evidenceCopies, notices, progressReports, tasks } from './schema';
import type { TaskStatus } from '../terms';

/** A resource as the message carried it and as Lark served it. */
export interface EvidenceFile {
  messageId: string;
  fileKey: string;
  resourceType: 'image' | 'file';
  fileName: string;
  size: number;
  fileType: string;
  senderOpenId: string;
  chatId: string;
}

/** The share of a task evidence goes to, with what the acknowledgement names. */
export interface EvidenceTarget {
  assignmentId: number;
  departmentId: number;
  status: TaskStatus;
  taskId: number;
  seq: number;
  requirement: string;
  noticeId: number;
}

const targetColumns = {
  assignmentId: assignments.id,
  departmentId: assignments.departmentId,
  status: assignments.status,
  taskId: tasks.id,
  seq: tasks.seq,
  requirement: tasks.requirement,
  noticeId: tasks.noticeId,
};

/** The report submitted from one of these cards (the message replied to, or its thread's root), newest first. */
export async function targetByReportCard(db: Db, tenantKey: string, messageIds: string[]): Promise<EvidenceTarget | null> {
  if (!messageIds.length) return null;
  const [row] = await db
    .select(targetColumns)
    .from(progressReports)
    .innerJoin(assignments, eq(assignments.id, progressReports.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(
      and(
        eq(progressReports.tenantKey, tenantKey),
        inArray(progressReports.cardMessageId, messageIds),
        eq(progressReports.kind, 'report'),
        eq(notices.status, 'published'),
      ),
    )
    .orderBy(desc(progressReports.createdAt), desc(progressReports.id))
    .limit(1);
  return row ?? null;
}

/** "佐证 N": the department's share of task N in the newest published notice that gives it one. */
export async function targetBySeq(db: Db, tenantKey: string, departmentId: number, seq: number): Promise<EvidenceTarget | null> {
  const [row] = await db
    .select(targetColumns)
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(notices, eq(notices.id, tasks.noticeId))
    .where(
      and(
        eq(assignments.tenantKey, tenantKey),
        eq(assignments.departmentId, departmentId),
        eq(tasks.seq, seq),
        eq(notices.status, 'published'),
      ),
    )
    .orderBy(desc(tasks.noticeId))
    .limit(1);
  return row ?? null;
}

/** The claim "佐证 N" left in this chat by this person, if made since `since`. */
export async function openClaim(
  db: Db,
  input: { tenantKey: string; chatId: string; openId: string; since: Date },
): Promise<EvidenceTarget | null> {
  const [row] = await db
    .select(targetColumns)
    .from(evidenceClaims)
    .innerJoin(assignments, eq(assignments.id, evidenceClaims.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(
      and(
        eq(evidenceClaims.tenantKey, input.tenantKey),
        eq(evidenceClaims.chatId, input.chatId),
        eq(evidenceClaims.openId, input.openId),
        gte(evidenceClaims.createdAt, input.since),
      ),
    );
  return row ?? null;
}

/**
 * "佐证 N" in one transaction: the files this person sent here since `since` without saying what
 * for are attached to the share; if there were none, the claim waits for the next files.
 */
export async function claimEvidence(
  db: Db,
  input: { tenantKey: string; chatId: string; openId: string; assignmentId: number; since: Date; now: Date },
): Promise<{ attached: EvidenceItem[] }> {
  return db.transaction(async (tx) => {
    const reportId = await latestReportId(tx, input.assignmentId);
    const attached = await tx
      .update(evidence)
      .set({ assignmentId: input.assignmentId, reportId })
      .where(
        and(
          eq(evidence.tenantKey, input.tenantKey),
          eq(evidence.chatId, input.chatId),
          eq(evidence.senderOpenId, input.openId),
          isNull(evidence.assignmentId),
          gte(evidence.createdAt, input.since),
        ),
      )
      .returning();
    if (!attached.length) {
      await tx
        .insert(evidenceClaims)
        .values({
          tenantKey: input.tenantKey,
          chatId: input.chatId,
          openId: input.openId,
          assignmentId: input.assignmentId,
          createdAt: input.now,
        })
        .onConflictDoUpdate({
          target: [evidenceClaims.tenantKey, evidenceClaims.chatId, evidenceClaims.openId],
          set: { assignmentId: input.assignmentId, createdAt: input.now },
        });
    }
    return { attached: attached.map(item) };
  });
}

/**
 * Keeps a resource: attached to the share (null: not yet said which), with the department's latest
 * report, and its bytes when a `copy` is given. The same resource twice is kept once; false then.
 */
export async function saveEvidence(
  db: Db,
  input: { tenantKey: string; file: EvidenceFile; assignmentId: number | null; now: Date; copy?: Uint8Array },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const reportId = input.assignmentId === null ? null : await latestReportId(tx, input.assignmentId);
    const [row] = await tx
      .insert(evidence)
      .values({ tenantKey: input.tenantKey, assignmentId: input.assignmentId, reportId, ...input.file, createdAt: input.now })
      .onConflictDoNothing()
      .returning({ id: evidence.id });
    if (row && input.copy) await tx.insert(evidenceCopies).values({ evidenceId: row.id, bytes: input.copy });
    return Boolean(row);
  });
}

async function latestReportId(tx: Tx, assignmentId: number): Promise<number | null> {
  const [r] = await tx
    .select({ id: progressReports.id })
    .from(progressReports)
    .where(and(eq(progressReports.assignmentId, assignmentId), eq(progressReports.kind, 'report')))
    .orderBy(desc(progressReports.createdAt), desc(progressReports.id))
    .limit(1);
  return r?.id ?? null;
}

function item(r: typeof evidence.$inferSelect): EvidenceItem {
  return { id: r.id, fileName: r.fileName, size: r.size, resourceType: r.resourceType, at: r.createdAt.toISOString() };
}

/** Each share's evidence, oldest first. */
export async function evidenceOf(db: Db, assignmentIds: number[]): Promise<Map<number, EvidenceItem[]>> {
  const out = new Map<number, EvidenceItem[]>();
  if (!assignmentIds.length) return out;
  const rows = await db
    .select()
    .from(evidence)
    .where(inArray(evidence.assignmentId, assignmentIds))
    .orderBy(asc(evidence.createdAt), asc(evidence.id));
  for (const r of rows) out.set(r.assignmentId!, [...(out.get(r.assignmentId!) ?? []), item(r)]);
  return out;
}

/** A task's evidence, every department's, in directory order. */
export async function taskEvidence(db: Db, tenantKey: string, taskId: number): Promise<DepartmentEvidence[]> {
  const rows = await db
    .select({ e: evidence, department: departments.name })
    .from(evidence)
    .innerJoin(assignments, eq(assignments.id, evidence.assignmentId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(eq(evidence.tenantKey, tenantKey), eq(assignments.taskId, taskId)))
    .orderBy(asc(departments.sortOrder), asc(departments.id), asc(evidence.createdAt), asc(evidence.id));
  return rows.map((r) => ({ ...item(r.e), department: r.department }));
}

/** One attached resource, with its kept bytes if any, to send to someone who opens it from a card. */
export async function evidenceById(db: Db, tenantKey: string, id: number) {
  const [row] = await db
    .select({ e: evidence, copy: evidenceCopies.bytes, departmentId: assignments.departmentId })
    .from(evidence)
    .innerJoin(assignments, eq(assignments.id, evidence.assignmentId))
    .leftJoin(evidenceCopies, eq(evidenceCopies.evidenceId, evidence.id))
    .where(and(eq(evidence.tenantKey, tenantKey), eq(evidence.id, id)));
  return row ? { ...row.e, copy: row.copy, departmentId: row.departmentId } : null;
}

/** 要求佐证 on or off for a notice of the tenant; false when there is no such notice. */
export async function setEvidenceRequired(db: Db, tenantKey: string, noticeId: number, required: boolean): Promise<boolean> {
  const rows = await db
    .update(notices)
    .set({ evidenceRequired: required })
    .where(and(eq(notices.tenantKey, tenantKey), eq(notices.id, noticeId)))
    .returning({ id: notices.id });
  return rows.length > 0;
}

/** A notice's evidence for the export's 佐证材料 sheet, in task order then directory order. */
export async function noticeEvidence(db: Db, tenantKey: string, noticeId: number) {
  const rows = await db
    .select({ e: evidence, seq: tasks.seq, department: departments.name })
    .from(evidence)
    .innerJoin(assignments, eq(assignments.id, evidence.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(eq(evidence.tenantKey, tenantKey), eq(tasks.noticeId, noticeId)))
    .orderBy(asc(tasks.seq), asc(departments.sortOrder), asc(departments.id), asc(evidence.createdAt), asc(evidence.id));
  return rows.map((r) => ({
    seq: r.seq,
    department: r.department,
    fileName: r.e.fileName,
    fileType: r.e.fileType,
    size: r.e.size,
    senderOpenId: r.e.senderOpenId,
    at: r.e.createdAt.toISOString(),
    messageId: r.e.messageId,
    fileKey: r.e.fileKey,
  }));
}
