/**
 * Roles written inside a cell or a sentence instead of in their own columns:
 *   "办公室牵头，各科室配合"                         → lead [办公室], responsible [各科室]
 *   "（牵头单位：区财政局；责任单位：各街道）", "[牵头单位:X;责任单位:Y]" → labelled lists
 *   "（市规划国土委负责落实）", "（X、Y分别负责落实）"  → responsible
 *   "由X负责", "X配合", "X等按职责分工落实"           → responsible
 *   "市发改委牵头落实", "X、Y分别牵头落实"            → lead
 *   "X会Y负责落实", "X会同Y"                         → lead X, responsible Y
 * The verb is a role, never part of a unit's name.
 */
import { cleanTextKeepSpaces, toSimplified } from './normalize';
import { endsAsUnit, isGroupTerm, splitUnits } from './units';

export interface Roles {
  lead: string[];
  responsible: string[];
  /** The text with the role clauses (and brackets left empty by them) removed. */
  rest: string;
}

/** Labels and the role they introduce. Longer labels first so "牵头单位" wins over "牵头". */
const LEAD_LABELS = ['牵头单位', '牵头部门', '牵头科室', '主责单位', '主责部门', '主办单位', '主办部门', '牵头'];
const RESP_LABELS = [
  '责任单位',
  '责任部门',
  '责任科室',
  '配合单位',
  '配合部门',
  '配合科室',
  '参与单位',
  '参与部门',
  '协办单位',
  '协办部门',
  '协同单位',
  '落实单位',
  '实施单位',
  '配合',
];

const LABEL_RE = new RegExp(`(${[...LEAD_LABELS, ...RESP_LABELS].sort((a, b) => b.length - a.length).join('|')})\\s*[:：]`, 'g');

/** Characters that end a clause: a role clause is a whole clause, never the middle of one. */
const CLAUSE_END = '，。；;,\n（()）[\\]【】［］';
const CLAUSE = new RegExp(`[^${CLAUSE_END}]+`, 'g');

const LEAD_VERB = '牵头负责|牵头落实|牵头推进|牵头实施|牵头办理|牵头';
/** Doing the work: the role the place gives (a lead column's "X负责" leads; in prose, X is responsible). */
const OWN_VERB = '负责落实|负责推进|负责实施|负责办理|负责|具体落实|落实';
/** Helping with it: always responsible, never lead. */
const HELP_VERB = '配合落实|配合|参与|协助|协同|协办';
/**
 * A role clause: optional 由, units, optional "分别" / "等按职责分工" / "共同", a role verb at the
 * very end. 牵头 must end its clause, so "各部门要牵头做好…" or "牵头单位要及时更新…" is prose.
 */
const ROLE_CLAUSE = new RegExp(`^(?:由)?(.+?)(?:等?(?:按照?职责分工|按职责|分别|共同|各自))?(${LEAD_VERB}|${OWN_VERB}|${HELP_VERB})$`);

function looksLikeUnits(list: string[]): boolean {
  return list.length > 0 && list.every((u) => isGroupTerm(u) || endsAsUnit(u) || u === '办公室');
}

/**
 * null when the text has no role marker, or the would-be units do not look like units.
 * `owner` is the role of units that simply do the work ("X负责", "X落实", "X会Y"): the column's
 * role in a table, responsible in running text.
 */
export function extractRoles(text: string, owner: 'lead' | 'responsible' = 'responsible'): Roles | null {
  const src = toSimplified(cleanTextKeepSpaces(text ?? ''));
  if (!src) return null;
  return labelledRoles(src) ?? verbRoles(src, owner);
}

/** Each label's value runs to the next label, a closing bracket, 。 or the end. */
function labelledRoles(src: string): Roles | null {
  const labels = [...src.matchAll(LABEL_RE)];
  if (!labels.length) return null;
  const lead: string[] = [];
  const responsible: string[] = [];
  const removals: [number, number][] = [];
  for (let k = 0; k < labels.length; k++) {
    const m = labels[k];
    const start = m.index!;
    const valueStart = start + m[0].length;
    const nextLabel = k + 1 < labels.length ? labels[k + 1].index! : src.length;
    let end = nextLabel;
    const stop = /[）)\]】］。]/.exec(src.slice(valueStart, nextLabel));
    if (stop) end = valueStart + stop.index;
    const list = splitUnits(src.slice(valueStart, end));
    (LEAD_LABELS.includes(m[1]) ? lead : responsible).push(...list);
    removals.push([start, end]);
  }
  let rest = src;
  for (const [s, e] of removals.reverse()) rest = rest.slice(0, s) + rest.slice(e);
  return { lead: dedupe(lead), responsible: dedupe(responsible), rest: tidyRest(rest) };
}

/** Clauses that are units followed by a role verb; every other clause stays in the text. */
function verbRoles(src: string, owner: 'lead' | 'responsible'): Roles | null {
  const lead: string[] = [];
  const responsible: string[] = [];
  const removals: [number, number][] = [];
  for (const m of src.matchAll(CLAUSE)) {
    const clause = m[0].trim();
    const r = ROLE_CLAUSE.exec(clause);
    const verb = r?.[2] ?? '';
    const role = LEAD_VERB.split('|').includes(verb) ? 'lead' : HELP_VERB.split('|').includes(verb) ? 'responsible' : owner;
    // "X会Y" needs no verb: 会 (会同) is itself the role marker.
    const roles = r ? clauseRoles(r[1].trim(), role) : together(clause);
    if (!roles) continue;
    lead.push(...roles.lead);
    responsible.push(...roles.responsible);
    removals.push([m.index!, m.index! + m[0].length]);
  }
  if (!removals.length) return null;
  let rest = src;
  for (const [s, e] of removals.reverse()) rest = rest.slice(0, s) + rest.slice(e);
  return { lead: dedupe(lead), responsible: dedupe(responsible), rest: tidyRest(rest) };
}

/** Units of a role clause: "X会Y" is X leading with Y; otherwise every unit takes the verb's role. */
function clauseRoles(units: string, role: 'lead' | 'responsible'): { lead: string[]; responsible: string[] } | null {
  const both = together(units);
  if (both) return both;
  const list = splitUnits(units);
  if (!looksLikeUnits(list)) return null;
  return role === 'lead' ? { lead: list, responsible: [] } : { lead: [], responsible: list };
}

/**
 * "X会Y" / "X会同Y" → X leads, Y takes part. 会 that ends a name (常委会, 协会, 联合会, 学会,
 * 商会, 工会) is no conjunction, and both sides must look like units.
 */
function together(text: string): { lead: string[]; responsible: string[] } | null {
  for (let i = text.indexOf('会'); i > 0; i = text.indexOf('会', i + 1)) {
    if (/[委协联学商工]/.test(text[i - 1])) continue;
    const right = text.slice(i + 1).replace(/^同/, '');
    const lead = splitUnits(text.slice(0, i));
    const others = splitUnits(right);
    if (right && looksLikeUnits(lead) && looksLikeUnits(others)) return { lead, responsible: others };
  }
  return null;
}

/**
 * Clean up the text a role clause was cut out of: drop brackets left empty, a separator left
 * dangling before other punctuation ("做好X工作，。" → "做好X工作。") and separators at the ends.
 */
function tidyRest(text: string): string {
  return text
    .replace(/[（([【［][\s；;，,、]*[）)\]】］]/g, '')
    .replace(/[，,；;、]\s*(?=[。；;，,！？!?]|$)/g, '')
    .replace(/([。；;！？!?])[，,、]+/g, '$1')
    .replace(/^[\s；;，,、。]+/, '')
    .trim();
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
