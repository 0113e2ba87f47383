import { describe, expect, it } from 'vitest';
import { renderContext } from './support/context';
import {
  ActionValue,
  FORM_FIELDS,
  REPORT_FORM_NAME,
  REPORT_SUBMIT_NAME,
  encodeTaskOption,
  parseActionValue,
  parseReportForm,
  parseTaskOption,
  reportFormSchema,
} from '../cards/action-value';
import {
  CARD_BYTE_BUDGET,
  type Card,
  countElements,
  dueMark,
  escapeMd,
  escapeMdKeepBold,
  sendRequestBytes,
  truncate,
} from '../cards/format';
import type { MyTasksView, ProgressLine, ReportFormView, TaskDetailView, TaskItem } from '../src/views/tasks';
import type { RenderContext } from '../src/views/common';
import { defaultReportStatus, reportFormCard as renderReportForm } from '../cards/report-form';
import { helpCard as renderHelp } from '../cards/help';
import { messageCard as renderMessage } from '../cards/message';
import { myTasksCard as renderMyTasks } from '../cards/my-tasks';
import { notBoundCard as renderNotBound } from '../cards/not-bound';
import { taskDetailCard as renderTaskDetail } from '../cards/task-detail';
import { clockAt } from '../src/dates';
import { checkCard, gated } from '../playground/lark/card-schema';

// Every card this file renders passes the Card JSON 2.0 gate (tests/support/card-schema.ts), or the
// test that rendered it fails.
const helpCard = gated(renderHelp);
const messageCard = gated(renderMessage);
const myTasksCard = gated(renderMyTasks);
const notBoundCard = gated(renderNotBound);
const reportFormCard = gated(renderReportForm);
const taskDetailCard = gated(renderTaskDetail);

// 2025-06-15 10:00 in Asia/Shanghai: fixed so marks and snapshots never drift.
const NOW = new Date('2025-06-15T02:00:00Z');
const zh: RenderContext = { locale: 'zh_cn', clock: clockAt(NOW) };
const en: RenderContext = { locale: 'en_us', clock: clockAt(NOW) };

const NOTICE = '关于印发《2025年区政务公开工作要点》任务分解表的通知';

function progress(over: Partial<ProgressLine> = {}): ProgressLine {
  return {
    status: 'in_progress',
    text: '已完成主动公开事项目录梳理，正在逐项核对与政府网站栏目的一致性。',
    evidenceUrl: null,
    reporter: '张晓明',
    at: '2025-06-03T07:30:00Z',
    ...over,
  };
}

function task(over: Partial<TaskItem> = {}): TaskItem {
  return {
    taskId: 101,
    assignmentId: 5001,
    version: 3,
    noticeTitle: NOTICE,
    seq: 3,
    section: ['一、持续深化政务公开', '（二）提升主动公开质效'],
    requirement: '持续完善并动态更新主动公开事项目录，确保目录内容与政府网站实际公开信息一致，做到应公开尽公开。',
    role: 'lead',
    viaGroup: null,
    deadlineText: '2025年6月10日前',
    dueOn: '2025-06-10',
    ongoing: false,
    status: 'in_progress',
    lastProgress: progress(),
    ...over,
  };
}

/** A realistic, caller-sorted page: overdue, due within 7 days, later, ongoing. */
const TASKS: TaskItem[] = [
  task(),
  task({
    taskId: 107,
    assignmentId: 5007,
    version: 1,
    seq: 7,
    requirement: '按时编制并发布本单位政府信息公开工作年度报告，规范报告格式和统计口径。',
    role: 'responsible',
    viaGroup: '区直各部门',
    deadlineText: '6月20日前',
    dueOn: '2025-06-20',
    status: 'not_started',
    lastProgress: null,
  }),
  task({
    taskId: 112,
    assignmentId: 5012,
    version: 4,
    seq: 12,
    requirement: '围绕财政预决算、政府债务等重点领域，加大信息公开和政策解读力度。',
    deadlineText: '9月底前',
    dueOn: '2025-09-30',
    status: 'done',
    lastProgress: progress({
      status: 'done',
      text: '2024年度区级预决算已全部公开，并发布图解2篇。',
      evidenceUrl: 'https://www.example.gov.cn/zfxxgk/czyjs/index.html',
      reporter: '李红',
      at: '2025-06-12T01:15:00Z',
    }),
  }),
  task({
    taskId: 115,
    assignmentId: 5015,
    version: 2,
    seq: 15,
    requirement: '常态化开展政务公开“五公开”落实情况自查。',
    role: 'responsible',
    deadlineText: '长期坚持',
    dueOn: null,
    ongoing: true,
    status: 'in_progress',
    lastProgress: progress({ text: '已完成第二季度自查。', at: '2025-06-14T09:00:00Z' }),
  }),
];

const DEPT = { id: 8, name: '区财政局' };

function myTasksView(over: Partial<MyTasksView> = {}): MyTasksView {
  return { department: DEPT, filter: 'all', tasks: TASKS, page: 1, pageCount: 1, total: TASKS.length, ...over };
}

