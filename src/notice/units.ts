/**
 * Unit (部门/单位) lists in 牵头部门 / 责任单位 cells.
 *
 * A cell is free text typed by a clerk, so the same list arrives separated by newlines, 、，；,
 * spaces — or by nothing at all when a PDF or a careless paste glued two names together
 * ("区城乡建设和交通局区农业服务中心"). Names also carry brackets that contain separators
 * ("各镇（街道、开发区）"), shared suffixes ("疃里镇、马集镇政府") and "等" tails
 * ("区经济发展局等相关部门单位"). The functions here turn such a cell into canonical names and
 * classify them; a department directory later expands the group terms (区直各部门, 各街道…).
 *
 * The rules are written for any locality's notice (区/县/市/镇/街道 prefixes, 科室 in small
 * units), not for the notices we happen to have; every heuristic says why it is safe.
 */
import type { DepartmentKind } from '../terms';
import { cleanTextKeepSpaces, normalizeName, toSimplified } from './normalize';

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** A cell that says "nobody" (the column does not apply to this row). */
const NONE_CELL = /^(?:[—–\-－─━_/／\\、.。…·]+|无|暂无|无需|空|略|\/)$/;

/**
 * Endings of an institution name. A place prefix (区/县/…) directly after one of these starts a
 * new unit; multi-character endings are listed so the intent is readable — the single
 * characters already cover them.
 */
const UNIT_SUFFIX =
  /(?:办公室|委员会|指挥部|工作部|办事处|人民政府|政府|公司|集团|中心|分局|大队|支队|中队|局|部|院|队|站|所|科|室|办|委|会|处|馆|联|协|行|社|厅|组)$/;

/** Place-level prefixes that begin a unit name in a list ("区财政局", "县公安局", "镇政府"). */
const PLACE_PREFIX = /^(?:街道|区|县|市|省|镇|乡)/;

/**
 * Words that begin with a place character but are not a place prefix: "市场监管…" after
 * "区经济发展局" is not the start of a 市-level unit. Used only when deciding a glued split.
 */
const NOT_A_PREFIX = /^(?:市场|市政|市容|市民|市区|市直|区域|区块|区间|县域|县直|区直|省直|乡村|镇村|乡镇|街道办|市级|县级|区级|省级|镇级)/;

/**
 * A branch hanging off the unit before it: "(经开)区分局", "汶上县分局", "市中区分局",
 * "(经开区)勤务大队". "市生态环境局经开区分局" is ONE unit (the city bureau's branch in the
 * district), so a place character followed by such a tail is never a new unit. The place part
 * holds no unit suffix, so "区税务局城区分局" still starts a unit of its own.
 */
const BRANCH_TAIL =
  /^[^局部委办室所站队院处科心司、，]{0,8}?[区县市旗](?:分局|分中心|分公司|分院|分所|分队|支队|大队|中队|勤务大队|派出所|支行|分行|营业部)/;

/** Bare place names whose shared suffix may be written once at the end ("A镇、B镇政府"). */
const BARE_PLACE = /(?:镇|乡|街道)$/;
/** The last item of such a list: the place plus the suffix to share. */
const PLACE_WITH_SUFFIX = /^(.+?(镇|乡|街道))(人民政府|政府|办事处|党委|党工委|党政办公室)$/;

/** Markers that make a name collective rather than a named unit. */
const GROUP_MARKER = /各|有关|相关|全体|所属|两/;
/** Collective nouns that a group marker quantifies over; a group term ends with one. */
const COLLECTIVE_END = /(?:部门|单位|机构|街道|乡镇|镇|乡|科室|中心|公司|企业|社区|村|办事处|政府|站所|园区|开发区|系统|区县|县区)$/;

// ---------------------------------------------------------------------------------------------
// Group terms
// ---------------------------------------------------------------------------------------------

function stripBrackets(s: string): string {
  let out = s;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(/（[^（）]*）/g, '').replace(/\([^()]*\)/g, '');
  }
  return out;
}

