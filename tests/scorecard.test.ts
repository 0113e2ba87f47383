import { describe, expect, it } from 'vitest';
import { CARD_BYTE_BUDGET, MAX_CARD_ELEMENTS, countElements, sendRequestBytes } from '../cards/format';
import { scorecardCard } from '../cards/scorecard';
import { clockAt } from '../src/dates';
import { DEFAULT_SCORE_WEIGHTS, parseScoreWeights, pastWeeks, scoreDepartments, type ScoreInput } from '../src/scorecard';

const finance = { id: 1, name: '区财政局' };
const housing = { id: 2, name: '区城乡建设和交通局' };
const market = { id: 3, name: '区市场监管局' };

// Published on Wednesday 2025-06-04; today is Wednesday 2025-07-02: four whole weeks have passed (Mondays 06-02 … 06-23).
const base: Omit<ScoreInput, 'shares' | 'steps'> = { today: '2025-07-02', publishedOn: '2025-06-04', order: [1, 2, 3] };

describe('the 考核 scoring rule', () => {
  it('counts whole weeks from the week of publishing up to last week', () => {
    expect(pastWeeks('2025-06-04', '2025-07-02')).toEqual(['2025-06-02', '2025-06-09', '2025-06-16', '2025-06-23']);
    expect(pastWeeks('2025-07-01', '2025-07-02')).toEqual([]);
  });

  it('tells done on time from done late, and counts overdue tasks with their days', () => {
    const [row] = scoreDepartments(
      {
        ...base,
        shares: [
          { department: finance, dueOn: '2025-06-30', status: 'closed', finishedOn: '2025-06-30' },
          { department: finance, dueOn: '2025-06-10', status: 'done', finishedOn: '2025-06-12' },
          { department: finance, dueOn: '2025-06-22', status: 'in_progress', finishedOn: null },
          { department: finance, dueOn: null, status: 'done', finishedOn: '2025-06-20' },
          { department: finance, dueOn: '2025-12-31', status: 'not_started', finishedOn: null },
        ],
        steps: [],
      },
      DEFAULT_SCORE_WEIGHTS,
    );
    expect(row).toMatchObject({ onTime: 2, late: 1, overdue: 1, overdueDays: 10 });
  });

  it('counts a week silent only when the department had open tasks and did not report in it', () => {
    const [row] = scoreDepartments(
      {
        ...base,
        shares: [{ department: housing, dueOn: '2025-12-31', status: 'done', finishedOn: '2025-06-18' }],
        steps: [
          { departmentId: 2, kind: 'report', on: '2025-06-10' },
          { departmentId: 2, kind: 'report', on: '2025-06-18' },
          { departmentId: 2, kind: 'return', on: '2025-06-19' },
        ],
      },
      DEFAULT_SCORE_WEIGHTS,
    );
    // Week of 06-02: open, no report (silent). 06-09: reported. 06-16: reported (and finished). 06-23: nothing open.
    expect(row).toMatchObject({ silentWeeks: 1, reports: 2, returned: 1 });
    expect(row.score).toBe(10 + 2 * 1 - 3 - 2);
  });

  it('ranks best first, shares a rank on equal scores and keeps directory order among them', () => {
    const rows = scoreDepartments(
      {
        ...base,
        publishedOn: '2025-07-01',
        shares: [
          { department: market, dueOn: null, status: 'done', finishedOn: '2025-07-01' },
          { department: housing, dueOn: '2025-06-30', status: 'not_started', finishedOn: null },
          { department: finance, dueOn: null, status: 'done', finishedOn: '2025-07-01' },
        ],
        steps: [],
      },
      DEFAULT_SCORE_WEIGHTS,
    );
    expect(rows.map((r) => [r.department.name, r.rank, r.score])).toEqual([
      ['区财政局', 1, 10],
      ['区市场监管局', 1, 10],
      ['区城乡建设和交通局', 3, -5.4],
    ]);
  });

  it('weighs with configured weights, and names a bad one', () => {
    const weights = parseScoreWeights('onTime=3, silentWeek=-10');
    expect(weights).toEqual({ ...DEFAULT_SCORE_WEIGHTS, onTime: 3, silentWeek: -10 });
    expect(parseScoreWeights('')).toEqual(DEFAULT_SCORE_WEIGHTS);
    expect(() => parseScoreWeights('speed=3')).toThrow(/speed=3/);
    expect(() => parseScoreWeights('onTime=lots')).toThrow(/onTime=lots/);
  });

  it('fits the ranking of 300 long-named departments into one card, pointing to the export for the rest', () => {
    const shares = Array.from({ length: 300 }, (_, i) => ({
      department: { id: i + 1, name: `某某县人民政府某某某某某某某某某某管理服务中心第${i + 1}分中心` },
      dueOn: '2025-06-01',
      status: 'in_progress' as const,
      finishedOn: null,
    }));
    const steps = shares.map((s) => ({ departmentId: s.department.id, kind: 'return' as const, on: '2025-06-10' }));
    const rows = scoreDepartments({ ...base, shares, steps, order: shares.map((s) => s.department.id) }, DEFAULT_SCORE_WEIGHTS);
    const card = scorecardCard(
      {
        notice: { id: 1, title: '关于印发2025年政务公开工作要点任务分解的通知'.repeat(4), docNumber: null },
        weights: DEFAULT_SCORE_WEIGHTS,
        rows,
        weeks: 4,
      },
      { locale: 'zh_cn', clock: clockAt(new Date('2025-07-02T02:00:00Z')) },
    );
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(card)).toBeLessThanOrEqual(MAX_CARD_ELEMENTS);
    expect(JSON.stringify(card)).toMatch(/另有 \d+ 个单位/);
  });
});