function detailView(historyCount = 5): TaskDetailView {
  const departments = ['区财政局', '区政务服务中心', '区发展改革委', '区教育局', '区卫生健康委', '区住房城乡建设局', '区生态环境局'];
  return {
    task: { ...task(), lead: ['区政府办公室', '区财政局'], responsible: ['区直各部门', '各街道办事处'] },
    assignments: departments.map((department, i) => ({
      department,
      role: i < 2 ? 'lead' : 'responsible',
      status: (['closed', 'done', 'in_progress', 'not_started'] as const)[i % 4],
      viaGroup: i < 2 ? null : '区直各部门',
    })),
    // Deliberately oldest first: the card must put the newest on top.
    history: Array.from({ length: historyCount }, (_, i) => ({
      ...progress({
        text: `第${i + 1}次汇报：目录更新 ${i + 1} 项，同步调整政府网站栏目。`,
        at: new Date(Date.UTC(2025, 4, 1 + i * 3, 2)).toISOString(),
        evidenceUrl: i % 2 ? `https://www.example.gov.cn/gk/${i}.html` : null,
      }),
      department: departments[i % departments.length],
      kind: 'report' as const,
    })),
  };
}

const ALL_CARDS: [string, () => Card][] = [
  ['my tasks', () => myTasksCard(myTasksView(), zh)],
  ['my tasks (empty)', () => myTasksCard(myTasksView({ filter: 'overdue', tasks: [], total: 0 }), zh)],
  ['my tasks (paged)', () => myTasksCard(myTasksView({ page: 2, pageCount: 3, total: 50 }), zh)],
  ['report form', () => reportFormCard({ department: DEPT, tasks: TASKS, selected: TASKS[0] }, zh)],
  ['report form (nothing selected)', () => reportFormCard({ department: DEPT, tasks: TASKS, selected: null }, zh)],
  ['report form (no tasks)', () => reportFormCard({ department: DEPT, tasks: [], selected: null }, zh)],
  ['task detail', () => taskDetailCard(detailView(), zh)],
  ['help', () => helpCard(helpView(), zh)],
  ['not bound (group)', () => notBoundCard({ chatType: 'group' }, zh)],
  ['not bound (p2p)', () => notBoundCard({ chatType: 'p2p' }, zh)],
  ['message', () => messageCard(messageView(), zh)],
];

function helpView() {
  return {
    entries: [
      {
        names: ['我的任务', '本单位任务', 'my tasks'],
        usage: '我的任务 [逾期 | 本月 | 未完成]',
        summary: {
          zh_cn: '查看本单位的任务，可按逾期、本月、未完成筛选',
          en_us: "Your department's tasks; filter by overdue, this month or open",
        },
      },
      {
        names: ['汇报进展', 'report'],
        usage: '汇报进展 [序号]',
        summary: { zh_cn: '打开汇报表单，更新任务状态和进展', en_us: 'Open the report form to update status and progress' },
      },
    ],
  };
}

function messageView() {
  return {
    title: { zh_cn: '绑定成功', en_us: 'Group linked' },
    body: {
      zh_cn: '本群已绑定 **区财政局**。\n发送“我的任务”开始使用。',
      en_us: 'This group is now linked to **区财政局**.\nSend “my tasks” to start.',
    },
    tone: 'success' as const,
  };
}

// ---------------------------------------------------------------------------------------------
// JSON walking helpers

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (n: Node, parents: Node[]) => void, parents: Node[] = []): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit, parents);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as Node;
  visit(n, parents);
  for (const child of Object.values(n)) walk(child, visit, [...parents, n]);
}

function findAll(card: unknown, pred: (n: Node, parents: Node[]) => boolean): Node[] {
  const out: Node[] = [];
  walk(card, (n, parents) => {
    if (pred(n, parents)) out.push(n);
  });
  return out;
}

const byTag = (card: unknown, tag: string) => findAll(card, (n) => n.tag === tag);

function callbackValues(card: unknown): unknown[] {
  return findAll(card, (n) => Array.isArray(n.behaviors)).flatMap((n) =>
    (n.behaviors as Node[]).filter((b) => b.type === 'callback').map((b) => b.value),
  );
}

function allText(card: unknown): string {
  return JSON.stringify(card);
}

/** A page of 20 tasks with 500-character requirements and 200-character progress lines. */
function heavyTasks(n: number): TaskItem[] {
  const long = (len: number, seed: string) => seed.repeat(Math.ceil(len / seed.length)).slice(0, len);
  return Array.from({ length: n }, (_, i) =>
    task({
      taskId: 1000 + i,
      assignmentId: 9000 + i,
      seq: i + 1,
      requirement: long(500, '持续完善并动态更新主动公开事项目录，确保目录与实际公开内容一致，'),
      deadlineText: long(40, '2025年12月31日前完成并长期坚持'),
      viaGroup: i % 2 ? '区直各部门及各街道办事处' : null,
      dueOn: i % 3 === 0 ? '2025-06-01' : '2025-12-31',
      lastProgress: progress({ text: long(200, '已召开专题会议研究部署，正在逐项落实各项公开要求；'), reporter: '欧阳晓明同志' }),
    }),
  );
}

// ---------------------------------------------------------------------------------------------

