/**
 * Coordination threads: one per counterparty of an incident. A thread is planned (party, role,
 * request, recipients, label), previewed (exactly what leaves: text, HTML, protection, what was
 * removed, why it may not go), sent (through hub/correspondence: stored, delivered by a job,
 * signed and encrypted by hub/keyring when keys exist, shown on the incident's timeline), and
 * followed up by a job at its due date: a reply acknowledges it; no reply brings reminders, then
 * no_response and an escalation to the next party (the country's national CSIRT).
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  PARTY_ROLES,
  TLP_LEVELS,
  tlpLevelsWithin,
  type CoordinationPanel,
  type CoordinationProposals,
  type CoordinationThread,
  type Fact,
  type NationalCategory,
  type ThreadInput,
  type ThreadPreview,
  type ThreadStatus,
  threadInputSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import {
  AppError,
  assertCanLabel,
  assertPermission,
  defineJob,
  nowIso,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
  type JobSpec,
} from '../../../platform/index.js';
import {
  bouncesOf,
  correspondenceConfig,
  messagesByIds,
  queueMessage,
  repliesTo,
  teamName,
  type Language,
} from '../correspondence/index.js';
import { nationalCsirtsOf, organisationAddresses, type OrganisationAddresses } from '../directory/index.js';
import {
  canSeeReporter,
  incidentById,
  insertTimelineEntry,
  listObservablesOfIncident,
  loadReadableIncident,
  loadWritableIncident,
  reportsOfIncident,
  type IncidentRow,
} from '../incident/index.js';
import { expectedProtection } from '../keyring/index.js';
import { resolveFor } from '../resolver/index.js';
import { coordinationConfig } from './coordination.config.js';
import * as repository from './coordination.repository.js';
import type { CoordinationMessageRow, CoordinationThreadRow } from './coordination.table.js';
import { redactVictim, recipientKindOf, sharingProblems, type VictimIdentity } from './sharing.js';
import { escalationMessage, markdownToHtml, reminderMessage, requestMessage } from './templates.js';
import { takedownTargets } from './takedown.service.js';

const followUpPayload = z.object({ threadId: z.string() });
export const followUpJob: JobSpec<z.infer<typeof followUpPayload>> = {
  name: 'coordination.follow-up',
  payload: followUpPayload,
  maxAttempts: 5,
  backoffMs: 60_000,
};

const DAY_MS = 86_400_000;
const threadNotFound = () => new AppError('COORDINATION_THREAD_NOT_FOUND', 'Coordination thread not found');

const CATEGORY_WORDS: Record<Language, Record<NationalCategory, string>> = {
  ja: {
    phishing_site: 'フィッシングサイト',
    website_defacement: 'Web サイト改ざん',
    malware_site: 'マルウェアサイト',
    scan: 'スキャン',
    dos: 'DoS/DDoS',
    ics: '制御システム関連インシデント',
    targeted_attack: '標的型攻撃',
    other: 'インシデント',
  },
  en: {
    phishing_site: 'a phishing site',
    website_defacement: 'a website defacement',
    malware_site: 'a malware distribution site',
    scan: 'scanning',
    dos: 'a denial-of-service attack',
    ics: 'an industrial control system incident',
    targeted_attack: 'a targeted attack',
    other: 'an incident',
  },
};

const REDACTED: Record<Language, string> = { ja: '[非開示]', en: '[withheld]' };

/** Who the party is to the TLP check: its directory addresses, if it has a directory entry. */
async function partyOf(db: Db, thread: CoordinationThreadRow): Promise<OrganisationAddresses | undefined> {
  if (!thread.organisation_id) return undefined;
  // The handler chose this entry when planning the thread (within their clearance); the TLP
  // check and a follow-up job (no actor) read its addresses whatever its label.
  return organisationAddresses(db, thread.workspace_id, thread.organisation_id, TLP_LEVELS);
}

