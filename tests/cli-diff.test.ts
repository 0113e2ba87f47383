// `duban diff OLD NEW` and the year-over-year line of `duban import`, as an operator runs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliWorkspace, runCli } from './support/cli';

const fixture = (path: string) => new URL(`./fixtures/${path}`, import.meta.url).pathname;

const run = runCli;

describe('comparing two years of a notice from the command line', { timeout: 180_000 }, () => {
  let dir: string;
  let workspace: Awaited<ReturnType<typeof cliWorkspace>>;
  beforeAll(async () => {
    workspace = await cliWorkspace('duban-diff-');
    dir = workspace.dir;
  });
  afterAll(() => workspace.close());

  it('prints continuing, new and dropped tasks with last year’s numbers', async () => {
    const r = await run('diff', fixture('year-over-year/2025.md'), fixture('year-over-year/2026.md'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('延续 Continuing: 5    新增 New: 2    删减 Dropped: 3');
    expect(r.stdout).toMatch(/ {2}5\. 推进“双随机、一公开”监管信息公开.* ← 6 {2}\[100%\]/);
    expect(r.stdout).toContain('  7. 建设政策问答库');
    expect(r.stdout).toContain('  8. 开展政务新媒体普查');
    expect(r.stdout).not.toContain('⚠');
  });

  it('prints one JSON object with --json', async () => {
    const r = await run('diff', fixture('year-over-year/2025.md'), fixture('year-over-year/2026.md'), '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['previous', 'taskCount', 'added', 'continuing', 'dropped', 'unrelated']);
    expect(json.previous).toEqual({ title: '关于印发2025年某区政务公开工作任务分解表的通知', year: 2025, taskCount: 8 });
    expect(json.continuing[4]).toMatchObject({ seq: 5, previousSeq: 6, similarity: 1 });
    expect(json.unrelated).toBe(false);
  });

  it('says plainly that two unrelated notices have almost nothing in common', async () => {
    const r = await run('diff', fixture('seeds/000_629e84c7455775db.txt'), fixture('year-over-year/2026.md'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('两份通知几乎没有相同的任务');
    expect(r.stdout).toContain('almost no tasks in common');
    expect(r.stdout).toContain('延续 Continuing: 0');
  });

  it('refuses one file, a missing file and a file that is no notice with one line and exit code 1', async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, '今天天气很好。');
    for (const argv of [
      ['diff', fixture('year-over-year/2025.md')],
      ['diff', fixture('year-over-year/2025.md'), join(dir, 'missing.md')],
      ['diff', fixture('year-over-year/2025.md'), junk],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toMatch(/^错误 Error: /);
      expect(r.stderr).not.toContain('    at ');
      expect(r.stdout).toBe('');
    }
  });

  it('links an imported notice to last year’s and prints the comparison', async () => {
    const tenant = `diff-${process.pid}`;
    const first = await run('import', fixture('year-over-year/2025.md'), '--publish', '--tenant', tenant);
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('与上年对比');
    const second = await run('import', fixture('year-over-year/2026.md'), '--tenant', tenant);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('与上年对比 Compared with: 2025年 关于印发2025年某区政务公开工作任务分解表的通知（8 项 tasks）');
    expect(second.stdout).toContain('延续 Continuing: 5    新增 New: 2    删减 Dropped: 3');
  });
});
