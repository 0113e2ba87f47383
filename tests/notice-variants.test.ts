// Layouts the five seeds do not have: the parser must read other localities' notices too.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBlocks, parseNoticeFile, parseNoticeText } from '../src/notice/parse';
import { readTabText } from '../src/notice/readers/word-tab-export';
import { makeDocx, type SpecCell } from './support/make-docx';
import type { Block } from '../src/notice/types';

describe('notices in layouts the seeds do not show', () => {
  it('reads a 序号 column and the headers 重点任务 / 工作要求 / 责任科室 / 时限要求, with roles written in a cell', () => {
    const text = [
      '附件',
      '2024年某县卫健局政务公开重点任务清单',
      '\t序号\n\t重点任务\n\t工作要求\n\t责任科室\n\t时限要求\n',
      '\t1\n\t主动公开\n\t更新主动公开目录。\n\t办公室牵头，各科室配合\n\t3月底前\n',
      '\t2\n\t\n\t做好政策解读。\n\t政策法规科,财务科\n\t6月15日前\n',
      '\t3\n\t依申请公开\n\t规范答复文书（牵头单位：法制科；责任单位：各科室）\n\t\n\t上半年\n',
    ].join('\n');
    const p = parseNoticeText(text);
    expect(p.notice.year).toBe(2024);
    expect(p.tasks).toEqual([
      {
        section: ['主动公开'],
        requirement: '更新主动公开目录。',
        lead: ['办公室'],
        responsible: ['各科室'],
        deadline: { text: '3月底前', due: '2024-03-31', ongoing: false },
      },
      {
        section: ['主动公开'],
        requirement: '做好政策解读。',
        lead: [],
        responsible: ['政策法规科', '财务科'],
        deadline: { text: '6月15日前', due: '2024-06-15', ongoing: false },
      },
      {
        section: ['依申请公开'],
        requirement: '规范答复文书',
        lead: ['法制科'],
        responsible: ['各科室'],
        deadline: { text: '上半年', due: '2024-06-30', ongoing: false },
      },
    ]);
  });

  it('reads a notice written in Traditional characters with half-width punctuation', () => {
    const text = [
      '2023年某區政務公開工作任務分解表',
      '\t工作任務\n\t牽頭單位\n\t責任單位\n\t完成時限\n',
      '\t推進預決算公開\n\t區財政局\n\t區審計局,各街道\n\t9月底前\n',
    ].join('\n');
    const p = parseNoticeText(text);
    expect(p.notice.title).toBe('2023年某区政务公开工作任务分解表');
    expect(p.tasks[0]).toEqual({
      section: [],
      requirement: '推进预决算公开',
      lead: ['区财政局'],
      responsible: ['区审计局', '各街道'],
      deadline: { text: '9月底前', due: '2023-09-30', ongoing: false },
    });
    expect(p.warnings.some((w) => w.includes('繁体'))).toBe(true);
  });

  it('leaves Simplified text alone even where a Traditional converter would change it (显著)', async () => {
    const p = await parseNoticeFile(new Uint8Array(readFileSync(new URL('./fixtures/seeds/003_f7352e12f55a90c3.txt', import.meta.url))));
    expect(p.tasks[1].requirement).toContain('新旧动能转换显著成效');
  });

  it('ignores a table that is not a task table, and says so', () => {
    const blocks: Block[] = [
      { kind: 'para', text: '关于做好2024年政务公开工作的通知' },
      {
        kind: 'table',
        source: 'docx',
        rows: [
          ['姓名', '单位', '联系电话'],
          ['张三', '区政府办', '0537-1234567'],
        ],
      },
      {
        kind: 'table',
        source: 'docx',
        rows: [
          ['工作任务', '责任单位', '完成时限'],
          ['公开年度报告', '区政府办公室', '1月31日前'],
        ],
      },
    ];
    const p = parseBlocks(blocks);
    expect(p.tasks).toEqual([
      {
        section: [],
        requirement: '公开年度报告',
        lead: [],
        responsible: ['区政府办公室'],
        deadline: { text: '1月31日前', due: '2024-01-31', ongoing: false },
      },
    ]);
    expect(p.warnings).toContain('已忽略一个非任务表格（表头：姓名、单位、联系电话）（ignored a table that is not a task table）');
  });

  it('parses a prose-only 工作要点 from its numbered items, with roles and deadlines in the sentences', () => {
    const text = [
      '某区人民政府办公室文件',
      '某政办发〔2024〕3号',
      '关于印发2024年某区政务公开工作要点的通知',
      '各街道办事处，区直各部门：',
      '现将《2024年某区政务公开工作要点》印发给你们，请认真贯彻落实。',
      '某区人民政府办公室',
      '2024年3月1日',
      '一、深化重点领域公开',
      '（一）做好预算公开。各部门要在6月底前公开部门预算。（牵头单位：区财政局；责任单位：区直各部门）',
      '（二）做好规划公开。持续公开规划信息。',
      '二、加强政策解读',
      '（三）落实解读制度。（牵头单位：区司法局）',
    ].join('\n');
    const p = parseNoticeText(text);
    expect(p.format).toBe('prose');
    expect(p.notice).toEqual({
      docNumber: '某政办发〔2024〕3号',
      title: '关于印发2024年某区政务公开工作要点的通知',
      issuer: '某区人民政府办公室',
      issuedOn: '2024-03-01',
      year: 2024,
    });
    expect(p.tasks).toEqual([
      {
        section: ['一、深化重点领域公开'],
        requirement: '做好预算公开。各部门要在6月底前公开部门预算。',
        lead: ['区财政局'],
        responsible: ['区直各部门'],
        deadline: { text: '6月底前', due: '2024-06-30', ongoing: false },
      },
      {
        section: ['一、深化重点领域公开'],
        requirement: '做好规划公开。持续公开规划信息。',
        lead: [],
        responsible: [],
        deadline: { text: '', due: null, ongoing: false },
        // Nobody is named: the preview asks the office to check this row.
        doubts: [{ code: 'no-units', zh_cn: '没有写明牵头或责任单位', en_us: 'No lead or responsible unit is named' }],
      },
      {
        section: ['二、加强政策解读'],
        requirement: '落实解读制度。',
        lead: ['区司法局'],
        responsible: [],
        deadline: { text: '', due: null, ongoing: false },
      },
    ]);
  });

  it('reads a markdown table with a 序号 column split over two pages', () => {
    const text = [
      '2024年政务公开任务分解表',
      '| 序号 | 工作任务 | 牵头单位 | 完成时限 |',
      '|---|---|---|---|',
      '| 1 | 公开权责清单 | 区司法 局 | 长期坚持 |',
      '',
      '— 2 —',
      '',
      '| 序号 | 工作任务 | 牵头单位 | 完成时限 |',
      '|---|---|---|---|',
      '| 2 | 公开财政预算 | 区财政局 | 2024年底前 |',
    ].join('\n');
    const p = parseNoticeText(text, 'x.md');
    expect(p.tasks.map((t) => [t.requirement, t.lead, t.deadline.due, t.deadline.ongoing])).toEqual([
      ['公开权责清单', ['区司法局'], null, true],
      ['公开财政预算', ['区财政局'], '2024-12-31', false],
    ]);
  });

  it('reads a .docx with a 序号 column, merged task and lead cells, and a heading row across the table', async () => {
    const bytes = await makeDocx({
      before: ['关于印发2024年某区政务公开任务分解表的通知'],
      table: {
        rows: [
          ['序号', '工作任务', '具体内容', '牵头单位', '配合单位', '完成时间'],
          [{ text: '一、主动公开', columnSpan: 6 }],
          ['1', { text: '（一）目录管理', rowSpan: 2 }, '更新目录', { text: '区政府办公室', rowSpan: 2 }, '各街道', '3月底前'],
          ['2', '清理失效信息', '——', '长期坚持'],
        ],
      },
      after: ['抄送：区委办公室。'],
    });
    const p = await parseNoticeFile(bytes, 'notice.docx');
    expect(p.format).toBe('docx');
    expect(p.tasks).toEqual([
      {
        section: ['一、主动公开', '（一）目录管理'],
        requirement: '更新目录',
        lead: ['区政府办公室'],
        responsible: ['各街道'],
        deadline: { text: '3月底前', due: '2024-03-31', ongoing: false },
      },
      {
        section: ['一、主动公开', '（一）目录管理'],
        requirement: '清理失效信息',
        lead: ['区政府办公室'],
        responsible: [],
        deadline: { text: '长期坚持', due: null, ongoing: true },
      },
    ]);
  });

  it('reads a two-row header where 责任分工 spans 牵头单位 and 配合单位 (.docx with merged header cells)', async () => {
    const bytes = await makeDocx({
      before: ['2024年某区政务公开重点任务分解表'],
      table: {
        rows: [
          [
            { text: '序号', rowSpan: 2 },
            { text: '工作任务', rowSpan: 2 },
            { text: '责任分工', columnSpan: 2 },
            { text: '完成时限', rowSpan: 2 },
          ],
          ['牵头单位', '配合单位'],
          ['1', '公开财政预决算', '区财政局', '区直各部门', '6月底前'],
          ['2', '公开权责清单', '区司法局', '——', '长期坚持'],
        ],
      },
    });
    const p = await parseNoticeFile(bytes, 'two-row.docx');
    expect(p.tasks.map((t) => [t.requirement, t.lead, t.responsible, t.deadline.due])).toEqual([
      ['公开财政预决算', ['区财政局'], ['区直各部门'], '2024-06-30'],
      ['公开权责清单', ['区司法局'], [], null],
    ]);
  });

  it('reads the same two-row header in a PDF table that repeats it on the next page', () => {
    const header = ['| 序号 | 工作任务 | 责任分工 | | 完成时限 |', '|---|---|---|---|---|', '| | | 牵头单位 | 配合单位 | |'];
    const text = [
      '2024年某区政务公开重点任务分解表',
      ...header,
      '| 1 | 公开财政预决算 | 区财政局 | 区直各部门 | 6月底前 |',
      '',
      ...header,
      '| 2 | 公开权责清单 | 区司法局 | 各街道 | 长期坚持 |',
    ].join('\n');
    const p = parseNoticeText(text, 'two-row.md');
    expect(p.tasks.map((t) => [t.requirement, t.lead, t.responsible])).toEqual([
      ['公开财政预决算', ['区财政局'], ['区直各部门']],
      ['公开权责清单', ['区司法局'], ['各街道']],
    ]);
  });

  it('gives the same notice and tasks for seed 002 as .docx (with real merged cells) as for its text export', async () => {
    const text = readFileSync(new URL('./fixtures/seeds/002_1767bb79f9d560a4.txt', import.meta.url), 'utf8');
    const blocks = readTabText(text);
    const table = blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table')!;
    const width = table.rows[0].length;
    const at = blocks.indexOf(table);
    const paras = (bs: Block[]) => bs.filter((b): b is Extract<Block, { kind: 'para' }> => b.kind === 'para').map((b) => b.text);
    const bytes = await makeDocx({
      before: paras(blocks.slice(0, at)),
      table: { rows: withMerges(table.rows, width) },
      after: paras(blocks.slice(at + 1)),
    });

    const fromDocx = await parseNoticeFile(bytes, '002.docx');
    const fromText = parseNoticeText(text, '002.txt');
    expect(fromDocx.format).toBe('docx');
    expect(fromDocx.tasks).toHaveLength(56);
    expect(fromDocx.notice).toEqual(fromText.notice);
    expect(fromDocx.tasks).toEqual(fromText.tasks);
  });
});

/**
 * The Word table behind a text export: an empty cell under a filled one is a vertical merge
 * (except in the deadline column, where empty means none), and a one-cell row spans the table.
 */
function withMerges(rows: string[][], width: number): SpecCell[][] {
  const out: SpecCell[][] = rows.map(() => []);
  let anchors: ({ text: string; rowSpan?: number } | null)[] = Array(width).fill(null);
  rows.forEach((row, r) => {
    if (row.length === 1) {
      out[r].push({ text: row[0], columnSpan: width });
      anchors = Array(width).fill(null);
      return;
    }
    row.forEach((text, c) => {
      const anchor = anchors[c];
      if (text === '' && anchor && c < width - 1) {
        anchor.rowSpan = (anchor.rowSpan ?? 1) + 1;
        return;
      }
      const cell = { text };
      out[r].push(cell);
      anchors[c] = cell;
    });
  });
  return out;
}
