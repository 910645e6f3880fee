/**
 * The implementation report as PDF (pdfkit), with Noto Sans JP embedded (subset) so that it
 * renders and prints the same everywhere; Japanese lines break where UAX #14 allows. Charts are
 * drawn as vector bars with their labels (the font: course/fonts.ts).
 * @module
 */
import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR } from '../course/index.js';
import { EVENT_JA, KIND_JA, materialsOf, type ReportData } from './report-data.js';

const MARGIN = 50;

export function implementationReportPdf(data: ReportData): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `${data.course.title} 実施報告書`, Creator: 'Renkei' },
    lang: 'ja-JP',
  });
  pdf.registerFont('ja', FONT_REGULAR);
  pdf.registerFont('ja-bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - MARGIN * 2;
  const ensure = (space: number) => {
    if (pdf.y + space > pdf.page.height - MARGIN) pdf.addPage();
  };
  const h1 = (value: string) => {
    ensure(60);
    pdf.moveDown(0.8).font('ja-bold').fontSize(15).fillColor('#111').text(value).moveDown(0.3);
  };
  const h2 = (value: string) => {
    ensure(40);
    pdf.moveDown(0.4).font('ja-bold').fontSize(12).fillColor('#111').text(value).moveDown(0.2);
  };
  const body = (value: string) => pdf.font('ja').fontSize(10).fillColor('#222').text(value, { width, lineGap: 2 });
  /** Horizontal bars with label and value, scaled to `max`. */
  const bars = (items: readonly { label: string; value: number; shown: string }[], max: number) => {
    const labelWidth = width * 0.42;
    const barWidth = width * 0.45;
    for (const item of items) {
      ensure(18);
      const y = pdf.y;
      pdf
        .font('ja')
        .fontSize(9)
        .fillColor('#222')
        .text(item.label, MARGIN, y, { width: labelWidth - 6, height: 14, ellipsis: true });
      const length = max > 0 ? (Math.max(0, item.value) / max) * barWidth : 0;
      pdf.rect(MARGIN + labelWidth, y + 2, barWidth, 9).fill('#e2e8f0');
      if (length > 0) pdf.rect(MARGIN + labelWidth, y + 2, length, 9).fill('#3b82f6');
      pdf
        .fillColor('#222')
        .text(item.shown, MARGIN + labelWidth + barWidth + 4, y, { width: width - labelWidth - barWidth - 4 });
      pdf.x = MARGIN;
      pdf.y = y + 15;
    }
    pdf.moveDown(0.3);
  };

  const { course, participants } = data;
  pdf.font('ja-bold').fontSize(20).text(`${course.title} 実施報告書`, { align: 'center' });
  pdf
    .moveDown(0.3)
    .font('ja')
    .fontSize(10)
    .text(`作成日: ${data.generatedAt.slice(0, 10)}`, { align: 'center' });

  h1('1. 実施概要');
  body(
    [
      `名称: ${course.title}`,
      `主催: ${course.organiser ?? '—'}`,
      `会場: ${course.venue ?? '—'}`,
      `日程: ${course.days.map((d, i) => `${i + 1} 日目 ${d}`).join('、')}`,
      `受講者数: ${participants.total} 名（${participants.groups} グループ）`,
    ].join('\n'),
  );
  h1('2. 目標');
  body(course.goals ?? '—');
  h1('3. カリキュラム');
  course.days.forEach((date, index) => {
    h2(`${index + 1} 日目（${date}）`);
    for (const block of course.blocks.filter((b) => b.day === index + 1)) {
      const people = [...block.instructors, ...block.assistants.map((a) => `${a}（補助）`)].join('、');
      body(
        `${block.start}–${block.end}　[${KIND_JA[block.kind]}] ${block.title}${block.material ? `　教材: ${block.material}` : ''}${block.labs.length ? `　演習: ${block.labs.join('、')}` : ''}${people ? `　担当: ${people}` : ''}`,
      );
    }
  });
  h1('4. 使用した教材・サービス');
  body(
    materialsOf(course)
      .map((m) => `・${m}`)
      .join('\n') || '—',
  );
  if (course.services) body(course.services);
  h1('5. 受講者と出席');
  bars(
    participants.attendance.map((present, index) => ({
      label: `${index + 1} 日目`,
      value: present,
      shown: `${present} / ${participants.total} 名`,
    })),
    Math.max(1, participants.total),
  );
  h2('所属組織の業種');
  bars(
    participants.bySector.map(([sector, count]) => ({ label: sector, value: count, shown: `${count} 名` })),
    Math.max(1, ...participants.bySector.map(([, count]) => count)),
  );
  h1('6. 演習の実施状況');
  body(
    `模擬プラント ${data.labs.plants} 基、AI（モデルゲートウェイ経由）の呼び出し ${data.labs.modelCalls} 件、うち防御策が作動 ${data.labs.defended} 件、失敗 ${data.labs.failedCalls} 件。`,
  );
  if (data.labs.events.length)
    bars(
      data.labs.events.map((event) => ({
        label: EVENT_JA[event.kind] ?? event.kind,
        value: event.count,
        shown: `${event.count} 件`,
      })),
      Math.max(1, ...data.labs.events.map((event) => event.count)),
    );
  h1('7. アンケート結果');
  if (data.surveys.length === 0) body('アンケートは実施されていません。');
  for (const { survey, results } of data.surveys) {
    h2(`${survey.title}（回答 ${results.responses} 件）`);
    for (const question of results.questions) {
      ensure(50);
      pdf.font('ja-bold').fontSize(10).fillColor('#111').text(`${question.id}. ${question.text}`, { width });
      if (question.type === 'text') {
        body(question.texts.map((t) => `・${t}`).join('\n') || '（回答なし）');
        continue;
      }
      bars(
        question.counts.map((count) => ({
          label: count.option,
          value: count.percent,
          shown: `${count.count} 件 ${count.percent.toFixed(1)} %`,
        })),
        100,
      );
      body(
        question.mean !== null
          ? `平均 ${question.mean.toFixed(2)}、中央値 ${question.median ?? '—'}（回答 ${question.answered} 件）`
          : `回答 ${question.answered} 件`,
      );
    }
  }
  h1('8. 振り返りと所見');
  body(`振り返りの提出: ${data.reflections.reflections} 件`);
  if (data.reflections.tags.length)
    bars(
      data.reflections.tags.map((tag) => ({ label: tag.tag, value: tag.count, shown: `${tag.count} 件` })),
      Math.max(1, ...data.reflections.tags.map((tag) => tag.count)),
    );
  if (data.reflections.keyOpinions.length) {
    h2('主な意見');
    body(
      data.reflections.keyOpinions
        .map(
          (o) =>
            `・${o.learnt}${o.apply ? ` ／ 自組織での活用: ${o.apply}` : ''}${o.organisation ? `（${o.organisation}）` : ''}`,
        )
        .join('\n'),
    );
  }
  h2('所見');
  body(data.sections.insights || '（未記入）');
  h1('9. 改善点');
  body(data.sections.improvements || '（未記入）');
  h1('10. 付録');
  body(data.sections.appendix || '—');
  pdf.end();
  return done;
}
