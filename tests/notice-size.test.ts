import { describe, expect, it } from 'vitest';
import { bigNotice } from './support/big-notice';
import { parseNoticeText } from '../src/notice/parse';

// Spreading a 50,000-row table into one call (push(...rows), Math.max(...rows)) overflows the
// stack, and mending PDF-converted rows against each other was quadratic (10,000 rows: 2 minutes).
// The timeout only guards against that; bench/parse.ts measures the growth.
describe('a table of 50,000 rows', { timeout: 120_000 }, () => {
  it.each(['tab', 'markdown'] as const)('parses every row into a task, as %s', (format) => {
    const parsed = parseNoticeText(bigNotice(50_000, format), `big.${format === 'tab' ? 'txt' : 'md'}`);
    expect(parsed.tasks).toHaveLength(50_000);
    expect(parsed.tasks[49_999]).toMatchObject({
      requirement: '第50000项任务的具体要求，按期公开。',
      lead: ['区第1局'],
      responsible: ['区第2局', '区第3局'],
      deadline: { text: '9月底前', due: '2025-09-30', ongoing: false },
    });
  });
});
