/**
 * A lecture module's deck as PPTX slides (pptxgenjs: title, text, lists, tables, images,
 * citations at the foot, speaker notes), as a PDF handout (pdfkit, Noto Sans JP embedded, one
 * slide after another with its notes) and as DOCX (docx). Pure: slides and images in, bytes out.
 * @module
 */
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun, type FileChild } from 'docx';
import PDFDocument from 'pdfkit';
import PptxGenModule from 'pptxgenjs';
import { FONT_BOLD, FONT_REGULAR, JA_FONT, table } from '../course/index.js';
import type { Slide, SlideBlock } from './deck.js';

// pptxgenjs's types and its ESM build disagree on what the default import is (the class, or a
// namespace holding it, depending on how TypeScript resolves the package): take the class either way.
type Presentation = import('pptxgenjs').default;
const PptxGenJS = ((PptxGenModule as unknown as { default?: unknown }).default ??
  PptxGenModule) as new () => Presentation;

export interface DeckImage {
  content: Buffer;
  contentType: string;
  /** Pixels, read from the image header when it is PNG or JPEG (for the aspect ratio). */
  width: number;
  height: number;
}

export interface Handout {
  title: string;
  slides: readonly Slide[];
  images: ReadonlyMap<string, DeckImage>;
  language: 'ja' | 'en';
}

/** Width and height of a PNG or JPEG, from its header; 4:3 when unknown. */
export function imageSize(content: Buffer): { width: number; height: number } {
  if (content.subarray(1, 4).toString('latin1') === 'PNG')
    return { width: content.readUInt32BE(16), height: content.readUInt32BE(20) };
  if (content[0] === 0xff && content[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < content.length) {
      if (content[offset] !== 0xff) break;
      const marker = content[offset + 1]!;
      const length = content.readUInt16BE(offset + 2);
      if (marker >= 0xc0 && marker <= 0xc3)
        return { height: content.readUInt16BE(offset + 5), width: content.readUInt16BE(offset + 7) };
      offset += 2 + length;
    }
  }
  return { width: 800, height: 600 };
}

const citationLabel = (language: 'ja' | 'en') => (language === 'ja' ? '出典' : 'Source');

function fit(image: DeckImage, maxWidth: number, maxHeight: number): { w: number; h: number } {
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1 / 72);
  return { w: image.width * scale, h: image.height * scale };
}

export async function deckPptx(handout: Handout): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  pptx.title = handout.title;
  pptx.theme = { headFontFace: JA_FONT, bodyFontFace: JA_FONT };
  for (const slide of handout.slides) {
    const page = pptx.addSlide();
    page.addText(slide.title || handout.title, {
      x: 0.4,
      y: 0.25,
      w: 9.2,
      h: 0.7,
      fontSize: 26,
      bold: true,
      fontFace: JA_FONT,
      color: '1E293B',
    });
    let y = 1.1;
    const room = () => 5.1 - y;
    for (const block of slide.blocks) {
      if (room() <= 0.2) break;
      if (block.kind === 'image') {
        const image = handout.images.get(block.src);
        if (!image) continue;
        const size = fit(image, 9.2, Math.min(3.2, room()));
        page.addImage({
          data: `data:${image.contentType};base64,${image.content.toString('base64')}`,
          x: 0.4,
          y,
          w: size.w * 72 > 0 ? size.w : 4,
          h: size.h,
          altText: block.alt,
        });
        y += size.h + 0.15;
        continue;
      }
      if (block.kind === 'table') {
        const rows = [block.header, ...block.rows].map((row, index) =>
          row.map((text) => ({ text, options: { bold: index === 0, fontFace: JA_FONT, fontSize: 12 } })),
        );
        const height = Math.min(room(), 0.35 * rows.length);
        page.addTable(rows, { x: 0.4, y, w: 9.2, h: height, border: { type: 'solid', color: 'CBD5E1', pt: 0.5 } });
        y += height + 0.15;
        continue;
      }
      const lines = block.kind === 'list' ? block.items : [block.text];
      const height = Math.min(
        room(),
        0.38 * lines.reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 45)), 0),
      );
      page.addText(
        lines.map((text, index) => ({
          text,
          options: {
            ...(block.kind === 'list' ? { bullet: block.ordered ? { type: 'number' as const } : true } : {}),
            ...(block.kind === 'code' ? { fontFace: 'Courier New' } : {}),
            breakLine: index < lines.length - 1,
          },
        })),
        {
          x: 0.4,
          y,
          w: 9.2,
          h: height,
          fontSize: block.kind === 'code' ? 12 : 18,
          fontFace: block.kind === 'code' ? 'Courier New' : JA_FONT,
          valign: 'top',
          color: '334155',
          italic: block.kind === 'quote',
        },
      );
      y += height + 0.1;
    }
    if (slide.citations.length)
      page.addText(`${citationLabel(handout.language)}: ${slide.citations.join(' / ')}`, {
        x: 0.4,
        y: 5.15,
        w: 9.2,
        h: 0.35,
        fontSize: 10,
        fontFace: JA_FONT,
        color: '64748B',
      });
    if (slide.notes) page.addNotes(slide.notes);
  }
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}

