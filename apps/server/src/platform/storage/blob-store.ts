/**
 * Blob storage in the database (bytea on PostgreSQL, BLOB on SQLite): one copy per content hash,
 * never updated. In the database, not the file system, so several Renkei processes sharing a
 * PostgreSQL server see the same blobs and a blob commits in the same transaction as its report.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { nowIso } from '../db/database.js';

export function sha256Of(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Stores `content` (if not already there) and returns its SHA-256. */
export async function putBlob(db: Db, content: Buffer): Promise<string> {
  const sha256 = sha256Of(content);
  await db
    .insertInto('blob')
    .values({ sha256, size: content.length, content, created_at: nowIso() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return sha256;
}

export async function getBlob(db: Db, sha256: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('blob').select('content').where('sha256', '=', sha256).executeTakeFirst();
  return row ? Buffer.from(row.content) : undefined;
}
