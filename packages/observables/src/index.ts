/**
 * @renkei/observables — finds and normalises indicators (URLs, domains, IP addresses, e-mail
 * addresses, hashes, CVE IDs, ASNs) in reports written in Japanese and English. Pure: no I/O.
 * @module
 */
export {
  NON_EVIDENCE_SOURCES,
  OBSERVABLE_SOURCES,
  OBSERVABLE_TYPES,
  extractObservables,
  extractSourcedObservables,
  isEvidence,
  type Observable,
  type ObservableSource,
  type ObservableType,
  type SourcedObservable,
} from './extract.js';
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
export {
  BUILTIN_WARNINGLIST,
  WARNINGLIST_TYPES,
  WarninglistFormatError,
  WarninglistMatcher,
  entryProblem,
  parseWarninglist,
  type Warninglist,
  type WarninglistType,
} from './warninglist.js';
