/**
 * Bulk notification from feeds, as IntelMQ does it for national CERTs but in one place: a feed
 * file is read as a stream (constant memory), each event enriched (AS, country from the offline
 * data; owner from the directory's constituency, most specific first), de-duplicated and stored;
 * then grouped into one notification per responsible party, previewed, and sent with a CSV of
 * the party's events. Every stage reports its count and rate.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  tlpRank,
  type FeedDetail,
  type FeedImport,
  type FeedNotificationPreview,
  type FeedParty,
  type Tlp,
} from '@renkei/contracts';
import {
  eventKeys,
  EventKeySet,
  TextSpool,
  eventCsvLine,
  eventsCsvHeader,
  type FeedEvent,
  type FeedProblem,
  type FeedFormat,
  type FeedReadInfo,
} from '@renkei/feeds';
import { parseIpv4 } from '@renkei/ip-index';
import { z } from 'zod';
import {
  AppError,
  defineJob,
  type JobContext,
  type JobSpec,
  assertCanRead,
  assertPermission,
  nowIso,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { correspondenceConfig, queueMessage } from '../correspondence/index.js';
import { loadConstituency, organisationRows, type ConstituencyOwner } from '../directory/index.js';
import { asAbuseContact, networkData } from '../resolver/index.js';
import * as repository from './feeds.repository.js';
import { ChunkPacker, NO_PARTY } from './chunk-packer.js';
import { fillNetwork, hostOf } from './feed-enrichment.js';
import type { BlockResult } from './feed-reader.worker.js';
import { readFeedInParallel, type ParallelReading } from './feed-readers.js';
import type { FeedChunkRow, FeedImportRow, FeedPartyRow, FeedProblemTable } from './feeds.table.js';
import { notificationBody, notificationSubject, teamName, type NotificationFacts } from './notification.js';

const findContactsPayload = z.object({ importId: z.string() });
/** Abuse contacts of the parties known only by their AS, looked up after an import is grouped. */
const findContactsJob: JobSpec<z.infer<typeof findContactsPayload>> = {
  name: 'feeds.find-contacts',
  payload: findContactsPayload,
  maxAttempts: 3,
};
const sendPayload = z.object({ importId: z.string(), actorId: z.string().nullable() });
/** Renders and queues one notification per party with an address. */
const sendNotificationsJob: JobSpec<z.infer<typeof sendPayload>> = {
  name: 'feeds.send-notifications',
  payload: sendPayload,
  maxAttempts: 5,
};

/**
 * Events are held (by the packer) until their text reaches this size, then written as one chunk
 * per party in one transaction: few large rows instead of a row per event. Each flush deflates
 * two texts per party (thousands of calls), so fewer, larger flushes cost less; 48 MB keeps the
 * million-row bench under 1 GiB of memory (64 MB came within 30 MiB of it).
 */
const FLUSH_CHARACTERS = 48 * 1024 * 1024;

/** What the import knows of a party across flushes. */
interface PartyTotals {
  events: number;
  chunks: number;
  identifiers: Map<string, number>;
}

/** A party with addresses is a draft, unless the import is RED (never sent in bulk); else it has no contact. */
function partyStatus(recipients: number, tlp: Tlp): 'draft' | 'withheld' | 'no_contact' {
  return recipients === 0 ? 'no_contact' : tlp === 'RED' ? 'withheld' : 'draft';
}

/** The import's progress column: what a long stage has done of how much. */
function progressOf(stage: 'reading' | 'contacts' | 'sending', done: number, total: number | null): string {
  return JSON.stringify({ stage, done, total });
}

/** Problems stored per import (all are counted; a broken file of a million lines keeps the first ones). */
const PROBLEMS_KEPT = 10_000;
/** Progress is told (stored for the UI, given to the CLI's bar) every this many rows read. */
const PROGRESS_ROWS = 50_000;

export interface FeedImportInput {
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  format: FeedFormat;
  report?: string;
  fileName?: string;
  name?: string;
  tlp?: Tlp;
  mapping?: Record<string, string>;
  classification?: { taxonomy: string; type: string; identifier: string };
  /** When and how a large Shadowserver file is read on several threads (tests make small files take that path). */
  parallelReading?: ParallelReading;
  /** Rows between two progress reports (default 50,000). */
  progressEvery?: number;
}

