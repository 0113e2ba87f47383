/**
 * How matching last year's tasks grows with size: two notices of 600 → 2,400 tasks each, made from
 * the seeds' real requirements (each made unique), linked one to one. Prints the time and the number
 * of links; asserts nothing.
 *
 *   npm run bench:year
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseNoticeFile } from '../src/notice/parse';
import { matchTasks } from '../src/notice/year-match';

const dir = new URL('../tests/fixtures/seeds/', import.meta.url);
const requirements: string[] = [];
for (const name of readdirSync(dir)) {
  const parsed = await parseNoticeFile(new Uint8Array(readFileSync(new URL(name, dir))), name);
  requirements.push(...parsed.tasks.map((t) => t.requirement));
}

for (const n of [600, 1200, 2400]) {
  const previous = Array.from({ length: n }, (_, i) => ({ requirement: `${requirements[i % requirements.length]}${i}`, leads: [i % 30] }));
  const next = Array.from({ length: n }, (_, i) => ({
    requirement: `${requirements[(i * 7) % requirements.length]}${i * 3}`,
    leads: [i % 30],
  }));
  const t0 = performance.now();
  const links = matchTasks(previous, next);
  console.log(`${n} × ${n} tasks: ${Math.round(performance.now() - t0)} ms, ${links.length} links`);
}