export function deckPdf(handout: Handout): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: handout.title, Creator: 'Renkei' },
    lang: handout.language === 'ja' ? 'ja-JP' : 'en',
  });
  pdf.registerFont('ja', FONT_REGULAR);
  pdf.registerFont('ja-bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 100;
  pdf.font('ja-bold').fontSize(18).text(handout.title);
  handout.slides.forEach((slide, index) => {
    if (pdf.y > pdf.page.height - 200) pdf.addPage();
    pdf
      .moveDown(0.8)
      .font('ja-bold')
      .fontSize(13)
      .fillColor('#111')
      .text(`${index + 1}. ${slide.title}`);
    pdf
      .moveTo(50, pdf.y + 2)
      .lineTo(50 + width, pdf.y + 2)
      .strokeColor('#cbd5e1')
      .stroke();
    pdf.moveDown(0.4);
    for (const block of slide.blocks) writePdfBlock(pdf, block, handout, width);
    if (slide.citations.length)
      pdf
        .font('ja')
        .fontSize(8)
        .fillColor('#64748b')
        .text(`${citationLabel(handout.language)}: ${slide.citations.join(' / ')}`, { width });
    if (slide.notes) {
      pdf
        .moveDown(0.3)
        .font('ja-bold')
        .fontSize(9)
        .fillColor('#334155')
        .text(handout.language === 'ja' ? 'ノート' : 'Notes');
      pdf.font('ja').fontSize(9).text(slide.notes, { width });
    }
  });
  pdf.end();
  return done;
}

function writePdfBlock(pdf: PDFKit.PDFDocument, block: SlideBlock, handout: Handout, width: number): void {
  pdf.font('ja').fontSize(10.5).fillColor('#222');
  switch (block.kind) {
    case 'paragraph':
    case 'quote':
      pdf.text(block.text, { width, lineGap: 2 });
      break;
    case 'list':
      block.items.forEach((item, index) =>
        pdf.text(`${block.ordered ? `${index + 1}.` : '・'} ${item}`, { width, indent: 8, lineGap: 2 }),
      );
      break;
    case 'code':
      pdf.font('Courier').fontSize(9).text(block.text, { width });
      break;
    case 'table':
      for (const row of [block.header, ...block.rows]) pdf.text(row.join('　|　'), { width });
      break;
    case 'image': {
      const image = handout.images.get(block.src);
      if (!image || !/png|jpe?g/.test(image.contentType)) break;
      const scale = Math.min(width / image.width, 220 / image.height, 1);
      if (pdf.y + image.height * scale > pdf.page.height - 60) pdf.addPage();
      pdf.image(image.content, 50, pdf.y, { width: image.width * scale, height: image.height * scale });
      pdf.y += image.height * scale + 4;
      break;
    }
  }
  pdf.moveDown(0.3);
}

const run = (text: string, options: { bold?: boolean; size?: number; italics?: boolean; color?: string } = {}) =>
  new TextRun({ text, font: JA_FONT, ...options });

export async function deckDocx(handout: Handout): Promise<Buffer> {
  const children: FileChild[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [run(handout.title)] })];
  handout.slides.forEach((slide, index) => {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [run(`${index + 1}. ${slide.title}`)] }));
    for (const block of slide.blocks) {
      if (block.kind === 'list')
        for (const item of block.items) children.push(new Paragraph({ bullet: { level: 0 }, children: [run(item)] }));
      else if (block.kind === 'table') children.push(table(block.header, block.rows));
      else if (block.kind === 'image') {
        const image = handout.images.get(block.src);
        if (!image || !/png|jpe?g/.test(image.contentType)) continue;
        const scale = Math.min(560 / image.width, 1);
        children.push(
          new Paragraph({
            children: [
              new ImageRun({
                type: image.contentType.includes('png') ? 'png' : 'jpg',
                data: image.content,
                transformation: { width: image.width * scale, height: image.height * scale },
                altText: { name: block.alt || block.src, description: block.alt, title: block.alt },
              }),
            ],
          }),
        );
      } else
        children.push(new Paragraph({ children: [run(block.text, block.kind === 'quote' ? { italics: true } : {})] }));
    }
    if (slide.citations.length)
      children.push(
        new Paragraph({
          children: [
            run(`${citationLabel(handout.language)}: ${slide.citations.join(' / ')}`, { size: 16, color: '64748B' }),
          ],
        }),
      );
    if (slide.notes)
      children.push(
        new Paragraph({
          children: [
            run(handout.language === 'ja' ? 'ノート: ' : 'Notes: ', { bold: true, size: 18 }),
            run(slide.notes, { size: 18 }),
          ],
        }),
      );
  });
  const document = new Document({
    creator: 'Renkei',
    title: handout.title,
    styles: { default: { document: { run: { font: JA_FONT } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