/**
 * Collective terms that a department directory expands: 区直各部门, 相关派驻机构, 各街道,
 * 各乡镇（街道）人民政府（办事处）, 县政府有关部门、单位, 两镇, 各级各部门 …
 *
 * Rule: a term that starts with 各 ("every …"); or 区直/县直/市直 + 部门/单位/机构; or 驻区/派驻 +
 * 单位/部门/机构; or one where 各/有关/相关/全体/所属/两 appears near the front (after a short
 * owner like "县政府") and the term ends with a collective noun (部门/单位/机构/街道/乡镇/镇/科室/
 * 中心/公司…). A named unit that merely ends with such a noun ("区社会事业中心") has no marker
 * and is not a group; neither is prose with a marker deep inside it.
 */
export function isGroupTerm(name: string): boolean {
  const n = stripBrackets(normalizeName(name));
  if (!n) return false;
  // 各X is "every X" — no named unit starts with 各.
  if (n.startsWith('各')) return true;
  if (/^[区县市省]直(?:属)?(?:各|有关|相关)?(?:部门|单位|机构)/.test(n)) return true;
  if (/^(?:驻|派驻)[区县市镇乡]?(?:各|有关|相关)?(?:单位|部门|机构)/.test(n)) return true;
  const m = GROUP_MARKER.exec(n);
  // The marker must sit near the front (after at most a short owner such as "县政府",
  // "区直", "驻区"), and the term must END with the collective noun it quantifies:
  // "县政府有关部门，单位", "相关派驻机构", "各有法定行政执法权的单位". A marker deep inside a
  // long phrase ("…公布各级政府行政机关机构职能目录") is prose, not a group.
  if (!m || m.index > 6) return false;
  if (!COLLECTIVE_END.test(n)) return false;
  // "两" only counts when it directly quantifies places/units: "两镇", "两区", "两个街道".
  if (m[0] === '两') return /^两个?(?:镇|乡|街道|区|县|部门|单位|中心)/.test(n.slice(m.index));
  return true;
}

/**
 * Which department kinds a group term covers. The mapping (union of every rule that applies,
 * returned in DEPARTMENT_KINDS order):
 *
 *  - 各级各部门 / 全体 (everyone)                         → all kinds
 *  - 驻区 / 驻县 / 派驻 / 垂管 (dispatched units)          → ['agency'] only — "驻区各单位" is
 *    the dispatched units, not every unit in the district
 *  - 街道 / 乡镇 / 镇 / 乡 / 办事处 / 开发区 in the term      → 'town'
 *  - 部门                                                 → 'office', 'department'
 *  - 单位 (with or without 部门: 各部门单位, 有关部门、单位) → 'office', 'department', 'agency'
 *    (a "unit" also covers the dispatched agencies the district works with)
 *  - 机构 (without 派驻)                                  → 'department', 'agency'
 *  - 公司 / 企业 / 企事业                                  → 'enterprise'
 *  - 科室                                                 → 'department' (sections of a unit)
 *  - 中心 (各中心)                                         → 'department' (district service centres)
 *
 * A term none of these recognise yields [] so the caller can warn instead of guessing.
 */
export function groupKinds(term: string): DepartmentKind[] {
  const n = stripBrackets(normalizeName(term));
  const kinds = new Set<DepartmentKind>();
  if (/各级各部门|全体|所有单位|各级各类/.test(normalizeName(term))) {
    return ['office', 'department', 'agency', 'town', 'enterprise'];
  }
  const full = normalizeName(term); // brackets matter here: "各乡镇（街道）"
  if (/街道|乡镇|镇|乡|办事处|开发区/.test(full)) kinds.add('town');
  if (/派驻|驻[区县市镇乡]|驻.{0,2}(?:各|有关|相关)?单位|垂管|垂直管理/.test(n)) {
    kinds.add('agency');
  } else {
    if (/部门/.test(n)) {
      kinds.add('office');
      kinds.add('department');
    }
    if (/单位/.test(n) && !/企事业单位/.test(n)) {
      kinds.add('office');
      kinds.add('department');
      kinds.add('agency');
    }
    if (/机构/.test(n)) {
      kinds.add('department');
      kinds.add('agency');
    }
  }
  if (/公司|企业/.test(n)) kinds.add('enterprise');
  if (/科室/.test(n)) kinds.add('department');
  if (/中心/.test(n)) kinds.add('department');
  const order: DepartmentKind[] = ['office', 'department', 'agency', 'town', 'enterprise'];
  return order.filter((k) => kinds.has(k));
}

