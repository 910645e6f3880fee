/**
 * Spreadsheets of synthetic data (exceljs): a first sheet that says, in Japanese and English,
 * that the data is synthetic and where it came from, and the data sheet, whose every row also
 * carries `synthetic = true`. The file cannot be mistaken for real plant data once it leaves.
 * @module
 */

/** Excel's row limit, less the header row. */
export const XLSX_MAX_ROWS = 1_048_575;

export interface SyntheticSheet {
  title: string;
  /** Lines of provenance (generator, seed, scenario, declaration). */
  provenance: string[];
  columns: readonly string[];
  rows: Iterable<readonly (string | number | boolean | null)[]>;
}

export async function syntheticXlsx(sheet: SyntheticSheet): Promise<Buffer> {
  // Loaded on first use: exceljs takes ~0.5 s to import, which every server start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Renkei Range';
  workbook.title = sheet.title;
  workbook.subject = 'SYNTHETIC DATA / 合成データ';
  const notice = workbook.addWorksheet('README');
  notice.addRow(['合成データ — 実在の設備のデータではありません / SYNTHETIC DATA — not real plant data']).font = {
    bold: true,
    size: 14,
    color: { argb: 'FFC00000' },
  };
  notice.addRow([sheet.title]);
  for (const line of sheet.provenance) notice.addRow([line]);
  notice.getColumn(1).width = 100;
  const data = workbook.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.addRow([...sheet.columns]).font = { bold: true };
  let count = 0;
  for (const row of sheet.rows) {
    if (count >= XLSX_MAX_ROWS) break;
    data.addRow([...row]);
    count += 1;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
