/**
 * Leaders ask in plain words: "财政局怎么样", "逾期的有哪些", "本月到期", "哪些单位没报". This module
 * turns such a message into what to show (pure: the text and the directory in, a decision out).
 * It only sees text no chat command claimed (the dispatcher tries the commands first), so it never
 * takes "我的任务" or "汇报进展" away from them.
 *
 * Departments are found by their directory name or an alias written in the question, then by the
 * name without its 区/县/市 prefix (财政局 = 区财政局), then as a common short form: the remaining
 * words' characters appear in order in the name, with the same first and last character
 * (发改局 = 区发展和改革局, 人社局 = 区人力资源和社会保障局). A question that fits two or three
 * departments or intents equally well is answered with choices, not a guess.
 */
import { cleanText, toSimplified } from './notice/normalize';

export type AskIntent = 'overall' | 'department' | 'overdue' | 'due_month' | 'silent';

export interface AskQuery {
  intent: AskIntent;
  /** The department the answer is narrowed to. */
  departmentId?: number;
}

export type AskMatch =
  | { kind: 'answer'; query: AskQuery }
  /** Two or three readings of the question, best first. */
  | { kind: 'choose'; choices: AskQuery[] }
  /** Nothing recognised; `unknownUnit` is what looked like a unit name the directory does not have. */
  | { kind: 'none'; unknownUnit: string | null };

export interface AskDepartment {
  id: number;
  name: string;
  aliases: readonly string[];
}

/** At most this many choices: more is a list to read, not a question to answer. */
const MAX_CHOICES = 3;

/** Questions about one list. Order matters: "没有进展" is a unit that has not reported, not a request for progress. */
const LIST_INTENTS: readonly [Exclude<AskIntent, 'overall' | 'department'>, RegExp][] = [
  ['silent', /(?:还|都|一直|从)?(?:没有|没|未|尚未|从未|不)(?:有)?(?:汇报|报送|上报|报|反馈|动静|更新|提交|进展)|silent|not\s*reported/gi],
  ['overdue', /逾期|超期|过期|超时|延期|拖期|没按时|未按时|overdue/gi],
  ['due_month', /(?:本月|这个月|这月|当月|本月份)(?:内|底)?(?:要|需要|将|会)?(?:到期|截止|完成|办结)?|this\s*month/gi],
];

