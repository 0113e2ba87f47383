// `duban import EDITED.xlsx`: the CLI side of the 台账 round-trip, on the database a user's CLI
// opens (PGlite in a data directory, or DATABASE_URL). The ledger is exported by `duban export`,
// edited with exceljs as in Excel, and imported back: printed first, applied only with --apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteRow, openLedger, rowOf, saveLedger, setCell, taskSheet } from './support/ledger-workbook';
import { cliWorkspace, runCli } from './support/cli';

const run = runCli;

const county = new URL('./fixtures/formats/county.docx', import.meta.url).pathname;

describe('duban import of an edited 台账', { timeout: 240_000 }, () => {
  let dir: string;
  const tenant = `cli-edit-${process.pid}-${Date.now()}`;
  let exported: string;
  let edited: string;
  let workspace: Awaited<ReturnType<typeof cliWorkspace>>;
  beforeAll(async () => {
    workspace = await cliWorkspace('duban-cli-edit-');
    dir = workspace.dir;
    expect((await run('import', county, '--publish', '--tenant', tenant)).code).toBe(0);
    exported = join(dir, 'ledger.xlsx');
    expect((await run('export', exported, '--tenant', tenant)).code).toBe(0);
    const wb = await openLedger(new Uint8Array(readFileSync(exported)));
    const ws = taskSheet(wb);
    setCell(ws, 1, '完成时限', '2024年7月15日前');
    setCell(ws, 5, '责任单位', '区住建局、区交通运输局、区发改局');
    deleteRow(ws, 4);
    edited = join(dir, '台账（修改）.xlsx');
    writeFileSync(edited, await saveLedger(wb));
  });
  afterAll(() => workspace.close());

  it('prints the changes and writes nothing without --apply', async () => {
    const before = (await run('ledger', '--tenant', tenant)).stdout;
    const r = await run('import', edited, '--tenant', tenant);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('  新增 0 项，删除 1 项，修改 2 项；单位 +0 −0；时限调整 1 项；领导变更 0 项');
    expect(lines).toContain('~ 修改   1 围绕重大政策文件，同步起草解读材料，做到应解读尽解读。');
    expect(lines).toContain('      完成时限: 2024年6月底前（2024-06-30） → 2024年7月15日前');
    expect(lines).toContain('- 删除   4 公开政府债务限额、余额等信息。');
    expect(lines).toContain('~ 修改   4（原 5） 公开重大建设项目批准和实施信息。1.公开项目审批结果；2.公开招标投标信息。');
    // 区发改局 already leads task 5: the cell changes, the departments do not.
    expect(lines).toContain('      责任单位: 区住建局、区交通运输局 → 区住建局、区交通运输局、区发改局');
    expect(lines).toContain('  序号顺延调整 Renumbered: 1 项');
    expect(r.stdout).toContain('以上为预览，台账未修改；确认无误后加 --apply 应用');
    expect((await run('ledger', '--tenant', tenant)).stdout).toBe(before);
  });

  it('applies with --apply, once', async () => {
    const r = await run('import', edited, '--tenant', tenant, '--apply');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已应用修改（applied）');
    const listing = (await run('ledger', '--tenant', tenant)).stdout.split('\n').filter((l) => /^\s+\d+\. \[/.test(l));
    expect(listing.map((l) => l.replace(/\s+\|.*$/, '').trim())).toEqual([
      '1. [未开始] 围绕重大政策文件，同步起草解读材料，做到应解读尽解读。',
      '2. [未开始] 及时回应社会关切，做好政务舆情处置。',
      '3. [未开始] 按时公开部门预算、决算，细化到功能分类项级科目。',
      '4. [未开始] 公开重大建设项目批准和实施信息。1.公开项目审批结果；2.公开招标投标信息。',
    ]);
    expect(listing[0]).toContain('| 2024年7月15日前 (2024-07-15) |');
    const again = await run('import', edited, '--tenant', tenant, '--apply');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('没有需要修改的内容（nothing to change）');
  });

  it('refuses a tampered ledger, --apply on a notice and --publish on a ledger with one line and exit code 1', async () => {
    const wb = await openLedger(new Uint8Array(readFileSync(exported)));
    const ws = taskSheet(wb);
    ws.getRow(rowOf(ws, 2)).getCell(12).value = '12-34';
    const tampered = join(dir, 'tampered.xlsx');
    writeFileSync(tampered, await saveLedger(wb));
    const bad = await run('import', tampered, '--tenant', tenant);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      '错误 Error: 第 5 行的系统编号“12-34”已被改动，无法确定是哪项任务：请重新导出台账后修改（The row key in row 5 was changed）\n',
    );

    const notice = await run('import', county, '--apply', '--tenant', tenant);
    expect([notice.code, notice.stderr]).toEqual([
      1,
      '错误 Error: --apply 只用于修改后发回的台账（--apply is for an edited ledger exported by Duban）\n',
    ]);
    const publish = await run('import', edited, '--publish', '--tenant', tenant);
    expect(publish.code).toBe(1);
    expect(publish.stderr.trim().split('\n')).toHaveLength(1);

    const other = await run('import', edited, '--tenant', `${tenant}-other`);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^错误 Error: 找不到这份台账对应的通知（编号 \d+）：它可能已被删除，或属于其他组织/);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
  });
});
