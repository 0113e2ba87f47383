/**
 * Automatic list numbering (numbering.xml). Word's text export writes list labels (一、 （一） 1.)
 * out as text, so the .docx reader writes them too.
 */
import { attr, child, children, parseXml, val, type XNode } from './xml';

interface Level {
  start: number;
  format: string;
  text: string;
  suffix: string;
  legal: boolean;
}

interface Num {
  abstractId: string;
  overrides: Map<number, { start?: number; level?: Level }>;
  restarts: boolean;
}

interface Style {
  numId?: string;
  ilvl?: number;
  basedOn?: string;
}

export function tryNumbering(numbering: Uint8Array, styles: Uint8Array | null): Numbering | null {
  // Labels are a refinement: a damaged numbering or styles part must not cost the whole notice.
  try {
    const stylesRoot = styles ? safeParse(styles) : null;
    return new Numbering(parseXml(numbering, 'word/numbering.xml'), stylesRoot);
  } catch {
    return null;
  }
}

function safeParse(data: Uint8Array): XNode[] | null {
  try {
    return parseXml(data, 'word/styles.xml');
  } catch {
    return null;
  }
}

export class Numbering {
  private abstracts = new Map<string, { levels: Map<number, Level>; styleLink?: string }>();
  private nums = new Map<string, Num>();
  private styles = new Map<string, Style>();
  private defaultStyle: string | undefined;
  private counters = new Map<string, (number | undefined)[]>();

  constructor(root: XNode[], stylesRoot: XNode[] | null) {
    const numbering = child(root, 'numbering');
    for (const a of children(numbering, 'abstractNum')) {
      const levels = new Map<number, Level>();
      for (const l of children(a, 'lvl')) levels.set(Number(attr(l, 'ilvl') ?? 0), parseLevel(l));
      this.abstracts.set(attr(a, 'abstractNumId') ?? '', { levels, styleLink: val(child(a, 'numStyleLink')) });
    }
    for (const n of children(numbering, 'num')) {
      const overrides = new Map<number, { start?: number; level?: Level }>();
      for (const o of children(n, 'lvlOverride')) {
        const start = val(child(o, 'startOverride'));
        const lvl = child(o, 'lvl');
        overrides.set(Number(attr(o, 'ilvl') ?? 0), {
          start: start !== undefined ? Number(start) : undefined,
          level: lvl ? parseLevel(lvl) : undefined,
        });
      }
      this.nums.set(attr(n, 'numId') ?? '', {
        abstractId: val(child(n, 'abstractNumId')) ?? '',
        overrides,
        restarts: [...overrides.values()].some((o) => o.start !== undefined),
      });
    }
    for (const s of children(child(stylesRoot ?? [], 'styles'), 'style')) {
      if (attr(s, 'type') !== 'paragraph' && attr(s, 'type') !== 'numbering') continue;
      const id = attr(s, 'styleId') ?? '';
      const numPr = child(child(s, 'pPr'), 'numPr');
      const ilvl = val(child(numPr, 'ilvl'));
      this.styles.set(id, {
        numId: val(child(numPr, 'numId')),
        ilvl: ilvl !== undefined ? Number(ilvl) : undefined,
        basedOn: val(child(s, 'basedOn')),
      });
      if (attr(s, 'type') === 'paragraph' && ['1', 'true', 'on'].includes(attr(s, 'default') ?? '')) this.defaultStyle = id;
    }
  }

