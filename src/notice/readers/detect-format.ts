import { unzipSync } from 'fflate';
import { startsWith } from './decode-text';

/**
 * What a file is, from its content. Chat uploads and downloads from government sites often carry
 * a wrong, generic or missing extension ("附件1.pdf" that is a Word file, "下载.do"), so the
 * name only breaks ties the bytes cannot: .doc vs .wps (both Word binary) and .xls vs .et (both
 * BIFF8), which read the same way and differ only in what we call them.
 */
export type Container = 'pdf' | 'ole' | 'zip' | 'text';

export function containerOf(bytes: Uint8Array): Container {
  // The PDF header may sit anywhere in the first 1024 bytes (ISO 32000-1, 7.5.2 note).
  if (indexOf(bytes.subarray(0, 1024), [0x25, 0x50, 0x44, 0x46, 0x2d]) >= 0) return 'pdf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return 'text';
}

/**
 * A zip is a workbook when it has xl/ parts (OOXML) or an OpenDocument spreadsheet mimetype;
 * anything else goes to the Word reader, which names what it is when it is not Word either.
 * Only the central directory is read: fflate's filter sees every name and inflates nothing.
 */
export function zipKind(bytes: Uint8Array): 'docx' | 'xlsx' {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name.replace(/\\/g, '/').toLowerCase());
        return false;
      },
    });
  } catch {
    return 'docx'; // damaged: the Word reader says so in its own words
  }
  return names.some((n) => n.startsWith('xl/')) ? 'xlsx' : 'docx';
}

/** Markup sniffing for saved web pages: a MIME header (MHTML) or an HTML tag at the start. */
export function textKind(text: string): 'mhtml' | 'html' | 'text' {
  const head = text.slice(0, 4096);
  if (
    /^(?:[\w-]+:.*\r?\n)*?(?:MIME-Version:|Content-Type:\s*multipart\/related)/im.test(head) &&
    /^Content-Type:\s*multipart\//im.test(head)
  )
    return 'mhtml';
  if (/^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table)\b/i.test(head)) return 'html';
  return 'text';
}

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,5})$/.exec(fileName.trim());
  return m ? m[1].toLowerCase() : '';
}

function indexOf(hay: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
