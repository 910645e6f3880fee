/** SQL of the knowledge base. @module */
import type { Db } from '../../../platform/index.js';
import type { KnowledgeDocumentRow } from './knowledge.table.js';

export async function insertDocument(db: Db, row: KnowledgeDocumentRow): Promise<void> {
  await db.insertInto('knowledge_document').values(row).execute();
}

/** The course's documents and those of one plant (if given), oldest first. */
export function documentsFor(db: Db, workspaceId: string, instanceId: string | null) {
  let query = db.selectFrom('knowledge_document').selectAll().where('workspace_id', '=', workspaceId);
  query = instanceId
    ? query.where((eb) => eb.or([eb('instance_id', 'is', null), eb('instance_id', '=', instanceId)]))
    : query.where('instance_id', 'is', null);
  return query.orderBy('created_at').execute();
}

/** What changes when a document is added: how many there are, and the newest. */
export async function documentsStamp(db: Db, workspaceId: string, instanceId: string): Promise<string> {
  const row = await db
    .selectFrom('knowledge_document')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('last')])
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('instance_id', 'is', null), eb('instance_id', '=', instanceId)]))
    .executeTakeFirst();
  return `${Number(row?.n ?? 0)}:${row?.last ?? ''}`;
}