export interface FeedProgress {
  rows: number;
  problems: number;
  events: number;
  duplicates: number;
}

const notFound = () => new AppError('FEED_NOT_FOUND', 'Feed import not found');

function toImport(row: FeedImportRow): FeedImport {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    format: row.format as FeedImport['format'],
    report: row.report,
    fileName: row.file_name,
    encoding: row.encoding,
    tlp: row.tlp,
    status: row.status as FeedImport['status'],
    counts: JSON.parse(row.counts) as FeedImport['counts'],
    stages: JSON.parse(row.stages) as FeedImport['stages'],
    periodStart: row.period_start,
    periodEnd: row.period_end,
    error: row.error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    progress: row.progress ? (JSON.parse(row.progress) as FeedImport['progress']) : null,
  };
}

function toParty(row: FeedPartyRow): FeedParty {
  return {
    partyKey: row.party_key,
    organisationId: row.organisation_id,
    name: row.name,
    recipients: JSON.parse(row.recipients) as string[],
    recipientsSource: row.recipients_source,
    contactNote: row.contact_note,
    country: row.country,
    language: row.language as FeedParty['language'],
    events: row.events,
    status: row.status as FeedParty['status'],
    outboundMessageId: row.outbound_message_id,
  };
}

/** Time spent per stage, in seconds (hrtime), and what it handled. */
class StageClock {
  private readonly totals = new Map<string, { count: number; nanoseconds: bigint }>();

  add(stage: string, count: number, started: bigint): void {
    this.addNanoseconds(stage, count, process.hrtime.bigint() - started);
  }

  /** Time spent elsewhere (a reading thread's). */
  addNanoseconds(stage: string, count: number, nanoseconds: bigint): void {
    const entry = this.totals.get(stage) ?? { count: 0, nanoseconds: 0n };
    entry.count += count;
    entry.nanoseconds += nanoseconds;
    this.totals.set(stage, entry);
  }

  report(): FeedImport['stages'] {
    return [...this.totals].map(([stage, { count, nanoseconds }]) => {
      const seconds = Number(nanoseconds) / 1e9;
      return {
        stage,
        count,
        seconds: Math.round(seconds * 1000) / 1000,
        rate: seconds > 0 ? Math.round(count / seconds) : 0,
      };
    });
  }
}

/**
 * Reads a feed into a new import, stores its events and groups them per party. Returns the
 * import once it is ready to preview (nothing is sent).
 */
