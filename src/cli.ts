import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadLedgerExport } from './store/ledger-export';
import { buildLedgerXlsx } from './export/ledger-xlsx';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { parseNoticeFile, NoticeError, type NoticeFormat, type ParsedNotice } from './notice/parse';
import { MAX_NOTICE_BYTES } from './notice/readers/read-notice';
import { openDb } from './store/open-node';
import { cliTenant } from './store/tenants';
import { importNotice, sourceHash, type ImportResult } from './store/notice-import';
import { ledger, type LedgerRow } from './store/ledger';
import { addAlias, findDepartmentByName, listDepartments, setDepartmentKind } from './store/directory';

import { listMembers, removeMember, setMember } from './store/members';
import { FIELD_NAMES, type ReturnedLedger, applyLedgerEdit, changesSomething, previewLedgerEdit, readLedgerEdit } from './ledger-edit';
import type { LedgerEditView, TaskChange } from './views/ledger-edit';
import { loadNodeEnv } from './env';
import { retryFailedDeliveries } from './publish';
import { diffParsed, linkPreviousYear, yearOverYear } from './year-over-year';
import type { YearOverYearView } from './views/year-over-year';
import { DEPARTMENT_KINDS, type DepartmentKind } from './terms';

const USAGE = `用法 Usage:
  duban parse FILE [--json]                       解析通知，打印任务（parse a notice and print its tasks）
  duban import FILE [--publish] [--tenant KEY]    导入台账（store the notice in the ledger; idempotent）
  duban import EDITED.xlsx [--apply]              修改后发回的台账：列出改动，加 --apply 才应用（an edited ledger: print the changes; apply with --apply）
  duban diff OLD NEW [--json]                     与上年通知对比：新增、延续、删减（compare two notices: new, continuing, dropped）
  duban ledger [--notice ID] [--department NAME]  查看台账（list stored tasks with their status）
  duban export FILE.xlsx [--notice ID] [--drafts]  导出工作台账（export the ledger as .xlsx）
  duban role list                                 人员角色（list people and their roles）
  duban role set OPEN_ID leader|office|coordinator [--department NAME] [--name NAME]
  duban role remove OPEN_ID
  duban departments [--kind NAME KIND]            单位目录（list the directory; change a department's kind）
  duban alias NAME DEPARTMENT                     单位别名（map a notice's unit name onto a department）
  duban resend --notice ID                        重新发送失败的通知（queue a notice's failed messages again）

数据库 Database: DATABASE_URL (PostgreSQL)，未设置时使用内嵌 PGlite（DUBAN_DATA_DIR，默认 ./data）。`;

