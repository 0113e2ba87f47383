/**
 * A generated notice of any size in Word's text export (every cell starts with a TAB, a row ends
 * with a blank line): the cheapest format to read, so a test of size measures our own code.
 * Each task has one lead and two responsible units out of forty, and a deadline in its month.
 */
export function bigNotice(rows: number): string {
  const unit = (i: number) => `区第${(i % 40) + 1}局`;
  const out = ['2025年政务公开工作任务分解表', '\t序号\n\t工作任务\n\t具体要求\n\t牵头单位\n\t责任单位\n\t完成时限\n'];
  for (let i = 1; i <= rows; i++)
    out.push(
      `\t${i}\n\t（${i}）第${i}项任务\n\t第${i}项任务的具体要求，按期公开。\n\t${unit(i)}\n\t${unit(i + 1)}、${unit(i + 2)}\n\t${(i % 12) + 1}月底前\n`,
    );
  return out.join('\n');
}