export async function importFeed(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: FeedImportInput,
  onProgress?: (progress: FeedProgress) => void,
): Promise<FeedImport> {
  assertPermission(actor, workspaceId, 'content.write');
  const tlps = readableTlps(actor, workspaceId);
  const id = randomUUID();
  const createdAt = nowIso();
  const counts = { rows: 0, events: 0, duplicates: 0, problems: 0, parties: 0, withoutContact: 0 };
  await repository.insertImport(ctx.db, {
    id,
    workspace_id: workspaceId,
    name: input.name ?? input.fileName ?? `${input.format} ${createdAt.slice(0, 10)}`,
    format: input.format,
    report: input.report ?? null,
    file_name: input.fileName ?? null,
    encoding: null,
    tlp: input.tlp ?? 'AMBER',
    status: 'reading',
    counts: JSON.stringify(counts),
    stages: '[]',
    source_header: null,
    period_start: null,
    period_end: null,
    error: null,
    created_by: actor.userId,
    created_at: createdAt,
    sent_at: null,
    progress: progressOf('reading', 0, null),
  });
  const clock = new StageClock();
  const info: FeedReadInfo = {};
  const constituency = await loadConstituency(ctx.db, workspaceId);
  const data = networkData(ctx);
  const asNames = new Map<number, string>();
  /** The country of each AS's first event: which registry to ask for its abuse contact. */
  const asCountries = new Map<number, string>();
  let tlp: Tlp = input.tlp ?? 'AMBER';
  let periodStart: string | null = null;
  let periodEnd: string | null = null;
  const ownerOf = (owner: ConstituencyOwner | undefined) => (owner && tlps.includes(owner.tlp) ? owner : undefined);
  const useConstituency = constituency.size > 0;

  /** The directory's owner of an event's address, AS or host, if the reader may see it. */
  const constituencyOwner = (
    ip: string | undefined,
    v4: number | undefined,
    asn: number | undefined,
    host: string | undefined,
  ): string | undefined => {
    const owner = ip
      ? (ownerOf((v4 !== undefined ? constituency.matchIpv4(v4) : constituency.matchIp(ip))?.owner) ??
        (asn !== undefined ? ownerOf(constituency.matchAsn(asn)?.owner) : undefined))
      : host
        ? ownerOf(constituency.matchDomain(host)?.owner)
        : undefined;
    return owner ? `org:${owner.id}` : undefined;
  };
  /** The first AS name and country seen per AS (of events not owned by the directory). */
  const noteAs = (asn: number, name: string | undefined, country: string | undefined) => {
    if (name && !asNames.has(asn)) asNames.set(asn, name);
    if (country && !asCountries.has(asn)) asCountries.set(asn, country);
  };

  /** Fills AS and country where the feed left them out, and names the party the event goes to. */
  const enrich = (event: FeedEvent): string => {
    const v4 = fillNetwork(event, data);
    if (useConstituency) {
      const ip = event['source.ip'];
      const host = ip
        ? undefined
        : (event['source.fqdn'] ?? (event['source.url'] ? hostOf(event['source.url']) : undefined));
      const owner = constituencyOwner(ip, v4, event['source.asn'], host);
      if (owner) return owner;
    }
    const asn = event['source.asn'];
    if (asn !== undefined) {
      noteAs(asn, event['source.as_name'], event['source.geolocation.cc']);
      return `as:${asn}`;
    }
    return 'unresolved';
  };

  // De-duplication in memory: a repeated event (same key, so same address, so same party) is
  // counted, not stored. 24 bytes per distinct event; the events' text is held only until the
  // next flush (decision 0019).
  const seen = new EventKeySet();
  const keyOf = await eventKeys();
  const key = new Uint32Array(3);
  const totals = new Map<string, PartyTotals>();
  /** Parties by the packer's numbering. */
  const partyKeys: string[] = [];
  const partyTotals: PartyTotals[] = [];
  const partyIds = new Map<string, number>();
  const partyId = (partyKey: string): number => {
    let party = partyIds.get(partyKey);
    if (party === undefined) {
      partyIds.set(partyKey, (party = partyKeys.length));
      partyKeys.push(partyKey);
      const total: PartyTotals = { events: 0, chunks: 0, identifiers: new Map() };
      partyTotals.push(total);
      totals.set(partyKey, total);
    }
    return party;
  };
  /** Counts an event for its party. */
  const countFor = (party: number, identifier: string) => {
    const total = partyTotals[party]!;
    total.events++;
    total.identifiers.set(identifier, (total.identifiers.get(identifier) ?? 0) + 1);
    bufferedEvents++;
  };
  const packer = new ChunkPacker();
  let buffered = 0;
  let bufferedEvents = 0;
  /** The previous flush being packed and stored: at most one is in flight (memory stays bounded). */
  let storing: Promise<void> = Promise.resolve();
  const keptProblem = (item: { line: number; problem: FeedProblem }) => {
    counts.problems++;
    if (problems.length < PROBLEMS_KEPT)
      problems.push({
        import_id: id,
        line: item.problem.line,
        code: item.problem.code,
        message: item.problem.message,
        excerpt: item.problem.excerpt ?? null,
      });
  };
  const notePeriod = (start: string, end: string) => {
    if (periodStart === null || start < periodStart) periodStart = start;
    if (periodEnd === null || end > periodEnd) periodEnd = end;
  };
  /** A block read by a reading thread (feed-readers.ts): de-duplicated and filed as the loop below files items. */
  const fileBlock = (block: BlockResult) => {
    const started = process.hrtime.bigint();
    for (const item of block.problems) keptProblem(item);
    counts.rows += block.events;
    if (block.tlp && tlpRank(block.tlp) > tlpRank(tlp)) tlp = block.tlp;
    if (block.periodStart !== null && block.periodEnd !== null) notePeriod(block.periodStart, block.periodEnd);
    if (!useConstituency) for (const [asn, name, country] of block.asFirst) noteAs(asn, name, country);
    const { keys, rawEnds } = block;
    const assigned = new Uint32Array(block.events);
    // The block's parties in the import's numbering, each looked up once (and only if an event
    // goes to it: the directory may take all of an AS's events).
    const blockParties: (number | undefined)[] = [];
    let kept = 0;
    let previousEnd = 0;
    for (let i = 0; i < block.events; i++) {
      const start = previousEnd;
      previousEnd = rawEnds[i]!;
      key[0] = keys[i * 3]!;
      key[1] = keys[i * 3 + 1]!;
      key[2] = keys[i * 3 + 2]!;
      if (!seen.add(key)) {
        counts.duplicates++;
        assigned[i] = NO_PARTY;
        continue;
      }
      counts.events++;
      kept++;
      const local = block.parties[i]!;
      let owner: string | undefined;
      if (useConstituency) {
        const partyKey = block.partyKeys[local]!;
        const ip = block.ips![i];
        const asn = partyKey.startsWith('as:') ? Number(partyKey.slice(3)) : undefined;
        owner = constituencyOwner(ip, ip ? parseIpv4(ip) : undefined, asn, ip ? undefined : block.hosts![i]);
        if (!owner && asn !== undefined) noteAs(asn, block.asNames![i], block.countries![i]);
      }
      const party = owner ? partyId(owner) : (blockParties[local] ??= partyId(block.partyKeys[local]!));
      assigned[i] = party;
      countFor(party, block.identifierNames[block.identifiers[i]!]!);
      buffered += previousEnd - start;
    }
    packer.add({
      bytes: block.bytes,
      csvEnds: block.csvEnds,
      rawEnds: block.rawEnds,
      lines: block.lines,
      parties: assigned,
    });
    clock.addNanoseconds('read', block.events + block.problems.length, BigInt(block.readNs));
    clock.addNanoseconds('enrich', kept, BigInt(block.enrichNs) + (process.hrtime.bigint() - started));
  };
  const flush = async () => {
    const events = bufferedEvents;
    buffered = 0;
    bufferedEvents = 0;
    // Packed on the packer's thread while this one reads on; stored when packed.
    const packing = packer.flush();
    await storing;
    const storeStarted = process.hrtime.bigint();
    storing = packing.then(async (chunks) => {
      const rows = chunks.map((chunk): FeedChunkRow => ({
        import_id: id,
        party_key: partyKeys[chunk.party]!,
        seq: partyTotals[chunk.party]!.chunks++,
        events: chunk.events,
        lines: chunk.lines,
        csv: chunk.csv,
        raw: chunk.raw,
      }));
      await ctx.db.transaction().execute((trx) => repository.insertChunks(trx, rows));
      clock.add('store', events, storeStarted);
    });
    // Its failure surfaces where it is awaited (the next flush, or the end of the read).
    storing.catch(() => undefined);
  };
  const problems: FeedProblemTable[] = [];
  try {
    let readStarted = process.hrtime.bigint();
    let reported = 0;
    const readOptions = {
      format: input.format,
      observedAt: createdAt,
      ...(input.report ? { report: input.report } : {}),
      ...(input.fileName ? { fileName: input.fileName } : {}),
      ...(input.tlp ? { tlp: input.tlp } : {}),
      ...(input.mapping ? { mapping: input.mapping } : {}),
      ...(input.classification ? { classification: input.classification } : {}),
      ...(input.name ? { feedName: input.name } : {}),
    };
    for await (const batch of readFeedInParallel(
      input.bytes,
      readOptions,
      info,
      data,
      useConstituency,
      input.parallelReading,
    )) {
      if (!Array.isArray(batch)) fileBlock(batch);
      else {
        clock.add('read', batch.length, readStarted);
        const enrichStarted = process.hrtime.bigint();
        let enriched = 0;
        const text = new TextSpool(64 * 1024);
        const csvEnds: number[] = [];
        const rawEnds: number[] = [];
        const lines: number[] = [];
        const parties: number[] = [];
        for (const item of batch) {
          if ('problem' in item) {
            keptProblem(item);
            continue;
          }
          counts.rows++;
          const event = item.event;
          if (tlpRank(event.tlp) > tlpRank(tlp)) tlp = event.tlp;
          notePeriod(event['time.source'], event['time.source']);
          keyOf(event, key);
          if (!seen.add(key)) {
            counts.duplicates++;
            continue;
          }
          counts.events++;
          const party = partyId(enrich(event));
          countFor(party, event['classification.identifier']);
          const start = text.length;
          text.append(eventCsvLine(event));
          csvEnds.push(text.length);
          text.append(item.raw);
          text.append('\n');
          rawEnds.push(text.length);
          lines.push(item.line);
          parties.push(party);
          buffered += text.length - start;
          enriched++;
        }
        if (lines.length)
          packer.add({
            bytes: text.takeBytes(),
            csvEnds: Uint32Array.from(csvEnds),
            rawEnds: Uint32Array.from(rawEnds),
            lines: Uint32Array.from(lines),
            parties: Uint32Array.from(parties),
          });
        clock.add('enrich', enriched, enrichStarted);
      }
      if (buffered >= FLUSH_CHARACTERS) await flush();
      if (counts.rows + counts.problems - reported >= (input.progressEvery ?? PROGRESS_ROWS)) {
        reported = counts.rows + counts.problems;
        // What a reader of the import sees while it is read (the UI polls it; the CLI draws it).
        await repository.updateImport(ctx.db, id, {
          counts: JSON.stringify(counts),
          progress: progressOf('reading', counts.rows, null),
        });
        onProgress?.({
          rows: counts.rows,
          problems: counts.problems,
          events: counts.events,
          duplicates: counts.duplicates,
        });
      }
      readStarted = process.hrtime.bigint();
    }
    if (bufferedEvents > 0) await flush();
    await storing;
    await packer.close();
    if (problems.length) await repository.insertProblems(ctx.db, problems);

    const groupStarted = process.hrtime.bigint();
    const parties = await partiesFor(ctx.db, id, workspaceId, tlp, totals, asNames, asCountries);
    await repository.insertParties(ctx.db, parties);
    clock.add('group', counts.events, groupStarted);
    counts.parties = parties.length;
    counts.withoutContact = parties.filter((party) => party.status === 'no_contact').length;
    // Parties known only by their AS get their registry's abuse contact in the background.
    const lookUp = parties.filter((party) => party.party_key.startsWith('as:')).length;
    await ctx.db.transaction().execute(async (trx) => {
      if (lookUp > 0) await ctx.jobs.enqueue(findContactsJob, { importId: id }, { idempotencyKey: id, trx });
      await repository.updateImport(trx, id, {
        status: lookUp > 0 ? 'contacts' : 'ready',
        progress: lookUp > 0 ? progressOf('contacts', 0, lookUp) : null,
        encoding: info.encoding ?? null,
        source_header: info.header ?? null,
        report: info.report?.name ?? input.report ?? null,
        tlp,
        counts: JSON.stringify(counts),
        stages: JSON.stringify(clock.report()),
        period_start: periodStart,
        period_end: periodEnd,
      });
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'feed.import',
        objectType: 'feed_import',
        objectId: id,
        workspaceId,
        detail: {
          format: input.format,
          report: info.report?.name ?? null,
          fileName: input.fileName ?? null,
          ...counts,
        },
      });
    });
  } catch (error) {
    // A flush still being stored finishes first (its own failure is the one reported, or this).
    await storing.catch(() => undefined);
    await repository.updateImport(ctx.db, id, {
      status: 'failed',
      progress: null,
      error: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
      counts: JSON.stringify(counts),
      stages: JSON.stringify(clock.report()),
    });
    throw error;
  } finally {
    await packer.close();
  }
  return toImport((await repository.findImport(ctx.db, id))!);
}

