import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseNoticeFile } from '../src/notice/parse';

const seed = async (name: string) => {
  const file = new URL(`./fixtures/seeds/${name}`, import.meta.url);
  return await parseNoticeFile(new Uint8Array(readFileSync(file)), name);
};

const seed000 = await seed('000_629e84c7455775db.txt');
const seed001 = await seed('001_8bd63d8d573735cd.txt');
const seed002 = await seed('002_1767bb79f9d560a4.txt');
const seed003 = await seed('003_f7352e12f55a90c3.txt');
const seed004 = await seed('004_8f567bc9b8b33b76.txt');

describe('seed 000: a tab-exported Word table with merged task and lead cells', () => {
  const p = seed000;

  it('reads number, title, issuer, date and year from the cover letter', () => {
    expect(p.notice).toEqual({
      docNumber: '济开管办字〔2021〕14号',
      title: '关于印发2021年济宁经济技术开发区政务公开工作任务分解表的通知',
      issuer: '济宁经济技术开发区党政办公室',
      issuedOn: '2021-06-08',
      year: 2021,
    });
    expect(p.format).toBe('tab');
  });

  it('finds every task row, under its 一、 heading row and its merged （一） task cell', () => {
    expect(p.tasks).toHaveLength(65);
    expect(p.tasks[0]).toEqual({
      section: ['一、深化重点领域政府信息公开', '（一）立足实施重大战略推进政务公开'],
      requirement: '主动公开本地区空间规划、区域规划等，做好本地历史规划（计划）的归集整理和主动公开工作。',
      lead: ['区经济发展局', '市自然资源和规划局经开区分局'],
      responsible: ['区直有关部门', '相关派驻机构', '疃里镇政府', '马集镇政府'],
      deadline: { text: '', due: null, ongoing: false },
    });
    // The empty task cell of the next row continues （一）.
    expect(p.tasks[1].section).toEqual(p.tasks[0].section);
    expect(p.tasks[1].lead).toEqual(['区经济发展局']);
  });

  it('joins a row that a blank line inside a cell split in two', () => {
    const t = p.tasks.find((x) => x.requirement.startsWith('准确把握常态化新冠肺炎疫情防控'))!;
    expect(t.section[1]).toBe('（五）突出疫情防控推进政务公开');
    expect(t.lead).toEqual(['区党政办公室', '区社会事业中心', '区市场监管中心', '市公安局经开区分局']);
    expect(t.responsible).toEqual(['区直有关部门', '相关派驻机构', '疃里镇政府', '马集镇政府']);
  });

  it('splits two units written with no separator between them', () => {
    const t = p.tasks.find((x) => x.requirement.startsWith('实施乡村振兴（中心镇建设）'))!;
    expect(t.lead).toEqual(['区乡村振兴指挥部', '区城乡建设和交通局', '区农业服务中心', '区扶贫工作中心']);
  });

  it('takes a deadline stated only inside the requirement', () => {
    const t = p.tasks.find((x) => x.requirement.startsWith('2021年底前，确保经开区门户网站'))!;
    expect(t.deadline).toEqual({ text: '2021年底前', due: '2021-12-31', ongoing: false });
    expect(t.section).toEqual(['四、全面提升基层政务公开标准化规范化水平', '（十六）加强政务公开平台建设']);
  });

  it('keeps the last cell free of anything after the table', () => {
    const last = p.tasks[p.tasks.length - 1];
    expect(last.requirement).toBe(
      '对本要点提出的涉及本地、本系统的重点任务，梳理形成工作台账，加强监督，确保落实到位。对上一年度工作要点落实情况开展回头看，重点针对有明确责任主体和时限要求的工作任务，逐项核查落实情况，未完成的要依法督促整改。',
    );
    expect(last.lead).toEqual(['区直各部门', '各派驻机构']);
  });
});

