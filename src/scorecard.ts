/**
 * 考核: the scoring rule, pure. The store gives each department's shares of one notice and its
 * dated reports and returns (src/store/scorecard.ts); this counts what each department did,
 * weighs it and ranks. Same facts, same weights, same card and sheet.
 */
import { addDays, daysBetween, isFinished, isoWeekday } from './dates';
import type { TaskStatus } from './terms';
import type { DepartmentRef } from './views/common';
import type { ScoreRow, ScoreWeights } from './views/scorecard';

/** The documented defaults (README, "考核"): finishing on time matters most, silence and lateness cost. */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = {
  onTime: 10,
  late: 5,
  overdue: -5,
  overdueDay: -0.2,
  report: 1,
  returned: -3,
  silentWeek: -2,
};

const WEIGHT_KEYS = Object.keys(DEFAULT_SCORE_WEIGHTS) as (keyof ScoreWeights)[];

/** The Chinese names the card and the sheet print, accepted as well as the English keys. */
export const WEIGHT_NAMES: Record<keyof ScoreWeights, string> = {
  onTime: '按时完成',
  late: '逾期完成',
  overdue: '当前逾期',
  overdueDay: '逾期天数',
  report: '汇报',
  returned: '退回',
  silentWeek: '无汇报周',
};

function weightKey(name: string): keyof ScoreWeights | undefined {
  return WEIGHT_KEYS.find((k) => k.toLowerCase() === name.toLowerCase() || WEIGHT_NAMES[k] === name);
}

/**
 * "onTime=12,silentWeek=-1" (or "按时完成=12 无汇报周=-1"): `base` with these changed. Throws with the
 * offending part, so a bad DUBAN_SCORE_WEIGHTS stops the start and a bad 考核权重 is answered.
 */
export function parseScoreWeights(text: string, base: ScoreWeights = DEFAULT_SCORE_WEIGHTS): ScoreWeights {
  const out = { ...base };
  for (const part of text.split(/[,，;；、\s]+/).filter(Boolean)) {
    const m = /^([a-zA-Z\u4e00-\u9fff]+)\s*[=:：＝]\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    const key = m ? weightKey(m[1]) : undefined;
    if (!m || !key) throw new Error(`"${part}": expected name=number, name one of ${WEIGHT_KEYS.join(', ')}`);
    out[key] = Number(m[2]);
  }
  return out;
}

/** One department's share of one task of the notice. */
export interface ShareFact {
  department: DepartmentRef;
  dueOn: string | null;
  status: TaskStatus;
  /** Shanghai date of the report that said 已完成, when the share is done or closed. */
  finishedOn: string | null;
}

/** A department's report (`report`) or the office's return of one (`return`), on its Shanghai date. */
export interface StepFact {
  departmentId: number;
  kind: 'report' | 'return';
  on: string;
}

export interface ScoreInput {
  today: string;
  /** Shanghai date the notice was published: silent weeks count from its week. */
  publishedOn: string;
  shares: readonly ShareFact[];
  steps: readonly StepFact[];
  /** Departments in directory order: the tie-break, so equal scores list as the directory does. */
  order: readonly number[];
}

const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

/** The Mondays of whole weeks from the week of publishing up to last week. */
export function pastWeeks(publishedOn: string, today: string): string[] {
  const weeks: string[] = [];
  const thisWeek = mondayOf(today);
  for (let w = mondayOf(publishedOn); w < thisWeek; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function scoreDepartments(input: ScoreInput, weights: ScoreWeights): ScoreRow[] {
  const weeks = pastWeeks(input.publishedOn, input.today);
  const byDept = new Map<number, { department: DepartmentRef; shares: ShareFact[] }>();
  for (const s of input.shares) {
    const d = byDept.get(s.department.id) ?? { department: s.department, shares: [] };
    d.shares.push(s);
    byDept.set(s.department.id, d);
  }
  const rows = [...byDept.values()].map(({ department, shares }) => {
    const steps = input.steps.filter((s) => s.departmentId === department.id);
    const reportDays = steps.filter((s) => s.kind === 'report').map((s) => s.on);
    let onTime = 0;
    let late = 0;
    let overdue = 0;
    let overdueDays = 0;
    for (const s of shares) {
      if (isFinished(s.status)) {
        const lateBy = s.dueOn && s.finishedOn ? (daysBetween(s.dueOn, s.finishedOn) ?? 0) : 0;
        if (lateBy > 0) late++;
        else onTime++;
      } else if (s.dueOn && s.dueOn < input.today) {
        overdue++;
        overdueDays += daysBetween(s.dueOn, input.today) ?? 0;
      }
    }
    // A week is silent when something was still open as it began and no report came in it.
    const silentWeeks = weeks.filter((monday) => {
      const open = shares.some((s) => !s.finishedOn || s.finishedOn >= monday || !isFinished(s.status));
      const sunday = addDays(monday, 6);
      return open && !reportDays.some((d) => d >= monday && d <= sunday);
    }).length;
    const reports = reportDays.length;
    const returned = steps.filter((s) => s.kind === 'return').length;
    const score = round1(
      onTime * weights.onTime +
        late * weights.late +
        overdue * weights.overdue +
        overdueDays * weights.overdueDay +
        reports * weights.report +
        returned * weights.returned +
        silentWeeks * weights.silentWeek,
    );
    return { department, rank: 0, score, onTime, late, overdue, overdueDays, reports, returned, silentWeeks };
  });
  const position = new Map(input.order.map((id, i) => [id, i]));
  rows.sort(
    (a, b) =>
      b.score - a.score ||
      (position.get(a.department.id) ?? Infinity) - (position.get(b.department.id) ?? Infinity) ||
      a.department.id - b.department.id,
  );
  rows.forEach((r, i) => {
    r.rank = i > 0 && rows[i - 1].score === r.score ? rows[i - 1].rank : i + 1;
  });
  return rows;
}
