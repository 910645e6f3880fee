import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { createMigratingDatabase, type MigratingDatabase } from '../../../../test/test-runtime.js';

const BEFORE = '202611270900_search_trigram_keys';
const NOW = '2026-11-28T09:00:00.000Z';

// The tables correlation derives lose their foreign keys (decision 0011) and keep every row,
// their keys and indexes; down puts the foreign keys back.
for (const dialect of DIALECTS) {
  describe(`${dialect}: migration of the derived link tables`, () => {
    let database: MigratingDatabase;
    beforeAll(async () => {
      database = await createMigratingDatabase(dialect);
    });
    afterAll(() => database.destroy());
    const db = () => database.handle.db;
    const migrator = () => database.migrator;

    /** The foreign keys of a table, as `column→table`. */
    async function foreignKeys(table: string): Promise<string[]> {
      if (dialect === 'sqlite') {
        const rows = await sql<{
          from: string;
          table: string;
        }>`SELECT "from", "table" FROM pragma_foreign_key_list(${table})`.execute(db());
        return rows.rows.map((row) => `${row.from}→${row.table}`).sort();
      }
      const rows = await sql<{
        key: string;
      }>`SELECT a.attname || '→' || c.confrelid::regclass::text AS key FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.conrelid = ${table}::regclass AND c.contype = 'f'`.execute(db());
      return rows.rows.map((row) => row.key).sort();
    }

    const links = () =>
      db()
        .selectFrom('incident_link')
        .select(['incident_id', 'related_id', 'reason'])
        .orderBy('incident_id')
        .orderBy('related_id')
        .execute();
    const observableLinks = () =>
      db()
        .selectFrom('incident_observable')
        .select(['incident_id', 'observable_id', 'report_id'])
        .orderBy('incident_id')
        .orderBy('observable_id')
        .execute();

    it('drops the foreign keys and keeps every row, key and index', async () => {
      expect((await migrator().migrateTo(BEFORE)).error).toBeUndefined();
      expect(await foreignKeys('incident_link')).toEqual(['incident_id→incident', 'related_id→incident']);
      expect(await foreignKeys('incident_observable')).toEqual(['incident_id→incident', 'observable_id→observable']);
      await db()
        .insertInto('workspace')
        .values({ id: 'w1', slug: 'hub', name: 'Hub', kind: 'hub_operations', created_at: NOW })
        .execute();
      for (const id of ['i1', 'i2', 'i3']) {
        await sql`INSERT INTO incident (id, workspace_id, tracking_number, title, status, priority, category, tlp, created_at, updated_at)
          VALUES (${id}, 'w1', ${`JPCERT-2026-00000${id.slice(1)}`}, 'フィッシング', 'new', 'medium', 'phishing_site', 'AMBER', ${NOW}, ${NOW})`.execute(
          db(),
        );
      }
      await db()
        .insertInto('observable')
        .values({
          id: 'o1',
          workspace_id: 'w1',
          type: 'domain',
          value: 'evil.example',
          registered_domain: 'evil.example',
          first_seen_at: NOW,
          last_seen_at: NOW,
        })
        .execute();
      await db()
        .insertInto('incident_link')
        .values([
          { incident_id: 'i1', related_id: 'i2', reason: 'same domain evil.example', created_at: NOW },
          { incident_id: 'i2', related_id: 'i1', reason: 'same domain evil.example', created_at: NOW },
        ])
        .execute();
      await db()
        .insertInto('incident_observable')
        .values([
          { incident_id: 'i1', observable_id: 'o1', report_id: 'r1', created_at: NOW },
          { incident_id: 'i2', observable_id: 'o1', report_id: 'r2', created_at: NOW },
        ])
        .execute();
      const before = { links: await links(), observableLinks: await observableLinks() };

      expect((await migrator().migrateToLatest()).error).toBeUndefined();
      expect(await foreignKeys('incident_link')).toEqual([]);
      expect(await foreignKeys('incident_observable')).toEqual([]);
      expect({ links: await links(), observableLinks: await observableLinks() }).toEqual(before);
      // The primary keys still hold: the same pair twice is refused.
      await expect(
        db()
          .insertInto('incident_link')
          .values({ incident_id: 'i1', related_id: 'i2', reason: 'again', created_at: NOW })
          .execute(),
      ).rejects.toThrow();
      await expect(
        db()
          .insertInto('incident_observable')
          .values({ incident_id: 'i1', observable_id: 'o1', report_id: 'r1', created_at: NOW })
          .execute(),
      ).rejects.toThrow();
      // Correlation looks incidents up by observable through this index.
      const indexes =
        dialect === 'sqlite'
          ? await sql<{ name: string }>`SELECT name FROM pragma_index_list('incident_observable')`.execute(db())
          : await sql<{
              name: string;
            }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'incident_observable'`.execute(
              db(),
            );
      expect(indexes.rows.map((row) => row.name)).toContain('incident_observable_by_observable');
    });

    it('goes down and up again', async () => {
      const before = { links: await links(), observableLinks: await observableLinks() };
      expect((await migrator().migrateTo(BEFORE)).error).toBeUndefined();
      expect(await foreignKeys('incident_link')).toEqual(['incident_id→incident', 'related_id→incident']);
      expect(await foreignKeys('incident_observable')).toEqual(['incident_id→incident', 'observable_id→observable']);
      expect({ links: await links(), observableLinks: await observableLinks() }).toEqual(before);
      expect((await migrator().migrateToLatest()).error).toBeUndefined();
      expect(await foreignKeys('incident_link')).toEqual([]);
      expect({ links: await links(), observableLinks: await observableLinks() }).toEqual(before);
    });
  });
}
