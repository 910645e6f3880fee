import type { IncidentDetail, OutboundMessageDto } from '@renkei/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the outbox — a reply is recorded whatever happens to its delivery`, () => {
    let test: TestApp;
    let workspaceId: string;
    let handler: Client;
    let partner: Client;
    let outsider: Client;

    beforeAll(async () => {
      // No relay configured: what a fresh installation has.
      test = await createTestApp(dialect);
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const other = (await createWorkspace(test.ctx, null, { slug: 'other', name: 'Other', kind: 'hub_operations' }))
        .id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'AMBER');
      partner = await signIn(test.app, p.username);
      const o = await makeUser(test.ctx);
      await addMember(test.ctx, other, o.id, 'handler');
      outsider = await signIn(test.app, o.username);
    });
    afterAll(() => test.destroy());

    it('records the reply in the timeline, shows its failed delivery with the reason, and retries it', async () => {
      const filed = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject: 'Phishing',
        body: 'https://phish-outbox.example.com/',
        tlp: 'AMBER',
        channel: 'manual',
        reporterEmail: 'victim@example.org',
      });
      const { incidentId } = filed.json<{ incidentId: string }>();
      const sent = await handler.post(`/api/incidents/${incidentId}/messages`, {
        to: ['victim@example.org'],
        subject: 'Thank you',
        body: 'We are looking into it.',
        tlp: 'AMBER',
      });
      expect(sent.statusCode).toBe(202); // accepted: recorded now, delivered by a job
      await test.ctx.jobs.drain();

      const incident = (await handler.get(`/api/incidents/${incidentId}`)).json<IncidentDetail>();
      const entry = incident.entries.find((e) => e.kind === 'message');
      expect(entry?.subject).toContain('Thank you');
      expect(entry?.delivery).toBe('failed');

      const outbox = (await handler.get(`/api/workspaces/${workspaceId}/outbox`)).json<OutboundMessageDto[]>();
      const reply = outbox.find((m) => m.purpose === 'message')!;
      expect(reply).toMatchObject({
        ownerType: 'incident',
        ownerId: incidentId,
        status: 'failed',
        recipients: ['victim@example.org'],
      });
      expect(reply.lastError).toContain('RENKEI_SMTP_RELAY_URL');
      expect(
        (await handler.get(`/api/workspaces/${workspaceId}/outbox?status=sent`)).json<OutboundMessageDto[]>(),
      ).toEqual([]);

      // Recipients are need-to-know; another workspace sees nothing and cannot retry.
      const forPartner = (await partner.get(`/api/workspaces/${workspaceId}/outbox`)).json<OutboundMessageDto[]>();
      expect(forPartner.find((m) => m.id === reply.id)?.recipients).toBeNull();
      expect((await outsider.get(`/api/workspaces/${workspaceId}/outbox`)).statusCode).toBe(404);
      expect((await outsider.post(`/api/outbound-messages/${reply.id}/retry`)).statusCode).toBe(404);
      expect((await partner.post(`/api/outbound-messages/${reply.id}/retry`)).statusCode).toBe(403);

      expect((await handler.post(`/api/outbound-messages/${reply.id}/retry`)).statusCode).toBe(204);
      const again = (await handler.get(`/api/workspaces/${workspaceId}/outbox`)).json<OutboundMessageDto[]>();
      expect(again.find((m) => m.id === reply.id)).toMatchObject({ status: 'queued', lastError: null });
      const refused = await handler.post(`/api/outbound-messages/${reply.id}/retry`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ code: string }>().code).toBe('CORRESPONDENCE_NOT_FAILED');
      await test.ctx.jobs.drain();
      const after = (await handler.get(`/api/workspaces/${workspaceId}/outbox`)).json<OutboundMessageDto[]>();
      expect(after.find((m) => m.id === reply.id)?.status).toBe('failed');
    });
  });
}
