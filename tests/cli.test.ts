import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { cliWorkspace, runCli } from './support/cli';
import { bigNotice } from './support/big-notice';

const seed = (name: string) => new URL(`./fixtures/seeds/${name}`, import.meta.url).pathname;
const root = new URL('..', import.meta.url).pathname;

const run = runCli;

// Every CLI command opens the embedded database as a user's would (a few seconds each), and a test
// runs up to ten of them: the timeout only guards against a hang, never measures speed.
describe('the duban CLI', { timeout: 180_000 }, () => {
  let dir: string;
  const tenant = `cli-${process.pid}-${Date.now()}`;
  let workspace: Awaited<ReturnType<typeof cliWorkspace>>;
  beforeAll(async () => {
    workspace = await cliWorkspace('duban-cli-');
    dir = workspace.dir;
  });
  afterAll(() => workspace.close());

  it('prints exactly one JSON object for parse --json, through the npm script', () => {
    const r = spawnSync('npm', ['run', '-s', 'duban', '--', 'parse', seed('002_1767bb79f9d560a4.txt'), '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(['notice', 'tasks', 'warnings']);
    expect(parsed.notice).toEqual({
      docNumber: '济高新管办字〔2025〕8号',
      title: '关于印发济宁高新区贯彻落实2025年济宁市政务公开任务分解表的通知',
      issuer: '济宁高新区管委会办公室',
      issuedOn: '2025-06-16',
      year: 2025,
    });
    expect(parsed.tasks[0]).toEqual({
      section: ['一、坚持标准引领，持续推进政务公开规范转型', '（一）全面优化主动公开机制'],
      requirement: '持续完善并动态更新主动公开事项目录，建立较为完备的主动公开事项目录体系。',
      lead: ['区党政办公室'],
      responsible: ['区直各部门', '驻区各单位', '各街道'],
      deadline: { text: '3月底前', due: '2025-03-31', ongoing: false },
    });
  });

  it('runs as the duban bin from any directory', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/duban.js'), 'parse', seed('004_8f567bc9b8b33b76.txt'), '--json'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).tasks).toHaveLength(79);
  });

  it('writes the whole JSON of a large notice into a pipe, and stops quietly when the reader does', async () => {
    const file = join(dir, 'big.txt');
    writeFileSync(file, bigNotice(3000));
    const whole = Buffer.byteLength((await run('parse', file, '--json')).stdout);
    expect(whole).toBeGreaterThan(500_000); // far over a pipe's 64 KB buffer
    const bin = join(root, 'bin/duban.js');
    const sh = (pipeline: string) =>
      spawnSync('bash', ['-o', 'pipefail', '-c', pipeline], { cwd: root, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });

    for (const command of [`"${process.execPath}" "${bin}"`, 'npm run -s duban --']) {
      const all = sh(`${command} parse "${file}" --json | cat`);
      expect(all.status).toBe(0);
      expect(all.stdout.length).toBe(whole);
      expect(JSON.parse(all.stdout.toString()).tasks).toHaveLength(3000);
    }
    const head = sh(`"${process.execPath}" "${bin}" parse "${file}" --json | head -c 100`);
    expect(head.status).toBe(0);
    expect(head.stdout.length).toBe(100);
    expect(head.stderr.toString()).toBe('');
  });

  it('finds its migrations when run compiled: the bin imports into a new embedded database and lists it', () => {
    const env = { ...process.env, DUBAN_DATA_DIR: join(dir, 'bin-pglite'), DATABASE_URL: process.env.DATABASE_URL ?? '' };
    const bin = (...args: string[]) =>
      spawnSync(process.execPath, [join(root, 'bin/duban.js'), ...args], { cwd: tmpdir(), encoding: 'utf8', env });
    const imported = bin('import', seed('004_8f567bc9b8b33b76.txt'), '--tenant', `${tenant}-bin`);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('任务 Tasks: 79');
    expect(bin('ledger', '--tenant', `${tenant}-bin`).stdout).toContain('关于印发2022年汶上县政务公开工作任务分解表的通知');
  });

  it('prints a readable table without --json', async () => {
    const r = await run('parse', seed('004_8f567bc9b8b33b76.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('文号 Number: 汶政办字〔2022〕15号');
    expect(r.stdout).toContain('任务 Tasks:  79');
    expect(r.stdout).toContain('时限 Due: 2022年10月底前完成，长期坚持 → 2022-10-31（长期）');
  });

  it.each([
    ['an empty file', '', '文件为空'],
    ['a binary file', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7, 8, 0, 0, 1, 2]), '无法识别的文件格式'],
    ['a damaged PDF', Buffer.from('%PDF-1.7\n...'), '无法读取 PDF 文件：文件已损坏'],
    ['a text without tasks', '关于做好某项工作的通知\n请各单位认真落实。\n', '没有找到任务'],
    ['a corrupt .docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40, 1)]), '.docx'],
  ])('refuses %s with a clear message and exit 1, never a stack trace', async (_what, content, message) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, content);
    const r = await run('parse', file, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a missing file and a huge file', async () => {
    const missing = await run('parse', join(dir, 'nope.txt'));
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('找不到或无法读取文件');
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, Buffer.alloc(21 * 1024 * 1024, 0x41));
    const r = await run('parse', huge);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('文件过大');
  });

  it('imports a notice once, however often it is run, and lists it in the ledger', async () => {
    const first = await run('import', seed('002_1767bb79f9d560a4.txt'), '--publish', '--tenant', tenant);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^已导入 notice #(\d+)/);
    expect(first.stdout).toContain('任务 Tasks: 56');
    expect(first.stdout).toContain('状态 Status: 已发布 published');
    const id = first.stdout.match(/#(\d+)/)![1];

    const second = await run('import', seed('002_1767bb79f9d560a4.txt'), '--tenant', tenant);
    expect(second.stdout).toContain(`已存在，未重复导入 notice #${id}`);

    const list = await run('ledger', '--notice', id, '--tenant', tenant);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').filter((l) => /^\s+\d+\. \[/.test(l))).toHaveLength(56);
    expect(list.stdout).toContain('1. [未开始] 持续完善并动态更新主动公开事项目录');

    const mine = await run('ledger', '--department', '区城乡建设和交通局', '--tenant', tenant);
    expect(mine.stdout).toContain('积极探索推动政务公开专区建设向大型商超');
    const unknown = await run('ledger', '--department', '不存在的局', '--tenant', tenant);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('目录中没有单位');
  });

  it('lists and edits the directory, roles and aliases, and exports the ledger as .xlsx', async () => {
    await run('import', seed('002_1767bb79f9d560a4.txt'), '--publish', '--tenant', tenant);
    const listing = await run('departments', '--tenant', tenant);
    expect(listing.stdout).toContain('区党政办公室\t办公室');
    expect((await run('departments', '--kind', '区生态环境分局', 'enterprise', '--tenant', tenant)).stdout).toContain(
      '区生态环境分局：企事业单位',
    );
    expect((await run('departments', '--kind', '区生态环境分局', 'bank', '--tenant', tenant)).code).toBe(1);

    expect((await run('role', 'set', 'ou_c', 'coordinator', '--tenant', tenant)).stderr).toContain('联络员需要 --department');
    expect((await run('role', 'set', 'ou_c', 'coordinator', '--department', '区经济运行局', '--name', '赵', '--tenant', tenant)).code).toBe(
      0,
    );
    expect((await run('role', 'list', '--tenant', tenant)).stdout).toContain('ou_c\t联络员 coordinator\t区经济运行局\t赵');
    expect((await run('alias', '经运局', '区经济运行局', '--tenant', tenant)).stdout).toContain('今后视为区经济运行局');
    expect((await run('departments', '--tenant', tenant)).stdout).toContain('别名：经运局');

    const xlsx = join(dir, 'ledger.xlsx');
    const exported = await run('export', xlsx, '--tenant', tenant);
    expect(exported.stdout).toContain('56 项任务');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets[0].getRow(3).getCell(2).value).toBe('工作任务');
  });
});