/** One party row per group of events, with whom to send to and in which language. */
async function partiesFor(
  db: Db,
  importId: string,
  workspaceId: string,
  tlp: Tlp,
  totals: Map<string, PartyTotals>,
  asNames: Map<number, string>,
  asCountries: Map<number, string>,
): Promise<FeedPartyRow[]> {
  const groups = [...totals].map(([partyKey, total]) => ({
    party_key: partyKey,
    events: total.events,
    identifiers: JSON.stringify(Object.fromEntries(total.identifiers)),
  }));
  const organisationIds = groups.flatMap((group) =>
    group.party_key.startsWith('org:') ? [group.party_key.slice(4)] : [],
  );
  const organisations = new Map(
    (await organisationRows(db, organisationIds))
      .filter((row) => row.workspace_id === workspaceId)
      .map((row) => [row.id, row]),
  );
  return groups.map((group): FeedPartyRow => {
    const base = {
      import_id: importId,
      party_key: group.party_key,
      events: group.events,
      identifiers: group.identifiers,
      outbound_message_id: null,
    };
    if (group.party_key.startsWith('org:')) {
      const organisation = organisations.get(group.party_key.slice(4));
      const emails = organisation ? (JSON.parse(organisation.emails) as { address: string; purpose: string }[]) : [];
      // The abuse address where there is one; else every address the party gave.
      const abuse = emails.filter((email) => email.purpose === 'abuse' || email.purpose === 'notification');
      const recipients = (abuse.length ? abuse : emails).map((email) => email.address);
      const languages = organisation ? (JSON.parse(organisation.languages) as string[]) : [];
      const language = languages[0] === 'ja' || (!languages.length && organisation?.country === 'JP') ? 'ja' : 'en';
      return {
        ...base,
        organisation_id: organisation?.id ?? null,
        name: organisation?.name ?? group.party_key,
        recipients: JSON.stringify(recipients),
        recipients_source: recipients.length ? 'directory' : null,
        contact_note: recipients.length ? null : 'The directory entry has no e-mail address.',
        country: organisation?.country ?? null,
        language,
        status: partyStatus(recipients.length, tlp),
      };
    }
    const asn = group.party_key.startsWith('as:') ? Number(group.party_key.slice(3)) : undefined;
    return {
      ...base,
      organisation_id: null,
      name: asn !== undefined ? `AS${asn}${asNames.has(asn) ? ` ${asNames.get(asn)}` : ''}` : 'unresolved',
      recipients: '[]',
      recipients_source: null,
      contact_note:
        asn !== undefined ? 'Not looked up yet.' : 'Neither the directory nor the AS data knows these addresses.',
      country: asn !== undefined ? (asCountries.get(asn) ?? null) : null,
      language: asn !== undefined && asCountries.get(asn) === 'JP' ? 'ja' : 'en',
      status: 'no_contact',
    };
  });
}