describe('seed 001: multi-level task columns and horizontally merged cells', () => {
  const p = seed001;

  it('has no cover letter, so the table heading is the title and the year comes from the text', () => {
    expect(p.notice.title).toBe('全区政务公开工作任务分解表');
    expect(p.notice.docNumber).toBeNull();
    expect(p.notice.year).toBe(2020);
    expect(p.warnings.some((w) => w.includes('文号'))).toBe(true);
  });

  it('uses the task columns as nested sections and the most specific text as the requirement', () => {
    expect(p.tasks).toHaveLength(56);
    expect(p.tasks[0].requirement).toBe('“六大赋能行动”重大决策部署进展及落实情况公开');
    expect(p.tasks[0].section).toHaveLength(3);
    expect(p.tasks[1]).toMatchObject({
      requirement: '文旅融合发展攻坚行动进展及落实情况',
      responsible: ['区文旅局'],
    });
    expect(p.tasks[1].section[3]).toBe('主动公开“十二大攻坚行动”重大决策部署进展及落实情况');
    expect(p.tasks[1].section.slice(0, 2)).toEqual(['进一步拓展公开广度和深度', '聚焦中心工作加强信息公开']);
  });

  it('continues a vertically merged unit cell into the rows below it', () => {
    const t = p.tasks.find((x) => x.requirement.startsWith('常态化落实邀请利益相关方、公众代表'))!;
    expect(t.responsible).toEqual(['各镇（街道、开发区）', '各部门单位']);
    expect(t.section).toEqual(['进一步推进行政决策、执行、管理、服务和结果全过程公开', '推进决策公开']);
  });

  it('reads the final row even though the export cut its empty last cell', () => {
    const last = p.tasks[p.tasks.length - 1];
    expect(last.section).toEqual(['强化组织保障和基础工作', '加强工作交流']);
    expect(last.requirement.startsWith('积极向国务院办公厅《政务公开工作交流》电子杂志')).toBe(true);
    expect(last.responsible).toEqual(['各镇（街道、开发区）', '各部门单位']);
  });
});

describe('seed 002: lead, units and deadline columns with "——" for none', () => {
  const p = seed002;

  it('reads the cover letter without its bookmark artefacts', () => {
    expect(p.notice).toEqual({
      docNumber: '济高新管办字〔2025〕8号',
      title: '关于印发济宁高新区贯彻落实2025年济宁市政务公开任务分解表的通知',
      issuer: '济宁高新区管委会办公室',
      issuedOn: '2025-06-16',
      year: 2025,
    });
  });

  it('resolves month deadlines in the notice year and keeps 长期坚持 as ongoing', () => {
    expect(p.tasks).toHaveLength(56);
    expect(p.tasks[0]).toEqual({
      section: ['一、坚持标准引领，持续推进政务公开规范转型', '（一）全面优化主动公开机制'],
      requirement: '持续完善并动态更新主动公开事项目录，建立较为完备的主动公开事项目录体系。',
      lead: ['区党政办公室'],
      responsible: ['区直各部门', '驻区各单位', '各街道'],
      deadline: { text: '3月底前', due: '2025-03-31', ongoing: false },
    });
    expect(p.tasks[4].deadline).toEqual({ text: '长期坚持', due: null, ongoing: true });
    expect(p.tasks.find((t) => t.deadline.text === '9月底前')?.deadline.due).toBe('2025-09-30');
  });

  it('treats "——" as no unit, and an empty lead cell as the merged cell above', () => {
    expect(p.tasks[1]).toMatchObject({ lead: ['区直各部门', '驻区各单位', '各街道'], responsible: [] });
    // （二）'s second row: lead merged from the first row, units "——".
    expect(p.tasks[5]).toMatchObject({ lead: ['区直各部门', '驻区各单位', '各街道'], responsible: [] });
  });

  it('keeps a row whose deadline cell is empty without a due date', () => {
    const t = p.tasks.find((x) => x.requirement.startsWith('精准做好异地就医报销政策宣传'))!;
    expect(t.deadline).toEqual({ text: '', due: null, ongoing: false });
    expect(t.lead).toEqual(['区党工委组织部（人力资源部）']);
  });

  it('strips the [bookmark] artefact from a section heading', () => {
    expect(p.tasks.some((t) => t.section.includes('（十三）强化引领作用'))).toBe(true);
    expect(JSON.stringify(p.tasks)).not.toContain('bookmark');
  });
});

