/**
 * Year over year: a newly imported notice is compared with the previous notice of the same kind
 * (src/notice/year-match.ts decides which task continues which), the links are stored, and the
 * preview and `duban diff` show what is new (新增), what continues (延续) and what was dropped (删减).
 */
import { normalizeName } from './notice/normalize';
import type { ParsedNotice } from './notice/types';
import { fewInCommon, noticeKind, yearDiff } from './notice/year-match';
import type { Db } from './store/db';
import { comparableTasks, type NoticeHead, noticeAndOthers, saveYearLinks, storedComparison } from './store/year-over-year';
import type { YearOverYearView } from './views/year-over-year';

/**
 * The notice this one follows: the newest of the same kind from an earlier year, or (when either
 * year is unknown) imported earlier. A notice of the same year is a revision, not its predecessor.
 */
export function previousOf(notice: NoticeHead, others: readonly NoticeHead[]): NoticeHead | null {
  const kind = noticeKind(notice.title);
  const earlier = others.filter(
    (o) =>
      noticeKind(o.title) === kind &&
      (notice.year !== null && o.year !== null ? o.year < notice.year : o.id < notice.id) &&
      // A notice that follows this one (compared with it already) is later work, not earlier.
      o.previousNoticeId !== notice.id,
  );
  earlier.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || b.id - a.id);
  return earlier[0] ?? null;
}

/**
 * After an import: compares the new notice (or a draft imported again) with the previous notice of
 * its kind and stores the links, replacing an earlier comparison. A notice published before keeps
 * the links it was published with.
 */
export async function linkPreviousYear(
  db: Db,
  tenantKey: string,
  imported: { noticeId: number; created: boolean; status: string },
): Promise<void> {
  if (!imported.created && imported.status !== 'draft') return;
  const noticeId = imported.noticeId;
  const found = await noticeAndOthers(db, tenantKey, noticeId);
  if (!found) return;
  const previous = previousOf(found.notice, found.others);
  if (!previous) return saveYearLinks(db, noticeId, null, []);
  const [before, now] = await Promise.all([comparableTasks(db, previous.id), comparableTasks(db, noticeId)]);
  const asComparable = (t: (typeof now)[number]) => ({
    requirement: t.requirement,
    leads: [...t.leadDepartments, ...t.lead.map(normalizeName)],
  });
  const diff = yearDiff(before.map(asComparable), now.map(asComparable));
  await saveYearLinks(
    db,
    noticeId,
    previous.id,
    diff.continuing.map((l) => ({ taskId: now[l.next].id, previousTaskId: before[l.previous].id })),
  );
}

/** What the preview shows of the stored comparison; null when the notice follows none. */
export async function yearOverYear(db: Db, tenantKey: string, noticeId: number): Promise<YearOverYearView | null> {
  const c = await storedComparison(db, tenantKey, noticeId);
  if (!c) return null;
  const continuing = c.tasks.flatMap(({ previousSeq, ...t }) => (previousSeq === null ? [] : [{ ...t, previousSeq, similarity: null }]));
  return {
    previous: c.previous,
    taskCount: c.tasks.length,
    added: c.tasks.filter((t) => t.previousSeq === null).map(({ previousSeq: _p, ...t }) => t),
    continuing,
    dropped: c.dropped,
    unrelated: fewInCommon(continuing.length, c.previous.taskCount, c.tasks.length),
  };
}

/** `duban diff OLD NEW`: the same comparison for two parsed notices, without a directory (leads by name). */
export function diffParsed(before: ParsedNotice, after: ParsedNotice): YearOverYearView {
  const asComparable = (t: ParsedNotice['tasks'][number]) => ({ requirement: t.requirement, leads: t.lead.map(normalizeName) });
  const diff = yearDiff(before.tasks.map(asComparable), after.tasks.map(asComparable));
  const ref = (t: ParsedNotice['tasks'][number], i: number) => ({ seq: i + 1, requirement: t.requirement, ongoing: t.deadline.ongoing });
  return {
    previous: { title: before.notice.title, year: before.notice.year, taskCount: before.tasks.length },
    taskCount: after.tasks.length,
    added: diff.added.map((j) => ref(after.tasks[j], j)),
    continuing: diff.continuing.map((l) => ({
      ...ref(after.tasks[l.next], l.next),
      previousSeq: l.previous + 1,
      similarity: Math.round(l.similarity * 100) / 100,
    })),
    dropped: diff.dropped.map((i) => ref(before.tasks[i], i)),
    unrelated: fewInCommon(diff.continuing.length, before.tasks.length, after.tasks.length),
  };
}
