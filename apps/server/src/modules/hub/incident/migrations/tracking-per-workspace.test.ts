import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../../test/dialects.js';
import { createMigratingDatabase, type MigratingDatabase } from '../../../../../test/test-runtime.js';

const BEFORE = '202612041600_incident_label_covers_reports';
const AFTER = '202612041700_tracking_numbers_per_workspace';
const NOW = '2026-12-04T09:00:00.000Z';

// Tracking numbers become unique per workspace: incidents and their reports survive the change
// (SQLite rebuilds the table), counters start where the global sequence was, and two workspaces
// may then hold the same number while one workspace still may not.
for (const dialect of DIALECTS) {
  describe(`${dialect}: migration to tracking numbers per workspace`, () => {
    let database: MigratingDatabase;
    beforeAll(async () => {
      database = await createMigratingDatabase(dialect);
    });
    afterAll(() => database.destroy());
    const db = () => database.handle.db;

    it('keeps every incident and report, and makes numbers unique per workspace only', async () => {
      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      for (const w of ['w1', 'w2'])
        await sql`INSERT INTO workspace (id, slug, name, kind, created_at) VALUES (${w}, ${w}, ${w}, 'hub_operations', ${NOW})`.execute(
          db(),
        );
      await sql`INSERT INTO tracking_sequence (prefix, year, last_value) VALUES ('RK', 2026, 7)`.execute(db());
      await sql`INSERT INTO incident (id, workspace_id, tracking_number, title, status, priority, category, tlp, created_at, updated_at)
        VALUES ('i1', 'w1', 'RK-2026-000007', 'フィッシング', 'new', 'medium', 'phishing_site', 'AMBER', ${NOW}, ${NOW})`.execute(
        db(),
      );
      await sql`INSERT INTO report (id, workspace_id, incident_id, channel, tlp, subject, body, received_at)
        VALUES ('r1', 'w1', 'i1', 'api', 'AMBER', 's', 'b', ${NOW})`.execute(db());
      expect((await database.migrator.migrateTo(AFTER)).error).toBeUndefined();

      const incident = await sql<{ id: string; title: string }>`SELECT id, title FROM incident`.execute(db());
      expect(incident.rows).toEqual([{ id: 'i1', title: 'フィッシング' }]);
      const counters = await sql<{ workspace_id: string; last_value: number }>`
        SELECT workspace_id, last_value FROM tracking_counter ORDER BY workspace_id`.execute(db());
      expect(counters.rows.map((r) => [r.workspace_id, Number(r.last_value)])).toEqual([
        ['w1', 7],
        ['w2', 7],
      ]);
      // The same number in another workspace is allowed; twice in one workspace it is not.
      await sql`INSERT INTO incident (id, workspace_id, tracking_number, title, status, priority, category, tlp, created_at, updated_at)
        VALUES ('i2', 'w2', 'RK-2026-000007', 't', 'new', 'medium', 'phishing_site', 'AMBER', ${NOW}, ${NOW})`.execute(
        db(),
      );
      await expect(
        sql`INSERT INTO incident (id, workspace_id, tracking_number, title, status, priority, category, tlp, created_at, updated_at)
          VALUES ('i3', 'w1', 'RK-2026-000007', 't', 'new', 'medium', 'phishing_site', 'AMBER', ${NOW}, ${NOW})`.execute(
          db(),
        ),
      ).rejects.toThrow();
      // Reports still point at their incident, and the key still holds.
      await expect(
        sql`INSERT INTO report (id, workspace_id, incident_id, channel, tlp, subject, body, received_at)
          VALUES ('r2', 'w1', 'no-such-incident', 'api', 'AMBER', 's', 'b', ${NOW})`.execute(db()),
      ).rejects.toThrow();
    });
  });
}
