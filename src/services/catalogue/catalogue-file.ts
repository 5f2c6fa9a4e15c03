import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../domain/errors/app-error.js';

/** A file as a header row and data rows of text cells. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export type FileFormat = 'csv' | 'xlsx';

export function formatOfFile(fileName: string, mimeType = ''): FileFormat {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv') || mimeType === 'text/csv') return 'csv';
  if (
    name.endsWith('.xlsx') ||
    mimeType === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  )
    return 'xlsx';
  throw new AppError('YB_ERR_FILE_TYPE', { detail: fileName });
}

/** Reads a CSV (UTF-8, with or without BOM) or the first sheet of an XLSX workbook. */
export async function readTable(data: Buffer, format: FileFormat): Promise<Table> {
  if (format === 'csv') {
    let records: string[][];
    try {
      records = parse(data, {
        bom: true,
        relax_column_count: true,
        skip_empty_lines: false,
        trim: false,
      }) as string[][];
    } catch (e) {
      throw new AppError('YB_ERR_BAD_REQUEST', { detail: `CSV: ${(e as Error).message}` });
    }
    const [headers = [], ...rows] = records;
    return { headers, rows };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('YB_ERR_BAD_REQUEST', { detail: `XLSX: ${(e as Error).message}` });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const width = sheet.columnCount;
  const all: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    all.push(cells);
  }
  const [headers = [], ...rows] = all;
  return { headers, rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

export function writeCsv(table: Table): Buffer {
  // A BOM so that Excel on Chinese Windows opens UTF-8 correctly.
  return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(stringify([table.headers, ...table.rows]))]);
}

export async function writeXlsx(table: Table, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...table.headers]);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow([...row]);
  // Keep every cell as text so codes and prices round-trip exactly.
  sheet.eachRow((row) => {
    row.eachCell((cell) => {
      cell.numFmt = '@';
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
