/**
 * Every URL an HTML document carries, found from a parse (htmlparser2) rather than from patterns
 * over markup, with where it came from: link targets, images (`src`, `srcset`, `background`,
 * `poster`), forms (`action`, `formaction`), redirect wrappers (`data-saferedirecturl` and other
 * `data-*` URLs, `<meta http-equiv=refresh>`), stylesheets and CSS `url(…)`, visible text,
 * comments and scripts; and structure (`xmlns`, DOCTYPE and schema URLs, `<base>`), which is not
 * evidence. Every character reference is decoded (`&#37;&#50;…` included), so a URL is what a
 * browser would request. Pure: no I/O.
 * @module
 */
import { Parser } from 'htmlparser2';
import { trimFoundUrl } from './extract.js';

export type HtmlUrlSource =
  | 'link'
  | 'image'
  | 'media'
  | 'form'
  | 'redirect'
  | 'stylesheet'
  | 'css'
  | 'text'
  | 'comment'
  | 'script'
  | 'signature'
  | 'structural';

export interface HtmlUrl {
  /** As found, character references decoded (no other change). */
  url: string;
  source: HtmlUrlSource;
}

// A URL in free text: scheme, then everything up to white space, quotes or angle brackets;
// brackets are kept (…/01%20(1).png) and only unbalanced trailing ones trimmed.
const TEXT_URL = /\b(?:https?|ftp):\/\/[^\s<>"'`\u3000-\u303f\uff08\uff09]+/giu;
const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/giu;

/** URLs in free text (visible text, comments, scripts). */
export function textUrls(text: string): string[] {
  return [...text.matchAll(TEXT_URL)].map((match) => trimFoundUrl(match[0]));
}

const isUrl = (value: string) => /^(?:https?|ftp):\/\//iu.test(value.trim());

const STRUCTURAL_HOSTS =
  /^(?:https?:\/\/)?(?:www\.)?(?:w3\.org|schemas\.microsoft\.com|schemas\.openxmlformats\.org|purl\.org|ns\.adobe\.com)\//iu;

/** Fonts (files or font services): what a stylesheet loads, not evidence. */
const FONT_URL = /^(?:https?:)?\/\/(?:fonts\.|use\.typekit\.net\/)|\.(?:woff2?|ttf|otf|eot)(?:[?#]|$)/iu;

/**
 * Mail clients' signature blocks (Gmail, Thunderbird, Outlook, Apple Mail's common markers): the
 * sender's own links (web site, social pages), not evidence of what they report.
 */
function isSignatureBlock(attributes: Record<string, string>): boolean {
  const marker = `${attributes['class'] ?? ''} ${attributes['id'] ?? ''} ${attributes['data-smartmail'] ?? ''}`;
  return /\b(?:gmail_signature|moz-signature|signature|Signature|x_Signature|elementToProof-signature)\b/u.test(marker);
}

/** A mailto: target with its percent-escapes decoded (as written when an escape is malformed). */
function decodedMailto(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

/** Every URL of an HTML document with its source, in document order (duplicates kept once per source). */
export function extractHtmlUrls(html: string): HtmlUrl[] {
  const found: HtmlUrl[] = [];
  const seen = new Set<string>();
  const add = (raw: string, source: HtmlUrlSource) => {
    // As a browser reads an attribute's URL: tabs and line breaks dropped, spaces sent as %20
    // (`src="…/Email Header.png"` is one URL, not a URL cut at the first space).
    const written = raw
      .trim()
      .replace(/[\t\r\n]/gu, '')
      .replace(/ /gu, '%20');
    // A mailto: target's address is evidence (where the scam wants replies): kept with its
    // percent-escapes decoded, for the address to be extracted from it.
    const mailto = /^mailto:/iu.test(written);
    // A scheme-relative URL (`src="//cdn.example/x.png"`) is fetched over the scheme of the page;
    // a mail has none, and clients and their image proxies use HTTPS.
    const url = mailto ? decodedMailto(written) : /^\/\/[\p{L}\p{N}]/u.test(written) ? `https:${written}` : written;
    if (!mailto && !isUrl(url)) return;
    const kind =
      STRUCTURAL_HOSTS.test(url) && source !== 'link' && source !== 'text'
        ? 'structural'
        : signatureDepth > 0 && source !== 'structural'
          ? 'signature'
          : source === 'css' && FONT_URL.test(url)
            ? 'stylesheet'
            : source;
    const key = `${kind} ${url}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ url, source: kind });
  };
  const addCss = (css: string) => {
    for (const match of css.matchAll(CSS_URL)) add(match[2] ?? match[4] ?? '', 'css');
  };
  const stack: string[] = [];
  let pendingText = '';
  const flushText = () => {
    if (!pendingText) return;
    const text = pendingText;
    pendingText = '';
    const inside = stack.at(-1);
    if (inside === 'style') addCss(text);
    // In a style too: everything after an unclosed <style> is raw text to a parser (and a
    // browser), and spam hides whole link lists there. Their URLs are read as CSS's.
    const source = inside === 'style' ? 'css' : inside === 'script' ? 'script' : 'text';
    for (const url of textUrls(text)) add(url, source);
  };
  // The depth of open elements at which a signature block started (0: not inside one).
  let signatureDepth = 0;
  const VOID = new Set([
    'area',
    'base',
    'br',
    'col',
    'embed',
    'hr',
    'img',
    'input',
    'link',
    'meta',
    'source',
    'track',
    'wbr',
  ]);
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        flushText();
        if (!VOID.has(name)) stack.push(name);
        if (signatureDepth === 0 && isSignatureBlock(attributes)) signatureDepth = stack.length;
        for (const [attribute, value] of Object.entries(attributes)) {
          const key = attribute.toLowerCase();
          if (key === 'xmlns' || key.startsWith('xmlns:') || key.endsWith('schemalocation')) {
            for (const url of value.split(/\s+/u)) add(url, 'structural');
            continue;
          }
          if (key === 'style') {
            addCss(value);
            continue;
          }
          if (key === 'srcset') {
            for (const candidate of value.split(/,\s+/u)) add(candidate.trim().split(/\s+/u)[0] ?? '', 'image');
            continue;
          }
          if (key === 'href') {
            const rel = (attributes['rel'] ?? '').toLowerCase();
            add(
              value,
              name === 'base'
                ? 'structural'
                : name === 'link'
                  ? rel.includes('stylesheet')
                    ? 'stylesheet'
                    : /preconnect|dns-prefetch|profile|schema/u.test(rel)
                      ? 'structural'
                      : 'link'
                  : 'link',
            );
            continue;
          }
          if (key === 'src')
            add(
              value,
              name === 'img' || name === 'input'
                ? 'image'
                : name === 'script'
                  ? 'script'
                  : name === 'iframe' || name === 'frame' || name === 'embed'
                    ? 'link'
                    : 'media',
            );
          else if (key === 'background' || key === 'poster') add(value, 'image');
          else if (key === 'action' || key === 'formaction') add(value, 'form');
          else if (key === 'content' && name === 'meta' && /refresh/iu.test(attributes['http-equiv'] ?? ''))
            add(/url\s*=\s*['"]?([^'"]+)/iu.exec(value)?.[1] ?? '', 'redirect');
          else if (key.startsWith('data-') || /url|href|redirect|link/u.test(key)) add(value, 'redirect');
          else if (isUrl(value)) add(value, 'link');
        }
      },
      onclosetag(name) {
        flushText();
        if (VOID.has(name)) return;
        if (stack.length === signatureDepth) signatureDepth = 0;
        stack.pop();
      },
      ontext(text) {
        // The parser hands text over in pieces (a character reference ends one): joined until
        // the next tag, so `…/&#37;&#50;&#70;go` is one URL, not a URL cut before the reference.
        pendingText += text;
      },
      oncomment(text) {
        flushText();
        for (const url of textUrls(text)) add(url, 'comment');
      },
      onprocessinginstruction(_name, data) {
        // <!DOCTYPE … "http://www.w3.org/TR/…"> and <?xml …?>: structure.
        for (const url of textUrls(data)) add(url, 'structural');
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flushText();
  return found;
}