async function readableImport(db: Db, actor: Actor, id: string): Promise<FeedImportRow> {
  const row = await repository.findImport(db, id);
  return assertCanRead(actor, row && { ...row, workspaceId: row.workspace_id }, notFound);
}

export async function listImports(ctx: AppContext, actor: Actor, workspaceId: string): Promise<FeedImport[]> {
  assertPermission(actor, workspaceId, 'content.read');
  return (await repository.listImports(ctx.db, workspaceId, readableTlps(actor, workspaceId))).map(toImport);
}

export async function getImport(ctx: AppContext, actor: Actor, id: string): Promise<FeedDetail> {
  const row = await readableImport(ctx.db, actor, id);
  const [parties, problems] = await Promise.all([
    repository.partiesOf(ctx.db, id),
    repository.problemsOf(ctx.db, id, 500),
  ]);
  return {
    ...toImport(row),
    parties: parties.map(toParty),
    problems: problems.map((problem) => ({
      line: problem.line,
      code: problem.code,
      message: problem.message,
      excerpt: problem.excerpt,
    })),
  };
}

/** A party's notification rendered: subject, body and the full CSV of its events. */
export interface RenderedNotification {
  party: FeedPartyRow;
  facts: NotificationFacts;
  subject: string;
  body: string;
  csv: string;
  lines: number;
}

