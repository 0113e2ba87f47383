import type { ParsedTask } from './types';
import { headingLevel, stripNumbering } from './headings';
import { extractRoles } from './roles';
import { deadlineInText } from './deadline';

interface Node {
  level: number;
  text: string;
  children: Node[];
}

/**
 * Splits paragraphs where a PDF conversion ran two numbered items together
 * ("…延伸解读。 (八)积极回应社会关切。…").
 */
function splitRunOn(paras: string[]): string[] {
  return paras.flatMap((p) => p.split(/(?<=[。；;])\s*(?=[（(][一二三四五六七八九十]+[）)])/));
}

function outline(paras: string[]): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const p of splitRunOn(paras)) {
    const level = headingLevel(p);
    if (level === null) {
      // Unnumbered text continues the open item (page breaks cut paragraphs in two).
      if (stack.length) stack[stack.length - 1].text += p;
      continue;
    }
    const node: Node = { level, text: p, children: [] };
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    (stack.length ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** "（一）立足实施重大战略推进政务公开。要主动公开…" → "（一）立足实施重大战略推进政务公开". */
export function headingOf(text: string): string {
  const end = text.search(/[。：:；;]/);
  return (end > 0 ? text.slice(0, end) : text).trim();
}

export interface ProseItem {
  /** Headings from the outermost down to the item's own, numbering stripped. */
  path: string[];
  text: string;
}

/** Every numbered item of the prose with its heading path, for mending tables that quote them. */
export function proseItems(paras: string[]): ProseItem[] {
  const out: ProseItem[] = [];
  const walk = (nodes: Node[], path: string[]) =>
    nodes.forEach((n) => {
      const here = [...path, stripNumbering(headingOf(n.text))];
      out.push({ path: here, text: n.text });
      walk(n.children, here);
    });
  walk(outline(paras), []);
  return out;
}

/**
 * A notice without a task table (a prose 工作要点): every numbered item without sub-items is a
 * task, under the headings of the items that enclose it. The body is taken from the part of the
 * document (cover letter, or after an "附件" line) whose outline has the most such items.
 */
export function tasksFromProse(paras: string[], year: number | null): ParsedTask[] {
  const segments: string[][] = [[]];
  for (const p of paras) {
    if (/^附件\s*\d*\s*$/.test(p.trim())) segments.push([]);
    else segments[segments.length - 1].push(p);
  }
  let best: ParsedTask[] = [];
  for (const seg of segments) {
    const tasks: ParsedTask[] = [];
    const walk = (nodes: Node[], path: string[]) => {
      for (const n of nodes) {
        if (n.children.length) walk(n.children, [...path, headingOf(n.text)]);
        else tasks.push(...leafTasks(n.text, path, year));
      }
    };
    walk(outline(seg.filter((p) => !/^附件[:：]/.test(p.trim()))), []);
    if (tasks.length > best.length) best = tasks;
  }
  return best;
}

/** A bracket holding only roles: "（市发展改革委负责落实）", "[牵头单位:X;责任单位:Y]". */
const BRACKET = /[（(【[［]([^（）()【】[\]［］]{2,160})[）)】\]］]/g;

function roleBracketEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(BRACKET)) {
    const roles = extractRoles(m[1]);
    if (roles && (roles.lead.length || roles.responsible.length) && !roles.rest.replace(/[\s。；;，,、]/g, '')) {
      let end = m.index! + m[0].length;
      if (/[。；;]/.test(text[end] ?? '')) end++;
      ends.push(end);
    }
  }
  return ends;
}

/**
 * A numbered item is one task, unless it names roles in brackets more than once: then each
 * stretch of text up to its bracket is a task of its own ("…做好解读（市发改委负责落实）。…公开
 * 清单（各区政府分别负责落实）。"), under the item's heading, and text after the last bracket is
 * one more task (with no units, which the preview then flags).
 */
function leafTasks(text: string, path: string[], year: number | null): ParsedTask[] {
  const ends = roleBracketEnds(text);
  if (ends.length < 2) return [taskOf(text, path, year)];
  const heading = headingOf(text);
  let start = text.indexOf(heading) + heading.length;
  // The heading sentence is the section, unless it holds the first bracket itself.
  if (start > ends[0] || !/[。：:]/.test(text[start] ?? '')) start = 0;
  const section = start ? [...path, heading] : path;
  const chunks: string[] = [];
  for (const end of ends) {
    chunks.push(text.slice(start, end));
    start = end;
  }
  const tail = text.slice(start);
  if (tail.replace(/[\s。；;，,、：:]/g, '')) chunks.push(tail);
  return chunks.map((c) => taskOf(c.replace(/^[\s。；;，,、：:]+/, ''), section, year));
}

function taskOf(text: string, section: string[], year: number | null): ParsedTask {
  let requirement = stripNumbering(text).trim();
  const roles = extractRoles(requirement);
  if (roles) requirement = roles.rest || requirement;
  return {
    section,
    requirement,
    lead: roles?.lead ?? [],
    responsible: roles?.responsible ?? [],
    deadline: deadlineInText(requirement, year) ?? { text: '', due: null, ongoing: false },
  };
}