// ---------------------------------------------------------------------------------------------
// Kind of a named unit
// ---------------------------------------------------------------------------------------------

/**
 * Classify a named unit.
 *
 *  - 'office': the issuing government office — 党政办公室 / 政府办公室 / 管委会办公室 /
 *    党工委办公室 / 区委办公室, or "办公室" alone (a unit's own office in 科室-level notices).
 *    A topical 办公室 ("区扶贫办公室") is a department.
 *  - 'town': ends with 镇/乡/街道/办事处, or 镇(人民)政府 / 乡(人民)政府 / 街道党工委.
 *  - 'agency': vertically managed or dispatched — a 市/省 bureau's branch ("市生态环境局汶上县分局",
 *    "市公安局交通警察支队经开区勤务大队"), any 分局 ("区医保分局"), 税务, 公安, 派出所, 海关, 气象,
 *    消防, 调查队, 人民银行, 法院, 检察院, names with 驻/派驻.
 *  - 'enterprise': 公司/集团/银行/供电/供水/燃气/热力/水务集团/医院/学校 — 公共企事业单位.
 *  - otherwise 'department'.
 * Agency is tested before enterprise so "人民银行" and "国家税务总局…" are not enterprises.
 */
export function inferKind(name: string): DepartmentKind {
  const full = normalizeName(name);
  const n = stripBrackets(full);
  if (n === '办公室') return 'office';
  if (/(?:党政|人民政府|政府|管委会|管理委员会|党工委|工委|党委|[区县市镇]委)办公室$/.test(n)) {
    return 'office';
  }
  if (/(?:镇|乡|街道)(?:人民政府|政府|党委|党工委|便民服务中心)?$/.test(n) || /办事处$/.test(n)) {
    return 'town';
  }
  if (
    /^[市省].+局.+(?:分局|大队|支队|中队|所|站)$/.test(n) ||
    /分局$/.test(n) ||
    /税务|公安|派出所|海关|气象|消防|调查队|人民银行|法院|检察院|派驻|^驻|驻[区县市镇乡]|人武部|武装部|边检|出入境|烟草|邮政管理/.test(n)
  ) {
    return 'agency';
  }
  if (/公司|集团|银行|供电|供水|燃气|热力|水务集团|电力|通信|移动|联通|电信|医院|学校|中学|小学|幼儿园|卫生院/.test(n)) {
    return 'enterprise';
  }
  return 'department';
}

// ---------------------------------------------------------------------------------------------
// Splitting
// ---------------------------------------------------------------------------------------------

const OPEN = '（([【〔［';
const CLOSE = '）)]】〕］';

/** Split at separator characters that are outside any bracket. */
function splitOutsideBrackets(s: string, isSep: (ch: string) => boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && isSep(ch)) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/** Positions (code-unit indexes) in s that are outside every bracket. */
function topLevelMask(s: string): boolean[] {
  const mask: boolean[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (OPEN.includes(ch)) {
      mask.push(false);
      depth++;
      continue;
    }
    if (CLOSE.includes(ch)) {
      depth = Math.max(0, depth - 1);
      mask.push(false);
      continue;
    }
    mask.push(depth === 0);
  }
  return mask;
}

/** Drop trailing bracket groups: "区党政办公室（宣传）" → "区党政办公室". */
function withoutTrailingBrackets(s: string): string {
  let out = s;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(/[（(][^（）()]*[）)]$/, '');
  }
  return out;
}

