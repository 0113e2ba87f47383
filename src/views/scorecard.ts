/** 考核: per department, on one notice, what it did and the score the weights give it. */
import type { DepartmentRef, NoticeSummary } from './common';

/** Points per fact; negative ones cost. DUBAN_SCORE_WEIGHTS overrides any of them (README). */
export interface ScoreWeights {
  /** Per task done (已完成 or 办结) by its due date, or done at all when it has none. */
  onTime: number;
  /** Per task done after its due date. */
  late: number;
  /** Per task overdue now. */
  overdue: number;
  /** Per day a task is overdue now, summed over the overdue tasks. */
  overdueDay: number;
  /** Per progress report. */
  report: number;
  /** Per report the office returned (退回). */
  returned: number;
  /** Per past week with no report while the department had open tasks. */
  silentWeek: number;
}

export interface ScoreRow {
  department: DepartmentRef;
  /** 1-based; equal scores share a rank. */
  rank: number;
  score: number;
  onTime: number;
  late: number;
  overdue: number;
  overdueDays: number;
  reports: number;
  returned: number;
  silentWeeks: number;
}

export interface ScorecardView {
  notice: NoticeSummary;
  weights: ScoreWeights;
  /** Best first. */
  rows: ScoreRow[];
  /** Whole weeks counted for silent weeks (from the week of publishing to last week). */
  weeks: number;
}
