import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../../test/dialects.js';
import { createMigratingDatabase, type MigratingDatabase } from '../../../../../test/test-runtime.js';

const BEFORE = '202612041900_audit_chain_base';
const AFTER = '202612042000_historian_runs_and_events';
const NOW = '2026-12-04T09:00:00.000Z';

// Samples become keyed by run: existing ones are run 1, a new run may reuse simulated seconds,
// and going back down keeps each instance's current run.
for (const dialect of DIALECTS) {
  describe(`${dialect}: migration to historian runs`, () => {
    let database: MigratingDatabase;
    beforeAll(async () => {
      database = await createMigratingDatabase(dialect);
    });
    afterAll(() => database.destroy());
    const db = () => database.handle.db;

    it('keeps samples as run 1, allows a second run at the same seconds, and comes back down', async () => {
      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      await sql`INSERT INTO workspace (id, slug, name, kind, created_at) VALUES ('w', 'w', 'w', 'range_course', ${NOW})`.execute(
        db(),
      );
      await sql`INSERT INTO plant_instance (id, workspace_id, name, owner_user_id, scenario, seed, modbus_port, tlp, state, created_at, updated_at)
        VALUES ('p', 'w', 'P', NULL, 'water-treatment', 1, 15020, 'GREEN', '{}', ${NOW}, ${NOW})`.execute(db());
      await sql`INSERT INTO plant_sample (instance_id, sim_time_s, recorded_at, tag_values) VALUES ('p', 5, ${NOW}, '{"a":1}')`.execute(
        db(),
      );
      expect((await database.migrator.migrateTo(AFTER)).error).toBeUndefined();
      const migrated = await sql<{ run: number; sim_time_s: number }>`SELECT run, sim_time_s FROM plant_sample`.execute(
        db(),
      );
      expect(migrated.rows.map((r) => [Number(r.run), Number(r.sim_time_s)])).toEqual([[1, 5]]);
      await sql`UPDATE plant_instance SET run = 2 WHERE id = 'p'`.execute(db());
      await sql`INSERT INTO plant_sample (instance_id, run, sim_time_s, recorded_at, tag_values) VALUES ('p', 2, 5, ${NOW}, '{"a":2}')`.execute(
        db(),
      );
      await expect(
        sql`INSERT INTO plant_sample (instance_id, run, sim_time_s, recorded_at, tag_values) VALUES ('p', 2, 5, ${NOW}, '{}')`.execute(
          db(),
        ),
      ).rejects.toThrow();
      expect((await database.migrator.migrateTo(BEFORE)).error).toBeUndefined();
      const down = await sql<{ tag_values: string }>`SELECT tag_values FROM plant_sample`.execute(db());
      expect(down.rows).toEqual([{ tag_values: '{"a":2}' }]);
    });
  });
}