/**
 * Does s end like a complete institution name? Besides the suffix, the name must have a body of
 * at least two characters after its place prefix: "区科" + "技局" is not "区科" (a 科) followed by
 * a unit, and "区委区政府" stays together.
 */
export function endsAsUnit(s: string): boolean {
  const core = withoutTrailingBrackets(s);
  if (!UNIT_SUFFIX.test(core)) return false;
  const body = core.replace(PLACE_PREFIX, '');
  return [...body].length >= 2;
}

/** Could s begin a new unit name (as opposed to continuing the previous one)? */
function startsNewUnit(s: string): boolean {
  if (!s) return false;
  if (BRANCH_TAIL.test(s)) return false;
  if (NOT_A_PREFIX.test(s)) return false;
  return PLACE_PREFIX.test(s);
}

/**
 * Split names glued together with no separator. A cut goes where a complete name (see
 * endsAsUnit) is immediately followed by a place prefix that starts a new name; never inside
 * brackets, and never before a branch tail ("市生态环境局经开区分局" has no prefix after 局
 * anyway, and "市公安局市中区分局" is caught by BRANCH_TAIL). The remainder must itself look
 * like a unit, so "区财政局区" does not lose its last character to a phantom unit.
 */
function splitGlued(s: string): string[] {
  const mask = topLevelMask(s);
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < s.length; i++) {
    if (!mask[i] || i - start < 2) continue;
    const left = s.slice(start, i);
    const rest = s.slice(i);
    if (!endsAsUnit(left) || !startsNewUnit(rest)) continue;
    if (!UNIT_SUFFIX.test(withoutTrailingBrackets(rest)) && !isGroupTerm(rest)) {
      // The remainder might still contain a unit further on ("区A局区B中心区C办"); the last
      // name must end like a unit, checked on the whole remainder.
      continue;
    }
    out.push(left);
    start = i;
  }
  out.push(s.slice(start));
  return out;
}

/**
 * Within one separator-delimited piece, decide what each space means. A space after a complete
 * name and before something that starts a name separates two units ("区党政办公室 区经济发展局",
 * "疃里镇 马集镇政府"); any other space is a PDF line wrap inside one name ("区财政 金融局",
 * "等相关 部门单位") and is dropped.
 */
function splitAtSpaces(piece: string): string[] {
  const frags = piece.split(/\s+/).filter(Boolean);
  if (frags.length <= 1) return frags;
  const out: string[] = [];
  let cur = frags[0];
  for (const next of frags.slice(1)) {
    if (spaceSeparates(cur, next)) {
      out.push(cur);
      cur = next;
    } else {
      cur += next;
    }
  }
  out.push(cur);
  return out;
}

function spaceSeparates(left: string, right: string): boolean {
  if (right.startsWith('等') || BRANCH_TAIL.test(right)) return false;
  const leftComplete =
    endsAsUnit(left) ||
    isGroupTerm(left) ||
    // A bare town name ("疃里镇") — but not "区城乡" (a prefixed fragment ending in 乡).
    (BARE_PLACE.test(left) && !PLACE_PREFIX.test(left) && [...left].length >= 2);
  if (!leftComplete) return false;
  if (startsNewUnit(right) || isGroupTerm(right) || /^(?:各|有关|相关|驻|派驻)/.test(right)) {
    return true;
  }
  // A right side with no prefix is a unit of its own only when it is clearly a whole name
  // ("文化传媒集团"), not a two- or three-character fragment ("金融局", "学院").
  return endsAsUnit(right) && [...right].length >= 4;
}

/** "部门、单位" (with 、，, 和 及 与) names ONE collective: protect it from the list separators. */
const DEPT_AND_UNIT = /部门[、，,和及与]单位/g;
const PROTECT = '\ue000';

/**
 * Split "X等Y": X are named units, Y (after 等) is the group they belong to. Y is kept only
 * when it is a recognisable group term ("相关部门单位", "县政府有关部门、单位"); a bare
 * "等部门"/"等单位" adds nobody we could resolve and is dropped. A 等 that is part of a name
 * ("区中等职业学校") is left alone because what follows it is not a group.
 */
