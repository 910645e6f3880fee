/**
 * The implementation report (実施報告書) as DOCX: curriculum, materials and services used,
 * participants and attendance, survey results with charts, reflections and insights,
 * improvements, appendix. Pure: report data in, bytes out.
 * @module
 */
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun, type FileChild } from 'docx';
import { heading, JA_FONT, paragraphs, table, timetableRows } from '../course/index.js';
import { barChartPng } from './bar-chart.js';
import { EVENT_JA, materialsOf, type ReportData } from './report-data.js';

function chart(values: readonly number[], max?: number): Paragraph {
  const image = barChartPng(values, max === undefined ? {} : { max });
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'png',
        data: image.png,
        transformation: { width: image.width * 0.75, height: image.height * 0.75 },
      }),
    ],
  });
}

const text = (value: string) => new Paragraph({ children: [new TextRun({ text: value, font: JA_FONT })] });

export async function implementationReportDocx(data: ReportData): Promise<Buffer> {
  const { course, participants } = data;
  const children: FileChild[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun({ text: `${course.title} 実施報告書`, font: JA_FONT })],
    }),
    text(`作成日: ${data.generatedAt.slice(0, 10)}`),
    heading('1. 実施概要'),
    table(
      ['項目', '内容'],
      [
        ['名称', course.title],
        ['主催', course.organiser ?? '—'],
        ['会場', course.venue ?? '—'],
        ['日程', course.days.map((d, i) => `${i + 1} 日目 ${d}`).join('、')],
        ['受講者数', `${participants.total} 名（${participants.groups} グループ）`],
      ],
    ),
    heading('2. 目標'),
    ...paragraphs(course.goals),
    heading('3. カリキュラム'),
    ...course.days.flatMap((date, index) => [
      heading(`${index + 1} 日目（${date}）`, HeadingLevel.HEADING_2),
      table(
        ['時間', '種別', '内容', '教材・演習', '講師・補助員'],
        timetableRows(course.blocks.filter((b) => b.day === index + 1)),
      ),
    ]),
    heading('4. 使用した教材・サービス'),
    ...(materialsOf(course).length
      ? materialsOf(course).map(
          (m) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: m, font: JA_FONT })] }),
        )
      : [text('—')]),
    ...paragraphs(course.services),
    heading('5. 受講者と出席'),
    table(
      ['日', '出席者数', '出席率'],
      participants.attendance.map((present, index) => [
        `${index + 1} 日目`,
        `${present} 名`,
        participants.total ? `${((present / participants.total) * 100).toFixed(1)} %` : '—',
      ]),
    ),
    heading('所属組織の業種', HeadingLevel.HEADING_2),
    table(
      ['業種', '人数'],
      participants.bySector.map(([sector, count]) => [sector, `${count}`]),
    ),
    chart(participants.bySector.map(([, count]) => count)),
    heading('6. 演習の実施状況'),
    text(
      `模擬プラント ${data.labs.plants} 基、AI（モデルゲートウェイ経由）の呼び出し ${data.labs.modelCalls} 件、うち防御策が作動 ${data.labs.defended} 件、失敗 ${data.labs.failedCalls} 件。`,
    ),
    ...(data.labs.events.length
      ? [
          table(
            ['記録された事象', '件数'],
            data.labs.events.map((event) => [EVENT_JA[event.kind] ?? event.kind, `${event.count}`]),
          ),
          chart(data.labs.events.map((event) => event.count)),
        ]
      : []),
    heading('7. アンケート結果'),
  ];
  if (data.surveys.length === 0) children.push(text('アンケートは実施されていません。'));
  for (const { survey, results } of data.surveys) {
    children.push(heading(`${survey.title}（回答 ${results.responses} 件）`, HeadingLevel.HEADING_2));
    for (const question of results.questions) {
      const q = survey.questions.find((item) => item.id === question.id);
      children.push(heading(`${question.id}. ${question.text}`, HeadingLevel.HEADING_3));
      if (question.type === 'text') {
        children.push(text(`回答 ${question.answered} 件`));
        for (const answer of question.texts)
          children.push(
            new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: answer, font: JA_FONT })] }),
          );
        continue;
      }
      children.push(
        table(
          ['選択肢', '件数', '割合'],
          question.counts.map((count) => [count.option, `${count.count}`, `${count.percent.toFixed(1)} %`]),
        ),
        chart(
          question.counts.map((count) => count.percent),
          100,
        ),
      );
      if (question.mean !== null)
        children.push(
          text(
            `平均 ${question.mean.toFixed(2)}、中央値 ${question.median ?? '—'}（${q?.options.length ?? ''} 段階、回答 ${question.answered} 件）`,
          ),
        );
      else children.push(text(`回答 ${question.answered} 件`));
    }
  }
  children.push(heading('8. 振り返りと所見'), text(`振り返りの提出: ${data.reflections.reflections} 件`));
  if (data.reflections.tags.length)
    children.push(
      table(
        ['観点（タグ）', '件数'],
        data.reflections.tags.map((tag) => [tag.tag, `${tag.count}`]),
      ),
      chart(data.reflections.tags.map((tag) => tag.count)),
    );
  if (data.reflections.keyOpinions.length) {
    children.push(heading('主な意見', HeadingLevel.HEADING_2));
    for (const opinion of data.reflections.keyOpinions)
      children.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({
              text: `${opinion.learnt}${opinion.apply ? ` ／ 自組織での活用: ${opinion.apply}` : ''}${opinion.organisation ? `（${opinion.organisation}）` : ''}`,
              font: JA_FONT,
            }),
          ],
        }),
      );
  }
  children.push(heading('所見', HeadingLevel.HEADING_2), ...paragraphs(data.sections.insights || '（未記入）'));
  children.push(heading('9. 改善点'), ...paragraphs(data.sections.improvements || '（未記入）'));
  children.push(heading('10. 付録'), ...paragraphs(data.sections.appendix || '—'));
  const document = new Document({
    creator: 'Renkei',
    title: `${course.title} 実施報告書`,
    styles: { default: { document: { run: { font: JA_FONT } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
