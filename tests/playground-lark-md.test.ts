// The page's lark_md renderer builds elements, never HTML: markup the cards use becomes bold,
// colour, tags and links; anything else, HTML included, stays the text it is.
import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import { LarkMd, decodeEntities } from '../playground/page/card/lark-md';

type Node = VNode<{ children?: unknown; href?: string; style?: Record<string, string> }>;

/** Every element (type, props) and every text in a rendered tree, depth first. */
function flatten(node: unknown, out: { elements: Node[]; text: string[] } = { elements: [], text: [] }) {
  if (Array.isArray(node)) for (const n of node) flatten(n, out);
  else if (typeof node === 'string' || typeof node === 'number') out.text.push(String(node));
  else if (node && typeof node === 'object' && 'type' in node) {
    out.elements.push(node as Node);
    flatten((node as Node).props.children, out);
  }
  return out;
}

const render = (content: string) => flatten(LarkMd({ content, ctx: { nameOf: (id) => (id === 'ou_zhang' ? '张丽' : id) } }));

describe('the playground’s lark_md renderer', () => {
  it('renders bold, <font>, <text_tag>, <person>, lists and http(s) links', () => {
    const r = render(
      "**逾期任务** · <font color='red'>3 项</font> <text_tag color='green'>已完成</text_tag> <person id='ou_zhang'></person>\n- 甲\n- 乙\n[公开页面](https://www.example.gov.cn/a)",
    );
    const types = r.elements.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['strong', 'span', 'ul', 'li', 'a']));
    expect(r.elements.find((e) => e.type === 'a')?.props.href).toBe('https://www.example.gov.cn/a');
    expect(r.elements.some((e) => e.props.style?.color === '#f54a45')).toBe(true);
    expect(r.text.join('')).toContain('@张丽');
  });

  it('shows HTML, javascript: links and escaped markdown as text', () => {
    const r = render('<img src=x onerror=alert(1)> <script>alert(1)</script> [点我](javascript:alert(1)) &#42;&#42;不是粗体&#42;&#42;');
    expect(r.elements.map((e) => e.type)).not.toEqual(expect.arrayContaining(['img', 'script', 'a', 'strong']));
    const text = r.text.join('');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('**不是粗体**');
  });

  it('decodes the entities escapeMd writes, and leaves unknown ones alone', () => {
    expect(decodeEntities('&#60;b&#62; &#x2A; &amp; &nbsp;&foo;')).toBe('<b> * & \u00a0&foo;');
  });
});