function splitEtc(piece: string): string[] {
  const mask = topLevelMask(piece);
  for (let i = piece.indexOf('等'); i >= 0; i = piece.indexOf('等', i + 1)) {
    if (!mask[i]) continue;
    const left = piece.slice(0, i);
    const rightRaw = piece.slice(i + 1).replace(new RegExp(PROTECT, 'g'), '、');
    const right = rightRaw.replace(/^(?:其他|其它)/, '');
    if (!left) continue;
    if (right === '') return [left];
    if (isGroupTerm(right)) return [left, right];
    // "区财政局等部门" / "等单位": the tail names nobody we could resolve.
    if (/^(?:部门|单位|部门单位|部门、单位|机构|科室)$/.test(right)) return [left];
  }
  return [piece];
}

/**
 * "A和B" where both sides are group terms ("两镇和区直各部门") is a list. 和 inside a name
 * ("区城乡建设和交通局") is left alone because its sides are not group terms.
 */
function splitAndBetweenGroups(piece: string): string[] {
  const mask = topLevelMask(piece);
  for (let i = 0; i < piece.length; i++) {
    if (!mask[i] || !'和及与'.includes(piece[i])) continue;
    const left = piece.slice(0, i);
    const right = piece.slice(i + 1);
    if (isGroupTerm(left) && isGroupTerm(right)) return [left, ...splitAndBetweenGroups(right)];
  }
  return [piece];
}

/**
 * A suffix written once for several places: "疃里镇、马集镇政府" → 疃里镇政府, 马集镇政府;
 * "A街道、B街道办事处" → both 办事处. Only bare place names directly before the suffixed item get
 * it, and only from a place of the same level (a 街道 never gets a 镇's 政府).
 */
function shareSuffix(items: string[]): string[] {
  const out = [...items];
  for (let j = out.length - 1; j > 0; j--) {
    const m = PLACE_WITH_SUFFIX.exec(out[j]);
    if (!m || isGroupTerm(out[j])) continue;
    const level = m[2] === '街道' ? 'street' : 'town';
    const suffix = m[3];
    for (let i = j - 1; i >= 0; i--) {
      const item = out[i];
      if (!BARE_PLACE.test(item) || isGroupTerm(item) || PLACE_WITH_SUFFIX.test(item)) break;
      const itemLevel = item.endsWith('街道') ? 'street' : 'town';
      if (itemLevel !== level) break;
      out[i] = item + suffix;
    }
  }
  return out;
}

/**
 * A 牵头部门 / 责任单位 cell → canonical unit names, in order, without duplicates.
 * "——", "—", "-", "/", "无" and an empty cell mean nobody → [].
 */
export function splitUnits(cell: string): string[] {
  const text = toSimplified(cleanTextKeepSpaces(cell ?? ''))
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
  if (!text || NONE_CELL.test(text.replace(/\s+/g, ''))) return [];

  const protectedText = text.replace(DEPT_AND_UNIT, (m) => m.replace(/[、，,和及与]/, PROTECT));
  const pieces = splitOutsideBrackets(protectedText, (ch) => '\n、，,；;。/／|｜'.includes(ch));

  const names: string[] = [];
  for (const piece of pieces) {
    for (const spaced of splitAtSpaces(piece.trim())) {
      for (const anded of splitAndBetweenGroups(spaced)) {
        const [named, group] = splitEtc(anded);
        for (const unit of splitGlued(named)) names.push(unit);
        if (group !== undefined) names.push(group);
      }
    }
  }

  const restored = names.map((n) => n.replace(new RegExp(PROTECT, 'g'), '、'));
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of shareSuffix(restored.map(normalizeName))) {
    const name = normalizeName(raw);
    if (!name || NONE_CELL.test(name) || seen.has(name)) continue;
    seen.add(name);
    result.push(name);
  }
  return result;
}