export async function renderNotification(
  ctx: AppContext,
  importRow: FeedImportRow,
  party: FeedPartyRow,
): Promise<RenderedNotification> {
  const provider = importRow.format === 'shadowserver' ? 'Shadowserver' : null;
  const feedName = importRow.report ? `${importRow.report}` : importRow.name;
  const parts = [eventsCsvHeader(), ...(await repository.partyCsvLines(ctx.db, importRow.id, party.party_key))];
  const lines = party.events;
  const identifiers = Object.entries(JSON.parse(party.identifiers ?? '{}') as Record<string, number>);
  const attachmentName = `${importRow.created_at.slice(0, 10)}-${(importRow.report ?? importRow.format).replace(/[^\w.-]+/g, '_')}-${party.party_key.replace(/[^\w.-]+/g, '_')}.csv`;
  const facts: NotificationFacts = {
    language: party.language as 'ja' | 'en',
    tlp: importRow.tlp,
    partyName: party.name,
    team: teamName(correspondenceConfig.of(ctx.config).ackFrom),
    feedName,
    provider,
    periodStart: importRow.period_start,
    periodEnd: importRow.period_end,
    events: lines,
    identifiers: identifiers.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    attachmentName,
  };
  return {
    party,
    facts,
    subject: notificationSubject(facts),
    body: notificationBody(facts),
    csv: parts.join(''),
    lines,
  };
}

