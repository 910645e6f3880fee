/**
 * Filing reports into incidents, a batch at a time: threading, correlation, new incidents with
 * tracking numbers, and the writes (reports, observables, links, counts, audit, search index).
 *
 * The decisions are pure functions over that snapshot: `threading.ts` (tag, reply headers) and
 * `correlation.ts` (same URL or hash, shared IP or registered domain); this file reads, calls
 * them in order and writes.
 *
 * A batch is filed as if its reports came one after another — a report can thread into or
 * correlate with an incident opened by an earlier report of the same batch — but with a fixed
 * number of round trips: the database state before the batch is read in a few set-based
 * queries, each report is decided in memory against that state plus what the batch has
 * filed so far, and everything is written with multi-row statements. A single report (web
 * form, API, one mail) is a batch of one; a bulk import files 200 reports with ~30 statements
 * instead of ~4,000, which is what makes intake fast on PostgreSQL, where every statement is
 * a round trip.
 * @module
 */
import { claimReplies, recordReplies } from '../correspondence/index.js';
import { randomUUID } from 'node:crypto';
import {
  RESPONSE_SLA_MINUTES,
  isTlpWithin,
  maxTlp,
  nationalCategory,
  type PgpOutcomeDto,
  type ReportChannel,
  type Tlp,
} from '@renkei/contracts';
import type { Observable, ObservableType } from '@renkei/observables';
import {
  dialectOf,
  findSearchDocuments,
  indexSearchDocuments,
  nowIso,
  recordAudit,
  type AuditEntry,
  type Db,
  type SearchDocument,
} from '../../../platform/index.js';
import { incidentDocument, reportDocument } from './incident-search.js';
import * as repository from './incident.repository.js';
import type { IncidentRow, ReportRow } from './incident.table.js';
import { loadCorrelationRules, type CorrelationRules } from '../correlation/index.js';
import {
  extractReportObservables,
  reportText,
  type ReportObservable,
  type ReportObservables,
  type SourcedText,
} from './report-observables.js';
import { correlate, DOMAIN_MATCH_LIMIT, type KeyedObservable } from './correlation.js';
import { threadOf } from './threading.js';
import { suggestTriage } from './triage-rules.js';

/** The prefix of a workspace that has not chosen one (`PUT /api/workspaces/:id/tracking-prefix`). */
export const DEFAULT_TRACKING_PREFIX = 'RK';
/** A prefix: a capital letter, then 1–9 capitals or digits (`JPC`, `CSIRT1`). */
export const TRACKING_PREFIX_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;
/** Reports sharing a registered domain within this window are related. */
const DOMAIN_WINDOW_DAYS = 30;
const OPEN_STATUSES = new Set(['new', 'triage', 'coordinating', 'waiting']);

export function formatTrackingNumber(prefix: string, year: number, value: number): string {
  return `${prefix}-${year}-${String(value).padStart(6, '0')}`;
}

/**
 * `[RK-2026-000123]` (any workspace's prefix) anywhere in a subject line. Threading then looks
 * the number up in the receiving workspace only, so another organisation's tag of the same shape
 * threads nowhere.
 */
export function findTrackingTag(subject: string): string | undefined {
  // A bracketed tag (as our subjects carry it) first, so that e.g. a CVE id before it does not hide it.
  return (
    /\[([A-Z][A-Z0-9]{1,9}-\d{4}-\d{6})\]/.exec(subject)?.[1] ??
    /(?<![\w-])([A-Z][A-Z0-9]{1,9}-\d{4}-\d{6})(?![\w-])/.exec(subject)?.[1]
  );
}

/** The tracking-number prefix of a workspace. */
export async function trackingPrefixOf(db: Db, workspaceId: string): Promise<string> {
  return (await repository.findTrackingPrefix(db, workspaceId)) ?? DEFAULT_TRACKING_PREFIX;
}

