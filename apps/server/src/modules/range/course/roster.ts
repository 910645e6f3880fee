/**
 * The participant list as an organiser keeps it: CSV or XLSX, one participant per row, headed
 * in Japanese or English (氏名/name, 所属/organisation, 業種/sector, メール/email). Each bad row is
 * reported by its row number; the rest are read. Pure: bytes in, rows out.
 * @module
 */
import { readCsvRecords } from '@renkei/feeds';
import ExcelJS from 'exceljs';
import { z } from 'zod';

export interface RosterRow {
  row: number;
  name?: string;
  organisation?: string | null;
  sector?: string | null;
  email?: string | null;
  problems: string[];
}

const HEADERS: Record<string, 'name' | 'organisation' | 'sector' | 'email'> = {
  name: 'name',
  氏名: 'name',
  名前: 'name',
  organisation: 'organisation',
  organization: 'organisation',
  所属: 'organisation',
  組織: 'organisation',
  sector: 'sector',
  業種: 'sector',
  分野: 'sector',
  email: 'email',
  'e-mail': 'email',
  メール: 'email',
  メールアドレス: 'email',
};

const emailSchema = z.email();

function rowsOf(table: string[][]): { rows: RosterRow[]; problem?: string } {
  const [header, ...body] = table;
  if (!header) return { rows: [], problem: 'the list is empty' };
  const columns = header.map((cell) => HEADERS[cell.trim().toLowerCase()] ?? HEADERS[cell.trim()]);
  if (!columns.includes('name')) return { rows: [], problem: 'no name column (氏名 or name)' };
  const rows: RosterRow[] = [];
  body.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const value = (column: string) => {
      const at = columns.indexOf(column as 'name');
      return at >= 0 ? (cells[at] ?? '').trim() : '';
    };
    const problems: string[] = [];
    const name = value('name');
    if (!name) problems.push('name: empty');
    if (name.length > 200) problems.push('name: longer than 200 characters');
    const email = value('email').toLowerCase();
    if (email && !emailSchema.safeParse(email).success) problems.push(`email: not an address (${email})`);
    rows.push({
      row: index + 2,
      name,
      organisation: value('organisation') || null,
      sector: value('sector') || null,
      email: email || null,
      problems,
    });
  });
  return { rows };
}

export async function readRosterCsv(text: string): Promise<{ rows: RosterRow[]; problem?: string }> {
  const table: string[][] = [];
  for await (const record of readCsvRecords([text.replace(/^\uFEFF/, '')])) table.push(record.fields);
  return rowsOf(table);
}

export async function readRosterXlsx(bytes: Buffer): Promise<{ rows: RosterRow[]; problem?: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's own Buffer type predates Node's generic Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return { rows: [], problem: `not an XLSX workbook: ${(error as Error).message}` };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], problem: 'the workbook has no sheet' };
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) {
      const cell = row.getCell(column);
      cells.push(cell.text ?? '');
    }
    table[row.number - 1] = cells;
  });
  return rowsOf(Array.from(table, (cells) => cells ?? []));
}

/**
 * Groups of about `size`, balanced: each participant goes to the group with the fewest people
 * of the same organisation, then of the same sector, then the fewest people (stable: the same
 * list gives the same groups). Participants of the largest organisations are placed first so
 * that they spread.
 */
export function balanceGroups<P extends { id: string; organisation: string | null; sector: string | null }>(
  participants: readonly P[],
  size: number,
): P[][] {
  const count = Math.max(1, Math.round(participants.length / Math.max(1, size)));
  const groups: P[][] = Array.from({ length: count }, () => []);
  const byOrganisation = new Map<string, number>();
  for (const p of participants)
    byOrganisation.set(p.organisation ?? '', (byOrganisation.get(p.organisation ?? '') ?? 0) + 1);
  const ordered = [...participants].sort(
    (a, b) =>
      (byOrganisation.get(b.organisation ?? '') ?? 0) - (byOrganisation.get(a.organisation ?? '') ?? 0) ||
      (a.organisation ?? '').localeCompare(b.organisation ?? '') ||
      a.id.localeCompare(b.id),
  );
  // No group grows more than one above another: spreading organisations never unbalances sizes.
  const capacity = Math.ceil(participants.length / count);
  for (const participant of ordered) {
    let best = 0;
    let bestScore: [number, number, number] | undefined;
    groups.forEach((group, index) => {
      if (group.length >= capacity) return;
      const score: [number, number, number] = [
        participant.organisation ? group.filter((p) => p.organisation === participant.organisation).length : 0,
        participant.sector ? group.filter((p) => p.sector === participant.sector).length : 0,
        group.length,
      ];
      if (
        !bestScore ||
        score[0] < bestScore[0] ||
        (score[0] === bestScore[0] &&
          (score[1] < bestScore[1] || (score[1] === bestScore[1] && score[2] < bestScore[2])))
      ) {
        best = index;
        bestScore = score;
      }
    });
    groups[best]!.push(participant);
  }
  return groups;
}