/** A failure the user can act on: printed as one line on stderr, exit code 1, no stack trace. */
class UsageError extends Error {}

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'parse':
        return await parseCommand(rest, out);
      case 'import':
        return await importCommand(rest, out);
      case 'ledger':
        return await ledgerCommand(rest, out);
      case 'diff':
        return await diffCommand(rest, out);
      case 'export':
        return await exportCommand(rest, out);
      case 'role':
        return await roleCommand(rest, out);
      case 'departments':
        return await departmentsCommand(rest, out);
      case 'alias':
        return await aliasCommand(rest, out);
      case 'resend':
        return await resendCommand(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.write(`${USAGE}\n`);
        return command ? 0 : 2;
      default:
        throw new UsageError(`未知命令 unknown command: ${command}\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof NoticeError || e instanceof UsageError) {
      err.write(`错误 Error: ${e.message}\n`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    err.write(`错误 Error: ${message}\n`);
    if (process.env.DUBAN_DEBUG && e instanceof Error) err.write(`${e.stack}\n`);
    return 1;
  }
}

function readNoticeFile(path: string | undefined): { bytes: Uint8Array; name: string } {
  if (!path) throw new UsageError(`缺少文件参数（missing FILE）\n${USAGE}`);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`不是文件：${path}（not a file）`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`找不到或无法读取文件：${path}（cannot read the file）`);
  }
  if (size > MAX_NOTICE_BYTES)
    throw new NoticeError(`文件过大：${(size / 1048576).toFixed(1)} MB，上限 20 MB（The file is too large: the limit is 20 MB）`);
  return { bytes: new Uint8Array(readFileSync(path)), name: basename(path) };
}

async function parseCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const file = readNoticeFile(positionals[0]);
  const parsed = await parseNoticeFile(file.bytes, file.name, { today: new Date() });
  if (values.json) {
    const { notice, tasks, warnings } = parsed;
    out.write(`${JSON.stringify({ notice, tasks, warnings })}\n`);
  } else out.write(formatParsed(parsed));
  return 0;
}

/**
 * Opens the store for one command and names its tenant: --tenant, else DUBAN_TENANT, where
 * "default" means the Lark tenant that took the CLI's rows over, once one has (src/store/tenants.ts).
 */
async function withDb<T>(
  requested: string | undefined,
  fn: (db: Awaited<ReturnType<typeof openDb>>, tenant: string) => Promise<T>,
): Promise<T> {
  const env = loadNodeEnv();
  const store = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DUBAN_DATA_DIR });
  try {
    return await fn(store, await cliTenant(store.db, requested ?? env.DUBAN_TENANT));
  } finally {
    await store.close();
  }
}

async function importCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { publish: { type: 'boolean' }, apply: { type: 'boolean' }, tenant: { type: 'string' } },
    allowPositionals: true,
  });
  const file = readNoticeFile(positionals[0]);
  const returned = await readLedgerEdit(file.bytes, file.name);
  if (returned) return editCommand(returned, file.name, values, out);
  if (values.apply) throw new UsageError('--apply 只用于修改后发回的台账（--apply is for an edited ledger exported by Duban）');
  const parsed = await parseNoticeFile(file.bytes, file.name, { today: new Date() });
  const hash = await sourceHash(file.bytes);
  const { result, comparison } = await withDb(values.tenant, async (store, tenant) => {
    const imported = await importNotice(store.db, tenant, parsed, { hash, name: file.name }, { publish: values.publish });
    await linkPreviousYear(store.db, tenant, imported);
    return { result: imported, comparison: await yearOverYear(store.db, tenant, imported.noticeId) };
  });
  out.write(formatImport(result));
  if (comparison) out.write(formatYearOverYear(comparison));
  return 0;
}

/** `duban diff OLD NEW`: which tasks of NEW are new, which continue a task of OLD, which of OLD were dropped. */
async function diffCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 2) throw new UsageError(`需要两份通知文件：duban diff OLD NEW（two notice files are needed）\n${USAGE}`);
  const [before, after] = await Promise.all(
    positionals.map(async (path) => {
      const file = readNoticeFile(path);
      return parseNoticeFile(file.bytes, file.name, { today: new Date() });
    }),
  );
  const view = diffParsed(before, after);
  out.write(values.json ? `${JSON.stringify(view)}\n` : formatYearOverYear(view));
  return 0;
}

/**
 * An edited 台账: prints what it changes; with --apply, applies it (only if the changes are still
 * those printed) and tells a published notice's new departments.
 */
async function editCommand(
  returned: ReturnedLedger,
  name: string,
  values: { publish?: boolean; apply?: boolean; tenant?: string },
  out: NodeJS.WritableStream,
): Promise<number> {
  if (values.publish)
    throw new UsageError('修改后的台账不用 --publish：加 --apply 应用修改（an edited ledger takes --apply, not --publish）');
  return withDb(values.tenant, async (store, tenantKey) => {
    const { view, digest } = await previewLedgerEdit(store.db, { tenantKey, returned, sourceName: name });
    out.write(formatEdit(view));
    if (!changesSomething(view)) {
      out.write('没有需要修改的内容（nothing to change）\n');
      return 0;
    }
    if (!values.apply) {
      out.write('以上为预览，台账未修改；确认无误后加 --apply 应用（preview only: run again with --apply to apply）\n');
      return 0;
    }
    const r = await applyLedgerEdit(store.db, { tenantKey, returned, sourceName: name, now: new Date(), expect: digest });
    if (r.status !== 'applied') throw new UsageError('台账在预览期间有了变化，请重新运行（the ledger changed meanwhile: run again）');
    const d = r.view.delivery;
    out.write(
      `已应用修改（applied）${d ? `；已通知新增单位 ${d.notified} 个${d.unreachable.length ? `，未绑定群或联络员：${d.unreachable.join('、')}` : ''}` : ''}\n`,
    );
    return 0;
  });
}

async function ledgerCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { notice: { type: 'string' }, department: { type: 'string' }, tenant: { type: 'string' } },
  });
  const noticeId = values.notice === undefined ? undefined : Number(values.notice);
  if (noticeId !== undefined && !Number.isInteger(noticeId)) throw new UsageError(`--notice 需要数字编号（--notice takes a number）`);
  const rows = await withDb(values.tenant, async (store, tenant) => {
    let departmentId: number | undefined;
    if (values.department) {
      const d = await findDepartmentByName(store.db, tenant, values.department);
      if (!d) throw new UsageError(`目录中没有单位“${values.department}”（no such department）`);
      departmentId = d.id;
    }
    return ledger(store.db, tenant, { noticeId, departmentId });
  });
  out.write(formatLedger(rows));
  return 0;
}

async function exportCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { notice: { type: 'string' }, drafts: { type: 'boolean' }, tenant: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file || !/\.xlsx$/i.test(file)) throw new UsageError(`缺少输出文件 FILE.xlsx（missing FILE.xlsx）\n${USAGE}`);
  const noticeId = values.notice === undefined ? undefined : Number(values.notice);
  if (noticeId !== undefined && !Number.isInteger(noticeId)) throw new UsageError('--notice 需要数字编号（--notice takes a number）');
  const notices = await withDb(values.tenant, (store, tenant) =>
    loadLedgerExport(store.db, tenant, { noticeId, includeDrafts: values.drafts }),
  );
  if (!notices.length)
    throw new UsageError(
      noticeId === undefined ? '没有已发布的通知（no published notice）' : `没有编号为 ${noticeId} 的通知（no such notice）`,
    );
  writeFileSync(file, await buildLedgerXlsx({ notices, generatedAt: new Date() }));
  out.write(`已导出 ${notices.length} 份通知、${notices.reduce((n, x) => n + x.rows.length, 0)} 项任务 → ${file}（exported）\n`);
  return 0;
}

const ROLES = ['leader', 'office', 'coordinator'] as const;
const ROLE_ZH: Record<(typeof ROLES)[number], string> = { leader: '领导', office: '政务公开办', coordinator: '联络员' };

async function roleCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { department: { type: 'string' }, name: { type: 'string' }, tenant: { type: 'string' } },
    allowPositionals: true,
  });
  const [action, openId, role] = positionals;
  return withDb(values.tenant, async (store, tenant) => {
    if (action === 'list') {
      const all = await listMembers(store.db, tenant);
      out.write(
        all.length
          ? `${all.map((m) => `${m.openId}\t${ROLE_ZH[m.role]} ${m.role}\t${m.department ?? '—'}\t${m.name ?? ''}`).join('\n')}\n`
          : '尚未设置任何人员（no people yet）\n',
      );
      return 0;
    }
    if (action === 'remove' && openId) {
      const removed = await removeMember(store.db, tenant, openId);
      out.write(removed ? `已取消 ${openId} 的角色（removed）\n` : `${openId} 没有角色（had no role）\n`);
      return 0;
    }
    if (action === 'set' && openId && role) {
      if (!(ROLES as readonly string[]).includes(role))
        throw new UsageError(`角色须为 leader、office 或 coordinator（role must be one of ${ROLES.join(', ')}）`);
      let departmentId: number | null = null;
      if (values.department) {
        const d = await findDepartmentByName(store.db, tenant, values.department);
        if (!d) throw new UsageError(`目录中没有单位“${values.department}”（no such department）`);
        departmentId = d.id;
      } else if (role === 'coordinator') throw new UsageError('联络员需要 --department 单位名称（a coordinator needs --department）');
      await setMember(store.db, { tenantKey: tenant, openId, role: role as (typeof ROLES)[number], departmentId, name: values.name });
      out.write(`已设置 ${openId}：${ROLE_ZH[role as (typeof ROLES)[number]]}${values.department ? `（${values.department}）` : ''}\n`);
      return 0;
    }
    throw new UsageError(`用法 Usage: duban role list | duban role set OPEN_ID ROLE [--department NAME] | duban role remove OPEN_ID`);
  });
}

const KIND_ZH: Record<DepartmentKind, string> = {
  office: '办公室',
  department: '部门',
  agency: '派驻机构',
  town: '镇街',
  enterprise: '企事业单位',
};

async function departmentsCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { kind: { type: 'boolean' }, tenant: { type: 'string' } },
    allowPositionals: true,
  });
  return withDb(values.tenant, async (store, tenant) => {
    if (values.kind) {
      const [name, kind] = positionals;
      if (!name || !(DEPARTMENT_KINDS as readonly string[]).includes(kind ?? ''))
        throw new UsageError(`用法 Usage: duban departments --kind NAME ${DEPARTMENT_KINDS.join('|')}`);
      const d = await findDepartmentByName(store.db, tenant, name);
      if (!d) throw new UsageError(`目录中没有单位“${name}”（no such department）`);
      await setDepartmentKind(store.db, d.id, kind as DepartmentKind);
      out.write(`${d.name}：${KIND_ZH[kind as DepartmentKind]}（${kind}）\n`);
      return 0;
    }
    const all = await listDepartments(store.db, tenant);
    if (!all.length) {
      out.write('目录为空：导入一份通知即可建立（the directory is empty: import a notice to build it）\n');
      return 0;
    }
    for (const d of all) out.write(`${d.name}\t${KIND_ZH[d.kind]}\t${d.aliases.length ? `别名：${d.aliases.join('、')}` : ''}\n`);
    return 0;
  });
}

async function aliasCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { tenant: { type: 'string' } }, allowPositionals: true });
  const [alias, name] = positionals;
  if (!alias || !name) throw new UsageError('用法 Usage: duban alias NAME DEPARTMENT');
  return withDb(values.tenant, async (store, tenant) => {
    const d = await findDepartmentByName(store.db, tenant, name);
    if (!d) throw new UsageError(`目录中没有单位“${name}”（no such department）`);
    const { assigned } = await addAlias(store.db, tenant, alias, d);
    out.write(`“${alias}”今后视为${d.name}，补充分配任务 ${assigned} 项（alias added; ${assigned} assignments）\n`);
    return 0;
  });
}

/** After the cause of failed sends is fixed (the bot back in a group, a corrected app secret), send them again. */
async function resendCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({ args, options: { tenant: { type: 'string' }, notice: { type: 'string' } } });
  const noticeId = Number(values.notice);
  if (!Number.isInteger(noticeId) || noticeId < 1) throw new UsageError('用法 Usage: duban resend --notice ID');
  return withDb(values.tenant, async (store, tenant) => {
    const n = await retryFailedDeliveries(store.db, { tenantKey: tenant, noticeId, now: new Date() });
    out.write(`已重新排队 ${n} 条失败的消息，服务运行时将自动发送（${n} failed message(s) queued again; the running bot sends them）\n`);
    return 0;
  });
}

const KIND_MARK: Record<TaskChange['kind'], string> = { added: '+ 新增', removed: '- 删除', edited: '~ 修改', kept: '! 保留' };

function formatEdit(v: LedgerEditView): string {
  const n = v.counts;
  const lines = [
    `台账修改 Ledger changes: notice #${v.notice.id} ${v.notice.docNumber ?? ''} ${v.notice.title}`.replace(/\s+/g, ' ').trimEnd(),
    `  新增 ${n.added} 项，删除 ${n.removed} 项，修改 ${n.edited} 项；单位 +${n.unitsAdded} −${n.unitsRemoved}；时限调整 ${n.deadlinesMoved} 项；领导变更 ${n.leadersChanged} 项${n.refused ? `；不执行 ${n.refused} 处` : ''}`,
  ];
  for (const c of v.changes) {
    const was = c.oldSeq !== null && c.oldSeq !== c.seq && c.kind !== 'removed' ? `（原 ${c.oldSeq}）` : '';
    lines.push(`${KIND_MARK[c.kind]} ${String(c.seq).padStart(3)}${was} ${clip(c.requirement.replace(/\s+/g, ' '), 50)}`);
    for (const f of c.fields) lines.push(`      ${FIELD_NAMES[f.field]}: ${f.from ? `${clip(f.from, 40)} → ` : ''}${clip(f.to, 40)}`);
    if (c.unitsAdded.length && c.kind !== 'added') lines.push(`      单位 Units +${c.unitsAdded.join(' +')}`);
    if (c.kind === 'added' && c.unitsAdded.length) lines.push(`      单位 Units ${c.unitsAdded.join('、')}`);
    if (c.unitsRemoved.length) lines.push(`      单位 Units −${c.unitsRemoved.join(' −')}`);
    if (c.unitsKept.length) lines.push(`      已汇报，保留 Kept (reported): ${c.unitsKept.join('、')}`);
    if (c.conflicts.length)
      lines.push(`      导出后已改，以督办为准 Changed since export: ${c.conflicts.map((f) => FIELD_NAMES[f]).join('、')}`);
    if (c.unresolved.length) lines.push(`      未解析 Unresolved: ${c.unresolved.join('、')}`);
    for (const d of c.doubts) lines.push(`      ⚠ 请核对 Check: ${d.zh_cn}`);
  }
  if (v.renumbered) lines.push(`  序号顺延调整 Renumbered: ${v.renumbered} 项`);
  if (v.newDepartments.length) lines.push(`  新增承担任务的单位 New departments: ${v.newDepartments.join('、')}`);
  if (v.droppedDepartments.length) lines.push(`  不再承担任务的单位 Departments left without tasks: ${v.droppedDepartments.join('、')}`);
  if (v.createdUnits.length) lines.push(`  目录新增单位 New directory units: ${v.createdUnits.join('、')}`);
  for (const x of v.ignored) lines.push(`  第 ${x.row} 行未采用 Row ${x.row} ignored: ${x.reason.zh_cn}`);
  return `${lines.join('\n')}\n`;
}

