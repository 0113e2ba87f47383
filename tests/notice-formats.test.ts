// Every format a notice arrives in, from fixtures made out of our own .docx notices (see
// tests/fixtures/formats/build.ts): each gives the same rows as the .docx it was made from.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as CFB from 'cfb';
import { strToU8, zipSync } from 'fflate';
import { Writable } from 'node:stream';
import { main } from '../src/cli';
import { NoticeError, parseNoticeFile, parseNoticeText, type ParsedTask } from '../src/notice/parse';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/formats/${name}`, import.meta.url)));
const parse = (name: string, options = {}) => parseNoticeFile(fixture(name), name, options);

async function refusal(bytes: Uint8Array, name: string): Promise<string> {
  try {
    await parseNoticeFile(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(NoticeError);
    return (e as Error).message;
  }
  throw new Error(`${name} was not refused`);
}

const NONE = { text: '', due: null, ongoing: false };

const COUNTY_TASKS: ParsedTask[] = [
  {
    section: ['一、加强政策解读', '（一）做好政策解读'],
    requirement: '围绕重大政策文件，同步起草解读材料，做到应解读尽解读。',
    lead: ['区发改局'],
    responsible: ['区财政局'],
    leaders: ['张伟'],
    deadline: { text: '2024年6月底前', due: '2024-06-30', ongoing: false },
  },
  {
    section: ['一、加强政策解读', '（一）做好政策解读'],
    requirement: '及时回应社会关切，做好政务舆情处置。',
    lead: ['区委宣传部', '区网信办'],
    responsible: ['各街道'],
    leaders: ['张伟', '李娜'],
    deadline: { text: '长期坚持', due: null, ongoing: true },
  },
  {
    section: ['二、深化重点领域公开', '（二）推进财政信息公开'],
    requirement: '按时公开部门预算、决算，细化到功能分类项级科目。',
    lead: ['区财政局'],
    responsible: ['区审计局', '区直各部门'],
    leaders: ['王强'],
    deadline: { text: '8月31日前', due: '2024-08-31', ongoing: false },
  },
  {
    section: ['二、深化重点领域公开', '（二）推进财政信息公开'],
    requirement: '公开政府债务限额、余额等信息。',
    lead: ['区财政局'],
    responsible: [],
    leaders: ['王强'],
    deadline: { text: '根据上级安排', due: null, ongoing: false },
    doubts: [
      { code: 'deadline-unreadable', zh_cn: '无法识别完成时限“根据上级安排”', en_us: 'The deadline "根据上级安排" could not be read' },
    ],
  },
  {
    section: ['二、深化重点领域公开', '（三）公开重大项目信息'],
    requirement: '公开重大建设项目批准和实施信息。1.公开项目审批结果；2.公开招标投标信息。',
    lead: ['区发改局'],
    responsible: ['区住建局', '区交通运输局'],
    leaders: ['刘洋'],
    deadline: { text: '第三季度', due: '2024-09-30', ongoing: false },
    doubts: [
      {
        code: 'two-tasks',
        zh_cn: '内容像是两项任务，请核对是否需要拆分',
        en_us: 'The text looks like two tasks: check whether to split it',
      },
    ],
  },
];

describe('a county notice with 细化分工 rows under a merged 工作任务, leader and 配合单位 columns', () => {
  it('reads each 细化分工 row as a task whose section is the merged 工作任务, and the leaders as their own field', async () => {
    const p = await parse('county.docx');
    expect(p.notice).toEqual({
      docNumber: '鄂城政办发〔2024〕7号',
      title: '关于印发2024年鄂城区政务公开工作任务分解表的通知',
      issuer: '鄂州市鄂城区人民政府办公室',
      issuedOn: '2024-03-01',
      year: 2024,
    });
    expect(p.tasks).toEqual(COUNTY_TASKS);
  });

  it('takes verb tails off unit names: 牵头落实 / 分别牵头落实 lead, 配合 / 等按职责分工落实 assist, X会Y leads with Y', async () => {
    const [first, second, third] = (await parse('county.docx')).tasks;
    expect([first.lead, first.responsible]).toEqual([['区发改局'], ['区财政局']]);
    expect([second.lead, second.responsible]).toEqual([['区委宣传部', '区网信办'], ['各街道']]);
    expect([third.lead, third.responsible]).toEqual([['区财政局'], ['区审计局', '区直各部门']]);
  });

  it('never takes a leader for a unit', async () => {
    const units = (await parse('county.docx')).tasks.flatMap((t) => [...t.lead, ...t.responsible]);
    expect(units).not.toContain('张伟');
    expect(units).not.toContain('王强');
  });

  it.each([
    ['county.pdf', 'pdf'],
    ['county.doc', 'doc'],
    ['county.wps', 'wps'],
    ['county.xlsx', 'xlsx'],
    ['county.xls', 'xls'],
    ['county.et', 'et'],
    ['county.csv', 'csv'],
    ['county.html', 'html'],
    ['county.mhtml', 'mhtml'],
    ['county-paste.txt', 'paste'],
    ['county-cells.txt', 'cells'],
  ])('gives the same notice and rows from %s (read as %s) as from the .docx', async (name, format) => {
    const [fromDocx, other] = await Promise.all([parse('county.docx'), parse(name)]);
    expect(other.format).toBe(format);
    expect(other.tasks).toEqual(COUNTY_TASKS);
    // A sheet holds only the table: its title is the sheet's own heading, not the cover letter's.
    if (!['xlsx', 'xls', 'et', 'csv'].includes(format)) expect(other.notice).toEqual(fromDocx.notice);
  });

  it('does not take prose whose list labels Word exported with a TAB ("（一）\\t…") for pasted rows', () => {
    const p = parseNoticeText(
      '2024年某局政务公开工作要点\n一、\t深化公开\n（一）\t做好预算公开（区财政局负责落实）。\n（二）\t做好规划公开（区规划局负责落实）。\n',
    );
    expect(p.format).toBe('prose');
    expect(p.tasks.map((t) => [t.section, t.requirement, t.responsible])).toEqual([
      [['一、深化公开'], '做好预算公开。', ['区财政局']],
      [['一、深化公开'], '做好规划公开。', ['区规划局']],
    ]);
  });

  it('reads pasted rows as text too, the way a message to the bot carries them', () => {
    const text = new TextDecoder().decode(fixture('county-paste.txt'));
    expect(parseNoticeText(text).tasks).toEqual(COUNTY_TASKS);
  });
});

const CITY_TASKS: ParsedTask[] = [
  {
    section: ['公开权责清单'],
    requirement: '动态调整权责清单并及时公开。',
    lead: ['区司法局'],
    responsible: ['区委编办'],
    leaders: ['分管副区长'],
    deadline: { text: '6月30日', due: '2023-06-30', ongoing: false },
  },
  {
    section: ['公开权责清单'],
    requirement: '公开行政执法结果。',
    lead: ['区司法局'],
    responsible: ['区直各执法部门'],
    leaders: ['分管副区长'],
    deadline: { text: '每季度', due: null, ongoing: true },
  },
  {
    section: ['推进“互联网+政务服务”'],
    requirement: '优化政务服务网办事指南。',
    lead: ['区政务服务中心'],
    responsible: ['各乡镇（街道）'],
    leaders: [],
    deadline: { text: '11月底', due: '2023-11-30', ongoing: false },
  },
];

describe('a city notice whose header is written over two rows, with merged header cells', () => {
  it.each(['city.docx', 'city.pdf', 'city.xlsx', 'city.xls', 'city.html'])(
    'reads 重点任务 over two task columns, 责任分工 over 牵头/责任单位, the deadline before the units and 分管领导 (%s)',
    async (name) => {
      const p = await parse(name);
      expect(p.notice.year).toBe(2023);
      expect(p.tasks).toEqual(CITY_TASKS);
    },
  );
});

const PROSE_TASKS: ParsedTask[] = [
  {
    section: ['一、围绕优化营商环境加强公开', '（一）加强政策解读'],
    requirement: '严格落实政策解读与政策文件同步起草、同步审签、同步发布制度。',
    lead: [],
    responsible: ['区发展改革委'],
    deadline: NONE,
  },
  {
    section: ['一、围绕优化营商环境加强公开', '（一）加强政策解读'],
    requirement: '做好涉企政策的集中公开和精准推送。',
    lead: [],
    responsible: ['区经济和信息化局', '区市场监管局'],
    deadline: NONE,
  },
  {
    section: ['一、围绕优化营商环境加强公开'],
    requirement: '推进规划信息公开。及时公开国土空间规划。',
    lead: [],
    responsible: ['区规划自然资源分局'],
    deadline: NONE,
  },
  {
    section: ['一、围绕优化营商环境加强公开'],
    requirement: '做好数据开放。',
    lead: ['区政务服务管理局'],
    responsible: ['区直各部门'],
    deadline: NONE,
  },
  { section: ['二、围绕民生关切加强公开'], requirement: '推进教育信息公开。', lead: ['区教委'], responsible: ['各街道'], deadline: NONE },
  {
    section: ['二、围绕民生关切加强公开'],
    requirement: '做好社会救助信息公开，年底前完成。',
    lead: [],
    responsible: ['区民政局'],
    deadline: { text: '年底前', due: '2025-12-31', ongoing: false },
  },
];

describe('a prose 工作要点 with roles written in its sentences', () => {
  it.each(['prose.docx', 'prose.pdf', 'prose.doc'])(
    'splits a paragraph with two “（X负责落实）” brackets into two tasks, and reads 由X负责, [牵头单位:X;责任单位:Y] and X牵头，Y配合 (%s)',
    async (name) => {
      const p = await parse(name);
      expect(p.notice.docNumber).toBe('京东政办发〔2025〕3号');
      expect(p.tasks).toEqual(PROSE_TASKS);
    },
  );
});

describe('a notice that names no year anywhere', () => {
  it('resolves its deadlines in the year of the import date, and says so', async () => {
    const p = await parse('no-year.pdf', { today: new Date('2026-03-15T09:00:00+08:00') });
    expect(p.yearSource).toBe('import-date');
    expect(p.notice.year).toBe(2026);
    expect(p.tasks).toEqual([
      {
        section: [],
        requirement: '更新主动公开目录',
        lead: [],
        responsible: ['街道党政办'],
        deadline: { text: '6月底前', due: '2026-06-30', ongoing: false },
      },
      {
        section: [],
        requirement: '公开社区服务事项',
        lead: [],
        responsible: ['各社区'],
        deadline: { text: '第三季度', due: '2026-09-30', ongoing: false },
      },
    ]);
    expect(p.warnings).toContain(
      '全文未写明年度，按导入日期推定为 2026 年（No year anywhere in the notice: assumed 2026 from the import date）',
    );
  });

  it('keeps deadlines as text when no import date is given', async () => {
    const p = await parse('no-year.docx');
    expect(p.yearSource).toBeUndefined();
    expect(p.tasks.map((t) => t.deadline.due)).toEqual([null, null]);
  });
});

describe('PDF tables', () => {
  it('joins a table that runs over five pages, dropping the repeated header and mending rows the page breaks cut', async () => {
    const p = await parse('long.pdf');
    expect(p.tasks).toHaveLength(24);
    p.tasks.forEach((t, k) => {
      const i = k + 1;
      expect(t).toEqual({
        section: [`（${i}）第${i}项重点任务`],
        requirement: `第${i}项任务的具体要求：对照年度工作安排，逐项梳理公开事项，明确公开内容、公开方式和公开时限，形成台账并动态更新，确保第${i}项任务按期完成。`,
        lead: [],
        responsible: i % 3 === 0 ? ['区政务服务中心', '区大数据中心'] : ['区政府办公室'],
        deadline: { text: `${(i % 12) + 1}月底前`, due: expect.stringMatching(/^2024-/), ongoing: false },
      });
    });
    expect(p.tasks).toEqual((await parse('long.docx')).tasks);
  });

  it('finds the columns from the header and the rows from the 序号 column when the table has no ruling lines', async () => {
    const p = await parse('borderless.pdf');
    expect(p.tasks).toEqual([
      {
        section: [],
        requirement: '公开镇级预算和决算',
        lead: [],
        responsible: ['镇财政所'],
        deadline: { text: '3月底前', due: '2024-03-31', ongoing: false },
      },
      {
        section: [],
        requirement: '公开惠农补贴发放情况',
        lead: [],
        responsible: ['镇农业服务中心', '镇民政办'],
        deadline: { text: '每季度', due: null, ongoing: true },
      },
      {
        section: [],
        requirement: '更新政务公开专栏',
        lead: [],
        responsible: ['镇党政办'],
        deadline: { text: '长期坚持', due: null, ongoing: true },
      },
    ]);
  });

  it('refuses a scanned PDF with no text layer in one clear line', async () => {
    expect(await refusal(fixture('scanned.pdf'), 'scan.pdf')).toBe(
      '这是扫描版 PDF（只有图片，没有文字层），无法读取：请发送 Word 原件或可复制文字的 PDF（This PDF is a scan with no text layer: send the Word original or a PDF whose text can be copied）',
    );
  });
});

describe('workbooks with several sheets', () => {
  it.each(['workbook.xlsx', 'workbook.et'])(
    'takes the task sheet under its merged title, reports the others by name (%s)',
    async (name) => {
      const p = await parse(name);
      expect(p.notice.title).toBe('2024年某区政务公开工作任务台账');
      expect(p.tasks).toEqual([
        {
          section: ['（一）推进决策公开'],
          requirement: '公开重大行政决策事项目录。',
          lead: ['区司法局'],
          responsible: ['区直各部门'],
          deadline: { text: '4月底前', due: '2024-04-30', ongoing: false },
        },
        {
          // Task and 协办单位 cells merged down: they continue the row above. A date cell reads as a date.
          section: ['（一）推进决策公开'],
          requirement: '决策草案公开征求意见不少于30日。',
          lead: ['区司法局'],
          responsible: ['区直各部门'],
          deadline: { text: '2024年9月30日', due: '2024-09-30', ongoing: false },
        },
        {
          section: ['（二）推进执行公开'],
          requirement: '公开重点改革任务落实情况。',
          lead: ['区发改局'],
          responsible: ['各街道'],
          deadline: { text: '长期坚持', due: null, ongoing: true },
        },
        {
          section: ['二、加强平台建设', '（三）优化政府网站'],
          requirement: '规范政府网站栏目设置。',
          lead: ['区政务服务中心'],
          responsible: [],
          deadline: { text: '年底前', due: '2024-12-31', ongoing: false },
        },
      ]);
      expect(p.warnings).toContain(
        '已忽略工作表“联系人”：不是任务表（表头：单位、联系人、电话）（ignored sheet "联系人": not a task table）',
      );
    },
  );
});

describe('files that are not notices', () => {
  it('refuses an empty file, binary junk and a damaged PDF, each in one line', async () => {
    expect(await refusal(new Uint8Array(0), 'a.docx')).toBe('文件为空（The file is empty）');
    expect(
      await refusal(
        Uint8Array.from({ length: 256 }, (_, i) => (i * 7) % 32),
        'a.bin',
      ),
    ).toMatch(/^无法识别的文件格式.*（Unrecognised file/);
    expect(await refusal(fixture('county.pdf').slice(0, 400), 'cut.pdf')).toBe(
      '无法读取 PDF 文件：文件已损坏（Cannot read the PDF: the file is damaged）',
    );
  });

  it('names a PowerPoint file for what it is, whether .pptx or .ppt', async () => {
    const pptx = zipSync({
      '_rels/.rels': strToU8(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>',
      ),
      'ppt/presentation.xml': strToU8('<p/>'),
    });
    expect(await refusal(pptx, 'slides.pptx')).toMatch(/^这是 PowerPoint 文件/);
    const ppt = CFB.utils.cfb_new();
    CFB.utils.cfb_add(ppt, 'PowerPoint Document', new Uint8Array(600));
    expect(await refusal(new Uint8Array(CFB.write(ppt, { type: 'array' }) as number[]), 'slides.doc')).toMatch(/^这是 PowerPoint 文件/);
  });

  it('refuses text that only looks like content: zero-width characters and spaces', async () => {
    const invisible = '\u200b\u200c\u200d\ufeff \n\u2060\u200b';
    expect(() => parseNoticeText(invisible)).toThrow(NoticeError);
    expect(await refusal(new TextEncoder().encode(invisible), 'blank.txt')).toBe(
      '文件只有看不见的字符（如零宽空格），没有文字内容（The file holds only invisible characters such as zero-width spaces: no text）',
    );
  });
});

describe('duban parse with the new formats', () => {
  const path = (name: string) => new URL(`./fixtures/formats/${name}`, import.meta.url).pathname;
  async function run(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const sink = (add: (s: string) => void) =>
      new Writable({
        write(chunk, _enc, cb) {
          add(chunk.toString());
          cb();
        },
      });
    const code = await main(
      argv,
      sink((s) => (stdout += s)),
      sink((s) => (stderr += s)),
    );
    return { code, stdout, stderr };
  }

  it('prints the format, each task with its leaders, and the rows it doubts', async () => {
    const r = await run('parse', path('county.pdf'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('格式 Format: pdf');
    expect(r.stdout).toContain('领导 Leaders: 张伟、李娜');
    expect(r.stdout).toContain('⚠ 请核对 Check: 无法识别完成时限“根据上级安排”（The deadline "根据上级安排" could not be read）');
  });

  it('answers a scanned PDF with one line and exit code 1, no stack trace', async () => {
    const r = await run('parse', path('scanned.pdf'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      '错误 Error: 这是扫描版 PDF（只有图片，没有文字层），无法读取：请发送 Word 原件或可复制文字的 PDF（This PDF is a scan with no text layer: send the Word original or a PDF whose text can be copied）',
    ]);
  });
});
