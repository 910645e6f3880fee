/**
 * Extraction of observables from free text (mail bodies, web forms, HTML link targets,
 * headers): ioc-extractor finds the ASCII indicators; this module refangs first, adds URLs with
 * internationalised host names (which ioc-extractor skips), cuts URLs at Japanese punctuation,
 * normalises every value and drops look-alikes such as file names (`report.pdf`).
 * @module
 */
import { partialExtractIOC, refang as refangSpaced, type IOCKey } from 'ioc-extractor';
import { hasPublicSuffix, normalizeDomain, normalizeIp, normalizeUrl } from './normalize.js';
import { refang } from './refang.js';

export const OBSERVABLE_TYPES = ['url', 'domain', 'ipv4', 'ipv6', 'email', 'md5', 'sha1', 'sha256', 'cve', 'asn'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export interface Observable {
  type: ObservableType;
  /** Normalised value: the key used for correlation. */
  value: string;
}

/** Characters that end a URL in Japanese (and English) prose. */
const URL_TERMINATORS = /[\s<>"'`[\]「」『』【】（）()［］、。，！？…・\u3000]/u;
/**
 * URLs whose host may contain any Unicode letter (IDN). Brackets end a URL (text renderings of
 * HTML write "label [url]"), except an IPv6 literal right after the scheme.
 */
const URL_PATTERN = /\b(?:https?|ftp):\/\/(?:\[[0-9a-f:.]+\])?[^\s<>"'`[\]「」『』【】（）()［］、。，！？…\u3000]+/giu;

/** The kinds of indicator taken from ioc-extractor (not its crypto wallets, analytics ids, …). */
const IOC_KEYS = ['urls', 'domains', 'ipv4s', 'ipv6s', 'emails', 'md5s', 'sha1s', 'sha256s', 'cves', 'asns'] as const satisfies readonly IOCKey[];
/**
 * The stretches of text that can hold an indicator ioc-extractor finds: its indicators are all
 * ASCII and contain no white space, and every one has a digit, an at sign, or a dot or colon
 * followed by a letter or digit (a host name's dots, an IPv6 address's colons; a word ending a
 * sentence has none; a hash without a digit is as good as impossible). An ASN may be written
 * "AS 13335": the bare "AS" is kept. Its patterns — a domain's look-ahead over every top-level
 * domain, IPv6 — are tried at every position, so prose (Japanese replaced by line breaks,
 * English words dropped) is not given to it: 5–10× less text.
 */
function candidateText(text: string): string {
  return text
    .replace(/[^\x00-\x7F]+/g, '\n')
    .split(/\s+/)
    .filter((token) => /\d|@|[.:][A-Za-z0-9]/.test(token) || /^AS$/i.test(token))
    .join(' ');
}

function trimUrl(url: string): string {
  const ipv6Host = /^[a-z]+:\/\/\[[0-9a-f:.]+\]/i.exec(url)?.[0] ?? '';
  const cut = ipv6Host + (url.slice(ipv6Host.length).split(URL_TERMINATORS)[0] ?? '');
  // Trailing sentence punctuation is not part of a URL.
  return cut.replace(/[.,;:!?]+$/, '');
}

export function extractObservables(text: string): Observable[] {
  const refanged = refang(text);
  const found = new Map<string, Observable>();
  const add = (type: ObservableType, value: string | undefined) => {
    if (value) found.set(`${type}:${value}`, { type, value });
  };

  const partial = partialExtractIOC(
    // ioc-extractor's own refanging (it also undoes spaced forms such as "evil [.] example") runs
    // on the whole text, before the text is cut into candidate stretches.
    candidateText(refangSpaced(refanged)),
    [...IOC_KEYS],
    { refang: false },
  );
  const ioc = Object.fromEntries(IOC_KEYS.map((key) => [key, partial[key] ?? []])) as Record<(typeof IOC_KEYS)[number], string[]>;
  const urls = new Set<string>([...ioc.urls, ...(refanged.match(URL_PATTERN) ?? [])].map(trimUrl));
  for (const raw of urls) {
    const url = normalizeUrl(raw);
    if (!url) continue;
    const host = new URL(url).hostname;
    if (normalizeIp(host.replace(/^\[|\]$/g, ''))) {
      add('url', url);
      continue;
    }
    if (!hasPublicSuffix(host)) continue;
    add('url', url);
    add('domain', normalizeDomain(host));
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
  for (const asn of ioc.asns) add('asn', `AS${asn.replace(/^AS\s*/i, '')}`);

  return [...found.values()].sort((a, b) =>
    a.type === b.type ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : OBSERVABLE_TYPES.indexOf(a.type) - OBSERVABLE_TYPES.indexOf(b.type),
  );
}

/** Link targets of an HTML document (phishing mail hides the real URL in href). No DOM, no I/O. */
export function extractHrefs(html: string): string[] {
  const hrefs: string[] = [];
  for (const match of html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? '').replace(/&amp;/g, '&').trim();
    if (/^(?:https?|ftp):/i.test(value)) hrefs.push(value);
  }
  return hrefs;
}
