// What a rendered card needs from the page: the reader's language, names for mentions, and a way
// to click (send a card callback) and to ask for confirmation.
import { createContext } from 'preact';
import type { MdContext } from './lark-md';

export type Locale = 'zh_cn' | 'en_us';

export interface CardAction {
  tag: string;
  name?: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
}

export interface CardEnv {
  locale: Locale;
  md: MdContext;
  /** Sends the callback; resolves once its answer (toast, new card) was applied. */
  act(action: CardAction): Promise<void>;
  confirm(dialog: { title: string; text: string }): Promise<boolean>;
  /** A callback is in flight: Lark shows the clicked card as loading until it answers. */
  busy: boolean;
}

export const CardEnvContext = createContext<CardEnv | null>(null);

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text object in the reader's language: i18n_content first, then content. */
export function textOf(t: unknown, locale: Locale): string {
  if (typeof t === 'string') return t;
  if (!isObject(t)) return '';
  const i18n = t.i18n_content;
  if (isObject(i18n) && typeof i18n[locale] === 'string') return i18n[locale] as string;
  return typeof t.content === 'string' ? t.content : '';
}

/** The value a click sends: the callback behaviour's value (2.0), or a bare `value` (older cards). */
export function callbackValue(el: Json): Json | null {
  const behaviors = Array.isArray(el.behaviors) ? el.behaviors.filter(isObject) : [];
  const callback = behaviors.find((b) => b.type === 'callback');
  if (callback) return isObject(callback.value) ? callback.value : {};
  return isObject(el.value) ? el.value : null;
}

export function openUrlOf(el: Json): string | null {
  const behaviors = Array.isArray(el.behaviors) ? el.behaviors.filter(isObject) : [];
  const open = behaviors.find((b) => b.type === 'open_url');
  const url = open?.default_url ?? open?.pc_url;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
}

/** "8px", "8px 12px", "4px 0px 0px 0px" → CSS; anything else ignored. */
export function spacing(v: unknown): string | undefined {
  return typeof v === 'string' && /^(-?\d+px\s*){1,4}$/.test(v.trim()) ? v : undefined;
}
