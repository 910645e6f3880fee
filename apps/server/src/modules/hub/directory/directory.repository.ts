/** Queries on the partner directory. @module */
import type { Tlp } from '@renkei/contracts';
import type { Db } from '../../../platform/index.js';
import type { DirectoryConstituencyRow, DirectoryContactRow, DirectoryOrganisationRow } from './directory.table.js';

export interface OrganisationFilter {
  tlps: readonly Tlp[];
  kind?: string;
  country?: string;
  /** Substring of the name or the local name. */
  text?: string;
}

export function listOrganisations(
  db: Db,
  workspaceId: string,
  filter: OrganisationFilter,
): Promise<DirectoryOrganisationRow[]> {
  let query = db
    .selectFrom('directory_organisation')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('tlp', 'in', [...filter.tlps]);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('name', 'like', eb.val(pattern)), eb('local_name', 'like', eb.val(pattern))]),
    );
  }
  return query.orderBy('name').limit(2000).execute();
}

export function findOrganisation(db: Db, id: string): Promise<DirectoryOrganisationRow | undefined> {
  return db.selectFrom('directory_organisation').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrganisationByName(
  db: Db,
  workspaceId: string,
  name: string,
): Promise<DirectoryOrganisationRow | undefined> {
  return db
    .selectFrom('directory_organisation')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function findOrganisations(db: Db, ids: readonly string[]): Promise<DirectoryOrganisationRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory_organisation')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertOrganisation(db: Db, row: DirectoryOrganisationRow): Promise<void> {
  await db.insertInto('directory_organisation').values(row).execute();
}

export async function updateOrganisation(db: Db, row: DirectoryOrganisationRow): Promise<void> {
  const { id, ...rest } = row;
  await db.updateTable('directory_organisation').set(rest).where('id', '=', id).execute();
}

export async function deleteOrganisation(db: Db, id: string): Promise<void> {
  await db.deleteFrom('directory_constituency').where('organisation_id', '=', id).execute();
  await db.deleteFrom('directory_contact').where('organisation_id', '=', id).execute();
  await db.deleteFrom('directory_organisation').where('id', '=', id).execute();
}

export function contactsOf(db: Db, organisationIds: readonly string[]): Promise<DirectoryContactRow[]> {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory_contact')
    .selectAll()
    .where('organisation_id', 'in', [...organisationIds])
    .orderBy('name')
    .execute();
}

export function constituencyOf(db: Db, organisationIds: readonly string[]): Promise<DirectoryConstituencyRow[]> {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory_constituency')
    .selectAll()
    .where('organisation_id', 'in', [...organisationIds])
    .orderBy('kind')
    .orderBy('value')
    .execute();
}

/** Every constituency entry of the workspace with its organisation's label (for the index). */
export function workspaceConstituency(
  db: Db,
  workspaceId: string,
): Promise<(DirectoryConstituencyRow & { tlp: Tlp; organisation_kind: string })[]> {
  return db
    .selectFrom('directory_constituency as c')
    .innerJoin('directory_organisation as o', 'o.id', 'c.organisation_id')
    .selectAll('c')
    .select(['o.tlp as tlp', 'o.kind as organisation_kind'])
    .where('c.workspace_id', '=', workspaceId)
    .execute();
}

export async function replaceChildren(
  db: Db,
  organisationId: string,
  contacts: readonly DirectoryContactRow[],
  constituency: readonly DirectoryConstituencyRow[],
): Promise<void> {
  await db.deleteFrom('directory_contact').where('organisation_id', '=', organisationId).execute();
  await db.deleteFrom('directory_constituency').where('organisation_id', '=', organisationId).execute();
  if (contacts.length)
    await db
      .insertInto('directory_contact')
      .values([...contacts])
      .execute();
  // Chunks keep each statement under SQLite's and PostgreSQL's parameter limits.
  for (let start = 0; start < constituency.length; start += 500)
    await db
      .insertInto('directory_constituency')
      .values(constituency.slice(start, start + 500))
      .execute();
}

/** National CSIRTs for a country: by their own country or a country constituency entry. */
export function nationalCsirtsOf(
  db: Db,
  workspaceId: string,
  country: string,
  tlps: readonly Tlp[],
): Promise<DirectoryOrganisationRow[]> {
  return db
    .selectFrom('directory_organisation as o')
    .selectAll('o')
    .where('o.workspace_id', '=', workspaceId)
    .where('o.kind', '=', 'national_csirt')
    .where('o.tlp', 'in', [...tlps])
    .where((eb) =>
      eb.or([
        eb('o.country', '=', country),
        eb.exists(
          eb
            .selectFrom('directory_constituency as c')
            .select('c.id')
            .whereRef('c.organisation_id', '=', 'o.id')
            .where('c.kind', '=', 'country')
            .where('c.value', '=', country),
        ),
      ]),
    )
    .orderBy('o.name')
    .execute();
}