/** "How is … doing": a department's summary, or everyone's. */
const STATUS_WORDS = /怎么样|怎样|如何|咋样|情况|进展|进度|完成率|完成得|干得|落实|表现|how(?:'s|\s+is|\s+are)?|status|progress/gi;
const OVERALL_WORDS = /整体|总体|全区|全县|全市|总的|大家|各单位|overall|everyone/gi;
/** Words a question is wrapped in, removed before what is left is read as a unit's short name. */
const FILLER =
  /有哪些|哪些|哪个|哪家|哪几个|有没有|有多少|多少|几个|什么|都有|列一下|列出|看看|看一下|查查|查一下|查询|请问|帮我|帮忙|我想|想知道|知道|问问|说说|现在|目前|最近|今年|一下|单位|部门|任务|工作|事项|的|了|吗|呢|啊|呀|吧|么|请|问|which|what|are|is|the|units?|departments?|tasks?|show|me|list|please|any/gi;
/** What a unit's name ends with: what is left of a question that ends so was meant as a unit. */
const UNIT_SUFFIX = /(?:局|委|办|院|中心|所|站|队|街道|镇|乡|部|处|科|室|公司|馆|厅|署)$/;

/** "区财政局" and "财政局" are the same office in a district's own questions. */
const bare = (name: string) => name.replace(/^(?:区|县|市)(?!直)/, '');

function normalize(text: string): string {
  return toSimplified(cleanText(text)).replace(/\s+/g, ' ').trim();
}

/** Characters of `short` appear in order in `name`, first and last in place: 发改局 in 发展和改革局. */
function isShortFormOf(short: string, name: string): boolean {
  if (short.length < 2 || short.length >= name.length || short[0] !== name[0] || short.at(-1) !== name.at(-1)) return false;
  let at = 0;
  for (const ch of short) {
    at = name.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

interface Found {
  id: number;
  /** 3: name or alias as written; 2: without 区/县/市; 1: a short form. */
  score: number;
}

/** The departments the question names, best reading first; the spans they took are blanked in `text`. */
function findDepartments(text: string, directory: readonly AskDepartment[]): { found: Found[]; rest: string } {
  const best = new Map<number, number>();
  const spans: string[] = [];
  const note = (id: number, score: number, span: string) => {
    if ((best.get(id) ?? 0) < score) best.set(id, score);
    spans.push(span);
  };
  for (const d of directory) {
    const forms = [d.name, ...d.aliases].map(normalize).filter((f) => f.length >= 2);
    for (const f of forms) if (text.includes(f)) note(d.id, 3, f);
    for (const f of forms.map(bare)) if (f.length >= 2 && text.includes(f)) note(d.id, 2, f);
  }
  // Longest first, so blanking "区财政局" leaves no "财政局" behind.
  let rest = text;
  for (const s of [...new Set(spans)].sort((a, b) => b.length - a.length)) rest = rest.split(s).join(' ');
  return { found: [...best].map(([id, score]) => ({ id, score })), rest };
}

function shortForms(term: string, directory: readonly AskDepartment[]): Found[] {
  return directory
    .filter((d) => [d.name, ...d.aliases].map((n) => bare(normalize(n))).some((n) => isShortFormOf(term, n)))
    .map((d) => ({ id: d.id, score: 1 }));
}

/** The departments at the best score, in directory order (as given). */
function bestOf(found: Found[], directory: readonly AskDepartment[]): number[] {
  const top = Math.max(0, ...found.map((f) => f.score));
  const ids = new Set(found.filter((f) => f.score === top).map((f) => f.id));
  return directory.filter((d) => ids.has(d.id)).map((d) => d.id);
}

function take(text: string, re: RegExp): { hit: boolean; rest: string } {
  let hit = false;
  const rest = text.replace(re, () => {
    hit = true;
    return ' ';
  });
  return { hit, rest };
}

export function understandQuestion(question: string, directory: readonly AskDepartment[]): AskMatch {
  const text = normalize(question);
  let { found, rest } = findDepartments(text, directory);

  const intents: AskIntent[] = [];
  for (const [intent, re] of LIST_INTENTS) {
    const t = take(rest, re);
    if (t.hit) intents.push(intent);
    rest = t.rest;
  }
  const status = take(rest, STATUS_WORDS);
  const overall = take(status.rest, OVERALL_WORDS);
  const leftover = overall.rest
    .replace(FILLER, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

  let unknownUnit: string | null = null;
  if (!found.length && leftover) {
    const term = leftover.replace(/\s+/g, '');
    found = shortForms(term, directory);
    // One run of characters ending like a unit name; words split by removed filler ("怎么办") are no name.
    if (!found.length && !/\s/.test(leftover) && term.length >= 3 && UNIT_SUFFIX.test(term)) unknownUnit = term;
  }
  // A unit the directory does not have: answering for everyone instead would mislead.
  if (unknownUnit) return { kind: 'none', unknownUnit };

  const departments = bestOf(found, directory).slice(0, MAX_CHOICES);
  if (departments.length > 1) {
    const intent = intents.length === 1 && intents[0] !== 'silent' ? intents[0] : 'department';
    return { kind: 'choose', choices: departments.map((departmentId) => ({ intent, departmentId })) };
  }
  const departmentId = departments[0];
  if (departmentId !== undefined) {
    // "财政局没报吗" is answered by its summary: it shows when the department last reported.
    const lists = intents.filter((i) => i !== 'silent');
    if (lists.length > 1) return { kind: 'choose', choices: lists.map((intent) => ({ intent, departmentId })) };
    return { kind: 'answer', query: { intent: lists[0] ?? 'department', departmentId } };
  }
  if (intents.length > 1) return { kind: 'choose', choices: intents.map((intent) => ({ intent })) };
  if (intents.length === 1) return { kind: 'answer', query: { intent: intents[0] } };
  if (status.hit || overall.hit) return { kind: 'answer', query: { intent: 'overall' } };
  return { kind: 'none', unknownUnit: null };
}