const STATUS_ZH: Record<string, string> = { not_started: '未开始', in_progress: '进行中', done: '待审核', closed: '已办结' };

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function formatParsed(p: ParsedNotice & { format: NoticeFormat }): string {
  const lines = [
    `格式 Format: ${p.format}`,
    `文号 Number: ${p.notice.docNumber ?? '—'}`,
    `标题 Title:  ${p.notice.title}`,
    `发文 Issuer: ${p.notice.issuer ?? '—'}    日期 Date: ${p.notice.issuedOn ?? '—'}    年度 Year: ${p.notice.year ?? '—'}`,
    `任务 Tasks:  ${p.tasks.length}`,
    '',
  ];
  let lastSection = '';
  p.tasks.forEach((t, i) => {
    const section = t.section.join(' › ');
    if (section !== lastSection) lines.push(`【${section || '—'}】`);
    lastSection = section;
    const due = t.deadline.due ? ` → ${t.deadline.due}` : '';
    const ongoing = t.deadline.ongoing ? '（长期）' : '';
    lines.push(`${String(i + 1).padStart(3)}. ${clip(t.requirement, 60)}`);
    lines.push(`     牵头 Lead: ${t.lead.join('、') || '—'}`);
    lines.push(`     责任 Units: ${t.responsible.join('、') || '—'}`);
    lines.push(`     时限 Due: ${t.deadline.text || '—'}${due}${ongoing}`);
    if (t.leaders?.length) lines.push(`     领导 Leaders: ${t.leaders.join('、')}`);
    for (const d of t.doubts ?? []) lines.push(`     ⚠ 请核对 Check: ${d.zh_cn}（${d.en_us}）`);
  });
  if (p.warnings.length) lines.push('', '提示 Warnings:', ...p.warnings.map((w) => `  - ${w}`));
  return `${lines.join('\n')}\n`;
}

