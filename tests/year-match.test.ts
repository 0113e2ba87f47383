import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fewInCommon, matchTasks, noticeKind, requirementSimilarity, yearDiff } from '../src/notice/year-match';
import { parseNoticeFile } from '../src/notice/parse';
import { diffParsed, previousOf } from '../src/year-over-year';

const fixture = async (path: string) => {
  const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url)));
  return parseNoticeFile(bytes, path.split('/').pop(), { today: new Date('2026-03-01T00:00:00Z') });
};

describe('linking a notice’s tasks to last year’s', () => {
  it('scores a task reworded with a new year as the same task, and different work as different', () => {
    expect(requirementSimilarity('做好2025年政府预决算公开工作。', '做好2026年政府预决算公开工作。')).toBe(1);
    expect(requirementSimilarity('开展政务新媒体普查，关停整合更新慢的账号。', '做好义务教育招生入学政策公开。')).toBeLessThan(0.2);
  });

  it('links a moderately reworded task only when the lead unit is the same', () => {
    const before = [{ requirement: '规范做好依申请公开全流程办理，完善配套制度', leads: ['区党政办公室'] }];
    const reworded = '规范依申请公开办理流程，健全配套制度，畅通受理渠道';
    const similarity = requirementSimilarity(before[0].requirement, reworded);
    expect(similarity).toBeGreaterThanOrEqual(0.4);
    expect(similarity).toBeLessThan(0.55);
    expect(matchTasks(before, [{ requirement: reworded, leads: ['区党政办公室'] }])).toHaveLength(1);
    expect(matchTasks(before, [{ requirement: reworded, leads: ['区财政局'] }])).toHaveLength(0);
  });

  it('links one to one, the best pair first, so two copies of a task do not both continue it', () => {
    const links = matchTasks(
      [{ requirement: '推进双随机一公开监管信息公开，及时公开抽查结果', leads: [1] }],
      [
        { requirement: '推进双随机一公开监管信息公开', leads: [1] },
        { requirement: '推进双随机一公开监管信息公开，及时公开抽查结果', leads: [1] },
      ],
    );
    expect(links).toEqual([{ previous: 0, next: 1, similarity: 1, sameLead: true }]);
  });

  it('tells new, continuing and dropped tasks apart in two years of the same notice', async () => {
    const diff = diffParsed(await fixture('year-over-year/2025.md'), await fixture('year-over-year/2026.md'));
    expect(diff.continuing.map((t) => [t.seq, t.previousSeq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 6],
    ]);
    expect(diff.added.map((t) => t.seq)).toEqual([6, 7]);
    expect(diff.dropped.map((t) => t.seq)).toEqual([5, 7, 8]);
    expect(diff.unrelated).toBe(false);
  });

  it('says two real notices of different districts and years have almost nothing in common', async () => {
    const diff = diffParsed(await fixture('seeds/000_629e84c7455775db.txt'), await fixture('seeds/002_1767bb79f9d560a4.txt'));
    expect(diff.continuing.length).toBeLessThan(3);
    expect(diff.unrelated).toBe(true);
    expect(diff.added.length + diff.continuing.length).toBe(diff.taskCount);
  });

  it('links nothing when either notice has no tasks', () => {
    expect(yearDiff([], [{ requirement: '建设政策问答库', leads: [] }])).toEqual({ added: [0], continuing: [], dropped: [] });
    expect(fewInCommon(0, 0, 5)).toBe(false);
  });

  it('follows the newest notice of the same kind from an earlier year, never a revision of the same year', () => {
    const head = (id: number, title: string, year: number | null) => ({
      id,
      title,
      year,
      status: 'published' as const,
      previousNoticeId: null,
    });
    const now = head(9, '关于印发2026年某区政务公开工作任务分解表的通知', 2026);
    const others = [
      head(8, '关于印发2026年某区政务公开工作任务分解表的通知（修订）', 2026),
      head(7, '关于印发2025年某区政务公开工作要点的通知', 2025),
      head(6, '关于印发2025年某区政务公开工作任务分解表的通知', 2025),
      head(5, '关于印发2024年某区政务公开工作任务分解表的通知', 2024),
    ];
    expect(previousOf(now, others)?.id).toBe(6);
    expect(previousOf(head(4, '关于印发2023年某区政务公开工作任务分解表的通知', 2023), others)).toBeNull();
    // Without a year, the notice imported before it.
    expect(previousOf(head(10, '政务公开工作任务分解表', null), others)?.id).toBe(8);
  });

  it('tells a task breakdown from key points by the title', () => {
    expect(noticeKind('关于印发2025年某区政务公开工作任务分解表的通知')).toBe('breakdown');
    expect(noticeKind('关于印发2021年临沂临港经济开发区政务公开工作要点的通知')).toBe('key-points');
    expect(noticeKind('关于开展政务公开培训的通知')).toBe('other');
  });
});
