import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../../test/dialects.js';
import { createMigratingDatabase, type MigratingDatabase } from '../../../../../test/test-runtime.js';

const BEFORE = '202612041500_report_receipt_number';
const AFTER = '202612041600_incident_label_covers_reports';
const NOW = '2026-12-04T09:00:00.000Z';

// Incidents relabelled below their reports before the rule are raised to their highest report's label.
for (const dialect of DIALECTS) {
  describe(`${dialect}: migration raising incidents to their reports' labels`, () => {
    let database: MigratingDatabase;
    beforeAll(async () => {
      database = await createMigratingDatabase(dialect);
    });
    afterAll(() => database.destroy());
    const db = () => database.handle.db;

    it('raises each incident to its highest report label and leaves the others alone', async () => {
      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      await sql`INSERT INTO workspace (id, slug, name, kind, created_at) VALUES ('w1', 'hub', 'Hub', 'hub_operations', ${NOW})`.execute(
        db(),
      );
      const incidents: [string, string, string[]][] = [
        ['i-red', 'GREEN', ['GREEN', 'RED']],
        ['i-strict', 'CLEAR', ['AMBER', 'AMBER+STRICT', 'GREEN']],
        ['i-higher', 'RED', ['GREEN']],
        ['i-same', 'AMBER', ['AMBER']],
      ];
      for (const [id, tlp, reports] of incidents) {
        await sql`INSERT INTO incident (id, workspace_id, tracking_number, title, status, priority, category, tlp, created_at, updated_at)
          VALUES (${id}, 'w1', ${`RK-${id}`}, 't', 'new', 'medium', 'phishing_site', ${tlp}, ${NOW}, ${NOW})`.execute(
          db(),
        );
        for (const [index, label] of reports.entries())
          await sql`INSERT INTO report (id, workspace_id, incident_id, channel, tlp, subject, body, received_at)
            VALUES (${`${id}-r${index}`}, 'w1', ${id}, 'api', ${label}, 's', 'b', ${NOW})`.execute(db());
      }
      expect((await database.migrator.migrateTo(AFTER)).error).toBeUndefined();
      const rows = await sql<{ id: string; tlp: string }>`SELECT id, tlp FROM incident ORDER BY id`.execute(db());
      expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.tlp]))).toEqual({
        'i-red': 'RED',
        'i-strict': 'AMBER+STRICT',
        'i-higher': 'RED',
        'i-same': 'AMBER',
      });
    });
  });
}