/** Victim identities of the incident: every reporter's name, address and organisation. */
async function victimIdentities(db: Db, incidentId: string): Promise<VictimIdentity[]> {
  const identities: VictimIdentity[] = [];
  for (const report of await reportsOfIncident(db, incidentId)) {
    if (report.reporter_name) identities.push({ kind: 'name', value: report.reporter_name });
    if (report.reporter_email) identities.push({ kind: 'email', value: report.reporter_email });
    if (report.reporter_organization) identities.push({ kind: 'organisation', value: report.reporter_organization });
  }
  return identities;
}

/** The reporter and the victim may read their own identity; everyone else gets it removed unless consented. */
function needsRedaction(thread: CoordinationThreadRow): boolean {
  return thread.victim_consent !== 1 && thread.role !== 'reporter' && thread.role !== 'victim';
}

function evidenceLines(evidence: readonly Fact[]): string[] {
  return evidence.slice(0, 12).map((fact) => `${fact.name}: ${fact.value} (${fact.source})`);
}

interface Composed {
  subject: string;
  text: string;
  html: string;
  redactions: { kind: string; count: number }[];
}

async function compose(
  db: Db,
  thread: CoordinationThreadRow,
  incident: IncidentRow,
  markdown: { subject: string; markdown: string },
): Promise<Composed> {
  let { subject, markdown: text } = markdown;
  let redactions: Composed['redactions'] = [];
  if (needsRedaction(thread)) {
    const identities = await victimIdentities(db, incident.id);
    const body = redactVictim(text, identities, REDACTED[thread.language]);
    const heading = redactVictim(subject, identities, REDACTED[thread.language]);
    text = body.text;
    subject = heading.text;
    const counts = new Map<string, number>();
    for (const { kind, count } of [...body.redactions, ...heading.redactions])
      counts.set(kind, (counts.get(kind) ?? 0) + count);
    redactions = [...counts].map(([kind, count]) => ({ kind, count }));
  }
  return { subject, text, html: markdownToHtml(text), redactions };
}

async function requestMarkdown(ctx: AppContext, db: Db, thread: CoordinationThreadRow, incident: IncidentRow) {
  const observables = await listObservablesOfIncident(db, incident.id);
  const indicators = observables
    .filter((o) => o.correlation !== 'ignored' && ['url', 'domain', 'ipv4', 'ipv6'].includes(o.type))
    .map((o) => o.value)
    .filter((value) => value !== thread.target)
    .slice(0, 20);
  const dueAt = thread.due_at ?? nowIso(new Date(Date.now() + thread.due_days * DAY_MS));
  return requestMessage({
    language: thread.language,
    request: thread.request,
    trackingNumber: incident.tracking_number,
    partyName: thread.party_name,
    team: teamName(correspondenceConfig.of(ctx.config).ackFrom),
    target: thread.target,
    category: CATEGORY_WORDS[thread.language][incident.category as NationalCategory] ?? incident.category,
    reportedAt: incident.created_at,
    evidence: evidenceLines(JSON.parse(thread.evidence) as Fact[]),
    indicators,
    note: thread.note,
    dueAt,
    tlp: thread.tlp,
  });
}

async function sharingOf(db: Db, thread: CoordinationThreadRow) {
  const recipients = JSON.parse(thread.recipients) as string[];
  const party = await partyOf(db, thread);
  const kind = recipientKindOf(
    recipients,
    party ? { people: party.people, organisation: party.organisation, website: party.row.website } : null,
  );
  return { recipients, kind, problems: sharingProblems(thread.tlp, kind, recipients) };
}

