/**
 * Correlation, decided in memory: which incident a report's observables make it part of (the
 * same URL or file hash: the same incident) and which incidents they relate it to (the same IP,
 * the same registered domain, or a strong match not taken). Pure: it reads the batch's snapshot
 * of the database and what the batch has filed so far, through `CorrelationState`.
 * @module
 */

/** Observable types whose exact match means "the same incident" (not just related). */
export const SAME_INCIDENT_TYPES: ReadonlySet<string> = new Set(['url', 'md5', 'sha1', 'sha256']);
/** A report links at most this many related incidents (exact matches first). */
export const MAX_RELATED_PER_REPORT = 20;
/** At most this many observables sharing a registered domain are followed per report. */
export const DOMAIN_MATCH_LIMIT = 50;

/** An observable of the report, with the key (`type:value`) and registered domain correlation looks up. */
export interface KeyedObservable {
  key: string;
  type: string;
  value: string;
  registeredDomain: string | null;
  /** False when found only where nothing is evidence (structure, stylesheets, signatures) or the reporter's own. */
  correlates?: boolean;
}

/** What correlation reads: the database before the batch, the batch so far, and incidents' order and state. */
export interface CorrelationState {
  /** Observable key → its stored id (before the batch). */
  observableIds: ReadonlyMap<string, string>;
  /** Stored observable id → incidents it is linked to. */
  links: ReadonlyMap<string, readonly string[]>;
  /** Registered domain → stored observables of it seen within the window, most recently seen first. */
  byDomain: ReadonlyMap<string, readonly { id: string; key: string }[]>;
  /** Observable key → incidents this batch linked it to. */
  batchLinks: ReadonlyMap<string, ReadonlySet<string>>;
  /** Registered domain → observable keys this batch saw, newest last. */
  batchDomains: ReadonlyMap<string, readonly string[]>;
  /** A sort key: older incidents first (stored before opened by the batch, then in order). */
  age(incidentId: string): string;
  /** Only open incidents that were not merged away are correlated with. */
  isOpen(incidentId: string): boolean;
  /** An observable (by key) that never links: on an exclusion list, ignored, or flagged over the limit. */
  isExcluded?(key: string): boolean;
  /** An observable in more incidents than this stops linking (and is reported in `overLimit`). */
  limit?: number;
  /** Observables (by key) a handler kept: they link whatever the limit. */
  isKept?(key: string): boolean;
}

export interface Correlation {
  /** The incident the report belongs to by a strong match, if any. */
  incidentId: string | undefined;
  /** Related incidents with the reason (`type:value`), at most MAX_RELATED_PER_REPORT. */
  related: Map<string, string>;
  /** Observables (by key) that reached the over-correlation limit with this report: they linked nothing. */
  overLimit: string[];
}

export function correlate(keyed: readonly KeyedObservable[], state: CorrelationState): Correlation {
  const related = new Map<string, string>();
  const overLimit: string[] = [];
  const excluded = (key: string) => state.isExcluded?.(key) === true;
  // Only evidence links: structure, stylesheets, signatures, the reporter's own and excluded
  // observables are kept with the report but glue nothing.
  const linking = keyed.filter((o) => o.correlates !== false && !excluded(o.key));
  if (linking.length === 0) return { incidentId: undefined, related, overLimit };
  const own = new Set(keyed.map((o) => o.key));
  const candidates = new Map<string, { incidentId: string; type: string; value: string }>();
  const candidateIncidents = new Set<string>();
  let strongFound = false;
  // Only the first strong match and the first MAX_RELATED_PER_REPORT other incidents are used,
  // so once candidates hold more incidents than that and a strong match (or this is no strong
  // type), further ones change nothing: a report that lists a hundred indicators each shared by
  // hundreds of incidents (a DDoS or scan report) stops early.
  const enough = (type: string) =>
    candidateIncidents.size > MAX_RELATED_PER_REPORT && (strongFound || !SAME_INCIDENT_TYPES.has(type));
  // Of several incidents sharing an observable, the oldest comes first (the one it was first
  // reported in): a fixed order, whether an incident is stored or opened earlier in the batch.
  const consider = (incidents: Iterable<string>, type: string, value: string) => {
    if (enough(type)) return;
    const oldestFirst = [...new Set(incidents)]
      .map((id) => ({ id, age: state.age(id) }))
      .sort((a, b) => (a.age < b.age ? -1 : a.age > b.age ? 1 : 0));
    for (const { id } of oldestFirst) {
      if (!state.isOpen(id) || candidates.has(`${id}:${type}`)) continue;
      candidates.set(`${id}:${type}`, { incidentId: id, type, value });
      candidateIncidents.add(id);
      strongFound ||= SAME_INCIDENT_TYPES.has(type);
      if (enough(type)) return;
    }
  };
  for (const o of linking) {
    const id = state.observableIds.get(o.key);
    const incidents = new Set([...(id ? (state.links.get(id) ?? []) : []), ...(state.batchLinks.get(o.key) ?? [])]);
    // An indicator in more incidents than the limit (a shared host, a signature link) glues
    // unrelated reports: it stops linking and is flagged for a handler to review.
    if (state.limit !== undefined && incidents.size >= state.limit && state.isKept?.(o.key) !== true) {
      overLimit.push(o.key);
      continue;
    }
    consider(incidents, o.type, o.value);
  }
  // Observables of the same registered domain: this batch's (the most recently seen), then the
  // database's, at most DOMAIN_MATCH_LIMIT of them.
  const domains = [...new Set(linking.flatMap((o) => (o.registeredDomain ? [o.registeredDomain] : [])))];
  const seen = new Set<string>();
  const sameDomain: { domain: string; incidents: Iterable<string> }[] = [];
  for (const domain of domains) {
    for (const key of [...(state.batchDomains.get(domain) ?? [])].reverse()) {
      if (own.has(key) || seen.has(key) || excluded(key)) continue;
      sameDomain.push({ domain, incidents: state.batchLinks.get(key) ?? [] });
      seen.add(key);
    }
  }
  for (const domain of domains) {
    for (const o of state.byDomain.get(domain) ?? []) {
      if (own.has(o.key) || seen.has(o.key) || excluded(o.key)) continue;
      sameDomain.push({ domain, incidents: state.links.get(o.id) ?? [] });
      seen.add(o.key);
    }
  }
  for (const match of sameDomain.slice(0, DOMAIN_MATCH_LIMIT))
    consider(match.incidents, 'registered_domain', match.domain);
  const strong = [...candidates.values()].find((c) => SAME_INCIDENT_TYPES.has(c.type));
  const incidentId = strong?.incidentId;
  for (const candidate of candidates.values()) {
    if (related.size >= MAX_RELATED_PER_REPORT) break;
    if (candidate.incidentId !== incidentId) related.set(candidate.incidentId, `${candidate.type}:${candidate.value}`);
  }
  return { incidentId, related, overLimit };
}
