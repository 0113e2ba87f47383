import { NoticeError, type Block } from '../types';
import { readDocx } from './docx-body';
import { containerOf, extensionOf, textKind, zipKind } from './detect-format';
import { decodeText } from './decode-text';
import { readText, type TextFormat } from './read-text';

/** Larger than any real notice by far; refusing early keeps a stray upload from eating memory. */
export const MAX_NOTICE_BYTES = 20 * 1024 * 1024;

export type NoticeFormat = 'docx' | 'pdf' | 'doc' | 'wps' | 'xlsx' | 'xls' | 'et' | 'csv' | 'html' | 'mhtml' | TextFormat;

export interface ReadResult {
  blocks: Block[];
  format: NoticeFormat;
}

/**
 * Bytes of a notice file (or pasted text) → blocks. The format comes from the content, with the
 * file name only as a tie-breaker (see detect-format.ts). The readers for PDF, Word binary,
 * spreadsheets and web pages load their libraries on first use: most notices are .docx or
 * text, and the Worker bundle and start-up should not carry a PDF engine for them.
 */
export async function readNotice(bytes: Uint8Array, fileName = ''): Promise<ReadResult> {
  if (bytes.length === 0) throw new NoticeError('文件为空（The file is empty）');
  if (bytes.length > MAX_NOTICE_BYTES)
    throw new NoticeError(`文件过大：${(bytes.length / 1048576).toFixed(1)} MB，上限 20 MB（The file is too large: the limit is 20 MB）`);
  const ext = extensionOf(fileName);

  switch (containerOf(bytes)) {
    case 'pdf': {
      const { readPdf } = await import('./pdf');
      return { blocks: await readPdf(bytes), format: 'pdf' };
    }
    case 'ole': {
      const { oleKind } = await import('./ole');
      const kind = await oleKind(bytes);
      if (kind === 'word') {
        const { readWordBinary } = await import('./word-binary');
        return { blocks: await readWordBinary(bytes), format: ext === 'wps' ? 'wps' : 'doc' };
      }
      const { readSheet } = await import('./sheet');
      return { blocks: await readSheet(bytes), format: ext === 'et' ? 'et' : 'xls' };
    }
    case 'zip': {
      if (zipKind(bytes) === 'docx') return { blocks: readDocx(bytes), format: 'docx' };
      const { readSheet } = await import('./sheet');
      return { blocks: await readSheet(bytes), format: 'xlsx' };
    }
    case 'text':
      return readTextFile(bytes, fileName, ext);
  }
}

async function readTextFile(bytes: Uint8Array, fileName: string, ext: string): Promise<ReadResult> {
  if (ext === 'csv') {
    const { readSheet } = await import('./sheet');
    return { blocks: await readSheet(decodeText(bytes), 'csv'), format: 'csv' };
  }
  // Web pages name their own charset; sniff the markup on a byte-preserving view first.
  const sniff = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const kind = textKind(sniff.replace(/^\u00ef\u00bb\u00bf|^\u00ff\u00fe|^\u00fe\u00ff/, ''));
  if (kind === 'mhtml') {
    const { readMhtml } = await import('./mhtml');
    return { blocks: await readMhtml(bytes), format: 'mhtml' };
  }
  if (kind === 'html') {
    const { readHtmlBytes } = await import('./html');
    return { blocks: await readHtmlBytes(bytes), format: 'html' };
  }
  return readText(decodeText(bytes), fileName);
}