describe('every card', () => {
  it.each(ALL_CARDS)('%s renders stably (snapshot)', (_name, render) => {
    expect(render()).toMatchSnapshot();
  });

  it.each(ALL_CARDS)('%s is Card JSON 2.0 with shared multi-locale config', (_name, render) => {
    const card = render();
    expect(card.schema).toBe('2.0');
    expect(card.config.update_multi).toBe(true);
    expect(card.config.locales).toEqual(['zh_cn', 'en_us']);
    expect(card.body.elements.length).toBeGreaterThan(0);
  });

  it.each(ALL_CARDS)('%s contains no 1.0-only tags (note, action, div)', (_name, render) => {
    const tags = findAll(render(), (n) => typeof n.tag === 'string').map((n) => n.tag);
    expect(tags).not.toContain('note');
    expect(tags).not.toContain('action');
    expect(tags).not.toContain('div');
  });

  it.each(ALL_CARDS)('%s passes the Card JSON 2.0 schema gate', (_name, render) => {
    expect(checkCard(render())).toBeNull();
  });

  it.each(ALL_CARDS)('%s keeps its send body within the budget and 200 elements', (_name, render) => {
    const card = render();
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(card)).toBeLessThanOrEqual(200);
  });

  it.each(ALL_CARDS)('%s gives every localised text both Chinese and English, Chinese as content', (_name, render) => {
    const localised = findAll(render(), (n) => n.i18n_content !== undefined);
    expect(localised.length).toBeGreaterThan(0);
    for (const n of localised) {
      const i18n = n.i18n_content as Record<string, string>;
      expect(Object.keys(i18n).sort()).toEqual(['en_us', 'zh_cn']);
      expect(i18n.zh_cn.length).toBeGreaterThan(0);
      expect(i18n.en_us.length).toBeGreaterThan(0);
      expect(n.content).toBe(i18n.zh_cn);
    }
  });

  it.each(ALL_CARDS)('%s only carries callback values the action schema accepts', (_name, render) => {
    for (const value of callbackValues(render())) expect(ActionValue.parse(value)).not.toBeNull();
  });

  it.each(ALL_CARDS)('%s keeps every input within max_length 1000', (_name, render) => {
    for (const input of byTag(render(), 'input')) {
      expect(input.max_length).toBeGreaterThanOrEqual(1);
      expect(input.max_length).toBeLessThanOrEqual(1000);
    }
  });

  it('renders English as the content when the context locale is English', () => {
    const card = myTasksCard(myTasksView(), en);
    expect((card.header.title as Node).content).toBe('My tasks · 区财政局');
    for (const n of findAll(card, (x) => x.i18n_content !== undefined)) {
      expect(n.content).toBe((n.i18n_content as Record<string, string>).en_us);
    }
  });
});

