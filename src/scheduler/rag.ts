/**
 * 红黄绿 (red / yellow / green): the traffic light the office reports to leaders with. It uses the
 * same rules as the cards' due marks (cards/format.ts dueMark), so a card never shows a yellow
 * "3 天后到期" next to a red light.
 */
import type { TaskStatus } from '../store/schema';
import { isOverdue, shanghaiDate } from '../store/ledger';
import { DUE_SOON_DAYS, daysBetween } from '../../cards/format';

export type Rag = 'red' | 'yellow' | 'green';

/**
 * 红: overdue and not reported done; 黄: due within 7 days (today included) and not done;
 * 绿: everything else — done / closed, ongoing or undated, or due later.
 */
export function ragStatus(assignment: { dueOn: string | null; status: TaskStatus }, now: Date): Rag {
  if (isOverdue(assignment, now)) return 'red';
  if (assignment.dueOn === null || assignment.status === 'done' || assignment.status === 'closed') return 'green';
  const days = daysBetween(shanghaiDate(now), assignment.dueOn);
  return days !== null && days <= DUE_SOON_DAYS ? 'yellow' : 'green';
}
