/** SQL of outbound mail (`outbound_message`). @module */
import type { Tlp } from '@renkei/contracts';
import type { Db } from '../../../platform/index.js';
import type {
  DeliveryStatus,
  MessageProtection,
  OutboundMessageRow,
  OutboundBounceRow,
  OutboundReplyRow,
} from './correspondence.table.js';

/** Stores a message unless one with its idempotency key exists; the stored one either way. */
export async function insertMessage(
  db: Db,
  row: OutboundMessageRow,
): Promise<{ row: OutboundMessageRow; isNew: boolean }> {
  const inserted = await db
    .insertInto('outbound_message')
    .values(row)
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { row, isNew: true };
  const existing = await db
    .selectFrom('outbound_message')
    .selectAll()
    .where('idempotency_key', '=', row.idempotency_key)
    .executeTakeFirstOrThrow();
  return { row: existing, isNew: false };
}

export function findMessage(db: Db, id: string): Promise<OutboundMessageRow | undefined> {
  return db.selectFrom('outbound_message').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setDelivery(
  db: Db,
  id: string,
  changes: {
    status: DeliveryStatus;
    last_error?: string | null;
    sent_at?: string | null;
    protection?: MessageProtection;
  },
): Promise<void> {
  await db.updateTable('outbound_message').set(changes).where('id', '=', id).execute();
}

/** A workspace's messages with one of the labels, newest first. */
export function listMessages(
  db: Db,
  workspaceId: string,
  filter: { tlps: readonly Tlp[]; status?: DeliveryStatus | undefined; limit: number },
): Promise<OutboundMessageRow[]> {
  if (filter.tlps.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('outbound_message')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('tlp', 'in', [...filter.tlps]);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Messages of a workspace by their Message-IDs (one query per 1,000). */
export async function findByMessageIds(db: Db, workspaceId: string, messageIds: readonly string[]) {
  const rows: Pick<OutboundMessageRow, 'message_id' | 'owner_type' | 'owner_id' | 'status' | 'protection'>[] = [];
  for (let start = 0; start < messageIds.length; start += 1000) {
    const chunk = messageIds.slice(start, start + 1000);
    rows.push(
      ...(await db
        .selectFrom('outbound_message')
        .select(['message_id', 'owner_type', 'owner_id', 'status', 'protection'])
        .where('workspace_id', '=', workspaceId)
        .where('message_id', 'in', chunk)
        .execute()),
    );
  }
  return rows;
}

/** Records replies to our messages (a reply filed twice is recorded once). */
export async function insertReplies(db: Db, rows: readonly OutboundReplyRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto('outbound_reply')
      .values(rows.slice(start, start + 500))
      .onConflict((oc) => oc.columns(['message_id', 'report_id']).doNothing())
      .execute();
}

/** Replies to these Message-IDs of a workspace, oldest first. */
export function findReplies(db: Db, workspaceId: string, messageIds: readonly string[]): Promise<OutboundReplyRow[]> {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('outbound_reply')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('message_id', 'in', [...messageIds])
    .orderBy('received_at')
    .execute();
}

/** Messages by their ids. */
export function findMessages(db: Db, ids: readonly string[]): Promise<OutboundMessageRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('outbound_message')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertBounces(db: Db, rows: readonly OutboundBounceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('outbound_bounce')
    .values([...rows])
    .onConflict((oc) => oc.columns(['message_id', 'report_id', 'recipient']).doNothing())
    .execute();
}

export function findBounces(db: Db, workspaceId: string, messageIds: readonly string[]): Promise<OutboundBounceRow[]> {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('outbound_bounce')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('message_id', 'in', [...messageIds])
    .orderBy('received_at')
    .execute();
}

/** The latest bounces of these addresses, newest first. */
export function findBouncesOfAddresses(
  db: Db,
  workspaceId: string,
  addresses: readonly string[],
  limit: number,
): Promise<OutboundBounceRow[]> {
  if (addresses.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('outbound_bounce')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('recipient', 'in', [...addresses])
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}