export interface FileReportInput {
  workspaceId: string;
  channel: ReportChannel;
  tlp: Tlp;
  subject: string;
  body: string;
  /** The words `body` is searched by (`searchWords(body)`), if already computed (parse workers). */
  bodyWords?: string;
  /** The index keys of `bodyWords` (the dialect's `searchWordKeys`), if computed with them. */
  bodyWordKeys?: Int32Array;
  /** More text to extract observables from (HTML URLs, attachment text, header values), each with its source. */
  extraText?: SourcedText[];
  /** Extra observables found outside the text (e.g. the originating IP of a Received chain). */
  extraObservables?: Observable[];
  /** The observables, if already extracted (`extractReportObservables`) from this input. */
  extracted?: ReportObservables;
  reporterName?: string | undefined;
  reporterEmail?: string | undefined;
  reporterOrganization?: string | undefined;
  language?: string | undefined;
  rawSha256?: string | undefined;
  messageId?: string | undefined;
  /** In-Reply-To and References, for threading. */
  replyTo?: string[];
  /** A delivery status notification (bounce): it threads like a reply but answers nothing. */
  isDeliveryReport?: boolean;
  pgp?: PgpOutcomeDto | undefined;
  createdBy?: string | undefined;
  receivedAt?: string;
  isIcs?: boolean;
  icsDetails?: Record<string, unknown> | undefined;
  /** Attachments already stored as blobs. */
  attachments?: { sha256: string; filename: string | null; contentType: string; size: number }[];
  /**
   * The submitter's clearance when they are a member of the workspace (API, a handler entering a
   * report): they thread and correlate only into incidents they may read, and their receipt names
   * the incident. Without it (mail, the public form) the submitter reads nothing: a tracking tag
   * threads only into an incident with their address on record, and a receipt never names an
   * incident they joined (decision 0013).
   */
  readerClearance?: Tlp | undefined;
}

export interface FiledReport {
  reportId: string;
  incidentId: string;
  /** The number the submitter is given: the incident's, or the report's own receipt number. */
  trackingNumber: string;
  isNewIncident: boolean;
  observables: Observable[];
  /** How the report found its incident: `thread`, `correlation`, or `new`. */
  matchedBy: 'thread' | 'correlation' | 'new';
}

type Keyed = KeyedObservable & ReportObservable;

/** The database as it was before the batch, read in a few set-based queries. */
interface Before {
  /** Tracking number, or a report's receipt number → the incident. */
  byTrackingNumber: Map<string, IncidentRow>;
  /** Incidents tagged in the batch → reporter addresses on record (who may thread by tag). */
  partiesByIncident: Map<string, Set<string>>;
  /** Message-ID → incident of its newest report (receivedAt), or of a message sent from an incident (null). */
  byMessageId: Map<string, { incidentId: string; receivedAt: string | null; sender?: string | null }>;
  observableIds: Map<string, string>;
  /** Registered domain → observables of it seen within the window, most recently seen first. */
  byDomain: Map<string, { id: string; key: string }[]>;
  /** Observable id → incidents it is linked to. */
  links: Map<string, string[]>;
  incidents: Map<string, IncidentRow>;
  /** Observable key → its correlation state when not `auto` (ignored, over_limit, kept). */
  correlation: Map<string, string>;
  rules: CorrelationRules;
}

async function readBefore(
  db: Db,
  workspaceId: string,
  prepared: readonly Prepared[],
  observables: readonly Keyed[],
): Promise<Before> {
  const tags = [...new Set(prepared.flatMap((p) => (p.tag ? [p.tag] : [])))];
  const replyTo = [...new Set(prepared.flatMap((p) => p.input.replyTo ?? []))];
  const domains = [...new Set(observables.flatMap((o) => (o.registeredDomain ? [o.registeredDomain] : [])))];
  const since = nowIso(new Date(Date.now() - DOMAIN_WINDOW_DAYS * 86_400_000));

  const byTrackingNumber = new Map(
    (await repository.findIncidentsByTrackingNumbers(db, workspaceId, tags)).map((row) => [row.tracking_number, row]),
  );
  const untagged = tags.filter((tag) => !byTrackingNumber.has(tag));
  if (untagged.length > 0)
    for (const [receipt, row] of await repository.findIncidentsByReceiptNumbers(db, workspaceId, untagged))
      byTrackingNumber.set(receipt, row);
  const partiesByIncident = await repository.findReporterEmailsOfIncidents(
    db,
    [...byTrackingNumber.values()].map((row) => row.id),
  );
  // Replies to reports we received thread by those; replies to what we sent are claimed through
  // correspondence by the incident that sent it.
  const byMessageId = await repository.findIncidentIdsByMessageIds(db, workspaceId, replyTo);
  const unanswered = replyTo.filter((id) => !byMessageId.has(id));
  if (unanswered.length > 0) {
    for (const [messageId, owner] of await claimReplies(db, workspaceId, unanswered)) {
      if (owner.type === 'incident')
        byMessageId.set(messageId, { incidentId: owner.id, receivedAt: null, sender: null });
    }
  }
  const correlation = new Map<string, string>();
  const observableIds = await repository.findObservableIds(db, workspaceId, observables, correlation);
  const byDomain = new Map<string, { id: string; key: string }[]>();
  for (const row of await repository.findObservablesByDomains(db, workspaceId, domains, since, DOMAIN_MATCH_LIMIT)) {
    const list = byDomain.get(row.registered_domain) ?? [];
    const key = `${row.type}:${row.value}`;
    list.push({ id: row.id, key });
    if (row.correlation !== 'auto') correlation.set(key, row.correlation);
    byDomain.set(row.registered_domain, list);
  }
  const rules = await loadCorrelationRules(db, workspaceId);
  const linkedIds = new Set([...observableIds.values(), ...[...byDomain.values()].flat().map((o) => o.id)]);
  const links = new Map<string, string[]>();
  for (const row of await repository.findIncidentLinksOfObservables(db, [...linkedIds])) {
    const list = links.get(row.observable_id);
    if (list) list.push(row.incident_id);
    else links.set(row.observable_id, [row.incident_id]);
  }
  const incidentIds = new Set([...[...byMessageId.values()].map((m) => m.incidentId), ...[...links.values()].flat()]);
  const incidents = new Map((await repository.findIncidents(db, [...incidentIds])).map((row) => [row.id, row]));
  for (const row of byTrackingNumber.values()) incidents.set(row.id, row);
  return {
    byTrackingNumber,
    partiesByIncident,
    byMessageId,
    observableIds,
    byDomain,
    links,
    incidents,
    correlation,
    rules,
  };
}

