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
  return (await putBlobs(db, [content]))[0]!;
}

/**
 * The statement that stores contents (each once; existing ones are left as they are), and their
 * SHA-256s in order — for callers that run it together with other statements.
 */
export function blobsInsert(db: Db, contents: readonly Buffer[]) {
  const hashes = contents.map((content) => sha256Of(content));
  const rows = new Map(
    contents.map((content, index) => [
      hashes[index]!,
      { sha256: hashes[index]!, size: content.length, content, created_at: nowIso() },
    ]),
  );
  return {
    hashes,
    insert: db
      .insertInto('blob')
      .values([...rows.values()])
      .onConflict((oc) => oc.column('sha256').doNothing()),
  };
}

/** Stores many contents (each once) with one statement per 50, and returns their SHA-256s in order. */
export async function putBlobs(db: Db, contents: readonly Buffer[]): Promise<string[]> {
  const hashes: string[] = [];
  for (let start = 0; start < contents.length; start += 50) {
    const chunk = blobsInsert(db, contents.slice(start, start + 50));
    await chunk.insert.execute();
    hashes.push(...chunk.hashes);
  }
  return hashes;
}

export async function getBlob(db: Db, sha256: string): Promise<Buffer | undefined> {
  return (await getBlobs(db, [sha256])).get(sha256);
}

/** The contents of many blobs by SHA-256 (missing ones are absent), one query per 100. */
export async function getBlobs(db: Db, sha256s: readonly string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(sha256s)];
  const found = new Map<string, Buffer>();
  for (let start = 0; start < unique.length; start += 100) {
    const rows = await db
      .selectFrom('blob')
      .select(['sha256', 'content'])
      .where('sha256', 'in', unique.slice(start, start + 100))
      .execute();
    for (const row of rows) found.set(row.sha256, Buffer.from(row.content));
  }
  return found;
}