describe('my tasks card', () => {
  it('keeps 20 tasks with 500-char requirements and 200-char progress within the send budget and 200 elements', () => {
    // Sorted as the command sorts them (overdue first), so the page has one heading per due group.
    const tasks = heavyTasks(20).sort((x, y) => (x.dueOn ?? '').localeCompare(y.dueOn ?? ''));
    const card = myTasksCard(myTasksView({ tasks, total: 20 }), zh);
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(card)).toBeLessThanOrEqual(200);
    // Truncated, yet every task is still there with its report button.
    expect(byTag(card, 'interactive_container')).toHaveLength(20);
    expect(allText(card)).toContain('…');
    expect(allText(card)).not.toContain('持续完善并动态更新主动公开事项目录，确保目录与实际公开内容一致，'.repeat(3));
  });

  it('still fits with 60 long tasks by showing fewer and saying so', () => {
    const card = myTasksCard(myTasksView({ tasks: heavyTasks(60), total: 60 }), zh);
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(card)).toBeLessThanOrEqual(200);
    expect(allText(card)).toContain('本页另有');
  });

  it('marks an overdue task 已逾期 and a done one not', () => {
    const card = myTasksCard(myTasksView(), zh);
    const blocks = byTag(card, 'interactive_container').map(allText);
    expect(blocks[0]).toContain('已逾期 5 天');
    const done = blocks.find((b) => b.includes('**12.**'));
    expect(done).toBeDefined();
    expect(done).not.toContain('已逾期');
    expect(done).toContain('待审核');
  });

  it('groups the given order under bucket headings without reordering', () => {
    const card = myTasksCard(myTasksView(), zh);
    const headings = byTag(card, 'markdown')
      .map((m) => String(m.content))
      .filter((c) => c.startsWith('**<font'));
    expect(headings).toEqual([
      "**<font color='red'>已逾期</font>** · 1 项",
      "**<font color='orange'>7 天内到期</font>** · 1 项",
      "**<font color='green'>进度正常</font>** · 1 项",
      "**<font color='blue'>长期任务</font>** · 1 项",
    ]);
    const seqs = byTag(card, 'interactive_container').map((b) => /\*\*(\d+)\.\*\*/.exec(allText(b))?.[1]);
    expect(seqs).toEqual(['3', '7', '12', '15']);
  });

  it('marks the lead role prominently and explains group assignments', () => {
    const text = allText(myTasksCard(myTasksView(), zh));
    expect(text).toContain("<text_tag color='red'>牵头</text_tag>");
    expect(text).toContain('参与（按“区直各部门”分配）');
    expect(text).not.toContain("<text_tag color='red'>参与");
  });

  it('opens details on the task block and the pre-selected form on its button', () => {
    const card = myTasksCard(myTasksView(), zh);
    const block = byTag(card, 'interactive_container')[0];
    expect(ActionValue.parse((block.behaviors as Node[])[0].value)).toEqual({ a: 'task_detail', taskId: 101 });
    const [reportButton] = byTag(block, 'button');
    expect(ActionValue.parse((reportButton.behaviors as Node[])[0].value)).toEqual({ a: 'report_open', taskId: 101 });
  });

  it('offers no report button on a closed task', () => {
    const card = myTasksCard(myTasksView({ tasks: [task({ status: 'closed' })], total: 1 }), zh);
    expect(byTag(byTag(card, 'interactive_container')[0], 'button')).toHaveLength(0);
  });

  it('offers the four filters with the current one highlighted, and pages within the filter', () => {
    const card = myTasksCard(myTasksView({ filter: 'open', page: 2, pageCount: 3, total: 50 }), zh);
    const values = callbackValues(card).map((v) => ActionValue.parse(v));
    expect(values).toEqual(
      expect.arrayContaining([
        { a: 'my_tasks', filter: 'all', page: 1 },
        { a: 'my_tasks', filter: 'overdue', page: 1 },
        { a: 'my_tasks', filter: 'month', page: 1 },
        { a: 'my_tasks', filter: 'open', page: 1 },
        { a: 'my_tasks', filter: 'open', page: 3 },
      ]),
    );
    const primary = byTag(card, 'button').filter((b) => b.type === 'primary' && String(allText(b.text)).includes('未完成'));
    expect(primary).toHaveLength(1);
  });

  it('disables 上一页 on the first page and 下一页 on the last', () => {
    const first = byTag(myTasksCard(myTasksView({ page: 1, pageCount: 2, total: 30 }), zh), 'button');
    expect(first.find((b) => allText(b.text).includes('上一页'))?.disabled).toBe(true);
    expect(first.find((b) => allText(b.text).includes('下一页'))?.disabled).toBeUndefined();
    const last = byTag(myTasksCard(myTasksView({ page: 2, pageCount: 2, total: 30 }), zh), 'button');
    expect(last.find((b) => allText(b.text).includes('下一页'))?.disabled).toBe(true);
  });

  it('shows 暂无任务 on an empty page and still offers the filters', () => {
    const card = myTasksCard(myTasksView({ filter: 'overdue', tasks: [], total: 0 }), zh);
    const text = allText(card);
    expect(text).toContain('暂无任务');
    expect(text).toContain('No tasks');
    expect(byTag(card, 'button')).toHaveLength(4);
  });

  it('names who last reported, and says 联络员 / Coordinator when no name is known, never an id', () => {
    const card = myTasksCard(
      myTasksView({ tasks: [task(), task({ taskId: 102, assignmentId: 5002, lastProgress: progress({ reporter: null }) })], total: 2 }),
      zh,
    );
    const lines = byTag(card, 'markdown').filter((m) => String(m.content).includes('上次汇报'));
    expect(lines.map((m) => m.content)).toEqual([
      expect.stringContaining('上次汇报 06-03 · 张晓明'),
      expect.stringContaining('上次汇报 06-03 · 联络员'),
    ]);
    expect((lines[1].i18n_content as { en_us: string }).en_us).toContain('Last report 06-03 · Coordinator');
    expect(allText(card)).not.toContain('<person');
    // A name is data: escaped, one line, capped.
    const odd = myTasksCard(
      myTasksView({ tasks: [task({ lastProgress: progress({ reporter: '**欧阳**\n<at id=all></at>很长很长很长的名字' }) })], total: 1 }),
      zh,
    );
    expect(allText(odd)).not.toContain('<at id=all>');
    expect(allText(odd)).not.toContain('**欧阳**');
  });

  it('neutralises markdown and @all in user text', () => {
    const evil = task({
      requirement: '<at id=all></at> **加粗** [链接](https://evil.example) :OK:',
      lastProgress: progress({ text: '# 标题\n1. 列表' }),
    });
    const text = allText(myTasksCard(myTasksView({ tasks: [evil], total: 1 }), zh));
    expect(text).not.toContain('<at');
    expect(text).not.toContain('[链接]');
    expect(text).not.toContain('**加粗**');
    expect(text).not.toContain(':OK:');
  });
});

