// The lark_md subset Duban's cards use, rendered as elements, never as HTML: bold, strikethrough,
// inline code, links (http/https only), <font color>, <text_tag color>, <at>, <person>, <br>,
// lists, headings and HTML entities. Anything else shows as the text it is.
import type { ComponentChildren } from 'preact';
import { fontColor, tagStyle } from './palette';

type Inline =
  | { t: 'text'; text: string }
  | { t: 'bold' | 'strike'; children: Inline[] }
  | { t: 'code'; text: string }
  | { t: 'link'; href: string; children: Inline[] }
  | { t: 'font'; color: string; children: Inline[] }
  | { t: 'tag'; color: string; children: Inline[] }
  | { t: 'person'; id: string }
  | { t: 'br' };

const OPEN_FONT = /^<font\s+color\s*=\s*['"]?([\w#-]+)['"]?\s*>/i;
const OPEN_TAG = /^<text_tag\s+color\s*=\s*['"]?([\w-]+)['"]?\s*>/i;
const AT = /^<at\s+(?:id|user_id|open_id|email)\s*=\s*['"]?([^'"\s>]+)['"]?\s*>[^<]*<\/at>/i;
const PERSON = /^<person\s+id\s*=\s*['"]?([^'"\s>]+)['"]?[^>]*>[^<]*<\/person>/i;
const BR = /^<br\s*\/?>/i;
const LINK = /^\[([^\]\n]*)\]\(([^)\s]+)\)/;
const CODE = /^`([^`\n]+)`/;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** &#42; &#x2A; &amp; …: decoded only in text, after the markup is read, so &#42; never turns bold. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? m;
  });
}

/** Reads inline markup from `i` until `stop` (or the end); `closed` says whether `stop` was found. */
function parseInline(s: string, i: number, stop: string | null): { nodes: Inline[]; i: number; closed: boolean } {
  const nodes: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) nodes.push({ t: 'text', text });
    text = '';
  };
  // A container whose closing marker is missing shows its opener as plain text.
  const container = (open: string, close: string, make: (children: Inline[]) => Inline) => {
    const inner = parseInline(s, i + open.length, close);
    flush();
    if (inner.closed) nodes.push(make(inner.nodes));
    else nodes.push({ t: 'text', text: open }, ...inner.nodes);
    i = inner.i;
  };
  while (i < s.length) {
    if (stop && s.startsWith(stop, i)) {
      flush();
      return { nodes, i: i + stop.length, closed: true };
    }
    const rest = s.slice(i, i + 400);
    let m: RegExpMatchArray | null;
    if (s.startsWith('**', i)) container('**', '**', (children) => ({ t: 'bold', children }));
    else if (s.startsWith('~~', i)) container('~~', '~~', (children) => ({ t: 'strike', children }));
    else if ((m = rest.match(OPEN_FONT))) container(m[0], '</font>', (children) => ({ t: 'font', color: m![1], children }));
    else if ((m = rest.match(OPEN_TAG))) container(m[0], '</text_tag>', (children) => ({ t: 'tag', color: m![1], children }));
    else if ((m = rest.match(AT)) || (m = rest.match(PERSON))) {
      flush();
      nodes.push({ t: 'person', id: m[1] });
      i += m[0].length;
    } else if ((m = rest.match(BR))) {
      flush();
      nodes.push({ t: 'br' });
      i += m[0].length;
    } else if ((m = rest.match(LINK))) {
      flush();
      nodes.push({ t: 'link', href: decodeEntities(m[2]), children: parseInline(m[1], 0, null).nodes });
      i += m[0].length;
    } else if ((m = rest.match(CODE))) {
      flush();
      nodes.push({ t: 'code', text: m[1] });
      i += m[0].length;
    } else text += s[i++];
  }
  flush();
  return { nodes, i, closed: stop === null };
}

function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export interface MdContext {
  /** open_id → display name, for <at> and <person>. */
  nameOf(id: string): string;
}

function renderInline(nodes: Inline[], ctx: MdContext): ComponentChildren[] {
  return nodes.map((n) => {
    switch (n.t) {
      case 'text':
        return decodeEntities(n.text);
      case 'bold':
        return <strong>{renderInline(n.children, ctx)}</strong>;
      case 'strike':
        return <s>{renderInline(n.children, ctx)}</s>;
      case 'code':
        return <code class="md-code">{decodeEntities(n.text)}</code>;
      case 'link': {
        const href = safeHref(n.href);
        const inner = renderInline(n.children, ctx);
        return href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {inner}
          </a>
        ) : (
          inner
        );
      }
      case 'font':
        return <span style={{ color: fontColor(n.color) }}>{renderInline(n.children, ctx)}</span>;
      case 'tag':
        return (
          <span class="text-tag" style={tagStyle(n.color)}>
            {renderInline(n.children, ctx)}
          </span>
        );
      case 'person':
        return <span class="mention">@{n.id === 'all' ? '所有人' : ctx.nameOf(n.id)}</span>;
      default:
        return <br />;
    }
  });
}

type Block = { kind: 'p' | 'h'; text: string } | { kind: 'list'; ordered: boolean; items: string[] };

/** Lines into paragraphs, headings and lists; blank lines only separate. */
function blocks(source: string): Block[] {
  const out: Block[] = [];
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const ul = line.match(/^\s*[-*+]\s+(.*)$/);
    const ol = line.match(/^\s*\d+[.)]\s+(.*)$/);
    const h = line.match(/^#{1,6}\s+(.*)$/);
    const last = out[out.length - 1];
    if (ul || ol) {
      const item = (ul ?? ol)![1];
      if (last?.kind === 'list' && last.ordered === !ul) last.items.push(item);
      else out.push({ kind: 'list', ordered: !ul, items: [item] });
    } else if (h) out.push({ kind: 'h', text: h[1] });
    else out.push({ kind: 'p', text: line });
  }
  return out;
}

export function LarkMd({ content, ctx }: { content: string; ctx: MdContext }) {
  const inline = (text: string) => renderInline(parseInline(text, 0, null).nodes, ctx);
  return (
    <div class="lark-md">
      {blocks(content).map((b) => {
        if (b.kind === 'list') {
          const items = b.items.map((item) => <li>{inline(item)}</li>);
          return b.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
        }
        if (b.kind === 'h') return <div class="md-heading">{inline(b.text)}</div>;
        return b.text.trim() ? <div class="md-line">{inline(b.text)}</div> : <div class="md-gap" />;
      })}
    </div>
  );
}
