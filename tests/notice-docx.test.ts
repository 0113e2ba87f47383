import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { Document, LevelFormat, LevelSuffix, Packer, Paragraph } from 'docx';
import { readDocx } from '../src/notice/readers/docx-body';
import { readTabText } from '../src/notice/readers/word-tab-export';
import { NoticeError, type Block } from '../src/notice/types';
import { makeDocx, makeRawDocx, p, r, tbl, tc, tr, type SpecCell } from './support/make-docx';

const HEADER = ['工作任务', '牵头部门', '责任单位', '具体要求', '完成时限'];
const SECTION = '一、深化重点领域信息公开';

/** A 分解表 shaped like the real ones: a merged section row, then a task cell merged down 3 rows. */
const LEDGER: SpecCell[][] = [
  HEADER,
  [{ text: SECTION, columnSpan: 5 }],
  [
    { text: '（一）全面优化主动公开机制', rowSpan: 3 },
    '区党政办公室',
    '区直各部门、驻区各单位，各街道',
    '持续完善并动态更新主动公开事项目录。',
    '3月底前',
  ],
  ['区直各部门、驻区各单位，各街道', '——', '探索将主动公开事项目录嵌入部门业务系统。', '12月底前'],
  ['区党政办公室', '——', '积极探索开展“已公开信息管理规范化”试点。', '12月底前'],
  [
    '（二）依法规范依申请公开办理工作',
    '区自然资源和规划分局\n区城乡建设和交通局\n区党工委组织部（人力资源部）',
    '各街道',
    '第一段要求。\n\n第二段要求。',
    '长期坚持',
  ],
];

const LEDGER_ROWS: string[][] = [
  HEADER,
  [SECTION],
  ['（一）全面优化主动公开机制', '区党政办公室', '区直各部门、驻区各单位，各街道', '持续完善并动态更新主动公开事项目录。', '3月底前'],
  ['', '区直各部门、驻区各单位，各街道', '——', '探索将主动公开事项目录嵌入部门业务系统。', '12月底前'],
  ['', '区党政办公室', '——', '积极探索开展“已公开信息管理规范化”试点。', '12月底前'],
  [
    '（二）依法规范依申请公开办理工作',
    '区自然资源和规划分局\n区城乡建设和交通局\n区党工委组织部（人力资源部）',
    '各街道',
    '第一段要求。\n\n第二段要求。',
    '长期坚持',
  ],
];

function tables(blocks: Block[]): string[][][] {
  return blocks.flatMap((b) => (b.kind === 'table' ? [b.rows] : []));
}

function paras(blocks: Block[]): string[] {
  return blocks.flatMap((b) => (b.kind === 'para' ? [b.text] : []));
}

function noticeError(fn: () => unknown): NoticeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NoticeError);
    return e as NoticeError;
  }
  throw new Error('expected a NoticeError');
}