export async function previewNotification(
  ctx: AppContext,
  actor: Actor,
  id: string,
  partyKey: string,
): Promise<FeedNotificationPreview> {
  const importRow = await readableImport(ctx.db, actor, id);
  const party = await repository.findParty(ctx.db, id, partyKey);
  if (!party) throw notFound();
  const rendered = await renderNotification(ctx, importRow, party);
  return {
    partyKey,
    recipients: JSON.parse(party.recipients) as string[],
    language: rendered.facts.language,
    tlp: importRow.tlp,
    subject: rendered.subject,
    body: rendered.body,
    attachmentName: rendered.facts.attachmentName,
    attachmentHead: rendered.csv.split('\r\n').slice(0, 21).join('\r\n'),
    attachmentLines: rendered.lines,
  };
}

export async function partyCsv(
  ctx: AppContext,
  actor: Actor,
  id: string,
  partyKey: string,
): Promise<{ name: string; csv: string }> {
  const importRow = await readableImport(ctx.db, actor, id);
  const party = await repository.findParty(ctx.db, id, partyKey);
  if (!party) throw notFound();
  const rendered = await renderNotification(ctx, importRow, party);
  return { name: rendered.facts.attachmentName, csv: rendered.csv };
}

/** Look-ups of AS contacts in flight at once: registries rate-limit, and answers are cached. */
const CONTACT_LOOKUPS_AT_ONCE = 8;

/**
 * Gives each party known only by its AS its registry's abuse contact (RDAP autnum, cached;
 * offline, the cache alone): the party becomes a draft to its abuse address, with the source
 * kept, or stays without an address with the reason. Idempotent: an import that is no longer
 * looking up contacts is left alone. Then the import is ready to preview and send.
 */
export async function findPartyContacts(
  ctx: AppContext,
  importId: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const importRow = await repository.findImport(ctx.db, importId);
  if (importRow?.status !== 'contacts') return;
  const parties = (await repository.partiesOf(ctx.db, importId, Number.MAX_SAFE_INTEGER)).filter(
    (party) => party.party_key.startsWith('as:') && party.status === 'no_contact',
  );
  let done = 0;
  let next = 0;
  const lookUp = async () => {
    while (next < parties.length) {
      const party = parties[next++]!;
      const contact = await asAbuseContact(ctx, Number(party.party_key.slice(3)), party.country ?? undefined);
      await repository.updateParty(ctx.db, importId, party.party_key, {
        recipients: JSON.stringify(contact.emails),
        recipients_source: contact.emails.length ? contact.source : null,
        contact_note: contact.warning,
        status: partyStatus(contact.emails.length, importRow.tlp),
      });
      done++;
      onProgress?.(done, parties.length);
      if (done % 50 === 0 || done === parties.length)
        await repository.updateImport(ctx.db, importId, {
          progress: progressOf('contacts', done, parties.length),
        });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONTACT_LOOKUPS_AT_ONCE, parties.length) }, lookUp));
  const all = await repository.partiesOf(ctx.db, importId, Number.MAX_SAFE_INTEGER);
  const counts = JSON.parse(importRow.counts) as FeedImport['counts'];
  counts.withoutContact = all.filter((party) => party.status === 'no_contact').length;
  await repository.updateImport(ctx.db, importId, {
    status: 'ready',
    progress: null,
    counts: JSON.stringify(counts),
  });
}

/**
 * Starts sending: one notification per party that has an address is queued by a job (delivery
 * then by the correspondence jobs, with retries). Parties without an address, and all of a RED
 * import (RED goes to named people only, never in bulk), are left as they are. Returns what
 * will be queued.
 */
