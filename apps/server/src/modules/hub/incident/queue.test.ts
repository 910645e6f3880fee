import type { IncidentSummary } from '@renkei/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the handler's queue — open by default, mine and unassigned, total, keyset pages`, () => {
    let test: TestApp;
    let workspaceId: string;
    let handler: Client;
    let handlerId: string;
    let partner: Client;
    const ids: string[] = [];

    beforeAll(async () => {
      test = await createTestApp(dialect);
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const h = await makeUser(test.ctx);
      handlerId = h.id;
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'GREEN');
      partner = await signIn(test.app, p.username);
      // 25 incidents, each on its own host (nothing correlates them).
      for (let index = 0; index < 25; index++) {
        const response = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
          subject: `Report ${index}`,
          body: `Phishing at https://site-${index}-queue.example.com/login`,
          tlp: 'GREEN',
          channel: 'manual',
          reporterName: `Reporter ${index}`,
        });
        ids.push(response.json<{ incidentId: string }>().incidentId);
      }
      // Two closed ones, one rejected, three assigned to the handler.
      for (const id of ids.slice(0, 2)) {
        for (const status of ['triage', 'resolved', 'closed'])
          expect((await handler.patch(`/api/incidents/${id}`, { status })).statusCode).toBe(200);
      }
      await handler.patch(`/api/incidents/${ids[2]}`, { status: 'rejected' });
      for (const id of ids.slice(3, 6)) await handler.patch(`/api/incidents/${id}`, { assigneeId: handlerId });
    });
    afterAll(() => test.destroy());

    const list = async (query: string, client = handler) => {
      const response = await client.get(`/api/workspaces/${workspaceId}/incidents?${query}`);
      expect(response.statusCode).toBe(200);
      return {
        rows: response.json<IncidentSummary[]>(),
        total: Number(response.headers['x-total-count']),
        next: response.headers['x-next-cursor'] as string | undefined,
      };
    };

    it('shows open incidents by default, closed/rejected/duplicate only when asked, with the total', async () => {
      const open = await list('limit=500');
      expect(open.total).toBe(22);
      expect(open.rows).toHaveLength(22);
      expect(open.rows.map((r) => r.status)).not.toContain('closed');
      const done = await list('state=done');
      expect(done.total).toBe(3);
      expect(new Set(done.rows.map((r) => r.status))).toEqual(new Set(['closed', 'rejected']));
      expect((await list('state=all&limit=1')).total).toBe(25);
      expect((await list('status=closed')).total).toBe(2);
    });

    it('lists new incidents whose first-response target is due (the home worklist)', async () => {
      const due = await list(`status=new&dueBefore=${encodeURIComponent('2999-01-01T00:00:00.000Z')}`);
      expect(due.total).toBe(22); // the 22 open ones are all still new
      expect((await list(`status=new&dueBefore=${encodeURIComponent('2000-01-01T00:00:00.000Z')}`)).total).toBe(0);
    });

    it('filters to mine and to unassigned', async () => {
      const mine = await list('assigneeId=me');
      expect(mine.rows.map((r) => r.id).sort()).toEqual(ids.slice(3, 6).sort());
      expect((await list('assigneeId=none')).total).toBe(22 - 3);
    });

    it('pages by keyset in every sort order, without gaps or repeats, and refuses a forged cursor', async () => {
      for (const sort of ['updated', 'created', 'priority']) {
        const seen: string[] = [];
        let after = '';
        for (let page = 0; page < 10; page++) {
          const result = await list(`state=all&sort=${sort}&limit=7${after ? `&after=${after}` : ''}`);
          seen.push(...result.rows.map((r) => r.id));
          if (!result.next) break;
          after = encodeURIComponent(result.next);
        }
        expect(seen).toHaveLength(25);
        expect(new Set(seen).size).toBe(25);
        expect(seen).toEqual((await list(`state=all&sort=${sort}&limit=500`)).rows.map((r) => r.id));
      }
      const forged = await handler.get(`/api/workspaces/${workspaceId}/incidents?after=not-a-cursor`);
      expect(forged.statusCode).toBe(400);
    });

    it('names the first reporter for roles with need-to-know only', async () => {
      const first = (await list('state=all&limit=500')).rows.find((r) => r.id === ids[10]);
      expect(first?.reporter).toBe('Reporter 10');
      const forPartner = (await list('state=all&limit=500', partner)).rows.find((r) => r.id === ids[10]);
      expect(forPartner).toBeDefined();
      expect(forPartner?.reporter).toBeUndefined();
    });

    it('accepts the workspace slug wherever it accepts its id, and answers an unknown one as not found', async () => {
      const bySlug = await handler.get('/api/workspaces/hub-ops/incidents?limit=500');
      expect(bySlug.statusCode).toBe(200);
      expect(bySlug.headers['x-total-count']).toBe('22');
      expect((await handler.get('/api/workspaces/no-such-slug/incidents')).statusCode).toBe(404);
      const other = await createWorkspace(test.ctx, null, { slug: 'elsewhere', name: 'Else', kind: 'hub_operations' });
      expect(other.id).not.toBe(workspaceId);
      // A slug is no way around membership.
      expect((await handler.get('/api/workspaces/elsewhere/incidents')).statusCode).toBe(404);
    });

    it('links each search hit to where it opens: a report to its incident', async () => {
      const hits = (await handler.get('/api/search?q=site-12-queue')).json<
        { objectType: string; objectId: string; href?: string }[]
      >();
      const report = hits.find((hit) => hit.objectType === 'report');
      expect(report?.href).toBe(`/incidents/${ids[12]}`);
      const incident = hits.find((hit) => hit.objectType === 'incident');
      expect(incident?.href).toBe(`/incidents/${ids[12]}`);
    });

    it('finds an incident by the defanged form of its observable, as the UI shows it', async () => {
      const found = await list(`observable=${encodeURIComponent('hxxps://site-7-queue[.]example[.]com/login')}`);
      expect(found.rows.map((r) => r.id)).toEqual([ids[7]]);
      expect((await list(`observable=${encodeURIComponent('site-7-queue[.]example[.]com')}`)).rows).toHaveLength(1);
    });
  });
}