describe('makeDocx (test support)', () => {
  it('writes rowSpan as w:vMerge restart/continue and columnSpan as w:gridSpan, the markup Word uses', async () => {
    const bytes = await makeDocx({ table: { rows: LEDGER } });
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
    expect(xml).toContain('<w:gridSpan w:val="5"/>');
    expect(xml.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(1);
    expect(xml.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(2);
  });
});

describe('readDocx', () => {
  it('gives a vertically merged task cell its text in the first row and an empty string in the rows it covers', async () => {
    const [rows] = tables(readDocx(await makeDocx({ table: { rows: LEDGER } })));
    expect(rows[2][0]).toBe('（一）全面优化主动公开机制');
    expect(rows[3]).toEqual(['', '区直各部门、驻区各单位，各街道', '——', '探索将主动公开事项目录嵌入部门业务系统。', '12月底前']);
    expect(rows[4]).toEqual(['', '区党政办公室', '——', '积极探索开展“已公开信息管理规范化”试点。', '12月底前']);
  });

  it('reads a heading merged across all five columns as a one-cell row', async () => {
    const [rows] = tables(readDocx(await makeDocx({ table: { rows: LEDGER } })));
    expect(rows[1]).toEqual([SECTION]);
  });

  it('joins the paragraphs of a cell with line breaks, keeping an empty paragraph between two as a blank line', async () => {
    const [rows] = tables(readDocx(await makeDocx({ table: { rows: LEDGER } })));
    expect(rows[5][1]).toBe('区自然资源和规划分局\n区城乡建设和交通局\n区党工委组织部（人力资源部）');
    expect(rows[5][3]).toBe('第一段要求。\n\n第二段要求。');
  });

  it('returns paragraphs and the table in document order, with the whole table exactly', async () => {
    const blocks = readDocx(
      await makeDocx({
        before: ['济高新管办字〔2025〕8号', '', '关于印发2025年政务公开任务分解表的通知'],
        table: { rows: LEDGER },
        after: ['抄送：区纪工委'],
      }),
    );
    expect(blocks).toEqual([
      { kind: 'para', text: '济高新管办字〔2025〕8号' },
      { kind: 'para', text: '关于印发2025年政务公开任务分解表的通知' },
      { kind: 'table', rows: LEDGER_ROWS, source: 'docx' },
      { kind: 'para', text: '抄送：区纪工委' },
    ]);
  });

  it("gives the same rows as Word's plain-text export of the same table", async () => {
    // The export: every cell starts with a TAB and ends with a line break; a row ends with one more.
    const exported =
      '关于印发2025年政务公开任务分解表的通知\n' +
      LEDGER_ROWS.map((row) => row.map((cell) => `\t${cell}\n`).join('') + '\n').join('') +
      '抄送：区纪工委\n';
    const fromText = readTabText(exported);
    const fromDocx = readDocx(
      await makeDocx({ before: ['关于印发2025年政务公开任务分解表的通知'], table: { rows: LEDGER }, after: ['抄送：区纪工委'] }),
    );
    expect(tables(fromDocx)).toEqual(tables(fromText));
    expect(paras(fromDocx)).toEqual(paras(fromText));
  });

  it('parses a 40-row table', async () => {
    const rows: SpecCell[][] = [HEADER];
    for (let i = 0; i < 13; i++) {
      rows.push([{ text: `（${i + 1}）任务${i + 1}`, rowSpan: 3 }, '牵头单位', '责任单位', `要求${i}-1`, '6月底前']);
      rows.push(['牵头单位', '责任单位', `要求${i}-2`, '9月底前']);
      rows.push(['牵头单位', '责任单位', `要求${i}-3`, '长期坚持']);
    }
    const [parsed] = tables(readDocx(await makeDocx({ table: { rows } })));
    expect(parsed).toHaveLength(40);
    expect(parsed[39]).toEqual(['', '牵头单位', '责任单位', '要求12-3', '长期坚持']);
    expect(parsed.every((row) => row.length === 5)).toBe(true);
  });

  it('leaves out text deleted with tracked changes and keeps tracked insertions', () => {
    const blocks = readDocx(
      makeRawDocx(
        p(
          r('完成时限：'),
          '<w:del w:id="1" w:author="a"><w:r><w:delText>6月底前</w:delText></w:r></w:del>',
          '<w:ins w:id="2" w:author="a"><w:r><w:t>9月底前</w:t></w:r></w:ins>',
        ) +
          tbl(
            tr(tc(p(r('任务'))), tc(p(r('时限')))),
            // A row deleted as a whole with tracking on.
            '<w:tr><w:trPr><w:del w:id="3" w:author="a"/></w:trPr>' +
              tc(p('<w:del w:id="4" w:author="a"><w:r><w:delText>旧任务</w:delText></w:r></w:del>')) +
              tc(p('<w:del w:id="5" w:author="a"><w:r><w:delText>旧时限</w:delText></w:r></w:del>')) +
              '</w:tr>',
            tr(
              tc(p(r('新'), '<w:moveFrom w:id="6" w:author="a"><w:r><w:t>挪走的</w:t></w:r></w:moveFrom>', r('任务'))),
              tc(p(r('12月底前'))),
            ),
          ),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'para', text: '完成时限：9月底前' },
      {
        kind: 'table',
        rows: [
          ['任务', '时限'],
          ['新任务', '12月底前'],
        ],
        source: 'docx',
      },
    ]);
  });

  it('keeps text in hyperlinks, smart tags, content controls and fields but not field codes', () => {
    const blocks = readDocx(
      makeRawDocx(
        p(
          '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>门户网站</w:t></w:r></w:hyperlink>',
          '<w:smartTag w:uri="u" w:element="date"><w:r><w:t>6月</w:t></w:r></w:smartTag>',
          '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:r><w:t>底前</w:t></w:r></w:sdtContent></w:sdt>',
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
          '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>/9</w:t></w:r></w:fldSimple>',
        ),
      ),
    );
    expect(paras(blocks)).toEqual(['门户网站6月底前3/9']);
  });

  it('skips a content control that only shows its placeholder prompt', () => {
    const blocks = readDocx(
      makeRawDocx(
        p(r('正文')) +
          '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>' +
          p(r('单击或点击此处输入文字。')) +
          '</w:sdtContent></w:sdt>',
      ),
    );
    expect(paras(blocks)).toEqual(['正文']);
  });

  it('turns tabs into spaces inside cells, where tabs would separate cells, and keeps them in paragraphs', () => {
    const blocks = readDocx(
      makeRawDocx(p(r('附件'), '<w:r><w:tab/></w:r>', r('分解表')) + tbl(tr(tc(p(r('区直'), '<w:r><w:tab/></w:r>', r('各部门')))))),
    );
    expect(blocks).toEqual([
      { kind: 'para', text: '附件\t分解表' },
      { kind: 'table', rows: [['区直 各部门']], source: 'docx' },
    ]);
  });

  it('breaks lines at w:br: inside a cell as a line break, outside as separate paragraphs', () => {
    const blocks = readDocx(
      makeRawDocx(
        p(r('关于印发2025年济宁市'), '<w:r><w:br/></w:r>', r('政务公开任务分解表的通知')) +
          tbl(tr(tc(p(r('区党政办公室'), '<w:r><w:br/></w:r>', r('区司法局'))))),
      ),
    );
    expect(blocks).toEqual([
      { kind: 'para', text: '关于印发2025年济宁市' },
      { kind: 'para', text: '政务公开任务分解表的通知' },
      { kind: 'table', rows: [['区党政办公室\n区司法局']], source: 'docx' },
    ]);
  });

  it('reads non-breaking hyphens, character references and unpreserved whitespace as Word shows them', () => {
    const blocks = readDocx(
      makeRawDocx(
        p(
          '<w:r><w:t>2025</w:t><w:noBreakHyphen/><w:t>2026</w:t></w:r>',
          r(' 年 '),
          '<w:r><w:t>  A&amp;B &#x4E00;&#20108; &amp;#65;  </w:t></w:r>',
        ),
      ),
    );
    expect(paras(blocks)).toEqual(['2025-2026 年 A&B 一二 &#65;']);
  });

  it('drops leading and trailing empty paragraphs of a cell and trims each line', () => {
    const blocks = readDocx(makeRawDocx(tbl(tr(tc(p() + p(r('  牵头单位 ')) + p() + p(r('　责任单位')) + p() + p())))));
    expect(tables(blocks)).toEqual([[['牵头单位\n\n责任单位']]]);
  });

  it('treats a legacy w:hMerge run of cells as one cell and a bare w:vMerge as a continuation', () => {
    const blocks = readDocx(
      makeRawDocx(
        tbl(
          tr(tc(p(r('二、强化政策解读')), '<w:hMerge w:val="restart"/>'), tc(p(), '<w:hMerge/>'), tc(p(), '<w:hMerge w:val="continue"/>')),
          tr(tc(p(r('（一）任务')), '<w:vMerge w:val="restart"/>'), tc(p(r('甲'))), tc(p(r('6月底前')))),
          tr(tc(p(r('被合并单元格里的残留文字')), '<w:vMerge/>'), tc(p(r('乙'))), tc(p(r('9月底前')))),
        ),
      ),
    );
    expect(tables(blocks)).toEqual([[['二、强化政策解读'], ['（一）任务', '甲', '6月底前'], ['', '乙', '9月底前']]]);
  });

  it('flattens a table nested in a cell into lines of that cell', () => {
    const inner = tbl(tr(tc(p(r('区司法局'))), tc(p(r('区财政局')))), tr(tc(p(r('各街道'))), tc(p())));
    const blocks = readDocx(makeRawDocx(tbl(tr(tc(p(r('任务'))), tc(p(r('责任单位：')) + inner)))));
    expect(tables(blocks)).toEqual([[['任务', '责任单位：\n区司法局 区财政局\n各街道']]]);
  });

  it('writes out automatic list numbers, as the text export does, so a numbered 序号 column is not read as merged', () => {
    const numbering =
      '<w:abstractNum w:abstractNumId="0">' +
      '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>' +
      '</w:abstractNum>' +
      '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>' +
      '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uF0B7"/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>';
    const styles =
      '<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>';
    const numbered = (numId: number, text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${r(text)}</w:p>`;
    const styled = (style: string, text: string) => `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr>${r(text)}</w:p>`;
    const seq = tc(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr></w:p>`);
    const blocks = readDocx(
      makeRawDocx(
        numbered(1, '加强组织领导') +
          styled('Heading2', '明确责任分工') +
          styled('Heading2', '细化工作台账') +
          styled('Heading1', '积极推进落实') +
          numbered(3, '要点') +
          tbl(tr(tc(p(r('序号'))), tc(p(r('任务')))), tr(seq, tc(p(r('甲')))), tr(seq, tc(p(r('乙'))))),
        { numbering, styles },
      ),
    );
    expect(blocks).toEqual([
      { kind: 'para', text: '一、加强组织领导' },
      { kind: 'para', text: '（一）明确责任分工' },
      { kind: 'para', text: '（二）细化工作台账' },
      { kind: 'para', text: '二、积极推进落实' },
      { kind: 'para', text: '要点' },
      {
        kind: 'table',
        rows: [
          ['序号', '任务'],
          ['1', '甲'],
          ['2', '乙'],
        ],
        source: 'docx',
      },
    ]);
  });

  it('numbers lists made by the docx library, counting in Chinese past ten', async () => {
    const doc = new Document({
      numbering: {
        config: [
          {
            reference: 'cn',
            levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', suffix: LevelSuffix.NOTHING }],
          },
        ],
      },
      sections: [
        {
          children: Array.from({ length: 12 }, (_, i) => new Paragraph({ text: `第${i + 1}项`, numbering: { reference: 'cn', level: 0 } })),
        },
      ],
    });
    const texts = paras(readDocx(new Uint8Array(await Packer.toBuffer(doc))));
    expect(texts.slice(0, 2)).toEqual(['一、第1项', '二、第2项']);
    expect(texts.slice(9)).toEqual(['十、第10项', '十一、第11项', '十二、第12项']);
  });

  it('reads WordprocessingML whatever prefix its namespace is bound to', () => {
    const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
    const bytes = makeRawDocx('', {
      extra: {
        'word/document.xml': `<ns0:document xmlns:ns0="${W}"><ns0:body><ns0:p><ns0:r><ns0:t>正文</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>`,
      },
    });
    expect(readDocx(bytes)).toEqual([{ kind: 'para', text: '正文' }]);
  });

  it('does not number a paragraph that was deleted whole with tracked changes', () => {
    const numbering =
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
    const item = (text: string, deleted = false) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>${deleted ? '<w:rPr><w:del w:id="1" w:author="a"/></w:rPr>' : ''}</w:pPr>` +
      (deleted ? `<w:del w:id="2" w:author="a"><w:r><w:delText>${text}</w:delText></w:r></w:del>` : r(text)) +
      '</w:p>';
    const blocks = readDocx(makeRawDocx(item('甲') + item('乙', true) + item('丙'), { numbering }));
    expect(paras(blocks)).toEqual(['一、甲', '二、丙']);
  });

  it('refuses bytes that are not a zip with a clear message', () => {
    const e = noticeError(() => readDocx(strToU8('这不是 Word 文件')));
    expect(e.message).toBe('无法读取 Word 文件：不是有效的 .docx（Cannot read the Word file: not a valid .docx）');
  });

  it('refuses a zip without word/document.xml with a clear message', () => {
    const e = noticeError(() => readDocx(zipSync({ 'readme.txt': strToU8('hello') })));
    expect(e.message).toMatch(/^无法读取 Word 文件：压缩包里没有 word\/document\.xml/);
  });

  it('says so when the zip is an Excel workbook', () => {
    const xlsx = zipSync({
      '_rels/.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': strToU8('<workbook/>'),
    });
    expect(noticeError(() => readDocx(xlsx)).message).toMatch(/^这是 Excel 文件/);
  });

  it('refuses a document.xml that is not well-formed XML', () => {
    const bytes = makeRawDocx('', { extra: { 'word/document.xml': '<w:document xmlns:w="x"><w:body><w:p></w:body></w:document>' } });
    expect(noticeError(() => readDocx(bytes)).message).toMatch(/^无法读取 Word 文件：文件已损坏/);
  });

  it('refuses, before inflating, a document.xml that declares more than 50 MB', () => {
    const bytes = makeRawDocx(p(r('正文')));
    // Forge the central directory's uncompressed size, as a zip bomb would carry it.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const name = strToU8('word/document.xml');
    let patched = false;
    for (let o = 0; o + 46 < bytes.length; o++) {
      if (view.getUint32(o, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(o + 28, true);
      const entry = bytes.subarray(o + 46, o + 46 + nameLength);
      if (entry.length === name.length && entry.every((b, i) => b === name[i])) {
        view.setUint32(o + 24, 60 * 1024 * 1024, true);
        patched = true;
      }
    }
    expect(patched).toBe(true);
    expect(noticeError(() => readDocx(bytes)).message).toMatch(/超过 50 MB/);
  });
});
