// Parsing speed of the five real notices: prints figures, asserts nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { parseNoticeFile } from '../src/notice/parse';

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
