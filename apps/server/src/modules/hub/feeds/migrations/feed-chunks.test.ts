import { inflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../../test/dialects.js';
import { createMigratingDatabase, type MigratingDatabase } from '../../../../../test/test-runtime.js';

const BEFORE = '202612101100_feed_event_chunks';
const NOW = '2026-12-05T09:00:00.000Z';
const CSV = '2026-12-04T01:00:00Z,192.0.2.10,3389,,,東京都のホスト\r\n';
const RAW = '"2026-12-04 01:00:00","192.0.2.10","tcp",3389,"東京"\n';

// Chunks stored as text before the deflated table existed are carried over, and back, unchanged.
for (const dialect of DIALECTS) {
  describe(`${dialect}: migration to deflated feed chunks`, () => {
    let database: MigratingDatabase;
    beforeAll(async () => {
      database = await createMigratingDatabase(dialect);
    });
    afterAll(() => database.destroy());
    const db = () => database.handle.db;

    it('deflates stored chunks on the way up and inflates them on the way down, text for text', async () => {
      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      await sql`INSERT INTO workspace (id, slug, name, kind, created_at) VALUES ('w1', 'hub', 'Hub', 'hub_operations', ${NOW})`.execute(
        db(),
      );
      await sql`INSERT INTO feed_import (id, workspace_id, name, format, tlp, status, counts, stages, created_at)
        VALUES ('f1', 'w1', 'scan_rdp', 'shadowserver', 'AMBER', 'ready', '{}', '[]', ${NOW})`.execute(db());
      await sql`INSERT INTO feed_event_chunk (import_id, party_key, seq, events, lines, csv, raw)
        VALUES ('f1', 'as:64500', 0, 1, '2', ${CSV}, ${RAW})`.execute(db());

      expect((await database.migrator.migrateToLatest()).error).toBeUndefined();
      const packed = await sql<{ csv: Uint8Array; raw: Uint8Array; lines: string }>`
        SELECT csv, raw, lines FROM feed_chunk WHERE import_id = 'f1'`.execute(db());
      expect(packed.rows).toHaveLength(1);
      expect(inflateRawSync(packed.rows[0]!.csv).toString('utf8')).toBe(CSV);
      expect(inflateRawSync(packed.rows[0]!.raw).toString('utf8')).toBe(RAW);
      expect(packed.rows[0]!.lines).toBe('2');

      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      const text = await sql<{ csv: string; raw: string }>`
        SELECT csv, raw FROM feed_event_chunk WHERE import_id = 'f1'`.execute(db());
      expect(text.rows).toEqual([{ csv: CSV, raw: RAW }]);
      expect((await database.migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}
