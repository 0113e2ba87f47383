import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { NoticeError, type Block } from '../types';
import { layoutPdf, type PdfItem, type PdfPage, type PdfRule } from './pdf-layout';

/**
 * PDF → positioned text and ruling lines per page, through `unpdf` (PDF.js packaged to run on
 * Node, Workers and browsers alike, without a canvas or a worker thread). The table is then
 * rebuilt from positions by pdf-layout.ts, which knows nothing of PDF.js.
 *
 * PDF.js 5 copies buffers with ArrayBuffer.prototype.transferToFixedLength, which Node 20 lacks;
 * a faithful fallback is installed only where it is missing.
 */
export async function readPdf(bytes: Uint8Array): Promise<Block[]> {
  installTransferFallback();
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: give it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 });
  } catch (e) {
    if ((e as { name?: string })?.name === 'PasswordException')
      throw new NoticeError(
        'PDF 设置了打开密码，请取消密码后再发送（The PDF is password-protected: remove the password and send it again）',
      );
    throw new NoticeError('无法读取 PDF 文件：文件已损坏（Cannot read the PDF: the file is damaged）');
  }
  const { OPS } = await getResolvedPDFJS();
  const pages: PdfPage[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const it of content.items) {
        if (!('str' in it) || !it.str) continue;
        const [a, b, , , e, f] = it.transform as number[];
        items.push({ str: it.str, x: e, y: f, w: it.width, size: Math.hypot(a, b) || it.height || 10 });
      }
      const ops = await page.getOperatorList();
      pages.push({ items, rules: rulesOf(ops.fnArray, ops.argsArray, OPS) });
      page.cleanup();
    }
  } catch (e) {
    if (e instanceof NoticeError) throw e;
    throw new NoticeError('无法读取 PDF 文件：文件已损坏（Cannot read the PDF: the file is damaged）');
  } finally {
    await pdf.destroy();
  }
  if (pages.every((p) => p.items.every((i) => !i.str.trim())))
    throw new NoticeError(
      '这是扫描版 PDF（只有图片，没有文字层），无法读取：请发送 Word 原件或可复制文字的 PDF（This PDF is a scan with no text layer: send the Word original or a PDF whose text can be copied）',
    );
  return layoutPdf(pages);
}

type Matrix = [number, number, number, number, number, number];

/**
 * Straight horizontal and vertical segments drawn on the page: table borders, whether drawn as
 * stroked lines, stroked rectangles or thin filled rectangles. Curves and big fills (shading,
 * backgrounds) are not rules. Coordinates are mapped through the current transformation matrix.
 */
function rulesOf(fns: number[], args: unknown[][], OPS: Record<string, number>): PdfRule[] {
  const rules: PdfRule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const painting = new Set([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const stroking = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  for (let i = 0; i < fns.length; i++) {
    const fn = fns[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args[i] as Matrix);
    else if (fn === OPS.constructPath) {
      const [render, paths] = args[i] as [number, ArrayLike<number>[] | null];
      if (!painting.has(render) || !paths) continue;
      for (const path of paths) if (path) addSubpaths(path, ctm, stroking.has(render), rules);
    }
  }
  return rules;
}

function addSubpaths(data: ArrayLike<number>, ctm: Matrix, stroked: boolean, out: PdfRule[]): void {
  let points: [number, number][] = [];
  let straight = true;
  const finish = () => {
    if (points.length >= 2) addShape(points, straight, stroked, out);
    points = [];
    straight = true;
  };
  for (let i = 0; i < data.length; ) {
    const op = data[i];
    if (op === 0) {
      finish();
      points.push(apply(ctm, data[i + 1], data[i + 2]));
      i += 3;
    } else if (op === 1) {
      points.push(apply(ctm, data[i + 1], data[i + 2]));
      i += 3;
    } else if (op === 2) {
      straight = false;
      points.push(apply(ctm, data[i + 5], data[i + 6]));
      i += 7;
    } else if (op === 3) {
      straight = false;
      points.push(apply(ctm, data[i + 3], data[i + 4]));
      i += 5;
    } else i += 1; // closePath
  }
  finish();
}

/** Thinner than this (in points) is a line, whatever way it was drawn. */
const THIN = 2.5;

function addShape(points: [number, number][], straight: boolean, stroked: boolean, out: PdfRule[]): void {
  if (!straight) return;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  if (x1 - x0 <= THIN && y1 - y0 > THIN) out.push({ x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 });
  else if (y1 - y0 <= THIN && x1 - x0 > THIN) out.push({ x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
  else if (stroked) {
    // A stroked outline (a cell drawn as a rectangle): each axis-aligned side is a rule.
    for (let k = 0; k < points.length; k++) {
      const [ax, ay] = points[k];
      const [bx, by] = points[(k + 1) % points.length];
      if (Math.abs(ax - bx) <= THIN && Math.abs(ay - by) > THIN) out.push({ x0: ax, x1: ax, y0: Math.min(ay, by), y1: Math.max(ay, by) });
      else if (Math.abs(ay - by) <= THIN && Math.abs(ax - bx) > THIN)
        out.push({ x0: Math.min(ax, bx), x1: Math.max(ax, bx), y0: ay, y1: ay });
    }
  }
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function multiply(m: Matrix, t: Matrix): Matrix {
  return [
    t[0] * m[0] + t[1] * m[2],
    t[0] * m[1] + t[1] * m[3],
    t[2] * m[0] + t[3] * m[2],
    t[2] * m[1] + t[3] * m[3],
    t[4] * m[0] + t[5] * m[2] + m[4],
    t[4] * m[1] + t[5] * m[3] + m[5],
  ];
}

function installTransferFallback(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (n?: number) => ArrayBuffer };
  if (proto.transferToFixedLength) return;
  Object.defineProperty(proto, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length = this.byteLength): ArrayBuffer {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}