function toThread(
  row: CoordinationThreadRow,
  messages: readonly (CoordinationMessageRow & {
    delivery: 'queued' | 'sent' | 'failed' | null;
    protection: 'none' | 'signed' | 'signed+encrypted' | null;
    bounces: CoordinationThread['messages'][number]['bounces'];
  })[],
  replies: readonly { report_id: string; sender: string | null; received_at: string }[],
  mayReadRecipients: boolean,
  recipientKind: CoordinationThread['recipientKind'],
): CoordinationThread {
  return {
    id: row.id,
    incidentId: row.incident_id,
    role: row.role,
    request: row.request,
    organisationId: row.organisation_id,
    partyName: row.party_name,
    recipients: mayReadRecipients ? (JSON.parse(row.recipients) as string[]) : null,
    recipientKind,
    language: row.language,
    tlp: row.tlp,
    target: row.target,
    victimConsent: row.victim_consent === 1,
    status: row.status,
    dueAt: row.due_at,
    remindersSent: row.reminders_sent,
    escalatedFrom: row.escalated_from,
    evidence: JSON.parse(row.evidence) as Fact[],
    note: row.note,
    messages: messages.map((message) => ({
      id: message.outbound_id,
      kind: message.kind,
      subject: message.subject,
      messageId: message.message_id,
      delivery: message.delivery,
      protection: message.protection,
      createdAt: message.created_at,
      bounces: message.bounces.map((bounce) => ({
        ...bounce,
        recipient: mayReadRecipients ? bounce.recipient : null,
      })),
    })),
    replies: replies.map((reply) => ({
      reportId: reply.report_id,
      from: mayReadRecipients ? reply.sender : null,
      receivedAt: reply.received_at,
    })),
    createdAt: row.created_at,
    sentAt: row.sent_at,
    acknowledgedAt: row.acknowledged_at,
    actionAt: row.action_at,
    resolvedAt: row.resolved_at,
  };
}

/** A reply to a thread's messages acknowledges it (kept as a status, so lists and statistics see it). */
async function acknowledgeAnswered(db: Db, threads: CoordinationThreadRow[], answered: ReadonlySet<string>) {
  for (const thread of threads) {
    if ((thread.status === 'sent' || thread.status === 'no_response') && answered.has(thread.id)) {
      const now = nowIso();
      if (
        await repository.moveThread(db, thread.id, ['sent', 'no_response'], {
          status: 'acknowledged',
          acknowledged_at: now,
          updated_at: now,
        })
      ) {
        thread.status = 'acknowledged';
        thread.acknowledged_at = now;
      }
    }
  }
}

/** Threads of an incident with their messages, delivery and replies. */
async function threadsWithMessages(ctx: AppContext, incident: IncidentRow, mayReadRecipients: boolean) {
  const rows = await repository.threadsOfIncident(ctx.db, incident.id);
  const messages = await repository.messagesOfThreads(
    ctx.db,
    rows.map((row) => row.id),
  );
  const outbound = new Map(
    (
      await messagesByIds(
        ctx.db,
        messages.map((m) => m.outbound_id),
      )
    ).map((m) => [m.id, m]),
  );
  const replies = await repliesTo(
    ctx.db,
    incident.workspace_id,
    messages.map((m) => m.message_id),
  );
  const bounces = await bouncesOf(
    ctx.db,
    incident.workspace_id,
    messages.map((m) => m.message_id),
  );
  const threadOfMessage = new Map(messages.map((m) => [m.message_id, m.thread_id]));
  await acknowledgeAnswered(ctx.db, rows, new Set(replies.map((reply) => threadOfMessage.get(reply.message_id)!)));
  const threads: CoordinationThread[] = [];
  for (const row of rows) {
    const own = messages
      .filter((m) => m.thread_id === row.id)
      .map((m) => ({
        ...m,
        delivery: outbound.get(m.outbound_id)?.status ?? null,
        protection: outbound.get(m.outbound_id)?.protection ?? null,
        bounces: bounces
          .filter((bounce) => bounce.message_id === m.message_id)
          .map((bounce) => ({
            recipient: bounce.recipient,
            action: bounce.action,
            status: bounce.status,
            diagnostic: bounce.diagnostic,
            receivedAt: bounce.received_at,
          })),
      }));
    const ids = new Set(own.map((m) => m.message_id));
    const seen = new Set<string>();
    const answers = replies.filter(
      (reply) => ids.has(reply.message_id) && !seen.has(reply.report_id) && seen.add(reply.report_id),
    );
    threads.push(toThread(row, own, answers, mayReadRecipients, (await sharingOf(ctx.db, row)).kind));
  }
  return threads;
}