/** One report as decided: its row, its incident, and whether it opened that incident. */
interface Filed {
  report: ReportRow;
  incident: Touched;
  opened: boolean;
  matchedBy: FiledReport['matchedBy'];
  related: Map<string, string>;
  observables: Observable[];
  keyed: Keyed[];
}

interface Prepared {
  input: FileReportInput;
  observables: Observable[];
  keyed: Keyed[];
  tag: string | undefined;
  receivedAt: string;
}

/** An incident the batch files into: opened by it, or existing and changed by it. */
interface Touched {
  row: IncidentRow;
  isNew: boolean;
  added: number;
  tlp: Tlp;
  values: string[];
}

/**
 * Files reports (all of one workspace) into their incidents inside `db` (a transaction), in
 * order, as if filed one after another. Returns one result per input.
 */
export async function fileReports(db: Db, inputs: readonly FileReportInput[]): Promise<FiledReport[]> {
  if (inputs.length === 0) return [];
  const workspaceId = inputs[0]!.workspaceId;
  if (inputs.some((input) => input.workspaceId !== workspaceId))
    throw new Error('fileReports: one workspace per batch');
  const prepared: Prepared[] = inputs.map((input) => {
    const { observables, withDomains } = input.extracted ?? extractReportObservables(input);
    return {
      input,
      observables,
      keyed: withDomains.map((o) => ({ ...o, key: `${o.type}:${o.value}` })),
      tag: findTrackingTag(input.subject),
      receivedAt: input.receivedAt ?? nowIso(),
    };
  });
  // Every observable of the batch once: looked up before, upserted after.
  const batchObservables = [...new Map(prepared.flatMap((p) => p.keyed.map((o) => [o.key, o] as const))).values()];
  const before = await readBefore(db, workspaceId, prepared, batchObservables);
  const now = nowIso();

  // What the batch has filed so far, consulted like the database by later reports.
  const touched = new Map<string, Touched>();
  const batchLinks = new Map<string, Set<string>>(); // observable key → incidents
  const batchDomains = new Map<string, string[]>(); // registered domain → observable keys, newest last
  const batchMessageIds = new Map<string, { incidentId: string; sender: string | null }>(); // Message-ID → incident
  const incidentById = (id: string): IncidentRow | undefined => touched.get(id)?.row ?? before.incidents.get(id);
  const openedByBatch = new Map<string, number>(); // incidents opened by this batch → their order
  // An incident's age never changes during a batch: computed once, since an indicator shared by
  // hundreds of incidents (a scanner's IP) has them sorted for every report that mentions it.
  const ages = new Map<string, string>();
  const age = (id: string): string => {
    let key = ages.get(id);
    if (key === undefined) {
      const index = openedByBatch.get(id);
      const row = incidentById(id);
      key =
        index !== undefined
          ? `1:${String(index).padStart(6, '0')}`
          : `0:${row?.created_at ?? ''}:${row?.tracking_number ?? ''}`;
      ages.set(id, key);
    }
    return key;
  };
  const isOpen = (id: string): boolean => {
    const row = incidentById(id);
    return row !== undefined && OPEN_STATUSES.has(row.status) && row.merged_into_id === null;
  };

  // Whether an observable may link: a handler's decision first, then the exclusion lists.
  const exclusion = new Map<string, boolean>();
  const isExcluded = (key: string): boolean => {
    let result = exclusion.get(key);
    if (result === undefined) {
      const state = before.correlation.get(key) ?? 'auto';
      const at = key.indexOf(':');
      result =
        state === 'ignored' ||
        state === 'over_limit' ||
        (state !== 'kept' &&
          before.rules.matcher.match(key.slice(0, at) as ObservableType, key.slice(at + 1)) !== undefined);
      exclusion.set(key, result);
    }
    return result;
  };
  const isKept = (key: string) => before.correlation.get(key) === 'kept';
  const overLimit = new Set<string>();
  const correlationState = {
    ...before,
    batchLinks,
    batchDomains,
    age,
    isOpen,
    isExcluded,
    isKept,
    limit: before.rules.limit,
  };

  const filed: Filed[] = [];
  for (const { input, observables, keyed, tag, receivedAt } of prepared) {
    let incidentId: string | undefined;
    let matchedBy: FiledReport['matchedBy'] = 'new';
    const related = new Map<string, string>();

    // A member files only into incidents they may read: else filing would tell them it exists.
    const clearance = input.readerClearance;
    const mayRead = (id: string) => {
      const row = incidentById(id);
      return clearance === undefined || (row !== undefined && isTlpWithin(row.tlp, clearance));
    };

    // 1. Threading: a tracking tag in the subject, or a reply to a message we already have. A tag
    // is followed only for a party to its incident (a reader, or a reporter on record).
    const tagged = tag ? before.byTrackingNumber.get(tag) : undefined;
    const sender = input.reporterEmail?.toLowerCase();
    const isParty =
      tagged !== undefined &&
      (clearance !== undefined
        ? mayRead(tagged.id)
        : sender !== undefined && before.partiesByIncident.get(tagged.id)?.has(sender) === true);
    incidentId = threadOf({ tag: isParty ? tag : undefined, replyTo: input.replyTo, sender }, before, batchMessageIds);
    if (incidentId && !mayRead(incidentId)) incidentId = undefined;
    if (incidentId) matchedBy = 'thread';

    // 2. Correlation: same URL or file hash → the same incident; same IP or registered domain → related.
    if (!incidentId) {
      const correlation = correlate(
        keyed,
        clearance === undefined ? correlationState : { ...correlationState, isOpen: (id) => isOpen(id) && mayRead(id) },
      );
      incidentId = correlation.incidentId;
      if (incidentId) matchedBy = 'correlation';
      for (const key of correlation.overLimit) {
        overLimit.add(key);
        exclusion.set(key, true);
      }
      for (const [relatedId, reason] of correlation.related) related.set(relatedId, reason);
    }

    // A merged incident lives on in the one it was merged into (follow at most a short chain).
    let incident = incidentId ? incidentById(incidentId) : undefined;
    if (incidentId && !incident) incident = await repository.findIncident(db, incidentId);
    for (let hops = 0; incident?.merged_into_id && hops < 5; hops += 1) {
      const target: string = incident.merged_into_id;
      incident = incidentById(target) ?? (await repository.findIncident(db, target));
    }

    let target: Touched;
    if (incident) {
      target = touched.get(incident.id) ?? {
        row: incident,
        isNew: false,
        added: 0,
        tlp: incident.tlp,
        values: [],
      };
    } else {
      const suggestion = suggestTriage(reportText(input), { isIcs: input.isIcs === true });
      const row: IncidentRow = {
        id: randomUUID(),
        workspace_id: workspaceId,
        tracking_number: '', // numbered below, once the batch knows how many it opens
        title: input.subject.slice(0, 500),
        status: 'new',
        priority: suggestion.priority,
        category: nationalCategory(suggestion),
        rsit_type: suggestion.rsitType,
        sector: null,
        is_ics: suggestion.isIcs ? 1 : 0,
        is_targeted: suggestion.isTargeted ? 1 : 0,
        ics_details: input.icsDetails ? JSON.stringify(input.icsDetails) : null,
        tlp: input.tlp,
        assignee_id: null,
        tags: '[]',
        report_count: 0,
        response_due_at: nowIso(new Date(Date.parse(receivedAt) + RESPONSE_SLA_MINUTES[suggestion.priority] * 60_000)),
        merged_into_id: null,
        created_at: now,
        updated_at: now,
      };
      target = { row, isNew: true, added: 0, tlp: input.tlp, values: [] };
      openedByBatch.set(row.id, openedByBatch.size);
    }
    touched.set(target.row.id, target);
    target.added += 1;
    target.tlp = maxTlp(target.tlp, input.tlp);
    target.values.push(...observables.map((o) => o.value));

    const report: ReportRow = {
      id: randomUUID(),
      workspace_id: workspaceId,
      incident_id: target.row.id,
      channel: input.channel,
      tlp: input.tlp,
      subject: input.subject.slice(0, 1000),
      body: input.body,
      reporter_name: input.reporterName ?? null,
      reporter_email: input.reporterEmail ?? null,
      reporter_organization: input.reporterOrganization ?? null,
      language: input.language ?? null,
      raw_sha256: input.rawSha256 ?? null,
      message_id: input.messageId ?? null,
      pgp_status: input.pgp ? JSON.stringify(input.pgp) : null,
      created_by: input.createdBy ?? null,
      received_at: receivedAt,
      receipt_number: null, // given below to those who joined an incident they may not know of
    };
    for (const o of keyed) {
      const linked = batchLinks.get(o.key);
      if (linked) linked.add(target.row.id);
      else batchLinks.set(o.key, new Set([target.row.id]));
      if (o.registeredDomain && o.correlates)
        batchDomains.set(o.registeredDomain, [
          ...(batchDomains.get(o.registeredDomain) ?? []).filter((k) => k !== o.key),
          o.key,
        ]);
    }
    if (input.messageId) batchMessageIds.set(input.messageId, { incidentId: target.row.id, sender: sender ?? null });
    filed.push({
      report,
      incident: target,
      opened: target.added === 1 && target.isNew,
      matchedBy,
      related,
      observables,
      keyed,
    });
  }

  await numberBatch(db, filed, prepared, now);
  await writeBatch(db, workspaceId, prepared, batchObservables, filed, touched, now);
  // Replies to what we sent are recorded for the sender (a coordination thread reads its answers).
  await recordReplies(
    db,
    workspaceId,
    filed.flatMap((f, index) => {
      const input = prepared[index]!.input;
      return input.replyTo?.length && !input.isDeliveryReport
        ? [
            {
              reportId: f.report.id,
              answered: input.replyTo,
              sender: input.reporterEmail?.toLowerCase() ?? null,
              receivedAt: f.report.received_at,
            },
          ]
        : [];
    }),
  );
  if (overLimit.size > 0) await flagOverLimit(db, workspaceId, overLimit, now);
  return filed.map(({ report, incident, opened, matchedBy, observables }) => ({
    reportId: report.id,
    incidentId: incident.row.id,
    trackingNumber: report.receipt_number ?? incident.row.tracking_number,
    isNewIncident: opened,
    observables,
    matchedBy,
  }));
}