describe('report form card', () => {
  const view: ReportFormView = { department: DEPT, tasks: TASKS, selected: TASKS[0] };

  function formOf(card: Card): Node {
    const forms = byTag(card, 'form');
    expect(forms).toHaveLength(1);
    return forms[0];
  }

  it('puts the form at the root of the body, as Lark requires', () => {
    const card = reportFormCard(view, zh);
    expect(card.body.elements.filter((e) => e.tag === 'form')).toHaveLength(1);
    expect(formOf(card).name).toBe(REPORT_FORM_NAME);
  });

  it('has a submit button with form_action_type submit, a name and a parseable callback', () => {
    const form = formOf(reportFormCard(view, zh));
    const submits = byTag(form, 'button').filter((b) => b.form_action_type === 'submit');
    expect(submits).toHaveLength(1);
    const [submit] = submits;
    expect(submit.name).toBe(REPORT_SUBMIT_NAME);
    const behaviors = submit.behaviors as Node[];
    expect(behaviors).toHaveLength(1);
    expect(behaviors[0].type).toBe('callback');
    expect(ActionValue.parse(behaviors[0].value)).toEqual({ a: 'report_submit' });
  });

  it('names every field with the FORM_FIELDS constants, uniquely within the card', () => {
    const card = reportFormCard(view, zh);
    const named = findAll(card, (n) => typeof n.name === 'string' && n.tag !== 'form').map((n) => n.name);
    expect(new Set(named).size).toBe(named.length);
    expect(named).toEqual(expect.arrayContaining(Object.values(FORM_FIELDS)));
  });

  /** The value of the option a select pre-selects: `initial_index` is 1-based (0 or absent: none). */
  function preselected(select: Node): string | undefined {
    // initial_option would override initial_index; the cards leave it out (its semantics are ambiguous).
    expect(select.initial_option).toBeUndefined();
    const index = select.initial_index as number | undefined;
    return index ? (select.options as { value: string }[])[index - 1]?.value : undefined;
  }

  it('lists the tasks as 序号 + requirement with assignment:version values, pre-selecting the chosen one', () => {
    const select = byTag(reportFormCard(view, zh), 'select_static').find((s) => s.name === FORM_FIELDS.task)!;
    const options = select.options as { text: { content: string }; value: string }[];
    expect(options.map((o) => o.value)).toEqual(['5001:3', '5007:1', '5012:4', '5015:2']);
    expect(options[0].text.content.startsWith('3. 持续完善并动态更新主动公开事项目录')).toBe(true);
    expect(select.initial_index).toBe(1);
    expect(preselected(select)).toBe('5001:3');
    expect(select.required).toBe(true);
  });

  it('pre-selects a task that is not the first option by its position', () => {
    const select = byTag(reportFormCard({ ...view, selected: TASKS[2] }, zh), 'select_static').find((s) => s.name === FORM_FIELDS.task)!;
    expect(select.initial_index).toBe(3);
    expect(preselected(select)).toBe('5012:4');
  });

  it('pre-fills status, progress and evidence from the last report so a routine update is one change and a tap', () => {
    const selected = task({
      status: 'done',
      lastProgress: progress({ status: 'done', text: '目录已全部更新。', evidenceUrl: 'https://www.example.gov.cn/ml.html' }),
    });
    const card = reportFormCard({ department: DEPT, tasks: [selected], selected }, zh);
    const status = byTag(card, 'select_static').find((s) => s.name === FORM_FIELDS.status)!;
    expect(preselected(status)).toBe('done');
    expect((status.options as { value: string }[]).map((o) => o.value)).toEqual(['not_started', 'in_progress', 'done']);
    const inputs = Object.fromEntries(byTag(card, 'input').map((i) => [i.name, i]));
    expect(inputs[FORM_FIELDS.progress].default_value).toBe('目录已全部更新。');
    expect(inputs[FORM_FIELDS.progress].input_type).toBe('multiline_text');
    expect(inputs[FORM_FIELDS.progress].required).toBe(true);
    expect(inputs[FORM_FIELDS.evidence].default_value).toBe('https://www.example.gov.cn/ml.html');
    expect(inputs[FORM_FIELDS.evidence].required).toBe(false);
  });

  it("shows the office's return reason above the form, while the fields keep the department's own report", () => {
    const selected = task({
      status: 'in_progress',
      lastProgress: progress({ status: 'done', text: '目录已全部更新。', evidenceUrl: 'https://www.example.gov.cn/ml.html' }),
    });
    const reason = '证明材料链接无法打开 <at id=all></at>';
    const card = reportFormCard({ department: DEPT, tasks: [selected], selected, returned: { reason, at: '2025-06-14T02:00:00Z' } }, zh);
    const inputs = Object.fromEntries(byTag(card, 'input').map((i) => [i.name, i]));
    expect(inputs[FORM_FIELDS.progress].default_value).toBe('目录已全部更新。');
    expect(inputs[FORM_FIELDS.evidence].default_value).toBe('https://www.example.gov.cn/ml.html');
    const line = byTag(card, 'markdown').find((m) => String(m.content).includes('退回意见'))!;
    expect(line.content).toContain('证明材料链接无法打开');
    expect(line.content).toContain('06-14');
    expect((line.i18n_content as { en_us: string }).en_us).toContain('Returned by the office');
    expect(allText(card)).not.toContain('<at id=all>');
    // A returned 已完成 pre-selects what the task is now, 进行中.
    const status = byTag(card, 'select_static').find((s) => s.name === FORM_FIELDS.status)!;
    expect(preselected(status)).toBe('in_progress');
  });

  it('names the last reporter, or says 联络员 / Coordinator when no name is known', () => {
    const named = reportFormCard(view, zh);
    expect(allText(named)).toContain('上次汇报：2025-06-03 · 张晓明');
    const unnamed = task({ lastProgress: progress({ reporter: null }) });
    const line = byTag(reportFormCard({ department: DEPT, tasks: [unnamed], selected: unnamed }, zh), 'markdown').find((m) =>
      String(m.content).includes('上次汇报'),
    )!;
    expect(line.content).toContain('上次汇报：2025-06-03 · 联络员');
    expect((line.i18n_content as { en_us: string }).en_us).toContain('Last report: 2025-06-03 · Coordinator');
  });

  it('defaults the status sensibly without a last report', () => {
    expect(defaultReportStatus(null)).toBe('in_progress');
    expect(defaultReportStatus(task({ status: 'not_started', lastProgress: null }))).toBe('in_progress');
    expect(defaultReportStatus(task({ status: 'done', lastProgress: null }))).toBe('done');
    expect(defaultReportStatus(task({ lastProgress: progress({ status: 'not_started' }) }))).toBe('not_started');
    // Reported 已完成 and still awaiting review: 已完成; returned by the office since: 进行中.
    expect(defaultReportStatus(task({ status: 'done', lastProgress: progress({ status: 'done' }) }))).toBe('done');
    expect(defaultReportStatus(task({ status: 'in_progress', lastProgress: progress({ status: 'done' }) }))).toBe('in_progress');
  });

  it('leaves the task unselected and the progress empty when nothing is chosen', () => {
    const card = reportFormCard({ department: DEPT, tasks: TASKS, selected: null }, zh);
    const select = byTag(card, 'select_static').find((s) => s.name === FORM_FIELDS.task)!;
    expect(preselected(select)).toBeUndefined();
    expect(byTag(card, 'input').every((i) => i.default_value === undefined)).toBe(true);
  });

  it('adds the selected task to the options if the caller left it out', () => {
    const outsider = task({ assignmentId: 7777, version: 9, seq: 99 });
    const select = byTag(reportFormCard({ department: DEPT, tasks: TASKS, selected: outsider }, zh), 'select_static')[0];
    expect(preselected(select)).toBe('7777:9');
    expect((select.options as { value: string }[])[0].value).toBe('7777:9');
  });

  it('stays within limits for 200 long tasks, keeping the selected one', () => {
    const tasks = heavyTasks(200);
    const card = reportFormCard({ department: DEPT, tasks, selected: tasks[150] }, zh);
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(card)).toBeLessThanOrEqual(200);
    const select = byTag(card, 'select_static')[0];
    expect(preselected(select)).toBe(encodeTaskOption(tasks[150]));
  });

  it('shows no form when there is nothing to report', () => {
    const card = reportFormCard({ department: DEPT, tasks: [], selected: null }, zh);
    expect(byTag(card, 'form')).toHaveLength(0);
    expect(allText(card)).toContain('暂无可汇报的任务');
  });
});