export async function sendNotifications(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ queued: number; withoutContact: number; withheld: number }> {
  const importRow = await readableImport(ctx.db, actor, id);
  assertPermission(actor, importRow.workspace_id, 'content.write');
  if (importRow.status === 'reading' || importRow.status === 'contacts')
    throw new AppError('FEED_NOT_READY', `The import is ${importRow.status}`);
  if (importRow.status !== 'ready') throw new AppError('FEED_ALREADY_SENT', `The import is ${importRow.status}`);
  const parties = await repository.partiesOf(ctx.db, id, Number.MAX_SAFE_INTEGER);
  const queued = parties.filter((party) => party.status === 'draft').length;
  const withoutContact = parties.filter((party) => party.status === 'no_contact').length;
  const withheld = parties.filter((party) => party.status === 'withheld').length;
  await ctx.db.transaction().execute(async (trx) => {
    // Only one request moves a ready import on: a second finds it sending.
    const moved = await repository.moveImportStatus(trx, id, 'ready', 'sending');
    if (!moved) throw new AppError('FEED_ALREADY_SENT', 'The import is being sent');
    await repository.updateImport(trx, id, {
      progress: progressOf('sending', 0, queued),
    });
    await ctx.jobs.enqueue(sendNotificationsJob, { importId: id, actorId: actor.userId }, { idempotencyKey: id, trx });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'feed.send',
      objectType: 'feed_import',
      objectId: id,
      workspaceId: importRow.workspace_id,
      detail: { queued, withoutContact, withheld, tlp: importRow.tlp },
    });
  });
  return { queued, withoutContact, withheld };
}

/**
 * The sending job: renders and queues each draft party's notification (one transaction each,
 * idempotent per party, so a retried job queues what is left), reporting progress.
 */
export async function queueNotifications(
  ctx: AppContext,
  importId: string,
  actorId: string | null,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const importRow = await repository.findImport(ctx.db, importId);
  if (importRow?.status !== 'sending') return;
  const drafts = (await repository.partiesOf(ctx.db, importId, Number.MAX_SAFE_INTEGER)).filter(
    (party) => party.status === 'draft',
  );
  let done = 0;
  for (const party of drafts) {
    const rendered = await renderNotification(ctx, importRow, party);
    await ctx.db.transaction().execute(async (trx) => {
      const message = await queueMessage(ctx, trx, {
        workspaceId: importRow.workspace_id,
        owner: { type: 'feed_import', id: importId },
        purpose: 'feed-notification',
        tlp: importRow.tlp,
        to: JSON.parse(party.recipients) as string[],
        subject: rendered.subject,
        body: rendered.body,
        createdBy: actorId,
        idempotencyKey: `feed:${importId}:${party.party_key}`,
        headers: { 'Content-Language': rendered.facts.language },
        attachments: [
          {
            filename: rendered.facts.attachmentName,
            contentType: 'text/csv; charset=utf-8',
            content: Buffer.from(rendered.csv),
          },
        ],
      });
      await repository.updateParty(trx, importId, party.party_key, {
        status: 'queued',
        outbound_message_id: message.id,
      });
    });
    done++;
    onProgress?.(done, drafts.length);
    if (done % 50 === 0)
      await repository.updateImport(ctx.db, importId, {
        progress: progressOf('sending', done, drafts.length),
      });
  }
  await repository.updateImport(ctx.db, importId, { status: 'sent', sent_at: nowIso(), progress: null });
}

/** A job's progress, reported every 50 parties (each report also extends the job's lock). */
const reportProgress = (job: JobContext) => (done: number, total: number) => {
  if (done % 50 === 0) void job.reportProgress((done / total) * 100, `${done}/${total}`);
};

/** Jobs of hub/feeds, bound to the context their handlers work in. */
export function feedJobs(ctx: AppContext) {
  return [
    defineJob({
      ...findContactsJob,
      handler: ({ importId }, job) => findPartyContacts(ctx, importId, reportProgress(job)),
    }),
    defineJob({
      ...sendNotificationsJob,
      handler: ({ importId, actorId }, job) => queueNotifications(ctx, importId, actorId, reportProgress(job)),
    }),
  ];
}
