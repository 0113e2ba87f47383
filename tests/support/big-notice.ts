/**
 * A generated notice of any size: one task per row, each with one lead and two responsible units
 * out of forty and a deadline in its month. As Word's text export (every cell starts with a TAB, a
 * row ends with a blank line), the cheapest format to read, so a test of size measures our own
 * code; or as PDF-converted markdown, whose broken rows are mended against each other.
 */
export function bigNotice(rows: number, format: 'tab' | 'markdown' = 'tab'): string {
  const unit = (i: number) => `区第${(i % 40) + 1}局`;
  const header = ['序号', '工作任务', '具体要求', '牵头单位', '责任单位', '完成时限'];
  const row = (i: number) => [
    String(i),
    `（${i}）第${i}项任务`,
    `第${i}项任务的具体要求，按期公开。`,
    unit(i),
    `${unit(i + 1)}、${unit(i + 2)}`,
    `${(i % 12) + 1}月底前`,
  ];
  const out = ['2025年政务公开工作任务分解表'];
  if (format === 'tab') {
    const cells = (c: string[]) => c.map((x) => `\t${x}\n`).join('');
    out.push(cells(header));
    for (let i = 1; i <= rows; i++) out.push(cells(row(i)));
  } else {
    out.push(`| ${header.join(' | ')} |`, `|${'---|'.repeat(header.length)}`);
    for (let i = 1; i <= rows; i++) out.push(`| ${row(i).join(' | ')} |`);
  }
  return out.join('\n');
}