describe('task detail card', () => {
  it('shows the section path, full requirement, units, deadline and every department', () => {
    const text = allText(taskDetailCard(detailView(), zh));
    expect(text).toContain('一、持续深化政务公开 › （二）提升主动公开质效');
    expect(text).toContain('做到应公开尽公开。');
    expect(text).toContain('区政府办公室、区财政局');
    expect(text).toContain('2025年6月10日前（2025-06-10）');
    for (const d of ['区政务服务中心', '区生态环境局']) expect(text).toContain(d);
  });

  it('lists history newest first, folding older entries into a collapsible panel', () => {
    const card = taskDetailCard(detailView(5), zh);
    const history = byTag(card, 'markdown')
      .map((m) => String(m.content))
      .filter((c) => c.startsWith('第'));
    expect(history[0]).toContain('第5次汇报');
    expect(history.at(-1)).toContain('第1次汇报');
    const panels = byTag(card, 'collapsible_panel');
    expect(panels.some((p) => allText(p).includes('第1次汇报') && p.expanded === false)).toBe(true);
    expect(allText(card)).toContain('[www.example.gov.cn](https://www.example.gov.cn/gk/3.html)');
  });

  it("says the office's 退回 and 确认办结 are the office's, not the department's progress", () => {
    const view = detailView(1);
    view.history = [
      {
        ...progress({ text: '链接无法打开，请更新', at: '2025-06-14T02:00:00Z', reporter: '王科长' }),
        department: '区财政局',
        kind: 'return',
      },
      {
        ...progress({ text: '已完成', at: '2025-06-13T02:00:00Z', reporter: null, status: 'done' }),
        department: '区财政局',
        kind: 'report',
      },
    ];
    const metas = byTag(taskDetailCard(view, zh), 'markdown').filter((m) => String(m.content).startsWith('**2025-06-1'));
    expect(metas[0].content).toContain('政务公开办 · 王科长');
    expect(metas[0].content).toContain('退回');
    expect(metas[0].content).not.toContain('区财政局');
    expect(metas[1].content).toContain('区财政局 · 联络员');
    expect((metas[1].i18n_content as { en_us: string }).en_us).toContain('区财政局 · Coordinator');
  });

  it('keeps a short history inline', () => {
    const card = taskDetailCard(detailView(2), zh);
    expect(byTag(card, 'collapsible_panel').filter((p) => allText(p).includes('次汇报'))).toHaveLength(0);
  });

  it('offers 汇报进展 for this task, but not once it is closed', () => {
    const values = callbackValues(taskDetailCard(detailView(), zh)).map((v) => ActionValue.parse(v));
    expect(values).toContainEqual({ a: 'report_open', taskId: 101 });
    const closed = detailView();
    closed.task = { ...closed.task, status: 'closed' };
    expect(callbackValues(taskDetailCard(closed, zh)).map((v) => ActionValue.parse(v))).not.toContainEqual({
      a: 'report_open',
      taskId: 101,
    });
  });

  it('stays within limits with 200 long history entries and 80 departments', () => {
    const view = detailView(200);
    view.history = view.history.map((h) => ({ ...h, text: '按要求完成阶段性工作并形成书面材料。'.repeat(60) }));
    view.assignments = Array.from({ length: 80 }, (_, i) => ({
      department: `区第${i + 1}个单位名称较长的部门`,
      role: 'responsible',
      status: 'in_progress',
      viaGroup: '区直各部门',
    }));
    view.task = { ...view.task, requirement: '持续完善并动态更新主动公开事项目录。'.repeat(200) };
    const card = taskDetailCard(view, zh);
    expect(sendRequestBytes(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(countElements(card)).toBeLessThanOrEqual(200);
    expect(allText(card)).toContain('条记录未显示');
  });
});

describe('help, not-bound and message cards', () => {
  it('lists every command with its aliases, usage and bilingual summary', () => {
    const card = helpCard(helpView(), zh);
    const entry = byTag(card, 'markdown').find((m) => String(m.content).startsWith('**我的任务**'))!;
    expect(entry.content).toContain('本单位任务 / my tasks');
    expect(entry.content).toContain('`我的任务 [逾期 | 本月 | 未完成]`');
    expect((entry.i18n_content as Record<string, string>).en_us).toContain("Your department's tasks");
  });

  it('explains group binding in a group chat', () => {
    const text = allText(notBoundCard({ chatType: 'group' }, zh));
    expect(text).toContain('绑定 区财政局');
    expect(text).toContain('政务公开办确认');
  });

  it('explains liaison registration in a private chat', () => {
    const text = allText(notBoundCard({ chatType: 'p2p' }, zh));
    expect(text).toContain('设置联络员 @你 区财政局');
    expect(text).toContain('工作群');
  });

  it.each([
    ['info', 'blue'],
    ['success', 'green'],
    ['warning', 'orange'],
    ['error', 'red'],
  ] as const)('colours a %s message %s', (tone, template) => {
    expect(messageCard({ ...messageView(), tone }, zh).header.template).toBe(template);
  });

  it('keeps **bold** in message bodies but neutralises tags users may have typed', () => {
    expect(escapeMdKeepBold('已绑定 **区财政局** <at id=all></at>')).toBe('已绑定 **区财政局** &#60;at id=all&#62;&#60;/at&#62;');
    expect(escapeMdKeepBold('单个 ** 星号')).toBe('单个 &#42;&#42; 星号');
  });
});

describe('action values', () => {
  it.each([
    null,
    undefined,
    42,
    'garbage',
    '{not json',
    [],
    {},
    { a: 'nope' },
    { a: 'my_tasks', filter: 'everything', page: 1 },
    { a: 'my_tasks', filter: 'all', page: 0 },
    { a: 'my_tasks', filter: 'all', page: 1.5 },
    { a: 'task_detail' },
    { a: 'task_detail', taskId: '7' },
    { a: 'report_open', taskId: -1 },
  ])('ActionValue.parse returns null for garbage (%j)', (raw) => {
    expect(ActionValue.parse(raw)).toBeNull();
    expect(parseActionValue(raw)).toBeNull();
  });

  it('ActionValue.parse returns null instead of throwing on a hostile object', () => {
    const hostile = Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('hostile getter');
      },
    });
    expect(ActionValue.parse(hostile)).toBeNull();
  });

  it.each<ActionValue>([
    { a: 'my_tasks', filter: 'overdue', page: 2 },
    { a: 'report_open' },
    { a: 'report_open', taskId: 3 },
    { a: 'report_submit' },
    { a: 'task_detail', taskId: 12 },
  ])('round-trips %j through encode and parse (also as a JSON string)', (value) => {
    const encoded = ActionValue.encode(value);
    expect(ActionValue.parse(encoded)).toEqual(value);
    expect(ActionValue.parse(JSON.stringify(encoded))).toEqual(value);
  });

  it('round-trips task options and refuses malformed ones', () => {
    for (const t of TASKS) expect(parseTaskOption(encodeTaskOption(t))).toEqual({ assignmentId: t.assignmentId, version: t.version });
    for (const bad of ['', '5001', '5001:', ':3', 'a:b', '0:1', '1:2:3', '-1:2', '99999999999:1', 5001, null]) {
      expect(parseTaskOption(bad)).toBeNull();
    }
  });
});

