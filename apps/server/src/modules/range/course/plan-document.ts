/**
 * The implementation plan (実施計画書) as DOCX: 体制, schedule, programme overview, timetable
 * (コマ割り) per day, materials, goals — from the course as planned. Pure: course in, bytes out
 * (docx builds the OOXML; the Japanese font is named so Word renders it).
 * @module
 */
import type { Block, Course } from '@renkei/contracts';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { JA_FONT } from './fonts.js';

const KIND_JA: Record<Block['kind'], string> = {
  lecture: '講義',
  hands_on: '演習',
  group_work: 'グループワーク',
  reflection: '振り返り',
  break: '休憩',
};

export function paragraphs(text: string | null | undefined): Paragraph[] {
  return (text ?? '—')
    .split(/\n/)
    .map((line) => new Paragraph({ children: [new TextRun({ text: line, font: JA_FONT })] }));
}

export function heading(
  text: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) {
  return new Paragraph({ heading: level, children: [new TextRun({ text, font: JA_FONT })] });
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: JA_FONT })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text) => cell(text, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });
}

/** The timetable of one day as table rows. */
export function timetableRows(blocks: readonly Block[]): string[][] {
  return blocks.map((block) => [
    `${block.start}–${block.end}`,
    KIND_JA[block.kind],
    block.title,
    [block.material, ...block.labs].filter(Boolean).join(' / ') || '—',
    [...block.instructors, ...block.assistants.map((a) => `${a}（補助）`)].join('、') || '—',
  ]);
}

export async function implementationPlanDocx(course: Course): Promise<Buffer> {
  const materials = [...new Set(course.blocks.flatMap((block) => (block.material ? [block.material] : [])))];
  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      heading: HeadingLevel.TITLE,
      children: [new TextRun({ text: `${course.title} 実施計画書`, font: JA_FONT })],
    }),
    heading('1. 実施概要'),
    table(
      ['項目', '内容'],
      [
        ['名称', course.title],
        ['主催', course.organiser ?? '—'],
        ['会場', course.venue ?? '—'],
        ['日程', course.days.map((d, i) => `${i + 1} 日目 ${d}`).join('、')],
      ],
    ),
    heading('2. 目標'),
    ...paragraphs(course.goals),
    heading('3. 実施体制'),
    ...paragraphs(course.staffing),
    heading('4. プログラム概要とコマ割り'),
    ...course.days.flatMap((date, index) => [
      heading(`${index + 1} 日目（${date}）`, HeadingLevel.HEADING_2),
      table(
        ['時間', '種別', '内容', '教材・演習', '講師・補助員'],
        timetableRows(course.blocks.filter((block) => block.day === index + 1)),
      ),
    ]),
    heading('5. 教材一覧'),
    ...(materials.length
      ? materials.map(
          (m) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: m, font: JA_FONT })] }),
        )
      : paragraphs('—')),
    heading('6. 使用するサービス・演習環境'),
    ...paragraphs(course.services),
  ];
  const document = new Document({
    creator: 'Renkei',
    title: `${course.title} 実施計画書`,
    styles: { default: { document: { run: { font: JA_FONT } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