/** The coordination panel of an incident: threads (within the reader's clearance), takedown targets, next follow-up. */
export async function coordinationPanel(ctx: AppContext, actor: Actor, incidentId: string): Promise<CoordinationPanel> {
  const incident = await loadReadableIncident(ctx.db, actor, incidentId);
  const tlps = readableTlps(actor, incident.workspace_id);
  const threads = (await threadsWithMessages(ctx, incident, canSeeReporter(actor, incident.workspace_id))).filter(
    (thread) => tlps.includes(thread.tlp),
  );
  const open = threads.filter((thread) => thread.status === 'sent' && thread.dueAt).map((thread) => thread.dueAt!);
  return {
    threads,
    targets: await takedownTargets(ctx, incident),
    nextFollowUpAt: open.length ? open.sort()[0]! : null,
  };
}

/** Whom to contact for the incident's indicators (URLs, domains, addresses), by its category, with the evidence. */
export async function coordinationProposals(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
): Promise<CoordinationProposals> {
  const incident = await loadReadableIncident(ctx.db, actor, incidentId);
  const tlps = readableTlps(actor, incident.workspace_id);
  const observables = (await listObservablesOfIncident(ctx.db, incident.id))
    .filter((o) => o.correlation !== 'ignored' && ['url', 'domain', 'ipv4', 'ipv6'].includes(o.type))
    // A URL and its own domain give the same parties: the URL is asked (it carries the host).
    .sort(
      (a, b) => ['url', 'domain', 'ipv4', 'ipv6'].indexOf(a.type) - ['url', 'domain', 'ipv4', 'ipv6'].indexOf(b.type),
    )
    .slice(0, 10);
  const proposals: CoordinationProposals = [];
  for (const observable of observables) {
    try {
      proposals.push({
        observable: observable.value,
        type: observable.type,
        resolution: await resolveFor(
          ctx,
          incident.workspace_id,
          tlps,
          observable.value,
          incident.category as NationalCategory,
        ),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // An indicator the resolver cannot read (a bare word taken for a domain) proposes nobody.
    }
  }
  return proposals;
}

/** Plans a thread with a counterparty (nothing is sent yet). */
export async function createThread(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  input: ThreadInput,
): Promise<CoordinationThread> {
  const parsed = threadInputSchema.parse(input);
  const incident = await loadWritableIncident(ctx.db, actor, incidentId);
  assertCanLabel(actor, incident.workspace_id, parsed.tlp);
  let language: Language = parsed.language ?? 'en';
  if (parsed.organisationId) {
    const party = await organisationAddresses(
      ctx.db,
      incident.workspace_id,
      parsed.organisationId,
      readableTlps(actor, incident.workspace_id),
    );
    if (!party)
      throw new AppError('VALIDATION_FAILED', 'No such organisation in the directory', [
        { path: 'body.organisationId', message: 'not found' },
      ]);
    if (!parsed.language) language = (JSON.parse(party.row.languages) as string[])[0] === 'ja' ? 'ja' : 'en';
  } else if (!parsed.language && parsed.recipients.every((address) => /\.jp$/i.test(address))) language = 'ja';
  const now = nowIso();
  const row: CoordinationThreadRow = {
    id: randomUUID(),
    workspace_id: incident.workspace_id,
    incident_id: incident.id,
    role: parsed.role,
    request: parsed.request,
    organisation_id: parsed.organisationId ?? null,
    party_name: parsed.partyName,
    recipients: JSON.stringify(parsed.recipients.map((address) => address.toLowerCase())),
    language,
    tlp: parsed.tlp,
    target: parsed.target ?? null,
    victim_consent: parsed.victimConsent ? 1 : 0,
    status: 'planned',
    due_days: parsed.dueInDays,
    due_at: null,
    reminders_sent: 0,
    escalated_from: null,
    evidence: JSON.stringify(parsed.evidence),
    note: parsed.note ?? null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
    sent_at: null,
    acknowledged_at: null,
    action_at: null,
    resolved_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertThread(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'coordination-thread.create',
      objectType: 'coordination_thread',
      objectId: row.id,
      workspaceId: row.workspace_id,
      detail: { incidentId, role: row.role, request: row.request, party: row.party_name, tlp: row.tlp },
    });
  });
  const sharing = await sharingOf(ctx.db, row);
  return toThread(row, [], [], canSeeReporter(actor, row.workspace_id), sharing.kind);
}

