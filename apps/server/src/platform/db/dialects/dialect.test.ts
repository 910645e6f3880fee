import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { createTestRuntime, type TestRuntime } from '../../../../test/test-runtime.js';
import { dialectOf } from './index.js';
import { searchSelect } from './postgres.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: dialect helpers`, () => {
    let test: TestRuntime;
    beforeAll(async () => {
      test = await createTestRuntime(dialect);
    });
    afterAll(async () => test.destroy());

    it('gives the planner statistics for a table loaded with many rows, once', async () => {
      const db = test.ctx.db;
      const rows = Array.from({ length: 1500 }, (_, i) => ({
        object_type: 'note',
        object_id: `s${i}`,
        workspace_id: 'w',
        tlp: 'CLEAR' as const,
        title: `t${i}`,
        body: '',
        terms: `t${i}`,
        updated_at: '2026-11-24T00:00:00.000Z',
      }));
      for (let at = 0; at < rows.length; at += 500)
        await db
          .insertInto('search_document')
          .values(rows.slice(at, at + 500))
          .execute();
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
      const stats = await sql<{
        analysed: boolean;
      }>`SELECT last_analyze IS NOT NULL AS analysed FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'search_document'`.execute(
        db,
      );
      expect(stats.rows[0]?.analysed).toBe(true);
      await sql`SELECT pg_stat_force_next_flush()`.execute(db);
      expect(await helpers.refreshStatistics(db, ['search_document'])).toEqual([]);
    });

    it.runIf(dialect === 'postgres')('answers a search from the trigram-key index', async () => {
      const db = test.ctx.db;
      const helpers = dialectOf(db);
      const rows = Array.from({ length: 3000 }, (_, i) => {
        const terms = `報告 ${i} phishing-${i.toString(36)}.example フィッシング${i}`;
        return {
          object_type: 'plan',
          object_id: `p${i}`,
          workspace_id: 'w',
          tlp: 'CLEAR' as const,
          title: `t${i}`,
          body: '',
          terms,
          updated_at: '2026-11-24T00:00:00.000Z',
          ...helpers.searchIndexColumns(terms),
        };
      });
      for (let at = 0; at < rows.length; at += 500)
        await db
          .insertInto('search_document')
          .values(rows.slice(at, at + 500))
          .execute();
      await sql`ANALYZE search_document`.execute(db);
      const query = {
        terms: [`phishing-${(1725).toString(36)}.example`],
        workspaceIds: ['w'],
        tlpByWorkspace: new Map([['w', ['CLEAR']]]),
        limit: 10,
      };
      expect((await helpers.search(db, query)).map((hit) => hit.objectId)).toEqual(['p1725']);
      // A table this small is cheaper to scan (or to read newest first by workspace); what matters
      // is that the index can answer the query as written (operator and types), so the planner is
      // told to avoid those. On 100,000 documents it picks the index for a rare term by itself.
      const plan = await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        await sql`SET LOCAL enable_indexscan = off`.execute(trx);
        const compiled = searchSelect(trx, query).compile();
        return trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]),
        );
      });
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
        /Bitmap Index Scan on search_document_trigram_keys/,
      );
    });
  });
}
