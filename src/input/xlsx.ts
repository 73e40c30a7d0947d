import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';

/** An .xlsx larger than this is refused before it is opened: a spreadsheet of applicants is far smaller. */
export const MAX_XLSX_BYTES = 64 * 1024 * 1024;
/** What its parts may unpack to, in all: a zip bomb unpacks to gigabytes from a few kilobytes. */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
/** Or how much larger than packed: spreadsheet XML packs about 10 to 1, a bomb a million to 1. */
const MAX_RATIO = 200;

interface ZipEntry {
  name: string;
  packed: number;
  unpacked: number;
}

/** The entries of a zip file from its central directory, without unpacking anything. */
function zipEntries(data: Buffer, file: string): ZipEntry[] {
  const notXlsx = () => new InputError({ file }, 'is not an .xlsx workbook (not a zip archive); save it from the spreadsheet as .xlsx or CSV');
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notXlsx();
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) throw notXlsx();
    const packed = data.readUInt32LE(at + 20);
    const unpacked = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    // ZIP64 sizes (0xFFFFFFFF): over 4 GiB unpacked, far past any applicant export.
    if (packed === 0xffffffff || unpacked === 0xffffffff) throw new InputError({ file }, `part ${name} is larger than 4 GiB unpacked; not an applicant export`);
    out.push({ name, packed, unpacked });
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return out;
}

/**
 * Checks an .xlsx before any library unpacks it: its size, what its parts unpack to (a zip bomb),
 * and content vet will not open (macros, links to other workbooks). Returns the bytes.
 */
export function checkXlsx(path: string, file: string): Buffer {
  const size = statSync(path).size;
  if (size > MAX_XLSX_BYTES) {
    throw new InputError(
      { file },
      `is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_XLSX_BYTES / 1024 / 1024} MB vet opens as a workbook; save it as CSV, which vet streams`,
    );
  }
  const data = readFileSync(path);
  const entries = zipEntries(data, file);
  const unpacked = entries.reduce((s, e) => s + e.unpacked, 0);
  const packed = entries.reduce((s, e) => s + e.packed, 0);
  if (unpacked > MAX_UNPACKED_BYTES || (unpacked > 16 * 1024 * 1024 && unpacked > packed * MAX_RATIO)) {
    throw new InputError({ file }, `unpacks to ${Math.round(unpacked / 1024 / 1024)} MB from ${Math.round(size / 1024)} KB (a zip bomb?); not opened`);
  }
  if (entries.some((e) => /vbaProject\.bin$/i.test(e.name))) {
    throw new InputError({ file }, 'contains macros; vet does not open workbooks with macros: save the sheet as .xlsx without macros, or as CSV');
  }
  if (entries.some((e) => /^xl\/externalLinks\//i.test(e.name))) {
    throw new InputError({ file }, 'links to other workbooks; vet does not follow them: save the sheet with values only (or as CSV)');
  }
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    throw new InputError({ file }, 'is not an .xlsx workbook (no xl/workbook.xml); save it from the spreadsheet as .xlsx or CSV');
  }
  return data;
}

/** A cell as the text vet reads: dates as YYYY-MM-DD (or a timestamp), numbers and booleans as written. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

const quote = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * One sheet of an .xlsx (the first, or the one named) as CSV text, one sheet row per line, so that
 * line numbers in errors are row numbers. A line break inside a cell becomes "; " (a list separator
 * for list fields, harmless in an address or a note).
 */
export async function xlsxAsCsv(path: string, file: string, sheet?: string): Promise<{ text: string; sheet: string; headers: string[] }> {
  const data = checkXlsx(path, file);
  const { default: readXlsxFile } = await import('read-excel-file/node');
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  try {
    sheets = await readXlsxFile(data);
  } catch (e) {
    throw new InputError({ file }, `could not be read as a workbook (${(e as Error).message.slice(0, 120)}); save it as CSV`);
  }
  const chosen = sheet !== undefined ? sheets.find((s) => s.sheet === sheet) : sheets[0];
  if (chosen === undefined) {
    throw new InputError(
      { file },
      sheet !== undefined ? `has no sheet named "${sheet}" (sheets: ${sheets.map((s) => `"${s.sheet}"`).join(', ')})` : 'has no sheet',
    );
  }
  const rows = chosen.data;
  const text = rows.map((row) => row.map((v) => quote(cellText(v).replace(/\r?\n/g, '; '))).join(',')).join('\n') + '\n';
  return { text, sheet: chosen.sheet, headers: (rows[0] ?? []).map(cellText) };
}

/** A column's letters as a spreadsheet names it: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