describe('report form values', () => {
  const valid = { task: '5001:3', status: 'in_progress', progress: '  已完成目录更新。 ', evidence: 'https://www.example.gov.cn/a.html' };

  it('accepts a complete submission, trimming the text', () => {
    const parsed = reportFormSchema.parse(valid);
    expect(parsed).toEqual({
      task: '5001:3',
      status: 'in_progress',
      progress: '已完成目录更新。',
      evidence: 'https://www.example.gov.cn/a.html',
    });
    expect(parseTaskOption(parsed.task)).toEqual({ assignmentId: 5001, version: 3 });
  });

  it('treats a missing or blank evidence link as none', () => {
    const { evidence: _omit, ...withoutEvidence } = valid;
    expect(reportFormSchema.parse(withoutEvidence).evidence).toBe('');
    expect(reportFormSchema.parse({ ...valid, evidence: '   ' }).evidence).toBe('');
    expect(reportFormSchema.parse({ ...valid, evidence: null }).evidence).toBe('');
  });

  it.each([
    [{ ...valid, progress: '   ' }, '请填写进展情况'],
    [{ ...valid, progress: undefined }, '请填写进展情况'],
    [{ ...valid, progress: '字'.repeat(1001) }, '进展情况不能超过 1000 字'],
    [{ ...valid, status: 'closed' }, '请选择任务状态'],
    [{ ...valid, task: 'x' }, '请选择要汇报的任务'],
    [{ ...valid, task: undefined }, '请选择要汇报的任务'],
    [{ ...valid, evidence: 'ftp://example.gov.cn/a' }, '证明材料须为'],
    [{ ...valid, evidence: 'javascript:alert(1)' }, '证明材料须为'],
  ])('refuses %j with a Chinese-first message', (input, zhStart) => {
    const result = reportFormSchema.safeParse(input);
    expect(result.success).toBe(false);
    const message = result.error!.issues[0].message;
    expect(message.startsWith(zhStart)).toBe(true);
    expect(message).toMatch(/（[A-Z].*）$/);
  });

  it('accepts exactly 1000 characters of progress', () => {
    expect(reportFormSchema.safeParse({ ...valid, progress: '字'.repeat(1000) }).success).toBe(true);
  });

  it('reports the first problem as a toast-ready bilingual text', () => {
    const result = parseReportForm({ ...valid, progress: '' });
    expect(result).toEqual({
      ok: false,
      message: '请填写进展情况（Please describe the progress.）',
      i18n: { zh_cn: '请填写进展情况', en_us: 'Please describe the progress.' },
    });
    expect(parseReportForm('not an object')).toMatchObject({ ok: false, i18n: { zh_cn: '表单内容有误，请检查后重新提交' } });
    expect(parseReportForm(valid)).toMatchObject({ ok: true });
  });
});

