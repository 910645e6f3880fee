import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, uniqueName, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { receiveMail } from './receipt.js';

/**
 * Intake must not be an existence oracle (issue 12, finding 2): what a submitter learns from a
 * receipt, and where their report goes, depends only on what they may read.
 */
for (const dialect of DIALECTS) {
  describe(`${dialect}: intake tells a submitter nothing about incidents they cannot read`, () => {
    let test: TestApp;
    let workspaceId: string;
    let handler: Client;
    let trainee: Client;
    let red: { id: string; trackingNumber: string };
    const secretUrl = 'https://red-only-renkei-test.com/payload.php';

    const incidentOfReport = async (reportId: string) =>
      test.ctx.db
        .selectFrom('report')
        .innerJoin('incident', 'incident.id', 'report.incident_id')
        .select(['incident.id', 'incident.tracking_number', 'report.receipt_number'])
        .where('report.id', '=', reportId)
        .executeTakeFirstOrThrow();
    const mail = async (from: string, subject: string, body: string) => {
      const raw = Buffer.from(
        `From: ${from}\r\nTo: report@renkei.example\r\nSubject: ${subject}\r\nMessage-ID: <${uniqueName('m')}@x.example>\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
      );
      const received = await receiveMail(test.ctx, raw, { source: 'smtp', from });
      await test.ctx.jobs.drain();
      const row = await test.ctx.db
        .selectFrom('inbound_mail')
        .select('report_id')
        .where('id', '=', received.inboundId)
        .executeTakeFirstOrThrow();
      return incidentOfReport(row.report_id!);
    };

    beforeAll(async () => {
      const slug = uniqueName('oracle-intake-');
      test = await createTestApp(dialect, { hubIntakeWorkspace: slug });
      workspaceId = (await createWorkspace(test.ctx, null, { slug, name: 'Hub', kind: 'hub_operations' })).id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const t = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, t.id, 'trainee'); // cleared to AMBER
      trainee = await signIn(test.app, t.username);
      const filed = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject: '標的型攻撃の報告',
        body: `Payload at ${secretUrl}`,
        tlp: 'RED',
        reporterEmail: 'victim@red-victim.example',
      });
      red = {
        id: filed.json<{ incidentId: string }>().incidentId,
        trackingNumber: filed.json<{ trackingNumber: string }>().trackingNumber,
      };
    });
    afterAll(() => test.destroy());

    it("the public form's receipt is the report's own number, never the RED incident's", async () => {
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/public/reports',
        payload: { subject: 'probe', body: `Is this known? ${secretUrl}` },
      });
      expect(response.statusCode).toBe(201);
      const receipt = response.json<{ trackingNumber: string; reportId: string }>();
      expect(receipt.trackingNumber).not.toBe(red.trackingNumber);
      // Handlers still see the report correlated into the incident, with the number its submitter was given.
      const filed = await incidentOfReport(receipt.reportId);
      expect(filed.id).toBe(red.id);
      expect(filed.receipt_number).toBe(receipt.trackingNumber);
      const numbers = await test.ctx.db.selectFrom('incident').select('tracking_number').execute();
      expect(numbers.map((n) => n.tracking_number)).not.toContain(receipt.trackingNumber);
    });

    it('an AMBER member filing the RED URL or tag gets an incident of their own, which they can read', async () => {
      for (const subject of ['probe by URL', `Re: [${red.trackingNumber}] probe by tag`]) {
        const response = await trainee.post(`/api/workspaces/${workspaceId}/reports`, {
          subject,
          body: `Seen here: ${secretUrl}`,
          tlp: 'AMBER',
        });
        expect(response.statusCode).toBe(201);
        const receipt = response.json<{ incidentId: string; isNewIncident: boolean; trackingNumber: string }>();
        expect(receipt.incidentId).not.toBe(red.id);
        // The first opens one; the second joins the trainee's own (same URL), never the RED one.
        if (subject === 'probe by URL') expect(receipt.isNewIncident).toBe(true);
        expect(receipt.trackingNumber).not.toBe(red.trackingNumber);
        expect((await trainee.get(`/api/incidents/${receipt.incidentId}`)).statusCode).toBe(200);
      }
    });

    it('a tag in a mail subject threads only for a reporter on record; anyone else gets a number of their own', async () => {
      const stranger = await mail(
        'prober@elsewhere.example',
        `[${red.trackingNumber}] anything?`,
        'no indicators here',
      );
      expect(stranger.id).not.toBe(red.id);
      expect(stranger.tracking_number).not.toBe(red.trackingNumber);
      const victim = await mail('victim@red-victim.example', `Re: [${red.trackingNumber}] 追加情報`, '続報です');
      expect(victim.id).toBe(red.id);
    });

    it("a reply tagged with a report's own receipt number threads to that report's incident", async () => {
      const first = await mail('reporter@green-corp.example', 'Phishing', `Same site: ${secretUrl}`);
      expect(first.id).toBe(red.id);
      expect(first.receipt_number).not.toBeNull();
      const reply = await mail('reporter@green-corp.example', `Re: [${first.receipt_number}] Phishing`, 'More details');
      expect(reply.id).toBe(red.id);
      expect(reply.receipt_number).not.toBe(red.trackingNumber);
    });

    it('counts tracking numbers per workspace, so one tenant cannot gauge another by its numbers', async () => {
      const slug = uniqueName('other-tenant-');
      const other = (await createWorkspace(test.ctx, null, { slug, name: 'Other', kind: 'hub_operations' })).id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, other, h.id, 'handler');
      const otherHandler = await signIn(test.app, h.username);
      const number = async (client: Client, workspace: string) =>
        (
          await client.post(`/api/workspaces/${workspace}/reports`, {
            subject: 'x',
            body: uniqueName('text '),
            tlp: 'AMBER',
          })
        ).json<{ trackingNumber: string }>().trackingNumber;
      for (let i = 0; i < 3; i++) await number(handler, workspaceId);
      const year = new Date().getUTCFullYear();
      // This workspace has given several numbers; the other one starts at its own first.
      expect(await number(otherHandler, other)).toBe(`RK-${year}-000001`);
      expect(await number(otherHandler, other)).toBe(`RK-${year}-000002`);
    });

    it('numbers with the prefix the workspace chose, and threads replies tagged with it (even after a CVE id)', async () => {
      const a = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, a.id, 'admin');
      const admin = await signIn(test.app, a.username);
      const put = (client: Client, prefix: string) =>
        client.request({ method: 'PUT', url: `/api/workspaces/${workspaceId}/tracking-prefix`, payload: { prefix } });
      expect((await put(handler, 'JPC')).statusCode).toBe(403);
      expect((await put(admin, 'jpc')).statusCode).toBe(400);
      expect((await put(admin, 'JPC')).json()).toEqual({ prefix: 'JPC', defaultPrefix: 'RK' });
      expect((await handler.get(`/api/workspaces/${workspaceId}/tracking-prefix`)).json()).toMatchObject({
        prefix: 'JPC',
      });
      const filed = (
        await handler.post(`/api/workspaces/${workspaceId}/reports`, {
          subject: 'Phishing site',
          body: uniqueName('prefix test '),
          tlp: 'AMBER',
          reporterEmail: 'prefix-reporter@green-corp.example',
        })
      ).json<{ incidentId: string; trackingNumber: string }>();
      const year = new Date().getUTCFullYear();
      expect(filed.trackingNumber).toBe(`JPC-${year}-000001`);
      const reply = await mail(
        'prefix-reporter@green-corp.example',
        `Re: CVE-${year}-123456 [${filed.trackingNumber}] Phishing site`,
        'More details',
      );
      expect(reply.id).toBe(filed.incidentId);
      const audit = await test.ctx.db
        .selectFrom('audit_event')
        .select(['action', 'actor_id'])
        .where('action', '=', 'workspace.tracking-prefix')
        .where('object_id', '=', workspaceId)
        .execute();
      expect(audit).toEqual([{ action: 'workspace.tracking-prefix', actor_id: a.id }]);
    });
  });
}
