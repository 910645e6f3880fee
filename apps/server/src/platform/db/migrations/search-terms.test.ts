import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { createMigratingDatabase, type MigratingDatabase } from '../../../../test/test-runtime.js';
import { queryTerms } from '../../search/search-terms.js';
import { dialectOf } from '../dialects/index.js';

// A database indexed before `search_document.terms` existed is migrated: its documents get their
// words and are found through the new index; down and up again leave it as it was.
for (const dialect of DIALECTS) {
  describe(`${dialect}: migration to search terms`, () => {
    let database: MigratingDatabase;
    beforeAll(async () => {
      database = await createMigratingDatabase(dialect);
    });
    afterAll(() => database.destroy());
    const db = () => database.handle.db;
    const migrator = () => database.migrator;

    const search = (text: string) =>
      dialectOf(db()).search(db(), {
        terms: queryTerms(text),
        workspaceIds: ['w1'],
        tlpByWorkspace: new Map([['w1', ['CLEAR', 'GREEN']]]),
        limit: 10,
      });

    it('gives existing documents their words and finds them through the new index', async () => {
      expect((await migrator().migrateTo('202611250900_search_index_without_positions')).error).toBeUndefined();
      const documents = Array.from({ length: 1203 }, (_, i) => ({
        object_type: 'note',
        object_id: `n${String(i).padStart(5, '0')}`,
        workspace_id: 'w1',
        tlp: 'GREEN',
        title: `Phishing report ${i}`,
        body:
          i === 1202
            ? '銀行を装ったフィッシングサイト hxxps://evil[.]example/login を確認。 Please take it DOWN. please take it down.'
            : `routine text ${i}`,
        updated_at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
      }));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was before `terms`
      const before = db() as Kysely<any>;
      for (let at = 0; at < documents.length; at += 100)
        await before
          .insertInto('search_document')
          .values(documents.slice(at, at + 100))
          .execute();

      const after = await migrator().migrateToLatest();
      expect(after.error).toBeUndefined();
      const last = await db()
        .selectFrom('search_document')
        .select('terms')
        .where('object_id', '=', 'n01202')
        .executeTakeFirstOrThrow();
      expect(last.terms).toBe(
        'phishing report 1202 銀行を装ったフィッシングサイト hxxps://evil[.]example/login を確認。 please take it down.',
      );
      const empty = await db()
        .selectFrom('search_document')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where('terms', '=', '')
        .executeTakeFirstOrThrow();
      expect(Number(empty.count)).toBe(0);
      if (dialect === 'postgres') {
        // PostgreSQL's index covers trigram keys of the words (202611270900_search_trigram_keys).
        const unkeyed = await sql<{
          count: string;
        }>`SELECT count(*) AS count FROM search_document WHERE cardinality(trigram_keys) = 0`.execute(db());
        expect(Number(unkeyed.rows[0]?.count)).toBe(0);
      }
      expect((await search('装ったフィッシング')).map((h) => h.objectId)).toEqual(['n01202']);
      expect((await search('EVIL[.]EXAMPLE')).map((h) => h.objectId)).toEqual(['n01202']);
      expect((await search('report 1201')).map((h) => h.objectId)).toEqual(['n01201']);
    });

    it('goes down and up again', async () => {
      expect((await migrator().migrateTo('202611250900_search_index_without_positions')).error).toBeUndefined();
      await expect(sql`SELECT terms FROM search_document`.execute(db())).rejects.toThrow();
      expect((await migrator().migrateToLatest()).error).toBeUndefined();
      expect((await search('フィッシングサイト')).map((h) => h.objectId)).toEqual(['n01202']);
    });
  });
}
