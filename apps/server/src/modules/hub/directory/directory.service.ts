/**
 * The partner directory: organisations with their people, addresses, languages, relationships
 * and constituency. Every entry carries a TLP (a partner list is itself sensitive); reads are
 * filtered by the reader's clearance, changes are audited. Keys are not kept here: the
 * directory shows the keys of the workspace's key directory (hub/keyring) that name its addresses.
 * @module
 */
import { bouncesOfAddresses } from '../correspondence/index.js';
import { randomUUID } from 'node:crypto';
import {
  organisationInputSchema,
  type DirectoryImportResult,
  type DirectoryKey,
  type Organisation,
  type OrganisationInputParsed,
  type OrganisationKind,
  type OrganisationSummary,
  type Tlp,
} from '@renkei/contracts';
import {
  AppError,
  assertCanLabel,
  assertCanRead,
  assertPermission,
  nowIso,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { addPublicKey, keysForAddresses } from '../keyring/index.js';
import {
  readDirectoryCsv,
  readDirectoryJson,
  readFirstTeams,
  writeDirectoryCsv,
  writeDirectoryJson,
} from './directory-format.js';
import { ConstituencyIndex, normaliseConstituency } from './constituency.js';
import * as repository from './directory.repository.js';
import type { DirectoryConstituencyRow, DirectoryContactRow, DirectoryOrganisationRow } from './directory.table.js';

const DAY_MS = 86_400_000;
/** A key that expires sooner than this is flagged on the party's record. */
const KEY_EXPIRY_WARNING_DAYS = 30;

const notFound = () => new AppError('DIRECTORY_ORGANISATION_NOT_FOUND', 'Organisation not found');

function toSummary(row: DirectoryOrganisationRow): OrganisationSummary {
  return {
    id: row.id,
    name: row.name,
    localName: row.local_name,
    kind: row.kind as OrganisationSummary['kind'],
    country: row.country,
    languages: JSON.parse(row.languages) as string[],
    trustLevel: row.trust_level as OrganisationSummary['trustLevel'],
    tlp: row.tlp,
    updatedAt: row.updated_at,
  };
}

export function keyState(expiresAt: string | null, now: number): DirectoryKey['state'] {
  if (!expiresAt) return 'ok';
  const expires = Date.parse(expiresAt);
  if (expires <= now) return 'expired';
  return expires - now < KEY_EXPIRY_WARNING_DAYS * DAY_MS ? 'expiring' : 'ok';
}

async function toOrganisation(db: Db, row: DirectoryOrganisationRow, now = Date.now()): Promise<Organisation> {
  const [contacts, constituency] = await Promise.all([
    repository.contactsOf(db, [row.id]),
    repository.constituencyOf(db, [row.id]),
  ]);
  const emails = JSON.parse(row.emails) as Organisation['emails'];
  const addresses = [
    ...emails.map((email) => email.address),
    ...contacts.flatMap((contact) => (contact.email ? [contact.email] : [])),
  ];
  const keys = await keysForAddresses(db, row.workspace_id, addresses);
  return {
    ...toSummary(row),
    workspaceId: row.workspace_id,
    timeZone: row.time_zone,
    emails,
    memberships: JSON.parse(row.memberships) as string[],
    website: row.website,
    notes: row.notes,
    constituency: constituency.map((entry) => ({ kind: entry.kind as never, value: entry.value })),
    contacts: contacts.map((contact) => ({
      id: contact.id,
      name: contact.name,
      email: contact.email,
      role: contact.role,
      languages: JSON.parse(contact.languages) as string[],
    })),
    keys: keys.map((key) => ({ ...key, state: keyState(key.expiresAt, now) })),
    createdAt: row.created_at,
  };
}

export async function listOrganisations(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  filter: { kind?: string; country?: string; text?: string },
): Promise<OrganisationSummary[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listOrganisations(ctx.db, workspaceId, {
    ...filter,
    tlps: readableTlps(actor, workspaceId),
  });
  return rows.map(toSummary);
}

export async function getOrganisation(ctx: AppContext, actor: Actor, id: string): Promise<Organisation> {
  const row = await readableRow(ctx.db, actor, id);
  const organisation = await toOrganisation(ctx.db, row);
  const addresses = [
    ...organisation.emails.map((email) => email.address),
    ...organisation.contacts.flatMap((contact) => (contact.email ? [contact.email] : [])),
  ];
  const bounces = await bouncesOfAddresses(ctx.db, row.workspace_id, addresses);
  return {
    ...organisation,
    bounces: bounces.map((bounce) => ({
      recipient: bounce.recipient,
      action: bounce.action,
      status: bounce.status,
      diagnostic: bounce.diagnostic,
      receivedAt: bounce.received_at,
    })),
  };
}

async function readableRow(db: Db, actor: Actor, id: string): Promise<DirectoryOrganisationRow> {
  const row = await repository.findOrganisation(db, id);
  return assertCanRead(actor, row && { ...row, workspaceId: row.workspace_id, tlp: row.tlp }, notFound);
}

/** Contacts and constituency rows of an organisation from its input; throws on an invalid entry. */
function childrenOf(
  organisationId: string,
  workspaceId: string,
  input: OrganisationInputParsed,
): { contacts: DirectoryContactRow[]; constituency: DirectoryConstituencyRow[]; problems: string[] } {
  const problems: string[] = [];
  const seen = new Set<string>();
  const constituency: DirectoryConstituencyRow[] = [];
  for (const entry of input.constituency) {
    const normalised = normaliseConstituency(entry.kind, entry.value);
    if ('problem' in normalised) {
      problems.push(`${entry.kind}: ${normalised.problem}`);
      continue;
    }
    const key = `${entry.kind}\u0000${normalised.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    constituency.push({
      id: randomUUID(),
      organisation_id: organisationId,
      workspace_id: workspaceId,
      kind: entry.kind,
      value: normalised.value,
    });
  }
  const contacts = input.contacts.map((contact) => ({
    id: randomUUID(),
    organisation_id: organisationId,
    name: contact.name,
    email: contact.email ?? null,
    role: contact.role ?? null,
    languages: JSON.stringify(contact.languages),
  }));
  return { contacts, constituency, problems };
}

function rowOf(
  id: string,
  workspaceId: string,
  input: OrganisationInputParsed,
  actor: Actor,
  createdAt: string,
  now: string,
): DirectoryOrganisationRow {
  return {
    id,
    workspace_id: workspaceId,
    name: input.name,
    local_name: input.localName ?? null,
    kind: input.kind,
    country: input.country ?? null,
    languages: JSON.stringify(input.languages),
    time_zone: input.timeZone ?? null,
    emails: JSON.stringify(input.emails),
    memberships: JSON.stringify(input.memberships),
    trust_level: input.trustLevel,
    website: input.website ?? null,
    notes: input.notes ?? null,
    tlp: input.tlp,
    created_by: actor.userId,
    created_at: createdAt,
    updated_at: now,
  };
}

/**
 * Creates an organisation, or replaces the one of the same name (imports are repeatable).
 * Returns whether it was created.
 */
export async function saveOrganisation(
  db: Db,
  actor: Actor,
  workspaceId: string,
  input: OrganisationInputParsed,
  options: { id?: string; via: 'api' | 'import'; keepContacts?: boolean },
): Promise<{ id: string; created: boolean }> {
  const existing = options.id
    ? await repository.findOrganisation(db, options.id)
    : await repository.findOrganisationByName(db, workspaceId, input.name);
  if (options.id && (!existing || existing.workspace_id !== workspaceId)) throw notFound();
  if (existing) assertCanLabel(actor, workspaceId, existing.tlp);
  const id = existing?.id ?? randomUUID();
  const children = childrenOf(id, workspaceId, input);
  // A CSV row carries no people: updating from one keeps the people already recorded.
  if (existing && options.keepContacts) children.contacts = await repository.contactsOf(db, [id]);
  if (children.problems.length) throw new AppError('DIRECTORY_CONSTITUENCY_INVALID', children.problems.join('; '));
  const now = nowIso();
  const row = rowOf(id, workspaceId, input, actor, existing?.created_at ?? now, now);
  if (existing) row.created_by = existing.created_by;
  await db.transaction().execute(async (trx) => {
    if (existing) await repository.updateOrganisation(trx, row);
    else await repository.insertOrganisation(trx, row);
    await repository.replaceChildren(trx, id, children.contacts, children.constituency);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: existing ? 'directory.organisation-update' : 'directory.organisation-create',
      objectType: 'directory_organisation',
      objectId: id,
      workspaceId,
      detail: {
        name: input.name,
        kind: input.kind,
        tlp: input.tlp,
        via: options.via,
        constituency: children.constituency.length,
        contacts: children.contacts.length,
      },
    });
  });
  forgetConstituency(workspaceId);
  return { id, created: !existing };
}

export async function createOrganisation(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  body: unknown,
): Promise<Organisation> {
  assertPermission(actor, workspaceId, 'content.write');
  const input = organisationInputSchema.parse(body);
  assertCanLabel(actor, workspaceId, input.tlp);
  const { id } = await saveOrganisation(ctx.db, actor, workspaceId, input, { via: 'api' });
  return toOrganisation(ctx.db, (await repository.findOrganisation(ctx.db, id))!);
}

export async function updateOrganisation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: unknown,
): Promise<Organisation> {
  const row = await readableRow(ctx.db, actor, id);
  assertPermission(actor, row.workspace_id, 'content.write');
  const input = organisationInputSchema.parse(body);
  assertCanLabel(actor, row.workspace_id, input.tlp);
  await saveOrganisation(ctx.db, actor, row.workspace_id, input, { id, via: 'api' });
  return toOrganisation(ctx.db, (await repository.findOrganisation(ctx.db, id))!);
}

export async function deleteOrganisation(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const row = await readableRow(ctx.db, actor, id);
  assertPermission(actor, row.workspace_id, 'content.write');
  await ctx.db.transaction().execute(async (trx) => {
    await repository.deleteOrganisation(trx, id);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'directory.organisation-delete',
      objectType: 'directory_organisation',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { name: row.name },
    });
  });
  forgetConstituency(row.workspace_id);
}

/** Full records of the organisations the actor may read (for export). */
export async function readableOrganisations(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
): Promise<Organisation[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listOrganisations(ctx.db, workspaceId, { tlps: readableTlps(actor, workspaceId) });
  const now = Date.now();
  const out: Organisation[] = [];
  for (const row of rows) out.push(await toOrganisation(ctx.db, row, now));
  return out;
}

/** Who owns an entry of the constituency index: enough to name it and to check its label. */
export interface ConstituencyOwner {
  id: string;
  name: string;
  kind: string;
  tlp: Tlp;
}

/**
 * Indexes by workspace. Changes made through this process drop the entry at once; the TTL
 * bounds how long another process (several workers on PostgreSQL) answers from an older one.
 */
const constituencyCache = new Map<string, { at: number; index: Promise<ConstituencyIndex<ConstituencyOwner>> }>();
const CONSTITUENCY_TTL_MS = 60_000;

function forgetConstituency(workspaceId: string): void {
  constituencyCache.delete(workspaceId);
}

/**
 * The workspace's constituency as an index (cached until the directory changes). Entries of
 * every label are in it: callers filter matches by the reader's clearance (`owner.tlp`).
 */
export function loadConstituency(db: Db, workspaceId: string): Promise<ConstituencyIndex<ConstituencyOwner>> {
  const cached = constituencyCache.get(workspaceId);
  if (cached && Date.now() - cached.at < CONSTITUENCY_TTL_MS) return cached.index;
  const index = buildConstituency(db, workspaceId);
  constituencyCache.set(workspaceId, { at: Date.now(), index });
  index.catch(() => forgetConstituency(workspaceId));
  return index;
}

async function buildConstituency(db: Db, workspaceId: string): Promise<ConstituencyIndex<ConstituencyOwner>> {
  const rows = await repository.workspaceConstituency(db, workspaceId);
  const organisations = new Map(
    (await repository.findOrganisations(db, [...new Set(rows.map((row) => row.organisation_id))])).map((row) => [
      row.id,
      row,
    ]),
  );
  const index = new ConstituencyIndex<ConstituencyOwner>();
  for (const row of rows) {
    const organisation = organisations.get(row.organisation_id);
    if (!organisation) continue;
    index.add(row.kind as never, row.value, {
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      tlp: organisation.tlp,
    });
  }
  return index;
}

/** Organisation rows by id (for the resolver's answers and feed notifications). */
export function organisationRows(db: Db, ids: readonly string[]): Promise<DirectoryOrganisationRow[]> {
  return repository.findOrganisations(db, ids);
}

/** An organisation as coordination addresses it: its row, its role addresses and its people's. */
export interface OrganisationAddresses {
  row: DirectoryOrganisationRow;
  organisation: string[];
  people: string[];
}

/**
 * The addresses of an organisation within the given labels (undefined when it is not there):
 * coordination's recipients and its TLP check (named people, the organisation's own addresses).
 */
export async function organisationAddresses(
  db: Db,
  workspaceId: string,
  id: string,
  tlps: readonly Tlp[],
): Promise<OrganisationAddresses | undefined> {
  const row = await repository.findOrganisation(db, id);
  if (row?.workspace_id !== workspaceId || !tlps.includes(row.tlp)) return undefined;
  const contacts = await repository.contactsOf(db, [id]);
  return {
    row,
    organisation: (JSON.parse(row.emails) as { address: string }[]).map((email) => email.address),
    people: contacts.flatMap((contact) => (contact.email ? [contact.email] : [])),
  };
}

/**
 * Imports organisations from CSV or JSON (directory-format.ts): each valid row is created or
 * replaces the organisation of the same name; each invalid row is reported with its problems
 * and the rest go on. Armored keys in JSON go to the workspace's key directory.
 */
export async function importDirectory(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  body: { format: 'csv' | 'json' | 'first'; content: unknown; kind?: OrganisationKind | undefined },
): Promise<DirectoryImportResult> {
  assertPermission(actor, workspaceId, 'content.write');
  const json = () => (typeof body.content === 'string' ? parseJson(body.content) : body.content);
  const read =
    body.format === 'csv'
      ? typeof body.content === 'string'
        ? await readDirectoryCsv(body.content)
        : { rows: [], problem: 'CSV content must be a string' }
      : body.format === 'first'
        ? readFirstTeams(json(), body.kind ?? 'other')
        : readDirectoryJson(json());
  if (read.problem) throw new AppError('DIRECTORY_IMPORT_INVALID', read.problem);
  const result: DirectoryImportResult = { created: 0, updated: 0, rejected: [], keysImported: 0 };
  for (const row of read.rows) {
    if (!row.input) {
      result.rejected.push({ row: row.row, name: row.name, problems: row.problems });
      continue;
    }
    try {
      assertCanLabel(actor, workspaceId, row.input.tlp);
      const saved = await saveOrganisation(ctx.db, actor, workspaceId, row.input, {
        via: 'import',
        keepContacts: body.format === 'csv',
      });
      if (saved.created) result.created++;
      else result.updated++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result.rejected.push({ row: row.row, name: row.name, problems: [error.message] });
      continue;
    }
    for (const armored of row.pgpKeys ?? []) {
      try {
        await addPublicKey(ctx, actor, workspaceId, armored);
        result.keysImported++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result.rejected.push({ row: row.row, name: row.name, problems: [`pgpKeys: ${error.message}`] });
      }
    }
  }
  return result;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('DIRECTORY_IMPORT_INVALID', `not JSON: ${(error as Error).message}`);
  }
}

export async function exportDirectory(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  format: 'csv' | 'json',
): Promise<string> {
  const organisations = await readableOrganisations(ctx, actor, workspaceId);
  return format === 'csv'
    ? writeDirectoryCsv(organisations)
    : JSON.stringify(writeDirectoryJson(organisations), null, 2);
}

/** The national CSIRTs the directory lists for a country, within the given labels. */
export function nationalCsirtsOf(
  db: Db,
  workspaceId: string,
  country: string,
  tlps: readonly Tlp[],
): Promise<DirectoryOrganisationRow[]> {
  return repository.nationalCsirtsOf(db, workspaceId, country.toUpperCase(), tlps);
}
