/** Office Open XML packages are zip archives: inflate only the parts a reader needs, safely. */
import { unzipSync } from 'fflate';
import { NoticeError } from '../types';

/**
 * No real notice comes near this: it bounds what a crafted archive (a "zip bomb") can make us
 * allocate, for the parts read in one pass together. Checked against the sizes the archive
 * declares, which also cap what fflate will inflate into, so a lying header yields a damaged
 * part rather than a huge one.
 */
export const MAX_ZIP_PART_BYTES = 50 * 1024 * 1024;

/** How messages name the archive: 'Word 文件' / 'Word file', and the line for a damaged one. */
export interface ArchiveKind {
  zh: string;
  en: string;
  invalid: string;
}

/** Part names are case-insensitive in OPC, and some Windows zippers write backslashes. */
export function partName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

/** Inflates only the wanted parts, refusing before inflating when they would add up past the cap. */
export function extract(bytes: Uint8Array, wanted: (name: string) => boolean, kind: ArchiveKind): Map<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  let total = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!wanted(partName(f.name))) return false;
        total += f.originalSize;
        if (total > MAX_ZIP_PART_BYTES)
          throw new NoticeError(
            `无法读取${kind.zh}：正文解压后超过 ${MAX_ZIP_PART_BYTES / 1048576} MB，疑似异常文件（Cannot read the ${kind.en}: its text would inflate beyond ${MAX_ZIP_PART_BYTES / 1048576} MB）`,
          );
        return true;
      },
    });
  } catch (e) {
    if (e instanceof NoticeError) throw e;
    throw new NoticeError(kind.invalid);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) out.set(partName(name), data);
  return out;
}
