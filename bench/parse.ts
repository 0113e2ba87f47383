// Parsing speed of the five real notices, then how parsing grows from 10,000 to 50,000 rows
// (linear: the ratio is about 5). Prints figures, asserts nothing.
//
//   npm run bench:parse
import { readFileSync, readdirSync } from 'node:fs';
import { parseNoticeFile, parseNoticeText } from '../src/notice/parse';
import { bigNotice } from '../tests/support/big-notice';

const dir = new URL('../tests/fixtures/seeds/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const inputs = files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(new URL(f, dir))) }));

const t0 = performance.now();
for (const i of inputs) await parseNoticeFile(i.bytes, i.name);
const cold = performance.now() - t0;

const RUNS = 20;
const per = new Map<string, number[]>();
for (let r = 0; r < RUNS; r++) {
  for (const i of inputs) {
    const s = performance.now();
    const p = await parseNoticeFile(i.bytes, i.name);
    const ms = performance.now() - s;
    per.set(i.name, [...(per.get(i.name) ?? []), ms]);
    if (r === 0 && p.tasks.length === 0) throw new Error(`${i.name}: no tasks`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`first pass over all ${inputs.length} seeds (includes start-up): ${cold.toFixed(1)} ms`);
let total = 0;
for (const i of inputs) {
  const m = median(per.get(i.name)!);
  total += m;
  const tasks = (await parseNoticeFile(i.bytes, i.name)).tasks.length;
  console.log(
    `${i.name.padEnd(28)} ${(i.bytes.length / 1024).toFixed(1).padStart(6)} KB  ${String(tasks).padStart(3)} tasks  median ${m.toFixed(2)} ms`,
  );
}
console.log(`all five seeds, warm (sum of medians over ${RUNS} runs): ${total.toFixed(1)} ms`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)} MB`);

// Growth: each size parsed three times; min / median, and the ratio of the 50,000-row median to
// the 10,000-row one from the same run.
console.log('\ngenerated table, rows → min / median of 3 (ms), µs per row');
for (const format of ['tab', 'markdown'] as const) {
  const medians: number[] = [];
  for (const rows of [10_000, 50_000]) {
    const text = bigNotice(rows, format);
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const s = performance.now();
      const p = parseNoticeText(text, `big.${format}`);
      times.push(performance.now() - s);
      if (p.tasks.length !== rows) throw new Error(`${format} ${rows}: ${p.tasks.length} tasks`);
    }
    const m = median(times);
    medians.push(m);
    console.log(
      `${format.padEnd(9)} ${String(rows).padStart(6)} rows  ${Math.min(...times)
        .toFixed(0)
        .padStart(6)} / ${m.toFixed(0).padStart(6)} ms  ${((m / rows) * 1000).toFixed(0)} µs/row`,
    );
  }
  console.log(`${format.padEnd(9)} 50,000 / 10,000 rows: ×${(medians[1] / medians[0]).toFixed(2)} (linear: ×5)`);
}
