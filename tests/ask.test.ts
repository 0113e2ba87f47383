import { describe, expect, it } from 'vitest';
import { type AskDepartment, understandQuestion } from '../src/ask';
import { commands, matchCommand, unmatched } from '../commands/index';
import { askCommand } from '../commands/ask';
import type { Sender } from '../src/identity';

const DIRECTORY: AskDepartment[] = [
  { id: 1, name: '区党政办公室', aliases: ['党政办'] },
  { id: 2, name: '区财政局', aliases: [] },
  { id: 3, name: '区发展和改革局', aliases: [] },
  { id: 4, name: '区人力资源和社会保障局', aliases: [] },
  { id: 5, name: '区市场监督管理局', aliases: [] },
  { id: 6, name: '区发展软环境和保障局', aliases: [] },
  { id: 7, name: '区住房和城乡建设局', aliases: [] },
  { id: 8, name: '区城市管理局', aliases: [] },
];
const ask = (q: string) => understandQuestion(q, DIRECTORY);

describe('reading a leader’s question in plain words', () => {
  it.each([
    ['财政局怎么样', 2],
    ['区财政局的情况', 2],
    ['发改局怎么样', 3],
    ['人社局进展如何', 4],
    ['市场局', 5],
    ['住建局最近咋样？', 7],
    ['城管局', 8],
    ['党政办怎么样', 1],
    ['how is 区财政局 doing', 2],
  ])('「%s」 is about one department’s summary', (q, id) => {
    expect(ask(q)).toEqual({ kind: 'answer', query: { intent: 'department', departmentId: id } });
  });

  it.each([
    ['逾期的有哪些', 'overdue'],
    ['有哪些任务超期了？', 'overdue'],
    ['本月到期', 'due_month'],
    ['这个月要完成的有哪些', 'due_month'],
    ['哪些单位没报', 'silent'],
    ['还有哪些部门没有汇报', 'silent'],
    ['哪些单位没有进展', 'silent'],
    ['overdue', 'overdue'],
    ['整体情况怎么样', 'overall'],
    ['进展如何', 'overall'],
  ])('「%s」 asks for %s', (q, intent) => {
    expect(ask(q)).toEqual({ kind: 'answer', query: { intent } });
  });

  it('narrows a list to the department named with it', () => {
    expect(ask('财政局逾期的有哪些')).toEqual({ kind: 'answer', query: { intent: 'overdue', departmentId: 2 } });
    expect(ask('发改局本月到期的')).toEqual({ kind: 'answer', query: { intent: 'due_month', departmentId: 3 } });
    // Whether one department has reported is on its summary.
    expect(ask('财政局没报吗')).toEqual({ kind: 'answer', query: { intent: 'department', departmentId: 2 } });
  });

  it('offers the two or three departments a short form fits, in directory order', () => {
    expect(ask('发展局怎么样')).toEqual({
      kind: 'choose',
      choices: [
        { intent: 'department', departmentId: 3 },
        { intent: 'department', departmentId: 6 },
      ],
    });
    expect(ask('发展局逾期的')).toEqual({
      kind: 'choose',
      choices: [
        { intent: 'overdue', departmentId: 3 },
        { intent: 'overdue', departmentId: 6 },
      ],
    });
  });

  it('offers at most three choices when a question fits more', () => {
    const many = [1, 2, 3, 4].map((id) => ({ id, name: `区建设${'一二三四'[id - 1]}局`, aliases: [] }));
    const m = understandQuestion('建设局怎么样', many);
    expect(m.kind).toBe('choose');
    expect(m.kind === 'choose' && m.choices.map((c) => c.departmentId)).toEqual([1, 2, 3]);
  });

  it('offers the intents when a question asks for two lists at once', () => {
    expect(ask('逾期的和本月到期的')).toEqual({ kind: 'choose', choices: [{ intent: 'overdue' }, { intent: 'due_month' }] });
  });

  it('prefers the name as written over a shorter reading of it', () => {
    const dir = [
      { id: 1, name: '区教育和体育局', aliases: [] },
      { id: 2, name: '区体育局', aliases: [] },
    ];
    expect(understandQuestion('区教育和体育局怎么样', dir)).toEqual({ kind: 'answer', query: { intent: 'department', departmentId: 1 } });
    expect(understandQuestion('体育局怎么样', dir)).toEqual({ kind: 'answer', query: { intent: 'department', departmentId: 2 } });
  });

  it('matches nothing for chatter, and names a unit the directory does not have', () => {
    expect(ask('你好')).toEqual({ kind: 'none', unknownUnit: null });
    expect(ask('明天开会吗')).toEqual({ kind: 'none', unknownUnit: null });
    expect(ask('这事怎么办')).toEqual({ kind: 'none', unknownUnit: null });
    expect(ask('')).toEqual({ kind: 'none', unknownUnit: null });
    expect(ask('教育局怎么样')).toEqual({ kind: 'none', unknownUnit: '教育局' });
    // Not "every overdue task" for a unit Duban does not know.
    expect(ask('卫健局逾期的有哪些')).toEqual({ kind: 'none', unknownUnit: '卫健局' });
  });
});

describe('questions never take a command’s place', () => {
  const leader: Sender = { openId: 'ou_leader', role: 'leader', department: null, via: 'member' };
  const coordinator: Sender = { openId: 'ou_c', role: 'coordinator', department: { id: 2, name: '区财政局' }, via: 'chat' };

  it.each([
    ['我的任务 逾期', '我的任务'],
    ['我的任务 本月', '我的任务'],
    ['汇报进展 3', '汇报进展'],
    ['汇总 区财政局', '汇总'],
    ['任务 3', '任务'],
    ['待审核', '待审核'],
    ['导出台账', '导出台账'],
    ['帮助', '帮助'],
  ])('「%s」 is still the command %s', (text, name) => {
    expect(matchCommand(text)?.command.names[0]).toBe(name);
  });

  it('answers a leader’s unclaimed text as a question, and anyone else’s (or a bare mention) with help', () => {
    expect(unmatched(leader, '财政局怎么样')).toEqual({ command: askCommand, args: '财政局怎么样' });
    expect(unmatched(coordinator, '财政局怎么样').command.names[0]).toBe('帮助');
    expect(unmatched(leader, '  ').command.names[0]).toBe('帮助');
  });

  it('lists 提问 in help for leaders and the office only', () => {
    expect(commands).toContain(askCommand);
    expect(askCommand.need).toBe('summary');
  });
});
