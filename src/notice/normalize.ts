/**
 * Text normalisation shared by every notice reader.
 *
 * Notices reach us as Word exports, tab-separated text and PDF-converted markdown, written by
 * different localities. The same unit name therefore shows up with PDF line-wrap spaces
 * ("区财政 金融局"), full-width digits ("１月"), half-width brackets ("(人力资源部)"), Word
 * bookmark artefacts and, occasionally, Traditional characters. Everything downstream
 * (unit matching, deadline parsing, storage) works on the forms produced here, so the ledger
 * never holds two spellings of one department.
 *
 * All functions are pure; the only state is the lazily built OpenCC converter.
 */
import * as OpenCC from 'opencc-js';

// ---------------------------------------------------------------------------------------------
// Traditional → Simplified
// ---------------------------------------------------------------------------------------------

interface SimplifiedConverter {
  convert: (text: string) => string;
  /** Characters whose presence means the converter may change the text. */
  triggers: Set<string>;
}

let converter: SimplifiedConverter | null = null;

/**
 * Build the converter once, on first need: loading the dictionaries costs a few milliseconds
 * and most notices (all of the mainland ones) never need it.
 *
 * 'tw' → 'cn' first maps Taiwan variants (裡/為/臺…) to OpenCC's standard Traditional and then
 * to mainland Simplified; it also handles the Hong Kong forms we have seen (綫, 爲), so one
 * converter covers both.
 *
 * The trigger set is what makes the fast path exact rather than a guess: it holds every
 * dictionary character that the full chain actually changes, including characters that only
 * change inside a phrase (覆 in 答覆, 沈 in 沈默). A text with none of them comes out of the
 * converter unchanged, so we can skip the conversion entirely.
 */
function getConverter(): SimplifiedConverter {
  if (converter) return converter;
  const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const keys: string[] = [];
  const groups = [...(OpenCC.Locale.from.tw ?? []), ...(OpenCC.Locale.to.cn ?? [])];
  for (const group of groups) {
    for (const dict of group) {
      const entries: readonly (readonly string[])[] = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict;
      for (const entry of entries) if (entry[0]) keys.push(entry[0]);
    }
  }
  // One conversion of all keys joined by newlines (no key spans a line) instead of ~5,000
  // calls: 170 ms → a few ms.
  const outs = convert(keys.join('\n')).split('\n');
  const triggers = new Set<string>();
  keys.forEach((key, i) => {
    const out = outs[i] ?? '';
    if (out === key) return;
    const a = [...key];
    const b = [...out];
    if (a.length === b.length) {
      a.forEach((ch, j) => {
        if (ch !== b[j]) triggers.add(ch);
      });
    } else {
      for (const ch of a) triggers.add(ch);
    }
  });
  converter = { convert, triggers };
  return converter;
}

/** Any character outside Basic Latin / Latin-1 could be CJK; pure ASCII never needs OpenCC. */
const NON_ASCII = /[^\u0000-\u00ff]/;

/**
 * Traditional → Simplified. Returns the input itself (same string) when no character in it is
 * one the converter would change — the common case for mainland notices.
 */
export function toSimplified(text: string): string {
  if (!text || !NON_ASCII.test(text)) return text;
  const { convert, triggers } = getConverter();
  let needed = false;
  for (const ch of text) {
    if (triggers.has(ch)) {
      needed = true;
      break;
    }
  }
  return needed ? convert(text) : text;
}

/**
 * Whether a whole document is written in Traditional characters. Conversion is decided per
 * document, never per fragment: tw→cn also rewrites characters that Simplified text uses
 * legitimately (显著 would become 显着), so a Simplified notice must not be converted at all.
 * In Traditional text a large share of Han characters convert; in Simplified text almost none.
 */
export function looksTraditional(text: string): boolean {
  if (!text || !NON_ASCII.test(text)) return false;
  const { triggers } = getConverter();
  let han = 0;
  let convertible = 0;
  // A few thousand Han characters decide it as well as the whole document does.
  for (const ch of text) {
    if (ch >= '\u3400' && ch <= '\u9fff') {
      han++;
      if (triggers.has(ch)) convertible++;
      if (han >= 4000) break;
    }
  }
  return convertible >= 2 && convertible / Math.max(han, 1) > 0.03;
}

