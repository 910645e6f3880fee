/**
 * Correlation exclusion lists: Renkei's built-in list, MISP warninglists imported into a
 * workspace, and the workspace's own list. Filing reads them once per batch
 * (`loadCorrelationRules`); a matching observable is kept and shown but links nothing.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  WORKSPACE_LIST_NAME,
  type AddExclusionInput,
  type CorrelationSettings,
  type ExclusionList,
} from '@renkei/contracts';
import {
  BUILTIN_WARNINGLIST,
  WarninglistFormatError,
  WarninglistMatcher,
  entryProblem,
  parseWarninglist,
  type Warninglist,
  type WarninglistType,
} from '@renkei/observables';
import {
  AppError,
  assertPermission,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import * as repository from './correlation.repository.js';
import type { CorrelationExclusionRow } from './correlation.table.js';

/**
 * An observable linked to more incidents than this stops linking new reports and is flagged for
 * review (MISP's over-correlation threshold is 20 by default).
 */
export const OVER_CORRELATION_LIMIT = 20;

/** What filing needs to decide whether an observable may link incidents. */
export interface CorrelationRules {
  matcher: WarninglistMatcher;
  limit: number;
}

/** The workspace's lists as warninglists (the workspace's own list: one per match type). */
function listsOf(rows: readonly CorrelationExclusionRow[]): Warninglist[] {
  const lists = new Map<string, Warninglist>();
  for (const row of rows) {
    const key = `${row.list_name}\u0000${row.match_type}`;
    let list = lists.get(key);
    if (!list) {
      list = {
        name: row.list_name,
        type: row.match_type as WarninglistType,
        list: [],
        description: row.description ?? undefined,
        version: row.version ?? undefined,
        ...(row.matching_attributes ? { matching_attributes: JSON.parse(row.matching_attributes) as string[] } : {}),
      };
      lists.set(key, list);
    }
    list.list.push(row.value);
  }
  return [...lists.values()];
}

export async function loadCorrelationRules(db: Db, workspaceId: string): Promise<CorrelationRules> {
  const rows = await repository.listExclusions(db, workspaceId);
  return { matcher: new WarninglistMatcher([BUILTIN_WARNINGLIST, ...listsOf(rows)]), limit: OVER_CORRELATION_LIMIT };
}

const ENTRIES_SHOWN = 500;

export async function getCorrelationSettings(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
): Promise<CorrelationSettings> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listExclusions(ctx.db, workspaceId);
  const byName = new Map<string, CorrelationExclusionRow[]>();
  for (const row of rows) byName.set(row.list_name, [...(byName.get(row.list_name) ?? []), row]);
  const lists: ExclusionList[] = [
    {
      name: BUILTIN_WARNINGLIST.name,
      kind: 'builtin',
      description: BUILTIN_WARNINGLIST.description ?? null,
      version: BUILTIN_WARNINGLIST.version ?? null,
      matchingAttributes: BUILTIN_WARNINGLIST.matching_attributes ?? null,
      size: BUILTIN_WARNINGLIST.list.length,
      entries: BUILTIN_WARNINGLIST.list.map((value) => ({ id: '', matchType: BUILTIN_WARNINGLIST.type, value })),
    },
  ];
  if (!byName.has(WORKSPACE_LIST_NAME)) byName.set(WORKSPACE_LIST_NAME, []);
  for (const [name, entries] of byName) {
    const first = entries[0];
    lists.push({
      name,
      kind: name === WORKSPACE_LIST_NAME ? 'workspace' : 'warninglist',
      description: first?.description ?? null,
      version: first?.version ?? null,
      matchingAttributes: first?.matching_attributes ? (JSON.parse(first.matching_attributes) as string[]) : null,
      size: entries.length,
      entries: entries
        .slice(0, ENTRIES_SHOWN)
        .map((row) => ({ id: row.id, matchType: row.match_type, value: row.value })),
    });
  }
  return { overCorrelationLimit: OVER_CORRELATION_LIMIT, lists };
}

/** Imports a MISP warninglist (its `list.json`); a list of the same name is replaced. */
export async function importWarninglist(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  json: unknown,
): Promise<{ name: string; size: number; replaced: number }> {
  assertPermission(actor, workspaceId, 'content.write');
  let list: Warninglist;
  try {
    list = parseWarninglist(json);
  } catch (error) {
    if (error instanceof WarninglistFormatError) throw new AppError('CORRELATION_WARNINGLIST_INVALID', error.message);
    throw error;
  }
  if (list.name === WORKSPACE_LIST_NAME || list.name === BUILTIN_WARNINGLIST.name)
    throw new AppError('CORRELATION_LIST_READ_ONLY', `"${list.name}" is reserved`);
  const now = nowIso();
  const rows: CorrelationExclusionRow[] = [...new Set(list.list)].map((value) => ({
    id: randomUUID(),
    workspace_id: workspaceId,
    list_name: list.name,
    match_type: list.type,
    value,
    matching_attributes: list.matching_attributes ? JSON.stringify(list.matching_attributes) : null,
    description: list.description ?? null,
    version: list.version ?? null,
    created_by: actor.userId,
    created_at: now,
  }));
  const replaced = await ctx.db.transaction().execute(async (trx) => {
    const removed = await repository.replaceList(trx, workspaceId, list.name, rows);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'correlation.warninglist-import',
      objectType: 'correlation_list',
      objectId: list.name,
      workspaceId,
      detail: { name: list.name, type: list.type, size: rows.length, replaced: removed, version: list.version ?? null },
    });
    return removed;
  });
  return { name: list.name, size: rows.length, replaced };
}

/** Adds an entry to the workspace's own list. */
export async function addExclusion(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: AddExclusionInput,
): Promise<{ id: string; matchType: string; value: string }> {
  assertPermission(actor, workspaceId, 'content.write');
  const problem = entryProblem(input.matchType, input.value);
  if (problem) throw new AppError('CORRELATION_ENTRY_INVALID', problem);
  const row: CorrelationExclusionRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    list_name: WORKSPACE_LIST_NAME,
    match_type: input.matchType,
    value: input.value,
    matching_attributes: null,
    description: null,
    version: null,
    created_by: actor.userId,
    created_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertExclusion(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'correlation.exclusion-add',
      objectType: 'correlation_exclusion',
      objectId: row.id,
      workspaceId,
      after: row,
    });
  });
  return { id: row.id, matchType: row.match_type, value: row.value };
}

/** Removes one entry (of the workspace's list or of an imported one). */
export async function removeExclusion(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const row = await repository.findExclusion(ctx.db, id);
  if (!row || !actor.memberships.has(row.workspace_id))
    throw new AppError('CORRELATION_EXCLUSION_NOT_FOUND', 'Exclusion entry not found');
  assertPermission(actor, row.workspace_id, 'content.write');
  await ctx.db.transaction().execute(async (trx) => {
    await repository.deleteExclusion(trx, id);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'correlation.exclusion-remove',
      objectType: 'correlation_exclusion',
      objectId: id,
      workspaceId: row.workspace_id,
      before: row,
    });
  });
}

/** Removes an imported list. */
export async function removeWarninglist(ctx: AppContext, actor: Actor, workspaceId: string, name: string) {
  assertPermission(actor, workspaceId, 'content.write');
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await repository.deleteList(trx, workspaceId, name);
    if (removed === 0) throw new AppError('CORRELATION_EXCLUSION_NOT_FOUND', `No list named "${name}"`);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'correlation.warninglist-remove',
      objectType: 'correlation_list',
      objectId: name,
      workspaceId,
      detail: { name, size: removed },
    });
  });
}
