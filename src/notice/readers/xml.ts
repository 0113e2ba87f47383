/** WordprocessingML parts → fast-xml-parser trees in document order, and small helpers to walk them. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NoticeError } from '../types';

/** A fast-xml-parser node in preserveOrder form: { tag: children, ':@': attributes } or { '#text': s }. */
export type XNode = Record<string, unknown>;

const XML_ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * fast-xml-parser leaves numeric character references (&#x4E00;) undecoded by default, and
 * decoding them afterwards would also decode a literal "&amp;#65;". One pass does both right.
 */
const xmlEntities = {
  decode: (text: string): string =>
    text.indexOf('&') < 0
      ? text
      : text.replace(XML_ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
          if (name) return NAMED[name];
          const cp = parseInt(hex ?? dec ?? '', hex ? 16 : 10);
          return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
        }),
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Word writes w:, but strict OOXML and some generators bind other prefixes to the same
  // namespace; drawings, whose a:p / a:t would collide, are skipped before we look inside.
  removeNSPrefix: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  entityDecoder: xmlEntities,
});

export function parseXml(data: Uint8Array, part: string): XNode[] {
  const broken = `无法读取 Word 文件：文件已损坏，${part} 不是有效的 XML（Cannot read the Word file: it is damaged, ${part} is not valid XML）`;
  let xml: string;
  try {
    xml = decodeXml(data);
  } catch {
    throw new NoticeError(broken);
  }
  // Word never writes a DTD; refusing one rules out entity-expansion tricks wholesale.
  if (xml.includes('<!DOCTYPE')) throw new NoticeError(broken);
  if (XMLValidator.validate(xml) !== true) throw new NoticeError(broken);
  try {
    return parser.parse(xml) as XNode[];
  } catch {
    throw new NoticeError(broken);
  }
}

function decodeXml(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  return new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
}

export function tagOf(n: XNode): string {
  for (const k in n) if (k !== ':@') return k;
  return '';
}

export function kids(n: XNode | undefined): XNode[] {
  if (!n) return [];
  const v = n[tagOf(n)];
  return Array.isArray(v) ? (v as XNode[]) : [];
}

export function child(nodes: XNode[] | XNode | undefined, tag: string): XNode | undefined {
  const list = Array.isArray(nodes) ? nodes : kids(nodes);
  return list.find((n) => tagOf(n) === tag);
}

export function children(n: XNode | undefined, tag: string): XNode[] {
  return kids(n).filter((c) => tagOf(c) === tag);
}

export function attr(n: XNode | undefined, name: string): string | undefined {
  const a = n?.[':@'] as Record<string, string> | undefined;
  return a?.[`@_${name}`];
}

export function val(n: XNode | undefined): string | undefined {
  return attr(n, 'val');
}
