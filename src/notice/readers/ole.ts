import * as CFB from 'cfb';
import { NoticeError } from '../types';

/**
 * An OLE compound file (D0 CF 11 E0) is a container: Word 97–2003 and WPS text files hold a
 * "WordDocument" stream, Excel 97–2003 and WPS spreadsheets (.et) a "Workbook" (or, before
 * Excel 97, "Book") stream. The stream names say which it is, whatever the file is called.
 * The directory is read with SheetJS's `cfb`, a maintained reader, rather than our own.
 */
export async function oleKind(bytes: Uint8Array): Promise<'word' | 'sheet'> {
  let names: string[];
  try {
    names = CFB.read(bytes, { type: 'array' }).FileIndex.map((e) => e.name);
  } catch {
    throw new NoticeError('无法读取文件：Office 文件已损坏（Cannot read the file: the Office file is damaged）');
  }
  if (names.includes('EncryptionInfo') || names.includes('EncryptedPackage'))
    throw new NoticeError(
      '文件设置了打开密码，请取消密码后再发送（The file is password-protected: remove the password and send it again）',
    );
  if (names.includes('WordDocument')) return 'word';
  if (names.includes('Workbook') || names.includes('Book')) return 'sheet';
  if (names.includes('PowerPoint Document'))
    throw new NoticeError(
      '这是 PowerPoint 文件，不是通知：请发送 Word、WPS、PDF 或 Excel 文件（This is a PowerPoint file: send a Word, WPS, PDF or Excel file）',
    );
  throw new NoticeError(
    '无法识别的 Office 文件：请另存为 .docx 或 .xlsx 后再发送（Unrecognised Office file: save it as .docx or .xlsx and send again）',
  );
}
