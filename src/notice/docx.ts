import { unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NoticeError, type Block } from './types';
// Both Word readers tidy cell text the same way, so they agree on it to the character.
import { trimCell } from './tab-text';

/**
 * A Word .docx → blocks, read the way Word's "save as plain text" export renders the same
 * document (see tab-text.ts), so that both forms of a notice yield the same tasks:
 *
 * - a horizontally merged cell (w:gridSpan) is one cell; a vertically merged continuation cell
 *   is '' — the export prints it as an empty cell too;
 * - automatic list numbers (一、 （一） 1.) are written out, as the export writes them: a 序号
 *   column numbered by Word would otherwise come out as a column of empty, "merged" cells;
 * - tracked deletions are left out and insertions kept, i.e. the text as it reads with changes
 *   accepted, which is what the office meant to send;
 * - cell lines are trimmed and top-level paragraphs become one block per line, the way
 *   tab-text.ts tidies the export.
 *
 * Pure (fflate + fast-xml-parser) so it runs unchanged on Node and Cloudflare Workers.
 */
export function readDocx(bytes: Uint8Array): Block[] {
  const pkg = openPackage(bytes);
  const root = parseXml(pkg.document, pkg.documentPath);
  const body = child(child(root, 'document'), 'body');
  if (!body)
    throw new NoticeError(
      `无法读取 Word 文件：${pkg.documentPath} 里没有正文，不是有效的 .docx（Cannot read the Word file: ${pkg.documentPath} has no document body）`,
    );

  const ctx: Ctx = { numbering: pkg.numbering ? tryNumbering(pkg.numbering, pkg.styles) : null };
  const out: Block[] = [];
  bodyBlocks(kids(body), ctx, out);
  return out;
}

/**
 * No real notice comes near this: it bounds what a crafted archive (a "zip bomb") can make us
 * allocate, for the parts read in one pass together. Checked against the sizes the archive
 * declares, which also cap what fflate will inflate into, so a lying header yields a damaged
 * part rather than a huge one.
 */
export const MAX_DOCX_PART_BYTES = 50 * 1024 * 1024;

const NOT_DOCX = '无法读取 Word 文件：不是有效的 .docx（Cannot read the Word file: not a valid .docx）';

// ---------------------------------------------------------------------------------------------
// The package (zip + relationships)

interface Package {
  documentPath: string;
  document: Uint8Array;
  styles: Uint8Array | null;
  numbering: Uint8Array | null;
}

function openPackage(bytes: Uint8Array): Package {
  // Relationship parts are tiny and say where everything else is; reading them first lets the
  // second pass inflate only the three parts we use, whatever else the archive holds.
  const rels = extract(bytes, (name) => name.endsWith('.rels'));
  const documentPath = relTarget(rels, '', 'officeDocument') ?? 'word/document.xml';

  if (/^xl\//.test(documentPath))
    throw new NoticeError('这是 Excel 文件，不是 Word 文档：请发送 .docx（This is an Excel file, not a Word document: send the .docx）');
  if (/^ppt\//.test(documentPath))
    throw new NoticeError(
      '这是 PowerPoint 文件，不是 Word 文档：请发送 .docx（This is a PowerPoint file, not a Word document: send the .docx）',
    );

  const dir = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const stylesPath = relTarget(rels, documentPath, 'styles') ?? `${dir}styles.xml`;
  const numberingPath = relTarget(rels, documentPath, 'numbering') ?? `${dir}numbering.xml`;
  const parts = extract(bytes, (name) => name === documentPath || name === stylesPath || name === numberingPath);

  const document = parts.get(documentPath);
  if (!document)
    throw new NoticeError(
      `无法读取 Word 文件：压缩包里没有 ${documentPath}，不是有效的 .docx（Cannot read the Word file: the archive has no ${documentPath}）`,
    );
  return { documentPath, document, styles: parts.get(stylesPath) ?? null, numbering: parts.get(numberingPath) ?? null };
}

/** Part names are case-insensitive in OPC, and some Windows zippers write backslashes. */
function partName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** Inflates only the wanted parts, refusing before inflating when they would add up past the cap. */
function extract(bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  let total = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!wanted(partName(f.name))) return false;
        total += f.originalSize;
        if (total > MAX_DOCX_PART_BYTES)
          throw new NoticeError(
            `无法读取 Word 文件：正文解压后超过 ${MAX_DOCX_PART_BYTES / 1048576} MB，疑似异常文件（Cannot read the Word file: its text would inflate beyond ${MAX_DOCX_PART_BYTES / 1048576} MB）`,
          );
        return true;
      },
    });
  } catch (e) {
    if (e instanceof NoticeError) throw e;
    throw new NoticeError(NOT_DOCX);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) out.set(partName(name), data);
  return out;
}

/**
 * The target of `source`'s relationship whose type ends in `/type` (transitional and strict
 * OOXML use different type URIs with the same last segment). `source` '' is the package itself.
 */
