import { NoticeError, type Block } from '../types';
import { decodeCharset } from './decode-text';
import { charsetOf, readHtml } from './html';

/**
 * A web page saved as one file (.mhtml / .mht, "网页，单个文件"): a MIME multipart message whose
 * text/html part is the page, in quoted-printable or base64, often in GB2312/GBK. MIME framing
 * is a few lines of RFC 2045/2046; the page itself goes through the HTML reader.
 */
export async function readMhtml(bytes: Uint8Array): Promise<Block[]> {
  // Headers and boundaries are ASCII: latin1 maps every byte to one char and back losslessly.
  const raw = new TextDecoder('latin1').decode(bytes);
  const part = htmlPart(raw);
  if (!part) throw new NoticeError('无法读取网页文件：.mhtml 里没有网页正文（Cannot read the saved page: the .mhtml holds no HTML part）');
  const body = decodeTransfer(part.body, part.headers['content-transfer-encoding'] ?? '');
  const charset =
    param(part.headers['content-type'] ?? '', 'charset') ?? charsetOf(new TextDecoder('latin1').decode(body.subarray(0, 4096)));
  return readHtml(decodeCharset(body, charset));
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function htmlPart(raw: string): Part | null {
  const top = splitHeaders(raw);
  const type = top.headers['content-type'] ?? '';
  if (/^text\/html/i.test(type)) return top;
  const boundary = param(type, 'boundary');
  if (!boundary) return null;
  const pieces = top.body.split(new RegExp(`\\r?\\n?--${escapeRegExp(boundary)}(?:--)?[ \\t]*\\r?\\n?`));
  for (const piece of pieces) {
    if (!piece.trim()) continue;
    const part = splitHeaders(piece);
    const t = part.headers['content-type'] ?? '';
    if (/^text\/html/i.test(t)) return part;
    if (/^multipart\//i.test(t)) {
      const inner = htmlPart(piece);
      if (inner) return inner;
    }
  }
  return null;
}

/** RFC 5322 headers (folded lines joined) up to the first blank line, then the body. */
function splitHeaders(text: string): Part {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const body = m ? text.slice(m.index + m[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function param(header: string, name: string): string | undefined {
  return new RegExp(`${name}\\s*=\\s*"?([^";\\s]+)"?`, 'i').exec(header)?.[1];
}

function decodeTransfer(body: string, encoding: string): Uint8Array {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') {
    try {
      return Uint8Array.from(atob(body.replace(/[^A-Za-z0-9+/=]/g, '')), (c) => c.charCodeAt(0));
    } catch {
      throw new NoticeError('无法读取网页文件：.mhtml 内容已损坏（Cannot read the saved page: the .mhtml is damaged）');
    }
  }
  const text =
    enc === 'quoted-printable'
      ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      : body;
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