function formatImport(r: ImportResult): string {
  const by = (o: string) => r.resolutions.filter((x) => x.outcome === o);
  const lines = [
    `${r.created ? '已导入' : '已存在，未重复导入'} notice #${r.noticeId}${r.created ? '' : ' (already imported)'}`,
    `  ${r.docNumber ?? ''} ${r.title}`.trimEnd(),
    `  状态 Status: ${r.status === 'published' ? '已发布 published' : r.status === 'draft' ? '草稿 draft' : '已取消 cancelled'}`,
    `  任务 Tasks: ${r.taskCount}    涉及单位 Departments: ${r.departmentCount}`,
    `  单位 Units: 已有 ${by('matched').length + by('alias').length}，新增 ${by('created').length}，统称 ${by('group').length}，未解析 ${by('unresolved').length}`,
  ];
  const unresolved = by('unresolved');
  if (unresolved.length) lines.push(`  未解析 Unresolved: ${unresolved.map((u) => u.name).join('、')}`);
  const aliases = by('alias');
  if (aliases.length) lines.push(`  按别名匹配 Matched by alias: ${aliases.map((a) => `${a.name}→${a.department}`).join('、')}`);
  return `${lines.join('\n')}\n`;
}

function formatYearOverYear(v: YearOverYearView): string {
  const year = v.previous.year ? `${v.previous.year}年 ` : '';
  const lines = [
    `与上年对比 Compared with: ${year}${v.previous.title}（${v.previous.taskCount} 项 tasks）`,
    `  延续 Continuing: ${v.continuing.length}    新增 New: ${v.added.length}    删减 Dropped: ${v.dropped.length}`,
  ];
  if (v.unrelated) {
    lines.push(
      `  ⚠ 两份通知几乎没有相同的任务（${v.continuing.length} 项相近），不像同一项工作的上下年度，所列延续仅供参考。`,
      `  ⚠ The two notices have almost no tasks in common (${v.continuing.length} alike): they do not look like the same work a year apart.`,
    );
  }
  const line = (t: { seq: number; requirement: string; ongoing: boolean }) =>
    `${String(t.seq).padStart(3)}. ${clip(t.requirement, 50)}${t.ongoing ? '（长期）' : ''}`;
  if (v.continuing.length) {
    lines.push('', '延续 Continuing (本年 this year ← 上年 last year):');
    for (const t of v.continuing) {
      const score = t.similarity === null ? '' : `  [${Math.round(t.similarity * 100)}%]`;
      lines.push(`${line(t)} ← ${t.previousSeq}${score}`);
    }
  }
  if (v.added.length) lines.push('', '新增 New:', ...v.added.map(line));
  if (v.dropped.length) lines.push('', "删减 Dropped (上年序号 last year's No.):", ...v.dropped.map(line));
  return `${lines.join('\n')}\n`;
}