async function loadThread(ctx: AppContext, actor: Actor, id: string, write: boolean) {
  const thread = await repository.findThread(ctx.db, id);
  if (!thread) throw threadNotFound();
  // The incident's access rules first (hidden incidents answer "not found"), then the thread's label.
  const incident = write
    ? await loadWritableIncident(ctx.db, actor, thread.incident_id).catch(() => {
        throw threadNotFound();
      })
    : await loadReadableIncident(ctx.db, actor, thread.incident_id).catch(() => {
        throw threadNotFound();
      });
  if (!readableTlps(actor, thread.workspace_id).includes(thread.tlp)) throw threadNotFound();
  return { thread, incident };
}

/** Exactly what sending the request would put on the wire, and why it may not go. */
export async function previewThread(ctx: AppContext, actor: Actor, id: string): Promise<ThreadPreview> {
  const { thread, incident } = await loadThread(ctx, actor, id, false);
  assertPermission(actor, thread.workspace_id, 'reporter.read');
  const composed = await compose(ctx.db, thread, incident, await requestMarkdown(ctx, ctx.db, thread, incident));
  const sharing = await sharingOf(ctx.db, thread);
  return {
    subject: composed.subject,
    text: composed.text,
    html: composed.html,
    recipients: sharing.recipients,
    recipientKind: sharing.kind,
    tlp: thread.tlp,
    protection: await expectedProtection(ctx, thread.workspace_id, sharing.recipients),
    redactions: composed.redactions,
    problems: sharing.problems,
  };
}

/**
 * Queues one message of a thread (request, reminder, escalation) in `trx`: correspondence stores
 * and sends it; the thread and the incident's timeline record it.
 */
async function queueThreadMessage(
  ctx: AppContext,
  trx: Db,
  thread: CoordinationThreadRow,
  kind: CoordinationMessageRow['kind'],
  composed: Composed,
  options: { inReplyTo?: string | null; actorId: string | null; round: number },
) {
  const recipients = JSON.parse(thread.recipients) as string[];
  const queued = await queueMessage(ctx, trx, {
    workspaceId: thread.workspace_id,
    // Replies thread into the incident; the thread finds them by its messages' Message-IDs.
    owner: { type: 'incident', id: thread.incident_id },
    purpose: `coordination-${kind}`,
    tlp: thread.tlp,
    to: recipients,
    subject: composed.subject,
    body: composed.text,
    html: composed.html,
    inReplyTo: options.inReplyTo ?? null,
    createdBy: options.actorId,
    idempotencyKey: `coordination:${thread.id}:${kind}:${options.round}`,
  });
  const now = nowIso();
  await repository.insertMessage(trx, {
    thread_id: thread.id,
    outbound_id: queued.id,
    message_id: queued.messageId,
    kind,
    subject: composed.subject,
    created_at: now,
  });
  await insertTimelineEntry(trx, {
    id: randomUUID(),
    incident_id: thread.incident_id,
    workspace_id: thread.workspace_id,
    kind: 'message',
    tlp: thread.tlp,
    author_id: options.actorId,
    subject: composed.subject,
    body: composed.text,
    recipients: JSON.stringify(recipients),
    message_id: queued.messageId,
    delivery: null,
    created_at: now,
  });
  await recordAudit(trx, {
    actorId: options.actorId,
    action: `coordination-thread.${kind}`,
    objectType: 'coordination_thread',
    objectId: thread.id,
    workspaceId: thread.workspace_id,
    detail: {
      messageId: queued.messageId,
      recipients,
      tlp: thread.tlp,
      redactions: composed.redactions,
    },
  });
  return queued;
}