describe('seed 003: a prose 工作要点 with a PDF-converted markdown table attached', () => {
  const p = seed003;

  it('uses the table as the ledger, not the prose', () => {
    expect(p.format).toBe('markdown');
    expect(p.notice.docNumber).toBe('临港办字[2021]6号');
    expect(p.notice.title).toBe('关于印发2021年临沂临港经济开发区政务公开工作要点的通知');
    expect(p.notice.issuedOn).toBe('2021-05-20');
    expect(p.tasks).toHaveLength(25);
  });

  it('joins words broken by spaces and merged-cell text split across rows', () => {
    expect(p.tasks[0].section).toEqual(['深化重点领域信息公开', '立足实施重大战略推进政务公开']);
    expect(p.tasks[0].responsible).toEqual(['区经济发展局', '自然资源和规划分局', '相关部门单位']);
    expect(p.tasks[4]).toMatchObject({
      section: ['深化重点领域信息公开', '着眼畅通经济循环推进政务公开'],
      requirement: '实施大数据创新应用突破行动,做好数据开放工作。',
      responsible: ['区经济发展局'],
    });
    expect(p.tasks[3].responsible).toEqual(['区经济发展局', '区财政金融局', '相关部门单位']);
  });

  it('puts a row the conversion left under the previous heading back where the prose says', () => {
    expect(p.tasks[3].requirement.startsWith('围绕推进传统产业转型升级')).toBe(true);
    expect(p.tasks[3].section[1]).toBe('着眼畅通经济循环推进政务公开');
    // "聚焦优化 营商环境 推进政务" lost its last word in the PDF; the prose has it whole.
    expect(p.tasks[7].section[1]).toBe('聚焦优化营商环境推进政务公开');
  });

  it('rejoins a heading that a page break cut ("…解读" + "回应")', () => {
    expect(p.tasks[12].section).toEqual(['加强和改进政策发布解读回应', '不断改进政策解读方式']);
  });
});

describe('seed 004: a single unit column, year-qualified deadlines and a 抄送 footer', () => {
  const p = seed004;

  it('reads the notice even without a signature date', () => {
    expect(p.notice).toEqual({
      docNumber: '汶政办字〔2022〕15号',
      title: '关于印发2022年汶上县政务公开工作任务分解表的通知',
      issuer: '汶上县人民政府办公室',
      issuedOn: null,
      year: 2022,
    });
    expect(p.tasks).toHaveLength(79);
  });

  it('parses every kind of deadline the notice uses', () => {
    const byText = new Map(p.tasks.map((t) => [t.deadline.text, t.deadline]));
    expect(byText.get('全年')).toEqual({ text: '全年', due: '2022-12-31', ongoing: false });
    expect(byText.get('2022年10月底前完成，长期坚持')).toEqual({ text: '2022年10月底前完成，长期坚持', due: '2022-10-31', ongoing: true });
    expect(byText.get('定期更新')).toEqual({ text: '定期更新', due: null, ongoing: true });
    expect(byText.get('2022年底')?.due).toBe('2022-12-31');
    expect(byText.get('2023年1月底')?.due).toBe('2023-01-31');
  });

  it('splits a unit cell into groups and named units, with no lead column', () => {
    expect(p.tasks[2]).toMatchObject({
      section: ['一、深化重点领域信息公开', '（三）抓好减税降费信息公开'],
      lead: [],
      responsible: ['各乡镇（街道）人民政府（办事处）', '县财政局', '县税务局'],
    });
    const group = p.tasks.find((t) => t.requirement.startsWith('围绕实施营商环境创新提升行动'))!;
    expect(group.responsible).toEqual(['各乡镇（街道）人民政府（办事处）', '县发展和改革局', '县行政审批服务局', '县政府有关部门、单位']);
  });

  it('does not let the 抄送 footer leak into the last task', () => {
    const last = p.tasks[p.tasks.length - 1];
    expect(last.requirement).toBe('要将本年度政务公开工作任务落实情况纳入政府信息公开工作年度报告予以公开，接受社会监督。');
    expect(last.deadline.due).toBe('2023-01-31');
    expect(JSON.stringify(p.tasks)).not.toContain('抄送');
  });
});
