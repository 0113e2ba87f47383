/** The .docx package: its relationships say which zip parts hold the body, styles and numbering. */
import { NoticeError } from '../types';
import { extract, partName, type ArchiveKind } from './zip';
import { attr, child, children, parseXml, type XNode } from './xml';

const DOCX: ArchiveKind = {
  zh: ' Word 文件',
  en: 'Word file',
  invalid: '无法读取 Word 文件：不是有效的 .docx（Cannot read the Word file: not a valid .docx）',
};

interface Package {
  documentPath: string;
  document: Uint8Array;
  styles: Uint8Array | null;
  numbering: Uint8Array | null;
}

export function openPackage(bytes: Uint8Array): Package {
  // Relationship parts are tiny and say where everything else is; reading them first lets the
  // second pass inflate only the three parts we use, whatever else the archive holds.
  const rels = extract(bytes, (name) => name.endsWith('.rels'), DOCX);
  const documentPath = relTarget(rels, '', 'officeDocument') ?? 'word/document.xml';

  if (/^xl\//.test(documentPath))
    throw new NoticeError('这是 Excel 文件，不是 Word 文档：请发送 .docx（This is an Excel file, not a Word document: send the .docx）');
  if (/^ppt\//.test(documentPath))
    throw new NoticeError(
      '这是 PowerPoint 文件，不是 Word 文档：请发送 .docx（This is a PowerPoint file, not a Word document: send the .docx）',
    );

  const dir = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const stylesPath = relTarget(rels, documentPath, 'styles') ?? `${dir}styles.xml`;
  const numberingPath = relTarget(rels, documentPath, 'numbering') ?? `${dir}numbering.xml`;
  const parts = extract(bytes, (name) => name === documentPath || name === stylesPath || name === numberingPath, DOCX);

  const document = parts.get(documentPath);
  if (!document)
    throw new NoticeError(
      `无法读取 Word 文件：压缩包里没有 ${documentPath}，不是有效的 .docx（Cannot read the Word file: the archive has no ${documentPath}）`,
    );
  return { documentPath, document, styles: parts.get(stylesPath) ?? null, numbering: parts.get(numberingPath) ?? null };
}

/**
 * The target of `source`'s relationship whose type ends in `/type` (transitional and strict
 * OOXML use different type URIs with the same last segment). `source` '' is the package itself.
 */
function relTarget(rels: Map<string, Uint8Array>, source: string, type: string): string | null {
  const slash = source.lastIndexOf('/');
  const dir = source.slice(0, slash + 1);
  const relsPath = `${dir}_rels/${source.slice(slash + 1)}.rels`;
  const data = rels.get(relsPath);
  if (!data) return null;
  let root: XNode[];
  try {
    root = parseXml(data, relsPath);
  } catch {
    return null; // fall back to the conventional part names
  }
  for (const rel of children(child(root, 'Relationships'), 'Relationship')) {
    if (attr(rel, 'TargetMode') === 'External') continue;
    if (!(attr(rel, 'Type') ?? '').endsWith(`/${type}`)) continue;
    const target = attr(rel, 'Target');
    if (target) return resolvePart(dir, target);
  }
  return null;
}

function resolvePart(dir: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // keep it as written
  }
  const segments = (t.startsWith('/') ? t : dir + t).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '..') out.pop();
    else if (s && s !== '.') out.push(s);
  }
  return partName(out.join('/'));
}