/** Sends a planned thread's request; refused when its label does not allow its recipients. */
export async function sendThread(ctx: AppContext, actor: Actor, id: string): Promise<CoordinationThread> {
  const { thread, incident } = await loadThread(ctx, actor, id, true);
  if (thread.status !== 'planned')
    throw new AppError('COORDINATION_INVALID_TRANSITION', 'Only a planned thread can be sent');
  const sharing = await sharingOf(ctx.db, thread);
  if (sharing.problems.length > 0)
    throw new AppError(
      'COORDINATION_SHARING_REFUSED',
      sharing.problems.map((problem) => problem.message).join('; '),
      sharing.problems.map((problem) => ({ path: 'recipients', message: problem.message })),
    );
  await sendRequest(ctx, thread, incident, actor.userId, 'request');
  return (await threadsWithMessages(ctx, incident, canSeeReporter(actor, thread.workspace_id))).find(
    (t) => t.id === id,
  )!;
}

async function sendRequest(
  ctx: AppContext,
  thread: CoordinationThreadRow,
  incident: IncidentRow,
  actorId: string | null,
  kind: 'request' | 'escalation',
  escalation?: { from: CoordinationThreadRow },
): Promise<void> {
  const now = new Date();
  const dueAt = nowIso(new Date(now.getTime() + thread.due_days * DAY_MS));
  const sending = { ...thread, due_at: dueAt };
  const markdown =
    kind === 'escalation' && escalation
      ? escalationMessage({
          language: thread.language,
          trackingNumber: incident.tracking_number,
          partyName: thread.party_name,
          team: teamName(correspondenceConfig.of(ctx.config).ackFrom),
          unresponsive: escalation.from.party_name,
          requestSentAt: escalation.from.sent_at ?? escalation.from.created_at,
          reminders: escalation.from.reminders_sent,
          target: thread.target,
          category: CATEGORY_WORDS[thread.language][incident.category as NationalCategory] ?? incident.category,
          evidence: evidenceLines(JSON.parse(thread.evidence) as Fact[]),
          dueAt,
          tlp: thread.tlp,
        })
      : await requestMarkdown(ctx, ctx.db, sending, incident);
  const composed = await compose(ctx.db, sending, incident, markdown);
  await ctx.db.transaction().execute(async (trx) => {
    const moved = await repository.moveThread(trx, thread.id, ['planned'], {
      status: 'sent',
      sent_at: nowIso(now),
      due_at: dueAt,
      updated_at: nowIso(now),
    });
    if (!moved) throw new AppError('COORDINATION_INVALID_TRANSITION', 'Only a planned thread can be sent');
    await queueThreadMessage(ctx, trx, sending, kind, composed, { actorId, round: 0 });
    await ctx.jobs.enqueue(
      followUpJob,
      { threadId: thread.id },
      { idempotencyKey: `${thread.id}:follow-up:0`, runAt: new Date(dueAt), trx },
    );
  });
}

const TRANSITIONS: Record<ThreadStatus, readonly ThreadStatus[]> = {
  planned: ['cancelled'],
  sent: ['acknowledged', 'action_taken', 'resolved', 'cancelled'],
  no_response: ['acknowledged', 'action_taken', 'resolved', 'cancelled'],
  acknowledged: ['action_taken', 'resolved', 'cancelled'],
  action_taken: ['resolved'],
  resolved: [],
  cancelled: [],
};

