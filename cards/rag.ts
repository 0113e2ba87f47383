/**
 * 红黄绿 (red / yellow / green): the traffic light the office reports to leaders with. Overdue is
 * red, due within the due-soon window yellow, everything else green: the same buckets as every
 * due mark (src/dates.ts), so a card never shows a yellow "3 天后到期" next to a red light.
 */
import type { I18nText, Locale, RenderContext } from '../src/views/common';
import type { ReminderTask } from '../src/views/reminders';
import { type HeaderTemplate, type TagColor, bilingual, mdTag, perLocale } from './format';

export type Rag = 'red' | 'yellow' | 'green';

export function ragOf(task: ReminderTask, ctx: RenderContext): Rag {
  const { bucket } = ctx.clock.due(task);
  return bucket === 'overdue' ? 'red' : bucket === 'soon' ? 'yellow' : 'green';
}

export const RAG_LABELS: Record<Rag, I18nText> = {
  red: bilingual('红', 'Red'),
  yellow: bilingual('黄', 'Yellow'),
  green: bilingual('绿', 'Green'),
};

/** Emoji lead each line: the light survives in plain-text previews and in compact lists. */
export const RAG_EMOJI: Record<Rag, string> = { red: '🔴', yellow: '🟡', green: '🟢' };

const RAG_COLORS: Record<Rag, TagColor> = { red: 'red', yellow: 'yellow', green: 'green' };
const RAG_ORDER: Rag[] = ['red', 'yellow', 'green'];

/** "红 · 已逾期 3 天": the light and the due mark in one tag. */
export function ragTag(rag: Rag, due: I18nText, locale: Locale): string {
  return mdTag(`${RAG_LABELS[rag][locale]} · ${due[locale]}`, RAG_COLORS[rag]);
}

export function ragTemplate(rags: Rag[], calm: HeaderTemplate): HeaderTemplate {
  if (rags.includes('red')) return 'red';
  if (rags.includes('yellow')) return 'orange';
  return calm;
}

/** Header tags "红 2 / 黄 1 / 绿 3", zero counts left out. */
export function ragCountTags(rags: Rag[]): { text: I18nText; color: TagColor }[] {
  return RAG_ORDER.map((rag) => ({ rag, n: rags.filter((r) => r === rag).length }))
    .filter((x) => x.n > 0)
    .map(({ rag, n }) => ({ text: perLocale((l) => `${RAG_LABELS[rag][l]} ${n}`), color: RAG_COLORS[rag] }));
}