/**
 * Observables that reached the over-correlation limit: flagged for review (audited), so that a
 * handler decides whether they are indicators (`kept`) or not (`ignored`).
 */
async function flagOverLimit(db: Db, workspaceId: string, keys: ReadonlySet<string>, now: string): Promise<void> {
  const flagged = await repository.flagObservablesOverLimit(
    db,
    workspaceId,
    [...keys].map((key) => {
      const at = key.indexOf(':');
      return { type: key.slice(0, at), value: key.slice(at + 1) };
    }),
    now,
  );
  await recordAudit(
    db,
    ...flagged.map((row) => ({
      actorId: null,
      action: 'observable.over-limit',
      objectType: 'observable',
      objectId: row.id,
      workspaceId,
      detail: { type: row.type },
    })),
  );
}

/**
 * After many reports were filed (bulk import, a burst of mail; outside the transaction): fresh
 * planner statistics for the tables filing looks up by key, so that the look-ups stay index
 * look-ups as the tables grow.
 */
export function refreshFilingStatistics(db: Db): Promise<string[]> {
  return dialectOf(db).refreshStatistics(db, ['observable', 'incident_observable', 'report']);
}

/**
 * Numbers from the yearly sequence, in filing order (so a batch numbers as one-by-one filing
 * would): each incident the batch opens gets its tracking number, and a report that joined an
 * incident its submitter may not read gets a receipt number of its own — the receipt (the form's
 * answer, the acknowledgement) then never tells them another incident exists.
 */
