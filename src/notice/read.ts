import { NoticeError, type Block } from './types';
import { readDocx } from './docx';
import { readTabText, paragraphs } from './tab-text';
import { readMarkdown, looksLikeMarkdownTable } from './markdown';

/** Larger than any real notice by far; refusing early keeps a stray upload from eating memory. */
export const MAX_NOTICE_BYTES = 20 * 1024 * 1024;

export type NoticeFormat = 'docx' | 'tab' | 'markdown' | 'prose';

/**
 * Bytes of a notice file (or pasted text) → blocks. The format comes from the content, with the
 * file name only as a tie-breaker, because chat uploads often carry odd or missing extensions.
 */
export function readNotice(bytes: Uint8Array, fileName = ''): { blocks: Block[]; format: NoticeFormat } {
  if (bytes.length === 0) throw new NoticeError('文件为空（The file is empty）');
  if (bytes.length > MAX_NOTICE_BYTES)
    throw new NoticeError(`文件过大：${(bytes.length / 1048576).toFixed(1)} MB，上限 20 MB（The file is too large: the limit is 20 MB）`);

  if (isZip(bytes)) return { blocks: readDocx(bytes), format: 'docx' };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
    throw new NoticeError('暂不支持 PDF，请发送 Word (.docx) 或文本文件（PDF is not supported: send the .docx or a text file）');
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    throw new NoticeError(
      '这是旧版 Word (.doc) 文件，请另存为 .docx 后再发送（This is a legacy .doc file: save it as .docx and send again）',
    );

  const text = decodeText(bytes);
  return readText(text, fileName);
}

export function readText(text: string, fileName = ''): { blocks: Block[]; format: NoticeFormat } {
  if (!text.trim()) throw new NoticeError('文件没有文字内容（The file has no text）');
  if (/^\t/m.test(text)) return { blocks: readTabText(text), format: 'tab' };
  if (/\.md$/i.test(fileName) || looksLikeMarkdownTable(text)) return { blocks: readMarkdown(text), format: 'markdown' };
  return { blocks: paragraphs(text.replace(/\r\n?/g, '\n').split('\n')), format: 'prose' };
}

/**
 * Offices still save text as GB18030/GBK, and Word's "Unicode text" is UTF-16: try UTF-8 first
 * (strictly), then those; anything still undecodable or full of control bytes is binary.
 */
function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const candidates = ['utf-8', 'gb18030'];
  for (const enc of candidates) {
    try {
      const text = new TextDecoder(enc, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
      if (!isBinaryLike(text)) return text;
    } catch {
      // next encoding
    }
  }
  throw new NoticeError('无法识别的文件格式：请发送 .docx、.txt 或 .md 文件（Unrecognised file: send a .docx, .txt or .md file）');
}

function isBinaryLike(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < Math.min(text.length, 4096); i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return control > 8;
}

function isZip(b: Uint8Array): boolean {
  return startsWith(b, [0x50, 0x4b, 0x03, 0x04]);
}

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return sig.every((v, i) => b[i] === v);
}
