/**
 * The observables of a report: pure CPU work with no I/O, so that intake can run it in its parse
 * workers (`intake/mail-reader.ts`) beside the mail parsing, off the thread that writes.
 * @module
 */
import {
  extractSourcedObservables,
  isEvidence,
  registeredDomain,
  type Observable,
  type ObservableSource,
  type SourcedObservable,
} from '@renkei/observables';

/** A piece of a report's text with where it came from (a link target, a header, an attachment…). */
export interface SourcedText {
  text: string;
  source: ObservableSource;
}

/** The text of a report that observables and triage suggestions are read from. */
export interface ReportText {
  subject: string;
  body: string;
  /** More text to extract observables from: HTML URLs, attachment text, header values. */
  extraText?: SourcedText[] | undefined;
  /** The reporter's address: links into their own domain are theirs, not evidence. */
  reporterEmail?: string | undefined;
}

/** An observable of a report as correlation and storage need it. */
export interface ReportObservable {
  type: string;
  value: string;
  registeredDomain: string | null;
  sources: ObservableSource[];
  /** How it was written, when that differs from `value` (a URL before normalisation). */
  seen: string | null;
  /** False when it was found only where nothing is evidence, or is the reporter's own. */
  correlates: boolean;
}

/** A report's observables, each with the registered domain correlation looks up. */
export interface ReportObservables {
  observables: Observable[];
  withDomains: ReportObservable[];
}

/** A signature block after the last `-- ` line, when a message precedes it and what follows is short enough to be one. */
const SIGNATURE_DELIMITER = /^-- ?$/gmu;
const MAX_SIGNATURE_LINES = 20;

/** The body without its signature block, and the block (RFC 3676 `-- ` delimiter). */
export function splitSignature(body: string): { main: string; signature: string } {
  let last = -1;
  for (const match of body.matchAll(SIGNATURE_DELIMITER)) last = match.index;
  if (last < 0) return { main: body, signature: '' };
  // Nothing before the delimiter: the "signature" is the message (scams open with `--`).
  if (!body.slice(0, last).trim()) return { main: body, signature: '' };
  const signature = body.slice(last);
  if (signature.split('\n').filter((line) => line.trim()).length > MAX_SIGNATURE_LINES)
    return { main: body, signature: '' };
  return { main: body.slice(0, last), signature };
}

function registeredDomainOf(observable: Observable): string | null {
  if (observable.type === 'domain') return registeredDomain(observable.value) ?? null;
  if (observable.type === 'url') return registeredDomain(new URL(observable.value).hostname) ?? null;
  if (observable.type === 'email') return registeredDomain(observable.value.split('@').pop() ?? '') ?? null;
  return null;
}

/**
 * The registered domain an observable is stored and correlated under: a domain's or a URL's host's;
 * none for an e-mail address (its domain is the address's, not a site related to others).
 */
export function correlationDomainOf(observable: Observable): string | null {
  return observable.type === 'email' ? null : registeredDomainOf(observable);
}

/**
 * The observables of a report's text (subject, body, extra text) and its extra observables,
 * deduplicated, each with its sources. Pure CPU work: intake runs it in its parse workers.
 */
export function extractReportObservables(
  input: ReportText & { extraObservables?: Observable[] | undefined },
): ReportObservables {
  const { main, signature } = splitSignature(input.body);
  const sourced: SourcedObservable[] = extractSourcedObservables([
    { text: input.subject, source: 'text' },
    { text: main, source: 'text' },
    { text: signature, source: 'signature' },
    ...(input.extraText ?? []),
  ]);
  const byKey = new Map(sourced.map((o) => [`${o.type}:${o.value}`, o]));
  for (const o of input.extraObservables ?? []) {
    const known = byKey.get(`${o.type}:${o.value}`);
    if (known) {
      if (!known.sources.includes('header')) known.sources.push('header');
    } else byKey.set(`${o.type}:${o.value}`, { ...o, sources: ['header'], seen: o.value });
  }
  const reporterDomain = input.reporterEmail ? registeredDomain(input.reporterEmail.split('@').pop() ?? '') : undefined;
  const withDomains: ReportObservable[] = [...byKey.values()].map((o) => {
    const domain = registeredDomainOf(o);
    // The reporter's own web site, addresses and pages are who they are, not what they report.
    const sources: ObservableSource[] =
      reporterDomain && domain === reporterDomain && !o.sources.includes('reporter')
        ? [...o.sources, 'reporter']
        : o.sources;
    return {
      type: o.type,
      value: o.value,
      registeredDomain: correlationDomainOf(o),
      sources,
      seen: o.seen && o.seen !== o.value ? o.seen : null,
      correlates: isEvidence(sources),
    };
  });
  return { observables: withDomains.map(({ type, value }) => ({ type, value }) as Observable), withDomains };
}

export function reportText(input: ReportText): string {
  return [input.subject, input.body, ...(input.extraText ?? []).map((part) => part.text)].join('\n');
}