async function numberBatch(db: Db, filed: readonly Filed[], prepared: readonly Prepared[], now: string) {
  const numbered = filed.filter((f, index) => {
    if (f.opened) return true;
    const clearance = prepared[index]!.input.readerClearance;
    return clearance === undefined || !isTlpWithin(f.incident.tlp, clearance);
  });
  if (numbered.length === 0) return;
  const year = new Date(now).getUTCFullYear();
  const workspaceId = filed[0]!.report.workspace_id;
  const prefix = await trackingPrefixOf(db, workspaceId);
  const last = await repository.reserveTrackingValues(db, workspaceId, prefix, year, numbered.length);
  numbered.forEach((f, index) => {
    const number = formatTrackingNumber(prefix, year, last - numbered.length + 1 + index);
    if (f.opened) f.incident.row.tracking_number = number;
    else f.report.receipt_number = number;
  });
}

async function writeBatch(
  db: Db,
  workspaceId: string,
  prepared: readonly Prepared[],
  batchObservables: readonly Keyed[],
  filed: readonly Filed[],
  touched: ReadonlyMap<string, Touched>,
  now: string,
): Promise<void> {
  const ids = await repository.upsertObservables(db, workspaceId, batchObservables);

  const created = [...touched.values()].filter((t) => t.isNew);
  await repository.insertIncidents(
    db,
    created.map((t) => ({ ...t.row, report_count: t.added, tlp: t.tlp })),
  );
  await repository.insertReports(
    db,
    filed.map((f) => f.report),
  );
  await repository.insertAttachments(
    db,
    filed.flatMap((f, index) =>
      (prepared[index]!.input.attachments ?? []).map((a) => ({ reportId: f.report.id, ...a })),
    ),
  );
  await repository.linkObservablesOfReports(
    db,
    filed.flatMap((f) =>
      f.keyed.flatMap((o) =>
        ids.get(o.key)
          ? [
              {
                incidentId: f.incident.row.id,
                reportId: f.report.id,
                observableId: ids.get(o.key)!,
                sources: o.sources.join(','),
                seen: o.seen,
              },
            ]
          : [],
      ),
    ),
  );
  await repository.linkIncidentPairs(
    db,
    filed.flatMap((f) =>
      [...f.related].map(([relatedId, reason]) => ({ incidentId: f.incident.row.id, relatedId, reason })),
    ),
  );
  await repository.addReportsToIncidents(
    db,
    [...touched.values()].filter((t) => !t.isNew).map((t) => ({ id: t.row.id, added: t.added, tlp: t.tlp })),
    now,
  );

  const audit: AuditEntry[] = [];
  for (const f of filed) {
    const { report, incident, matchedBy } = f;
    const createdBy = report.created_by;
    if (f.opened) {
      audit.push({
        actorId: createdBy,
        action: 'incident.create',
        objectType: 'incident',
        objectId: incident.row.id,
        workspaceId,
        after: incident.row,
      });
    }
    audit.push({
      actorId: createdBy,
      action: 'report.create',
      objectType: 'report',
      objectId: report.id,
      workspaceId,
      after: { ...report, body: undefined },
      detail: { incidentId: incident.row.id, matchedBy },
    });
  }
  await recordAudit(db, ...audit);

  // Search (incident-search.ts): each report, and each incident whose observables, TLP or title changed.
  const documents: (SearchDocument & { tlp: Tlp })[] = filed.map(({ report, incident }, index) =>
    reportDocument(report, incident.row.tracking_number, now, prepared[index]!.input),
  );
  const indexed = await findSearchDocuments(
    db,
    'incident',
    [...touched.values()].filter((t) => !t.isNew).map((t) => t.row.id),
  );
  for (const t of touched.values()) {
    const current = indexed.get(t.row.id);
    const known = new Set((current?.body ?? '').split(' ').filter(Boolean));
    const added = [...new Set(t.values)].filter((value) => !known.has(value.normalize('NFKC')));
    const title = `${t.row.tracking_number} ${t.row.title}`;
    if (!current || added.length > 0 || current.tlp !== t.tlp || current.title !== title.normalize('NFKC')) {
      documents.push(incidentDocument(t.row, t.tlp, [...known, ...added], now));
    }
  }
  await indexSearchDocuments(db, documents);
}