  /** The label Word shows before paragraph `p` ('' for none), advancing the list's counter. */
  label(p: XNode, tab: string): string {
    const pPr = child(p, 'pPr');
    const numPr = child(pPr, 'numPr');
    let numId = val(child(numPr, 'numId'));
    const ilvlText = val(child(numPr, 'ilvl'));
    let ilvl = ilvlText !== undefined ? Number(ilvlText) : undefined;
    let styleId = val(child(pPr, 'pStyle')) ?? this.defaultStyle;
    for (let hops = 0; styleId && hops < 20 && (numId === undefined || ilvl === undefined); hops++) {
      const s = this.styles.get(styleId);
      if (!s) break;
      numId ??= s.numId;
      ilvl ??= s.ilvl;
      styleId = s.basedOn;
    }
    if (!numId || numId === '0') return '';
    const level = Math.min(Math.max(ilvl ?? 0, 0), 8);

    const resolved = this.resolve(numId);
    if (!resolved) return '';
    const { num, levels } = resolved;
    const levelAt = (i: number): Level | undefined => num.overrides.get(i)?.level ?? levels.get(i);
    const startAt = (i: number): number => num.overrides.get(i)?.start ?? levelAt(i)?.start ?? 1;
    const lvl = levelAt(level);
    if (!lvl) return '';

    // Lists that share an abstract definition continue one another's count unless a w:num
    // restarts it (startOverride), which is how Word makes "restart at 1".
    const key = num.restarts ? `n${numId}` : `a${num.abstractId}`;
    const counts = this.counters.get(key) ?? [];
    this.counters.set(key, counts);
    counts[level] = counts[level] === undefined ? startAt(level) : counts[level]! + 1;
    for (let d = level + 1; d < counts.length; d++) counts[d] = undefined;

    if (lvl.format === 'bullet') return ''; // a glyph, usually from a symbol font: no text to keep
    const text = lvl.text.replace(/%([1-9])/g, (_, k: string) => {
      const i = Number(k) - 1;
      const n = counts[i] ?? startAt(i);
      return formatNumber(n, lvl.legal ? 'decimal' : (levelAt(i)?.format ?? 'decimal'));
    });
    if (!text) return '';
    return text + (lvl.suffix === 'nothing' ? '' : lvl.suffix === 'space' ? ' ' : tab);
  }

  private resolve(numId: string): { num: Num; levels: Map<number, Level> } | null {
    const num = this.nums.get(numId);
    if (!num) return null;
    let abs = this.abstracts.get(num.abstractId);
    // A list defined by a numbering style: follow the style to the list that holds the levels.
    for (let hops = 0; abs?.styleLink && hops < 5; hops++) {
      const linked = this.nums.get(this.styles.get(abs.styleLink)?.numId ?? '');
      abs = linked ? this.abstracts.get(linked.abstractId) : undefined;
    }
    return abs ? { num, levels: abs.levels } : null;
  }
}

function parseLevel(l: XNode): Level {
  return {
    start: Number(val(child(l, 'start')) ?? 1),
    format: val(child(l, 'numFmt')) ?? 'decimal',
    text: val(child(l, 'lvlText')) ?? '',
    suffix: val(child(l, 'suff')) ?? 'tab',
    legal: !!child(l, 'isLgl') && val(child(l, 'isLgl')) !== '0' && val(child(l, 'isLgl')) !== 'false',
  };
}

const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'none':
      return '';
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'japaneseCounting':
      return chineseNumber(n, CN_DIGITS, '十百千', '零', false);
    case 'chineseLegalSimplified':
    case 'ideographLegalTraditional':
    case 'japaneseLegal':
      return chineseNumber(n, CN_LEGAL_DIGITS, '拾佰仟', '零', true);
    case 'ideographDigital':
    case 'taiwaneseDigital':
    case 'japaneseDigitalTenThousand':
      return String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]);
    case 'ideographTraditional':
      return n >= 1 ? HEAVENLY_STEMS[(n - 1) % 10] : String(n);
    case 'ideographZodiac':
      return n >= 1 ? EARTHLY_BRANCHES[(n - 1) % 12] : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : `(${n})`;
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2488 + n - 1) : `${n}.`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d)));
    case 'decimalZero':
      return n < 10 && n >= 0 ? `0${n}` : String(n);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    default:
      return String(n);
  }
}

/** 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (legal form: 10 → 壹拾). */
function chineseNumber(n: number, digits: string, units: string, zero: string, legal: boolean): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10000) return String(n);
  if (n === 0) return digits[0];
  const ds = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  ds.forEach((d, i) => {
    const place = ds.length - 1 - i;
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += zero;
    pendingZero = false;
    const omitOne = !legal && d === 1 && place === 1 && out === '';
    out += (omitOne ? '' : digits[d]) + (place > 0 ? units[place - 1] : '');
  });
  return out;
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

/** Word's letter lists repeat the letter: A … Z, AA … ZZ, AAA … */
function letters(n: number): string {
  if (n <= 0) return String(n);
  const letter = String.fromCharCode(65 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}