/** A handler records what the party did (acknowledged, acted, resolved) or cancels the thread. */
export async function setThreadStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { status: 'acknowledged' | 'action_taken' | 'resolved' | 'cancelled'; note?: string | null | undefined },
): Promise<CoordinationThread> {
  const { thread, incident } = await loadThread(ctx, actor, id, true);
  if (!TRANSITIONS[thread.status].includes(input.status))
    throw new AppError(
      'COORDINATION_INVALID_TRANSITION',
      `A thread that is ${thread.status} cannot become ${input.status}`,
    );
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateThread(trx, id, {
      status: input.status,
      updated_at: now,
      ...(input.status === 'acknowledged' ? { acknowledged_at: now } : {}),
      ...(input.status === 'action_taken' ? { action_at: now } : {}),
      ...(input.status === 'resolved' ? { resolved_at: now } : {}),
    });
    await insertTimelineEntry(trx, {
      id: randomUUID(),
      incident_id: thread.incident_id,
      workspace_id: thread.workspace_id,
      kind: 'event',
      tlp: thread.tlp,
      author_id: actor.userId,
      subject: `${thread.party_name}: ${thread.status} → ${input.status}`,
      body: input.note ?? '',
      recipients: null,
      message_id: null,
      delivery: null,
      created_at: now,
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'coordination-thread.status',
      objectType: 'coordination_thread',
      objectId: id,
      workspaceId: thread.workspace_id,
      detail: { from: thread.status, to: input.status },
    });
  });
  return (await threadsWithMessages(ctx, incident, canSeeReporter(actor, thread.workspace_id))).find(
    (t) => t.id === id,
  )!;
}

/** The next rung of the ladder after no response: hosting → registrar → registry → national CSIRT. */
const LADDER: readonly (typeof PARTY_ROLES)[number][] = [
  'hosting_provider',
  'registrar',
  'registry',
  'national_csirt',
  'brand_owner',
];

/**
 * The follow-up of a thread at its due date (`now` is injectable for tests): a reply
 * acknowledges it; otherwise a reminder goes out, until the last one, after which the thread is
 * no_response and the country's national CSIRT is asked (sent at once when the directory has
 * it and the label allows, else planned for a handler). Returns what it did.
 */
export async function followUpThread(ctx: AppContext, threadId: string, now = new Date()): Promise<string> {
  const thread = await repository.findThread(ctx.db, threadId);
  if (thread?.status !== 'sent') return 'nothing to do';
  const messages = await repository.messagesOfThreads(ctx.db, [thread.id]);
  const replies = await repliesTo(
    ctx.db,
    thread.workspace_id,
    messages.map((m) => m.message_id),
  );
  if (replies.length > 0) {
    await acknowledgeAnswered(ctx.db, [thread], new Set([thread.id]));
    return 'acknowledged';
  }
  if (thread.due_at && new Date(thread.due_at).getTime() > now.getTime()) return 'not due';
  const config = coordinationConfig.of(ctx.config);
  const incident = (await incidentById(ctx.db, thread.incident_id))!;
  if (thread.reminders_sent < config.maxReminders) {
    const round = thread.reminders_sent + 1;
    const dueAt = nowIso(new Date(now.getTime() + config.reminderDays * DAY_MS));
    const request = messages.find((m) => m.kind === 'request' || m.kind === 'escalation');
    const sent = request ? (await messagesByIds(ctx.db, [request.outbound_id]))[0] : undefined;
    const markdown = reminderMessage({
      language: thread.language,
      trackingNumber: incident.tracking_number,
      partyName: thread.party_name,
      team: teamName(correspondenceConfig.of(ctx.config).ackFrom),
      requestSubject: request?.subject ?? '',
      requestSentAt: thread.sent_at ?? thread.created_at,
      round,
      dueAt,
      tlp: thread.tlp,
      requestMarkdown: sent?.body ?? '',
    });
    const composed = await compose(ctx.db, thread, incident, markdown);
    await ctx.db.transaction().execute(async (trx) => {
      await repository.updateThread(trx, thread.id, {
        reminders_sent: round,
        due_at: dueAt,
        updated_at: nowIso(now),
      });
      await queueThreadMessage(ctx, trx, thread, 'reminder', composed, {
        inReplyTo: request?.message_id ?? null,
        actorId: null,
        round,
      });
      await ctx.jobs.enqueue(
        followUpJob,
        { threadId: thread.id },
        { idempotencyKey: `${thread.id}:follow-up:${round}`, runAt: new Date(dueAt), trx },
      );
    });
    return `reminder ${round}`;
  }
  await repository.moveThread(ctx.db, thread.id, ['sent'], { status: 'no_response', updated_at: nowIso(now) });
  await recordAudit(ctx.db, {
    actorId: null,
    action: 'coordination-thread.no-response',
    objectType: 'coordination_thread',
    objectId: thread.id,
    workspaceId: thread.workspace_id,
    detail: { reminders: thread.reminders_sent },
  });
  return escalate(ctx, { ...thread, status: 'no_response' }, incident);
}

