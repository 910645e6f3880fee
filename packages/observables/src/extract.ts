/**
 * Extraction of observables from free text (mail bodies, web forms, HTML link targets,
 * headers): ioc-extractor finds the ASCII indicators; this module refangs first, adds URLs with
 * internationalised host names (which ioc-extractor skips), cuts URLs at Japanese punctuation,
 * normalises every value and drops look-alikes such as file names (`report.pdf`).
 * @module
 */
import { extractIOC } from 'ioc-extractor';
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

  const ioc = extractIOC(refanged, { refang: true });
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