function relTarget(rels: Map<string, Uint8Array>, source: string, type: string): string | null {
  const slash = source.lastIndexOf('/');
  const dir = source.slice(0, slash + 1);
  const relsPath = `${dir}_rels/${source.slice(slash + 1)}.rels`;
  const data = rels.get(relsPath);
  if (!data) return null;
  let root: XNode[];
  try {
    root = parseXml(data, relsPath);
  } catch {
    return null; // fall back to the conventional part names
  }
  for (const rel of children(child(root, 'Relationships'), 'Relationship')) {
    if (attr(rel, 'TargetMode') === 'External') continue;
    if (!(attr(rel, 'Type') ?? '').endsWith(`/${type}`)) continue;
    const target = attr(rel, 'Target');
    if (target) return resolvePart(dir, target);
  }
  return null;
}

function resolvePart(dir: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // keep it as written
  }
  const segments = (t.startsWith('/') ? t : dir + t).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '..') out.pop();
    else if (s && s !== '.') out.push(s);
  }
  return partName(out.join('/'));
}

// ---------------------------------------------------------------------------------------------
// XML

/** A fast-xml-parser node in preserveOrder form: { tag: children, ':@': attributes } or { '#text': s }. */
type XNode = Record<string, unknown>;

const XML_ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * fast-xml-parser leaves numeric character references (&#x4E00;) undecoded by default, and
 * decoding them afterwards would also decode a literal "&amp;#65;". One pass does both right.
 */
const xmlEntities = {
  decode: (text: string): string =>
    text.indexOf('&') < 0
      ? text
      : text.replace(XML_ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
          if (name) return NAMED[name];
          const cp = parseInt(hex ?? dec ?? '', hex ? 16 : 10);
          return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
        }),
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Word writes w:, but strict OOXML and some generators bind other prefixes to the same
  // namespace; drawings, whose a:p / a:t would collide, are skipped before we look inside.
  removeNSPrefix: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  entityDecoder: xmlEntities,
});

function parseXml(data: Uint8Array, part: string): XNode[] {
  const broken = `无法读取 Word 文件：文件已损坏，${part} 不是有效的 XML（Cannot read the Word file: it is damaged, ${part} is not valid XML）`;
  let xml: string;
  try {
    xml = decodeXml(data);
  } catch {
    throw new NoticeError(broken);
  }
  // Word never writes a DTD; refusing one rules out entity-expansion tricks wholesale.
  if (xml.includes('<!DOCTYPE')) throw new NoticeError(broken);
  if (XMLValidator.validate(xml) !== true) throw new NoticeError(broken);
  try {
    return parser.parse(xml) as XNode[];
  } catch {
    throw new NoticeError(broken);
  }
}

function decodeXml(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  return new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
}

function tagOf(n: XNode): string {
  for (const k in n) if (k !== ':@') return k;
  return '';
}

function kids(n: XNode | undefined): XNode[] {
  if (!n) return [];
  const v = n[tagOf(n)];
  return Array.isArray(v) ? (v as XNode[]) : [];
}

function child(nodes: XNode[] | XNode | undefined, tag: string): XNode | undefined {
  const list = Array.isArray(nodes) ? nodes : kids(nodes);
  return list.find((n) => tagOf(n) === tag);
}

function children(n: XNode | undefined, tag: string): XNode[] {
  return kids(n).filter((c) => tagOf(c) === tag);
}

function attr(n: XNode | undefined, name: string): string | undefined {
  const a = n?.[':@'] as Record<string, string> | undefined;
  return a?.[`@_${name}`];
}

function val(n: XNode | undefined): string | undefined {
  return attr(n, 'val');
}

// ---------------------------------------------------------------------------------------------
// Body, tables, paragraphs

interface Ctx {
  numbering: Numbering | null;
}

function bodyBlocks(nodes: XNode[], ctx: Ctx, out: Block[]): void {
  for (const n of nodes) {
    switch (tagOf(n)) {
      case 'p':
        // The export puts each line of a paragraph (a w:br) on its own line, and tab-text.ts
        // makes one block per line; doing the same here keeps titles and headings aligned.
        for (const line of paragraphText(n, ctx, '\t').split('\n')) {
          const text = line.trim();
          if (text) out.push({ kind: 'para', text });
        }
        break;
      case 'tbl': {
        const rows = tableRows(n, ctx);
        if (rows.length) out.push({ kind: 'table', rows, source: 'docx' });
        break;
      }
      case 'sdt':
        if (!showsPlaceholder(n)) bodyBlocks(kids(child(n, 'sdtContent')), ctx, out);
        break;
      case 'customXml':
        bodyBlocks(kids(n), ctx, out);
        break;
    }
  }
}

function tableRows(tbl: XNode, ctx: Ctx): string[][] {
  const rows: string[][] = [];
  for (const tr of unwrap(kids(tbl), 'tr')) {
    // A row deleted with tracking on still holds its (deleted) cells.
    if (child(child(tr, 'trPr'), 'del')) continue;
    const row: string[] = [];
    for (const tc of unwrap(kids(tr), 'tc')) {
      const pr = child(tc, 'tcPr');
      if (child(pr, 'cellDel')) continue;
      // w:hMerge is the pre-2007 way of merging across; its continuation cells are part of the
      // cell to their left, as with w:gridSpan. ST_Merge's default is "continue".
      const h = child(pr, 'hMerge');
      if (h && val(h) !== 'restart') continue;
      const v = child(pr, 'vMerge');
      if (v && val(v) !== 'restart') {
        row.push('');
        continue;
      }
      row.push(cellText(tc, ctx));
    }
    if (row.length) rows.push(row);
  }
  return rows;
}