async function escalate(ctx: AppContext, thread: CoordinationThreadRow, incident: IncidentRow): Promise<string> {
  if ((await repository.escalationsOf(ctx.db, thread.id)).length > 0) return 'no response; already escalated';
  // Above the national CSIRT of the party's country there is nobody to ask.
  if (LADDER.indexOf(thread.role) >= LADDER.indexOf('national_csirt')) return 'no response; nobody above';
  const evidence = JSON.parse(thread.evidence) as Fact[];
  const party = await partyOf(ctx.db, thread);
  const country = party?.row.country ?? evidence.find((fact) => fact.name === 'country')?.value;
  if (!country) return 'no response; no country to escalate to';
  // The national CSIRT a thread's label may reach (its directory entry is within that label).
  const csirt = (await nationalCsirtsOf(ctx.db, thread.workspace_id, country, tlpLevelsWithin(thread.tlp)))[0];
  if (!csirt) return `no response; no national CSIRT for ${country} in the directory`;
  const emails = JSON.parse(csirt.emails) as { address: string; purpose: string }[];
  const order = ['security', 'abuse', 'general', 'notification'];
  const address = [...emails].sort((a, b) => order.indexOf(a.purpose) - order.indexOf(b.purpose))[0]?.address;
  const now = nowIso();
  const row: CoordinationThreadRow = {
    ...thread,
    id: randomUUID(),
    role: 'national_csirt',
    organisation_id: csirt.id,
    party_name: csirt.name,
    recipients: JSON.stringify(address ? [address.toLowerCase()] : []),
    language: (JSON.parse(csirt.languages) as string[])[0] === 'ja' ? 'ja' : 'en',
    status: 'planned',
    due_at: null,
    reminders_sent: 0,
    escalated_from: thread.id,
    evidence: JSON.stringify([
      ...evidence,
      { name: 'unresponsive_party', value: thread.party_name, source: 'coordination', confidence: 'high' },
    ]),
    note: null,
    created_by: null,
    created_at: now,
    updated_at: now,
    sent_at: null,
    acknowledged_at: null,
    action_at: null,
    resolved_at: null,
  };
  await repository.insertThread(ctx.db, row);
  await recordAudit(ctx.db, {
    actorId: null,
    action: 'coordination-thread.escalate',
    objectType: 'coordination_thread',
    objectId: row.id,
    workspaceId: row.workspace_id,
    detail: { from: thread.id, to: csirt.name },
  });
  const sharing = await sharingOf(ctx.db, row);
  if (!coordinationConfig.of(ctx.config).autoEscalate || !address || sharing.problems.length > 0)
    return `no response; escalation to ${csirt.name} planned`;
  await sendRequest(ctx, row, incident, null, 'escalation', { from: thread });
  return `no response; escalated to ${csirt.name}`;
}

export function coordinationJobs(ctx: AppContext) {
  return [
    defineJob({
      ...followUpJob,
      handler: async ({ threadId }) => ({ outcome: await followUpThread(ctx, threadId) }),
    }),
  ];
}
