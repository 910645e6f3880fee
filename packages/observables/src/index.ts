/**
 * @renkei/observables — finds and normalises indicators (URLs, domains, IP addresses, e-mail
 * addresses, hashes, CVE IDs, ASNs) in reports written in Japanese and English. Pure: no I/O.
 * @module
 */
export { OBSERVABLE_TYPES, extractObservables, type Observable, type ObservableType } from './extract.js';
export {
  domainToUnicode,
  hasPublicSuffix,
  ipRange,
  normalizeDomain,
  normalizeIp,
  normalizeUrl,
  registeredDomain,
} from './normalize.js';
export { defang, refang } from './refang.js';
export { extractHtmlUrls, textUrls, type HtmlUrl, type HtmlUrlSource } from './html.js';
