import type { NoticeMeta } from './types';

/** 济开管办字〔2021〕14号, 临港办字[2021]6号, 汶政办字（2022）15号 … */
const DOC_NUMBER = /([\u4e00-\u9fffA-Za-z]{1,14})\s*[〔[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*(\d{1,4})\s*号/;
const FULL_DATE = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const ORG_SUFFIX = /(办公室|人民政府|政府|管委会|管理委员会|委员会|领导小组|党政办|办事处|局|厅|委)$/;
const TITLE_END = /(通知|意见|方案|要点|分解表|安排|计划|清单|台账)$/;

/**
 * Document number, title, issuer and date live in the first lines of a notice (the 版头) and in
 * its signature; the rest of the text mentions other documents' numbers and dates, so each
 * field is taken from where official documents put it (GB/T 9704) and nowhere else.
 */
export function extractMeta(paras: string[]): NoticeMeta {
  const head = paras.slice(0, 25);
  const numberAt = head.findIndex((p) => DOC_NUMBER.test(p) && p.replace(DOC_NUMBER, '').trim().length < 6);
  const docNumber = numberAt >= 0 ? (head[numberAt].match(DOC_NUMBER)?.[0].replace(/\s+/g, '') ?? null) : null;

  const { title, titleAt, titleIssuer } = findTitle(head);

  let issuer: string | null = titleIssuer;
  if (!issuer && numberAt >= 0) {
    // The issuing organ is printed just above or below the number.
    for (const i of [numberAt + 1, numberAt - 1, numberAt + 2]) {
      const p = head[i]?.replace(/文件$/, '').trim();
      if (p && i !== titleAt && ORG_SUFFIX.test(p) && p.length <= 30) {
        issuer = p;
        break;
      }
    }
  }

  // The signature: "<organ> <date>" on one line, or the organ on the line before a bare date.
  let issuedOn: string | null = null;
  for (let i = Math.max(titleAt, 0); i < paras.length; i++) {
    const p = paras[i].trim();
    const m = p.match(FULL_DATE);
    if (!m || p.replace(FULL_DATE, '').replace(ORG_SUFFIX_ANYWHERE, '').trim().length > 2) continue;
    issuedOn = isoDate(+m[1], +m[2], +m[3]);
    const before = p.slice(0, p.indexOf(m[0])).trim();
    if (!issuer) issuer = ORG_SUFFIX.test(before) ? before : ORG_SUFFIX.test(paras[i - 1]?.trim() ?? '') ? paras[i - 1].trim() : null;
    break;
  }

  const year = yearOf(title) ?? (docNumber ? +docNumber.match(/(19|20)\d{2}/)![0] : null) ?? (issuedOn ? +issuedOn.slice(0, 4) : null);
  return { docNumber, title, issuer, issuedOn, year };
}

/** A leading organ name in a signature line: stripped before checking the line is only a date. */
const ORG_SUFFIX_ANYWHERE = /^[\u4e00-\u9fff（）()]{2,40}(办公室|人民政府|政府|管委会|管理委员会|委员会|领导小组|办事处)/;

function findTitle(head: string[]): { title: string; titleAt: number; titleIssuer: string | null } {
  const at = head.findIndex((p) => /关于/.test(p) && !/^[（(]?\s*此件/.test(p) && p.length < 120);
  if (at >= 0) {
    // Titles wrap over two or three lines: join until one ends like a title.
    let title = head[at];
    let j = at;
    while (!TITLE_END.test(title.replace(/[”"》\s]+$/, '')) && j + 1 < head.length && j - at < 3 && head[j + 1].length < 60) {
      j++;
      title += head[j];
    }
    const k = title.indexOf('关于');
    const before = title.slice(0, k).trim();
    return {
      title: tidy(title.slice(k)),
      titleAt: at,
      titleIssuer: before && ORG_SUFFIX.test(before) ? before : null,
    };
  }
  // A bare table or 要点 without a cover letter: its own heading is the title.
  const i = head.findIndex((p) => /分解表|工作要点|任务清单|任务表|台账/.test(p) && p.length < 80);
  const j = i >= 0 ? i : head.findIndex((p) => p.trim().length > 0);
  return { title: j >= 0 ? tidy(head[j]) : '', titleAt: j, titleIssuer: null };
}

function tidy(s: string): string {
  return s
    .replace(/\s+/g, (m, off: number, str: string) =>
      /[A-Za-z0-9]/.test(str[off - 1] ?? '') && /[A-Za-z]/.test(str[off + m.length] ?? '') ? ' ' : '',
    )
    .trim();
}

function yearOf(text: string): number | null {
  const m = text.match(/((?:19|20)\d{2})\s*年/);
  return m ? +m[1] : null;
}

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** When nothing names the year, the year the text mentions most is the best remaining guess. */
export function dominantYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/((?:19|20)\d{2})\s*年/g)) counts.set(+m[1], (counts.get(+m[1]) ?? 0) + 1);
  let best: number | null = null;
  for (const [y, c] of counts) if (best === null || c > counts.get(best)!) best = y;
  return best;
}