// ---------------------------------------------------------------------------------------------
// Running / cell text
// ---------------------------------------------------------------------------------------------

/**
 * Han ideographs plus the punctuation Chinese text is set with. A space with one of these on
 * both sides is a PDF line wrap or a layout gap, never a word separator (Chinese has none).
 */
const CJK =
  '\\u2e80-\\u2fdf\\u3001-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff' + // Han + 、。〈〉《》「」【】〔〕
  '\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65' + // full-width punctuation （），：；！？
  '\\u2018\\u2019\\u201c\\u201d\\u2014\\u2026\\u00b7'; // ‘’“”—…· as used in Chinese text

/** A run of horizontal spaces (incl. NBSP and the ideographic space) between two CJK chars. */
const CJK_GAP = new RegExp(`([${CJK}])[ \\t]+(?=[${CJK}])`, 'g');

/** Word's plain-text export writes bookmarks as "[bookmark: _GoBack]" in front of the text. */
const BOOKMARK = /\[bookmark:[^\]\n]*\]/gi;

/** Full-width A–Z, a–z, 0–9 (U+FF10…) → ASCII. Chinese full-width punctuation is kept. */
const FULLWIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

/** Spaces that are not U+0020: NBSP, en/em/thin spaces, ideographic space, etc. */
const ODD_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/**
 * Zero-width characters that Word and PDF converters leave behind, and the bidi controls (marks,
 * embeddings, overrides, isolates) that would reorder what others read of a unit or requirement.
 */
const ZERO_WIDTH = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/**
 * Like cleanText but keeps the spaces between CJK characters. The unit splitter needs them:
 * "区党政办公室 区经济发展局" is two units while "区财政 金融局" is one, and only the space tells
 * it where the candidates meet.
 */
export function cleanTextKeepSpaces(text: string): string {
  if (!text) return '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(BOOKMARK, '')
    .replace(ZERO_WIDTH, '')
    .replace(ODD_SPACE, ' ')
    .replace(/\t/g, ' ')
    .replace(FULLWIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .trim();
}

/**
 * Clean running text or cell text: drop Word artefacts, fold full-width letters/digits, remove
 * the spaces PDF conversion leaves inside Chinese ("立足实施 重大战略" → "立足实施重大战略") while
 * keeping spaces between Latin words, trim every line and collapse space runs. Line breaks are
 * kept: inside a table cell they separate units.
 */
export function cleanText(text: string): string {
  const kept = cleanTextKeepSpaces(text);
  if (!kept) return '';
  return kept
    .split('\n')
    .map((line) => line.replace(CJK_GAP, '$1').trim())
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Unit names
// ---------------------------------------------------------------------------------------------

/**
 * List markers that precede a unit name inside a cell: "1." "1、" "（1）" "(一)" "一、" "①" "-"
 * "•". Half-width brackets have already been made full-width when this runs.
 */
const LIST_MARKER =
  /^(?:\d{1,2}[.．、)）](?!\d)|（[\d一二三四五六七八九十]{1,3}）|[一二三四五六七八九十]{1,3}、|[\u2460-\u2473\u2776-\u277f]|[-—–·•●○■□◆◇*])+/;

/**
 * Punctuation that can dangle at either end of a name after a cell is split. Brackets and
 * quotes are deliberately absent: "区党工委组织部（人力资源部）" ends with a bracket that belongs
 * to the name.
 */
const EDGE_PUNCT = /^[、，。；：！？,.;:!?．\-—–·•…~～/\\|]+|[、，。；：！？,.;:!?．\-—–·•…~～/\\|]+$/g;

/**
 * Canonical form of a unit name, used both as the lookup key and as the stored name:
 * whitespace-free, full-width brackets and Chinese list punctuation, no list marker, Simplified.
 */
export function normalizeName(name: string): string {
  let s = toSimplified(cleanText(name))
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/,/g, '，')
    .replace(/;/g, '；')
    .replace(/:/g, '：');
  // Strip repeatedly: "1.—区财政局、" has a marker, a dash and a trailing 、.
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(LIST_MARKER, '').replace(EDGE_PUNCT, '');
  }
  return s;
}