/** Rows and cells may sit inside content controls or custom XML; those wrappers carry no text of their own. */
function unwrap(nodes: XNode[], tag: string): XNode[] {
  const out: XNode[] = [];
  for (const n of nodes) {
    const t = tagOf(n);
    if (t === tag) out.push(n);
    else if (t === 'sdt') out.push(...unwrap(kids(child(n, 'sdtContent')), tag));
    else if (t === 'customXml') out.push(...unwrap(kids(n), tag));
  }
  return out;
}

function cellText(tc: XNode, ctx: Ctx): string {
  const lines: string[] = [];
  cellLines(kids(tc), ctx, lines);
  return trimCell(lines.join('\n'));
}

function cellLines(nodes: XNode[], ctx: Ctx, lines: string[]): void {
  for (const n of nodes) {
    switch (tagOf(n)) {
      case 'p':
        // Tabs separate cells in the text export, so a tab inside a cell can only be a space.
        lines.push(paragraphText(n, ctx, ' '));
        break;
      case 'tbl':
        lines.push(nestedTableText(n, ctx));
        break;
      case 'sdt':
        if (!showsPlaceholder(n)) cellLines(kids(child(n, 'sdtContent')), ctx, lines);
        break;
      case 'customXml':
        cellLines(kids(n), ctx, lines);
        break;
    }
  }
}

/** A table inside a cell has no place in a grid of strings: its rows become lines of the cell. */
function nestedTableText(tbl: XNode, ctx: Ctx): string {
  return tableRows(tbl, ctx)
    .map((r) => r.filter(Boolean).join(' '))
    .filter(Boolean)
    .join('\n');
}

function paragraphText(p: XNode, ctx: Ctx, tab: string): string {
  const parts: string[] = [];
  runText(kids(p), tab, parts);
  // A paragraph deleted whole with tracking on (its mark deleted too) is gone once the changes
  // are accepted, so it must not take a list number either.
  if (!parts.length && child(child(child(p, 'pPr'), 'rPr'), 'del')) return '';
  const label = ctx.numbering?.label(p, tab) ?? '';
  return (label + parts.join('')).replace(/\t/g, tab);
}

/**
 * Run-level content. Unknown elements are descended into, so text inside wrappers Word adds
 * over the years (hyperlinks, smart tags, content controls, simple fields, w:ins, w:moveTo…)
 * is kept; what must not be read is listed explicitly.
 */
function runText(nodes: XNode[], tab: string, out: string[]): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    switch (tag) {
      case 't':
        out.push(textOf(n));
        break;
      case 'tab':
      case 'ptab':
        out.push(tab);
        break;
      case 'br':
      case 'cr':
        out.push('\n');
        break;
      case 'noBreakHyphen':
        out.push('-');
        break;
      case 'AlternateContent': {
        // Choice and Fallback are two renderings of one thing: read only one.
        const choice = child(n, 'Choice') ?? child(n, 'Fallback');
        if (choice) runText(kids(choice), tab, out);
        break;
      }
      case 'sdt':
        if (!showsPlaceholder(n)) runText(kids(child(n, 'sdtContent')), tab, out);
        break;
      case '#text':
      case 'pPr':
      case 'rPr':
      case 'sdtPr':
      case 'sdtEndPr':
      // Tracked deletions and the source side of a tracked move.
      case 'del':
      case 'moveFrom':
      case 'delText':
      // Field codes ({ PAGE }, { HYPERLINK "…" }): their result runs hold the shown text.
      case 'instrText':
      case 'delInstrText':
      // Drawings, VML shapes, embedded objects and text boxes float outside the text flow.
      case 'drawing':
      case 'pict':
      case 'object':
      case 'txbxContent':
      // Ruby (pinyin) annotations above the base text.
      case 'rt':
      case 'softHyphen':
      case 'sym':
        break;
      default:
        runText(kids(n), tab, out);
    }
  }
}

/** w:t drops surrounding whitespace unless it says xml:space="preserve", as Word reads it. */
function textOf(t: XNode): string {
  let s = '';
  for (const c of kids(t)) if (typeof c['#text'] === 'string') s += c['#text'];
  return attr(t, 'space') === 'preserve' ? s : s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/** A content control showing its "click here to enter text" prompt holds no content of the notice. */
function showsPlaceholder(sdt: XNode): boolean {
  return !!child(child(sdt, 'sdtPr'), 'showingPlcHdr');
}

// ---------------------------------------------------------------------------------------------
// Automatic numbering (numbering.xml): the export writes list labels out as text

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

function tryNumbering(numbering: Uint8Array, styles: Uint8Array | null): Numbering | null {
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

class Numbering {
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
