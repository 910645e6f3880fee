import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { createTestRuntime, type TestRuntime } from '../../../../test/test-runtime.js';
import { dialectOf } from './index.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: dialect helpers`, () => {
    let test: TestRuntime;
    beforeAll(async () => {
      test = await createTestRuntime(dialect);
    });
    afterAll(async () => test.destroy());

    it('gives the planner statistics for a table loaded with many rows, once', async () => {
      const db = test.ctx.db;
      const rows = Array.from({ length: 1500 }, (_, i) => ({ object_type: 'note', object_id: `s${i}`, workspace_id: 'w', tlp: 'CLEAR', title: `t${i}`, body: '', terms: `t${i}`, updated_at: '2026-11-24T00:00:00.000Z' }));
      for (let at = 0; at < rows.length; at += 500) await db.insertInto('search_document').values(rows.slice(at, at + 500)).execute();
      const helpers = dialectOf(db);
      if (helpers.name === 'sqlite') {
        expect(await helpers.refreshStatistics(db, ['search_document'])).toEqual([]);
        return;
      }
      // The statistics counters reach pg_stat_user_tables when the inserting session reports them.
      await sql`SELECT pg_stat_force_next_flush()`.execute(db);
      let analysed: string[] = [];
      for (let attempt = 0; attempt < 50 && analysed.length === 0; attempt += 1) {
        analysed = await helpers.refreshStatistics(db, ['search_document', 'job']);
        if (analysed.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(analysed).toEqual(['search_document']);
      const stats = await sql<{ analysed: boolean }>`SELECT last_analyze IS NOT NULL AS analysed FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'search_document'`.execute(db);
      expect(stats.rows[0]?.analysed).toBe(true);
      await sql`SELECT pg_stat_force_next_flush()`.execute(db);
      expect(await helpers.refreshStatistics(db, ['search_document'])).toEqual([]);
    });
  });
}
