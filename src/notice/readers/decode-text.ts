import { NoticeError } from '../types';

/**
 * Offices still save text as GB18030/GBK, and Word's "Unicode text" is UTF-16: try UTF-8 first
 * (strictly), then those; anything still undecodable or full of control bytes is binary.
 */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  for (const enc of ['utf-8', 'gb18030']) {
    try {
      const text = new TextDecoder(enc, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
      if (!isBinaryLike(text)) return text;
    } catch {
      // next encoding
    }
  }
  throw new NoticeError(
    '无法识别的文件格式：请发送 Word、WPS、PDF、Excel、网页或文本文件（Unrecognised file: send a Word, WPS, PDF, Excel, web page or text file）',
  );
}

/**
 * Bytes in a named charset ("gb2312", "GBK", "utf-8" from a web page's meta tag or a MIME part).
 * GB2312 and GBK are subsets of GB18030, and a page that lies about its charset is common enough
 * that an unknown label falls back to the sniffing above.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? '').trim().toLowerCase();
  const enc = /^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/.test(label) ? 'gb18030' : label;
  if (enc) {
    try {
      return new TextDecoder(enc, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      // a wrong or unknown label: sniff instead
    }
  }
  return decodeText(bytes);
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

export function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  return sig.every((v, i) => b[at + i] === v);
}