describe('format helpers', () => {
  it('marks due dates by Asia/Shanghai calendar days', () => {
    const at = (iso: string) => new Date(iso);
    // 00:30 on 15 June in Shanghai is still 14 June in UTC: the 14th is already overdue.
    const lateNight = at('2025-06-14T16:30:00Z');
    expect(dueMark({ dueOn: '2025-06-14', ongoing: false, status: 'in_progress' }, renderContext(lateNight))).toMatchObject({
      bucket: 'overdue',
      days: -1,
    });
    expect(dueMark({ dueOn: '2025-06-15', ongoing: false, status: 'in_progress' }, renderContext(lateNight)).label.zh_cn).toBe('今日到期');
    expect(dueMark({ dueOn: '2025-06-22', ongoing: false, status: 'not_started' }, renderContext(NOW))).toMatchObject({
      bucket: 'soon',
      color: 'yellow',
    });
    expect(dueMark({ dueOn: '2025-06-23', ongoing: false, status: 'not_started' }, renderContext(NOW))).toMatchObject({
      bucket: 'ok',
      color: 'green',
    });
    expect(dueMark({ dueOn: '2025-06-01', ongoing: false, status: 'in_progress' }, renderContext(NOW)).label.zh_cn).toBe('已逾期 14 天');
    expect(dueMark({ dueOn: '2025-06-01', ongoing: false, status: 'done' }, renderContext(NOW)).label.zh_cn).not.toContain('逾期');
    expect(dueMark({ dueOn: '2025-06-01', ongoing: false, status: 'closed' }, renderContext(NOW)).bucket).toBe('ok');
    expect(dueMark({ dueOn: null, ongoing: true, status: 'in_progress' }, renderContext(NOW)).label.zh_cn).toBe('长期');
    expect(dueMark({ dueOn: null, ongoing: false, status: 'in_progress' }, renderContext(NOW)).bucket).toBe('undated');
  });

  it('truncates by characters without splitting emoji', () => {
    expect(truncate('政务公开', 10)).toBe('政务公开');
    expect(truncate('政务公开工作要点', 5)).toBe('政务公开…');
    expect(Array.from(truncate('😀'.repeat(10), 4))).toEqual(['😀', '😀', '😀', '…']);
  });

  it('escapes markdown specials but leaves plain Chinese text and dates alone', () => {
    expect(escapeMd('2025-06-30 前完成（含10:30会议）')).toBe('2025-06-30 前完成（含10:30会议）');
    expect(escapeMd('1. 第一项\n- 第二项\n# 标题')).toBe('1&#46; 第一项\n&#45; 第二项\n&#35; 标题');
    expect(escapeMd('a*b_c~d`e|f<g>h[i]j$k&l\\m')).toBe('a&#42;b&#95;c&#126;d&#96;e&#124;f&#60;g&#62;h&#91;i&#93;j&#36;k&#38;l&#92;m');
  });
});
