/**
 * A lecture module written in Markdown, read as a deck of slides: slides are separated by a
 * line of `---`; the first heading of a slide is its title; a paragraph starting with `Note:`
 * (or `ノート:`) starts the speaker notes, which run to the end of the slide; a paragraph
 * starting with `Source:` (or `出典:`) is a citation of third-party material, shown on the
 * slide where it is used. Pure: text in, slides out (marked's lexer reads the Markdown).
 * @module
 */
import { marked, type Token, type Tokens } from 'marked';

export type SlideBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'image'; src: string; alt: string }
  | { kind: 'code'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'quote'; text: string };

export interface Slide {
  title: string;
  blocks: SlideBlock[];
  notes: string;
  citations: string[];
  /** The slide's own Markdown (for rendering it as HTML). */
  markdown: string;
}

const NOTE = /^(?:Notes?|ノート|スピーカーノート)\s*[:：]\s*/i;
const SOURCE = /^(?:Sources?|出典|引用元)\s*[:：]\s*/i;

/** Inline tokens as plain text (emphasis dropped, a link keeps its target in brackets). */
function plain(tokens: readonly Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'link':
          return `${plain((token as Tokens.Link).tokens, (token as Tokens.Link).text)} (${(token as Tokens.Link).href})`;
        case 'image':
          return '';
        case 'br':
          return '\n';
        case 'strong':
        case 'em':
        case 'del':
          return plain((token as Tokens.Strong).tokens, (token as Tokens.Strong).text);
        case 'codespan':
          return (token as Tokens.Codespan).text;
        case 'escape':
          return (token as Tokens.Escape).text;
        default:
          return 'tokens' in token && Array.isArray(token.tokens)
            ? plain(token.tokens, token.raw)
            : 'text' in token
              ? String(token.text)
              : token.raw;
      }
    })
    .join('');
}

function decode(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

export function parseDeck(markdown: string): Slide[] {
  const sources = markdown.replace(/\r\n?/g, '\n').split(/^\s*---\s*$/m);
  const slides: Slide[] = [];
  for (const source of sources) {
    if (!source.trim()) continue;
    const slide: Slide = { title: '', blocks: [], notes: '', citations: [], markdown: '' };
    let inNotes = false;
    const notes: string[] = [];
    const shown: string[] = [];
    for (const token of marked.lexer(source)) {
      if (token.type === 'space') continue;
      const text =
        token.type === 'paragraph'
          ? decode(plain((token as Tokens.Paragraph).tokens, (token as Tokens.Paragraph).text))
          : '';
      if (token.type === 'paragraph' && NOTE.test(text)) {
        inNotes = true;
        notes.push(text.replace(NOTE, ''));
        continue;
      }
      if (inNotes) {
        notes.push(
          decode(
            token.type === 'list'
              ? (token as Tokens.List).items.map((i) => `・${plain(i.tokens, i.text)}`).join('\n')
              : plain('tokens' in token ? token.tokens : undefined, token.raw),
          ).trim(),
        );
        continue;
      }
      if (token.type === 'paragraph' && SOURCE.test(text)) {
        slide.citations.push(text.replace(SOURCE, ''));
        shown.push(token.raw);
        continue;
      }
      shown.push(token.raw);
      switch (token.type) {
        case 'heading':
          if (!slide.title)
            slide.title = decode(plain((token as Tokens.Heading).tokens, (token as Tokens.Heading).text));
          else slide.blocks.push({ kind: 'paragraph', text: decode(plain((token as Tokens.Heading).tokens)) });
          break;
        case 'paragraph': {
          const images = ((token as Tokens.Paragraph).tokens ?? []).filter(
            (t): t is Tokens.Image => t.type === 'image',
          );
          for (const image of images) slide.blocks.push({ kind: 'image', src: image.href, alt: image.text });
          if (text.trim()) slide.blocks.push({ kind: 'paragraph', text: text.trim() });
          break;
        }
        case 'list':
          slide.blocks.push({
            kind: 'list',
            ordered: (token as Tokens.List).ordered,
            items: (token as Tokens.List).items.map((item) => decode(plain(item.tokens, item.text)).trim()),
          });
          break;
        case 'code':
          slide.blocks.push({ kind: 'code', text: (token as Tokens.Code).text });
          break;
        case 'table':
          slide.blocks.push({
            kind: 'table',
            header: (token as Tokens.Table).header.map((cell) => decode(plain(cell.tokens, cell.text))),
            rows: (token as Tokens.Table).rows.map((row) => row.map((cell) => decode(plain(cell.tokens, cell.text)))),
          });
          break;
        case 'blockquote':
          slide.blocks.push({
            kind: 'quote',
            text: decode(plain((token as Tokens.Blockquote).tokens, (token as Tokens.Blockquote).text)).trim(),
          });
          break;
        default:
          if (token.raw.trim()) slide.blocks.push({ kind: 'paragraph', text: decode(token.raw.trim()) });
      }
    }
    slide.notes = notes.filter(Boolean).join('\n');
    slide.markdown = shown.join('');
    slides.push(slide);
  }
  return slides;
}
