/**
 * What every view shares. Views are the data a card shows: the domain and the store build them,
 * cards/ renders them, so both sides import these types and neither imports the other.
 */
import type { Clock } from '../dates';

export type Locale = 'zh_cn' | 'en_us';

export interface I18nText {
  zh_cn: string;
  en_us: string;
}

export interface RenderContext {
  locale: Locale;
  /** "Now" and Shanghai's date for due marks and timestamps: injected so cards stay pure. */
  clock: Clock;
}

export interface DepartmentRef {
  id: number;
  name: string;
}

/** Notice fields every notice card shows. */
export interface NoticeSummary {
  id: number;
  title: string;
  docNumber: string | null;
}
