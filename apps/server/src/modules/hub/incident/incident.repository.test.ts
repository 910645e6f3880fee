import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { createTestRuntime, type TestRuntime } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import * as repository from './incident.repository.js';

// Look-ups and writes go in chunks of 1,000 rows or values: more than a chunk must come back
// whole, and a chunk must stay within each database's limit of bound parameters (SQLite's is
// 32,766; 5,000 observables in one statement would bind 35,000).
for (const dialect of DIALECTS) {
  describe(`${dialect}: incident repository in chunks`, () => {
    let test: TestRuntime;
    let workspaceId: string;
    beforeAll(async () => {
      test = await createTestRuntime(dialect);
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' }))
        .id;
    });
    afterAll(() => test.destroy());

    it('upserts, finds and links 5,000 observables', async () => {
      const db = test.ctx.db;
      const observables = Array.from({ length: 5000 }, (_, i) => ({
        type: i % 2 ? 'domain' : 'ipv4',
        value: i % 2 ? `host${i}.chunk-test.example` : `198.${51 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
        registeredDomain: i % 2 ? 'chunk-test.example' : null,
      }));
      const ids = await repository.upsertObservables(db, workspaceId, observables);
      expect(ids.size).toBe(5000);
      // Again: the existing rows' ids come back.
      expect(await repository.upsertObservables(db, workspaceId, observables)).toEqual(ids);
      expect(await repository.findObservableIds(db, workspaceId, observables)).toEqual(ids);

      const links = [...ids.values()].map((observableId, i) => ({
        incidentId: `incident-${i % 1200}`,
        reportId: `report-${i}`,
        observableId,
      }));
      await repository.linkObservablesOfReports(db, links);
      const found = await repository.findIncidentLinksOfObservables(db, [...ids.values()]);
      expect(found).toHaveLength(5000);
      expect(new Set(found.map((link) => link.incident_id)).size).toBe(1200);
    });
  });
}
