/**
 * How parsing grows with size, for the formats whose readers do real work: a PDF of 50 → 200
 * pages, a spreadsheet of 1,250 → 5,000 rows, and a table of 12,500 → 50,000 rows in Word's
 * text export and as PDF-converted markdown (where mending used to be quadratic). Inputs are
 * generated here, not committed. Prints time per page / per row and the heap a parse keeps
 * alive; asserts nothing.
 *
 *   npx tsx --expose-gc bench/formats.ts
 */
import * as XLSX from '@e965/xlsx';
import { parseNoticeFile, parseNoticeText } from '../src/notice/parse';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function measure(label: string, unit: string, sizes: number[], make: (n: number) => Uint8Array | string, name: string) {
  for (const n of sizes) {
    const input = make(n);
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const parsed = typeof input === 'string' ? parseNoticeText(input, name) : await parseNoticeFile(input, name);
    const ms = performance.now() - t0;
    const heap = (process.memoryUsage().heapUsed - before) / 1048576;
    const kb = (typeof input === 'string' ? Buffer.byteLength(input) : input.length) / 1024;
    console.log(
      `${label.padEnd(24)} ${String(n).padStart(6)} ${unit.padEnd(5)} ${kb.toFixed(0).padStart(7)} KB  ${String(parsed.tasks.length).padStart(6)} tasks  ${ms.toFixed(0).padStart(6)} ms  ${((ms / n) * 1000).toFixed(0).padStart(6)} µs/${unit}  heap +${heap.toFixed(1)} MB`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// A bordered task table over many PDF pages, written directly (no LibreOffice needed): a CID
// font in Identity-H with a ToUnicode map, so PDF.js extracts the Chinese text as it would from
// an office's PDF, and ruling lines around every cell.

const COLUMNS = [40, 80, 200, 420, 500, 560];
const ROWS_PER_PAGE = 12;
const ROW_HEIGHT = 52;

function tablePdf(pages: number): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) + 2; // object numbers start at 3 (1 catalog, 2 pages)
  const ranges = Array.from({ length: 256 }, (_, hi) => {
    const h = hi.toString(16).padStart(2, '0');
    return `<${h}00> <${h}ff> <${h}00>`;
  });
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-UCS def 1 begincodespacerange <0000> <FFFF> endcodespacerange ${ranges.length} beginbfrange\n${ranges.join('\n')}\nendbfrange endcmap CMapName currentdict /CMap defineresource pop end end`;
  const toUnicode = add(`<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`);
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
  const hex = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
  const text = (x: number, y: number, s: string) => `BT /F1 10 Tf 1 0 0 1 ${x} ${y} Tm <${hex(s)}> Tj ET`;
  const cell = (col: number, top: number, s: string) => {
    const perLine = Math.floor((COLUMNS[col + 1] - COLUMNS[col] - 8) / 10);
    const out: string[] = [];
    for (let k = 0, line = 0; k < s.length; k += perLine, line++)
      out.push(text(COLUMNS[col] + 4, top - 12 - line * 12, s.slice(k, k + perLine)));
    return out.join('\n');
  };
  const kids: number[] = [];
  let row = 0;
  for (let p = 0; p < pages; p++) {
    const ops: string[] = ['0.5 w'];
    const top = 800;
    const rows: string[][] = [['序号', '工作任务', '具体要求', '责任单位', '完成时限']];
    for (let r = 0; r < ROWS_PER_PAGE; r++) {
      row++;
      rows.push([
        String(row),
        `第${row}项任务`,
        `第${row}项任务的具体要求：逐项梳理公开事项，形成台账并动态更新。`,
        '区政府办公室',
        `${(row % 12) + 1}月底前`,
      ]);
    }
    rows.forEach((cells, r) => {
      const y = top - r * ROW_HEIGHT;
      cells.forEach((s, c) => {
        ops.push(cell(c, y, s));
      });
      ops.push(`${COLUMNS[0]} ${y} m ${COLUMNS[5]} ${y} l S`);
    });
    const bottom = top - rows.length * ROW_HEIGHT;
    ops.push(`${COLUMNS[0]} ${bottom} m ${COLUMNS[5]} ${bottom} l S`);
    for (const x of COLUMNS) ops.push(`${x} ${top} m ${x} ${bottom} l S`);
    const content = ops.join('\n');
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    kids.push(
      add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`),
    );
  }
  const all = [
    `<< /Type /Catalog /Pages 2 0 R >>`,
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${pages} >>`,
    ...objects,
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  all.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${all.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${all.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A 台账 sheet under a merged title, each task cell merged over three rows. */
function sheet(rows: number): Uint8Array {
  const aoa: (string | number)[][] = [['2024年政务公开工作任务台账'], ['序号', '工作任务', '具体要求', '牵头单位', '配合单位', '完成时限']];
  const merges: XLSX.Range[] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }];
  for (let i = 1; i <= rows; i++) {
    aoa.push([
      i,
      i % 3 === 1 ? `（${Math.ceil(i / 3)}）第${Math.ceil(i / 3)}项任务` : '',
      `第${i}项具体要求，按期公开。`,
      '区政府办公室',
      '区直各部门',
      `${(i % 12) + 1}月底前`,
    ]);
    if (i % 3 === 1 && i + 2 <= rows) merges.push({ s: { r: i + 1, c: 1 }, e: { r: i + 3, c: 1 } });
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '任务分解表');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

function tabExport(rows: number): string {
  const out = ['2024年政务公开任务分解表', '\t序号\n\t工作任务\n\t具体要求\n\t责任单位\n\t完成时限\n'];
  for (let i = 1; i <= rows; i++)
    out.push(`\t${i}\n\t（${i}）第${i}项任务\n\t第${i}项任务的具体要求，按期完成。\n\t区政府办公室\n\t${(i % 12) + 1}月底前\n`);
  return out.join('\n');
}

function markdown(rows: number): string {
  const out = ['2024年政务公开任务分解表', '| 序号 | 工作任务 | 具体要求 | 责任单位 | 完成时限 |', '|---|---|---|---|---|'];
  for (let i = 1; i <= rows; i++) out.push(`| ${i} | 第${i}项 任务 | 第${i}项任务的具体要求 | 区政府 办公室 | ${(i % 12) + 1}月底前 |`);
  return out.join('\n');
}

// Warm up the readers (lazy imports, JIT) so the figures are per-size, not first-use.
await parseNoticeFile(tablePdf(2), 'warm.pdf');
await parseNoticeFile(sheet(30), 'warm.xlsx');
parseNoticeText(tabExport(30));

await measure('PDF (ruled table)', 'page', [50, 100, 200], tablePdf, 'bench.pdf');
await measure('spreadsheet (.xlsx)', 'row', [1250, 2500, 5000], sheet, 'bench.xlsx');
await measure('Word text export', 'row', [12500, 25000, 50000], tabExport, 'bench.txt');
await measure('PDF-converted markdown', 'row', [12500, 25000, 50000], markdown, 'bench.md');
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
