/**
 * The observables of a report: pure CPU work with no I/O, so that intake can run it in its parse
 * workers (`intake/mail-reader.ts`) beside the mail parsing, off the thread that writes.
 * @module
 */
import { extractObservables, registeredDomain, type Observable } from '@renkei/observables';

/** The text of a report that observables and triage suggestions are read from. */
export interface ReportText {
  subject: string;
  body: string;
  /** More text to extract observables from: HTML link targets, attachment text, header values. */
  extraText?: string[] | undefined;
}

/** A report's observables, each with the registered domain correlation looks up. */
export interface ReportObservables {
  observables: Observable[];
  withDomains: { type: string; value: string; registeredDomain: string | null }[];
}

/**
 * The observables of a report's text (subject, body, extra text) and its extra observables,
 * deduplicated. Pure CPU work: intake runs it in its parse workers, beside the mail parsing.
 */
export function extractReportObservables(
  input: ReportText & { extraObservables?: Observable[] | undefined },
): ReportObservables {
  const found = new Map<string, Observable>();
  for (const observable of [...extractObservables(reportText(input)), ...(input.extraObservables ?? [])])
    found.set(`${observable.type}:${observable.value}`, observable);
  const observables = [...found.values()];
  const withDomains = observables.map((o) => ({
    type: o.type,
    value: o.value,
    registeredDomain:
      o.type === 'domain'
        ? (registeredDomain(o.value) ?? null)
        : o.type === 'url'
          ? (registeredDomain(new URL(o.value).hostname) ?? null)
          : null,
  }));
  return { observables, withDomains };
}

export function reportText(input: ReportText): string {
  return [input.subject, input.body, ...(input.extraText ?? [])].join('\n');
}
