import type { ParsedTask } from './types';
import { headingLevel, stripNumbering } from './headings';
import { extractRoles } from './units';
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
        else tasks.push(taskOf(n.text, path, year));
      }
    };
    walk(outline(seg.filter((p) => !/^附件[:：]/.test(p.trim()))), []);
    if (tasks.length > best.length) best = tasks;
  }
  return best;
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
