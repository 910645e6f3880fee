/**
 * Extraction of observables from free text (mail bodies, web forms, HTML link targets,
 * headers): ioc-extractor finds the ASCII indicators; this module refangs first, adds URLs with
 * internationalised host names (which ioc-extractor skips), cuts URLs at Japanese punctuation,
 * normalises every value and drops look-alikes such as file names (`report.pdf`).
 * @module
 */
import {
  extractASNs,
  extractCVEs,
  extractDomains,
  extractEmails,
  extractIPv4s,
  extractIPv6s,
  extractMD5s,
  extractSHA1s,
  extractSHA256s,
  refang as refangSpaced,
  type IOCKey,
} from 'ioc-extractor';
import { hasPublicSuffix, normalizeDomain, normalizeIp, normalizeUrl } from './normalize.js';
import { refang } from './refang.js';

export const OBSERVABLE_TYPES = [
  'url',
  'domain',
  'ipv4',
  'ipv6',
  'email',
  'md5',
  'sha1',
  'sha256',
  'cve',
  'asn',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export interface Observable {
  type: ObservableType;
  /** Normalised value: the key used for correlation. */
  value: string;
}

/**
 * Where an observable was found. Link targets, images, forms, redirect wrappers, visible text,
 * scripts, comments, headers and attachments are evidence; structure (`xmlns`, DOCTYPE, schema
 * URLs, `<base>`), stylesheets and fonts, the reporter's own signature and the reporter's own
 * domain are not: they are kept, shown, and never correlated.
 */
export const OBSERVABLE_SOURCES = [
  'text',
  'link',
  'image',
  'media',
  'form',
  'redirect',
  'css',
  'script',
  'comment',
  'header',
  'attachment',
  'handler',
  'stylesheet',
  'structural',
  'signature',
  'reporter',
] as const;
export type ObservableSource = (typeof OBSERVABLE_SOURCES)[number];

/** Sources that are not evidence: an observable found only there does not correlate. */
export const NON_EVIDENCE_SOURCES: ReadonlySet<ObservableSource> = new Set([
  'stylesheet',
  'structural',
  'signature',
  'reporter',
]);

/** True when any of the sources is evidence and the observable is not the reporter's own. */
export function isEvidence(sources: readonly ObservableSource[]): boolean {
  return !sources.includes('reporter') && sources.some((source) => !NON_EVIDENCE_SOURCES.has(source));
}

/** An observable with where it was found and how it was written there (refanged, not normalised). */
export interface SourcedObservable extends Observable {
  sources: ObservableSource[];
  /** The text as seen (refanged): a URL before normalisation, e.g. with its original case and escapes. */
  seen: string;
}

/** Characters that end a URL in Japanese (and English) prose. */
const URL_TERMINATORS = /[\s<>"'`「」『』【】（）［］、。，！？…・\u3000\u200b-\u200d\u2060\ufeff]/u;
/**
 * URLs whose host may contain any Unicode letter (IDN). Brackets end a URL (text renderings of
 * HTML write "label [url]"), except an IPv6 literal right after the scheme.
 */
const URL_PATTERN =
  /\b(?:https?|ftp):\/\/(?:\[[0-9a-f:.]+\])?[^\s<>"'`「」『』【】（）［］、。，！？…\u3000\u200b-\u200d\u2060\ufeff]+/giu;

/**
 * The kinds of indicator taken from ioc-extractor (not its crypto wallets, analytics ids, …),
 * each with a test of the tokens that can hold one. Its indicators are all ASCII without white
 * space, so each lies inside one white-space-separated token; its patterns are tried at every
 * position of the text they get (a domain's look-ahead over every top-level domain, IPv6's eight
 * alternatives), so each is given only the tokens it could match, not a report's prose. Each
 * test is a necessary condition of its pattern (an IPv6 address has '::' or six colons, a domain a dot
 * before its top-level domain's first letter, an ASN is "AS" or "ASN" and digits, …).
 */
const IOC_KINDS = {
  domains: { extract: extractDomains, mayHold: (token: string) => /\.[A-Za-z]/.test(token) },
  emails: { extract: extractEmails, mayHold: (token: string) => token.includes('@') && token.includes('.') },
  ipv4s: { extract: extractIPv4s, mayHold: (token: string) => /\d\.\d/.test(token) },
  // Full form: seven colons (six before an embedded IPv4); shortened: '::'.
  ipv6s: { extract: extractIPv6s, mayHold: (token: string) => token.includes('::') || /(?::[^:]*){6}/.test(token) },
  md5s: { extract: extractMD5s, mayHold: (token: string) => /[A-Fa-f0-9]{32}/.test(token) },
  sha1s: { extract: extractSHA1s, mayHold: (token: string) => /[A-Fa-f0-9]{40}/.test(token) },
  sha256s: { extract: extractSHA256s, mayHold: (token: string) => /[A-Fa-f0-9]{64}/.test(token) },
  cves: { extract: extractCVEs, mayHold: (token: string) => /cve-/i.test(token) },
  asns: { extract: extractASNs, mayHold: (token: string) => /asn?\d/i.test(token) },
} satisfies Partial<
  Record<
    IOCKey,
    {
      extract: (text: string, options: { sort: boolean; strict: boolean }) => string[];
      mayHold: (token: string) => boolean;
    }
  >
>;
type IocKind = keyof typeof IOC_KINDS;
const HASH_KINDS: ReadonlySet<IocKind> = new Set(['md5s', 'sha1s', 'sha256s']);
const IOC_KIND_NAMES = Object.keys(IOC_KINDS) as IocKind[];

/**
 * Every indicator of the kinds above has a digit, an at sign, or a dot or colon followed by a
 * letter or digit; a word of prose (even one ending a sentence) has none. One cheap test drops
 * most tokens before the ten tests per kind.
 */
const MAY_HOLD_ANY = /\d|@|[.:][A-Za-z0-9]/;

/** ioc-extractor's indicators of each kind, each kind looked for in its candidate tokens only. */
function extractIocs(text: string, withoutUrls: string): Record<IocKind, string[]> {
  // Non-ASCII (Japanese) separates tokens: an indicator next to it ends there.
  const tokensOf = (input: string) =>
    input
      .replace(/[^\x00-\x7F]+/g, ' ')
      .split(/\s+/)
      .filter((token) => MAY_HOLD_ANY.test(token));
  const tokens = tokensOf(text);
  // A hash inside a URL (a cache-busting parameter, a tracking id) is not a file's hash.
  const hashTokens = tokensOf(withoutUrls);
  const found = {} as Record<IocKind, string[]>;
  for (const kind of IOC_KIND_NAMES) {
    const candidates = (HASH_KINDS.has(kind) ? hashTokens : tokens).filter(IOC_KINDS[kind].mayHold);
    found[kind] =
      candidates.length === 0 ? [] : IOC_KINDS[kind].extract(candidates.join(' '), { sort: false, strict: true });
  }
  return found;
}

/** The white-space-separated tokens of `text` that contain `needle`, found without splitting all of it. */
function tokensContaining(text: string, needle: string): string[] {
  const tokens: string[] = [];
  const isSpace = (at: number) => /\s/.test(text.charAt(at));
  for (let at = text.indexOf(needle); at >= 0;) {
    let start = at;
    while (start > 0 && !isSpace(start - 1)) start--;
    let end = at + needle.length;
    while (end < text.length && !isSpace(end)) end++;
    tokens.push(text.slice(start, end));
    at = text.indexOf(needle, end);
  }
  return tokens;
}

/**
 * A URL found in text, cut where it ends: at a closing bracket that opens nowhere in the URL
 * (`[http://x/a]から`, `(see http://x/a)`), then without trailing sentence punctuation. Brackets
 * that belong to it stay (`…/01%20(1).png`, `…/a[1]`). `&amp;` written out becomes `&`.
 */
export function trimFoundUrl(url: string): string {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const depth: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  // Skip the scheme and an IPv6 literal host ("http://[2001:db8::1]/").
  const start = (/^[a-z]+:\/\/(?:\[[0-9a-f:.]+\])?/iu.exec(url)?.[0] ?? '').length;
  let end = url.length;
  for (let index = start; index < url.length; index++) {
    const char = url.charAt(index);
    if (char in depth) depth[char] = (depth[char] ?? 0) + 1;
    else if (char in pairs) {
      const open = pairs[char]!;
      if ((depth[open] ?? 0) === 0) {
        end = index;
        break;
      }
      depth[open] = (depth[open] ?? 0) - 1;
    }
  }
  return url
    .slice(0, end)
    .replace(/&amp;/giu, '&')
    .replace(/[.,;:!?]+$/u, '');
}

function trimUrl(url: string): string {
  const ipv6Host = /^[a-z]+:\/\/\[[0-9a-f:.]+\]/i.exec(url)?.[0] ?? '';
  return trimFoundUrl(ipv6Host + (url.slice(ipv6Host.length).split(URL_TERMINATORS)[0] ?? ''));
}

/** A URL in text, so that hashes inside one (a CDN's `?v=<md5>`) are not taken for file hashes. */
const ANY_URL = /\b(?:https?|ftp):\/\/\S+/giu;

export function extractObservables(text: string): Observable[] {
  return findObservables(text).map(({ type, value }) => ({ type, value }));
}

/**
 * The observables of several pieces of text, each with where it came from; an observable found
 * in several keeps every source and the first way it was written.
 */
export function extractSourcedObservables(
  parts: readonly { text: string; source: ObservableSource }[],
): SourcedObservable[] {
  const found = new Map<string, SourcedObservable>();
  // One pass per source over its pieces joined (a mail's HTML gives hundreds of URL pieces, and
  // each pass has a fixed cost); a line break ends every indicator, so joining changes nothing.
  const bySource = new Map<ObservableSource, string[]>();
  for (const { text, source } of parts) {
    if (!text) continue;
    const texts = bySource.get(source);
    if (texts) texts.push(text);
    else bySource.set(source, [text]);
  }
  for (const [source, texts] of bySource) {
    const text = texts.join('\n');
    for (const observable of findObservables(text)) {
      const key = `${observable.type}:${observable.value}`;
      const known = found.get(key);
      if (!known) found.set(key, { ...observable, sources: [source] });
      else if (!known.sources.includes(source)) known.sources.push(source);
    }
  }
  return sortObservables([...found.values()]);
}

function sortObservables<T extends Observable>(observables: T[]): T[] {
  return observables.sort((a, b) =>
    a.type === b.type
      ? a.value < b.value
        ? -1
        : a.value > b.value
          ? 1
          : 0
      : OBSERVABLE_TYPES.indexOf(a.type) - OBSERVABLE_TYPES.indexOf(b.type),
  );
}

function findObservables(text: string): (Observable & { seen: string })[] {
  const refanged = refang(text);
  const found = new Map<string, Observable & { seen: string }>();
  const add = (type: ObservableType, value: string | undefined, seen: string = value ?? '') => {
    if (value && !found.has(`${type}:${value}`)) found.set(`${type}:${value}`, { type, value, seen });
  };

  // ioc-extractor's own refanging (it also undoes spaced forms such as "evil [.] example") runs
  // on the whole text, before the text is cut into tokens.
  const spaced = refangSpaced(refanged);
  const ioc = extractIocs(spaced, spaced.replace(ANY_URL, ' '));
  // URLs (any host: Unicode, numeric, no public suffix), looked for in the tokens that have a scheme.
  const schemeTokens = tokensContaining(spaced, '://');
  const urls = new Set<string>(
    (schemeTokens.length === 0 ? [] : (schemeTokens.join(' ').match(URL_PATTERN) ?? [])).map(trimUrl),
  );
  for (const raw of urls) {
    const url = normalizeUrl(raw);
    if (!url) continue;
    const host = new URL(url).hostname;
    // A URL written with a scheme is a URL whatever its host (an IP, an intranet-looking name,
    // a private suffix): only its host becomes a domain or address observable when it is one.
    add('url', url, raw);
    const ip = normalizeIp(host.replace(/^\[|\]$/g, ''));
    if (ip) add(ip.includes(':') ? 'ipv6' : 'ipv4', ip);
    else if (hasPublicSuffix(host)) add('domain', normalizeDomain(host));
  }
  for (const domain of ioc.domains) {
    // The domain part of an e-mail address is the address's observable, not one of its own.
    const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const isStandalone = new RegExp(`(?<![@\\w.-])${escaped}`, 'i').test(refanged);
    if (isStandalone && hasPublicSuffix(domain)) add('domain', normalizeDomain(domain));
  }
  for (const address of ioc.ipv4s) add('ipv4', normalizeIp(address));
  for (const address of ioc.ipv6s) {
    const normal = normalizeIp(address);
    if (normal) add(normal.includes(':') ? 'ipv6' : 'ipv4', normal);
  }
  for (const email of ioc.emails) {
    const [local, domain] = email.split(/@(?=[^@]+$)/);
    if (local && domain && hasPublicSuffix(domain)) add('email', `${local}@${normalizeDomain(domain)}`.toLowerCase());
  }
  for (const hash of ioc.md5s) add('md5', hash.toLowerCase());
  for (const hash of ioc.sha1s) add('sha1', hash.toLowerCase());
  for (const hash of ioc.sha256s) add('sha256', hash.toLowerCase());
  for (const cve of ioc.cves) add('cve', cve.toUpperCase());
  for (const asn of ioc.asns) add('asn', `AS${asn.replace(/^ASN?\s*/i, '')}`);

  return sortObservables([...found.values()]);
}