function formatLedger(rows: LedgerRow[]): string {
  if (!rows.length) return '台账为空（the ledger is empty）\n';
  const lines: string[] = [];
  let notice = -1;
  for (const r of rows) {
    if (r.noticeId !== notice) {
      lines.push(`# ${r.noticeId} ${r.noticeTitle}`);
      notice = r.noticeId;
    }
    const done = r.departments.filter((d) => d.status === 'done' || d.status === 'closed').length;
    lines.push(
      `${String(r.seq).padStart(3)}. [${STATUS_ZH[r.status]}] ${clip(r.requirement, 40)} | ${r.deadlineText || '—'}${r.dueOn ? ` (${r.dueOn})` : ''} | ${done}/${r.departments.length} 单位完成`,
    );
    if (r.lastProgress) lines.push(`      最新进展 ${r.lastProgress.department}: ${clip(r.lastProgress.text, 50)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs the CLI as the process: exits once stdout has drained. process.exit right after a write
 * into a pipe dropped whatever the pipe had not taken yet (`duban parse --json | cat` ended at
 * 64 KB). A reader that stops early (`| head`) closes the pipe: that is no failure of ours.
 */
export async function runCli(argv: string[]): Promise<void> {
  let code = 0;
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(code);
    });
  code = await main(argv);
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli.ts')) void runCli(process.argv.slice(2));
