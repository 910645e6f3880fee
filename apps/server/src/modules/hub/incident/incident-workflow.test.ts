import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncidentDetail, ReportMessageView, TimelineEntry } from '@renkei/contracts';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { startTestRelay, type TestRelay } from '../../../../test/mail-relay.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { processInboundMail, receiveMail } from '../intake/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/mail');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

for (const dialect of DIALECTS) {
  describe(`${dialect}: incident workflow — timeline, messages, merge and split, views, message viewer`, () => {
    let test: TestApp;
    let workspaceId: string;
    let handler: Client;
    let analyst: Client;
    let partner: Client;
    let handlerId: string;
    let relay: TestRelay;
    let relayed: ParsedMail[];

    beforeAll(async () => {
      relay = await startTestRelay();
      relayed = relay.received;
      test = await createTestApp(dialect, { smtpRelayUrl: relay.url, ackFrom: 'Renkei CSIRT <report@renkei.example>' });
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const h = await makeUser(test.ctx);
      handlerId = h.id;
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      const a = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, a.id, 'analyst');
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'GREEN');
      handler = await signIn(test.app, h.username);
      analyst = await signIn(test.app, a.username);
      partner = await signIn(test.app, p.username);
    });
    afterAll(async () => {
      await test.destroy();
      await relay.close();
    });

    const fileMail = async (raw: Buffer) => {
      const { inboundId } = await receiveMail(test.ctx, raw, { source: 'smtp' });
      const { reportId } = await processInboundMail(test.ctx, inboundId);
      const report = await test.ctx.db
        .selectFrom('report')
        .select(['id', 'incident_id'])
        .where('id', '=', reportId!)
        .executeTakeFirstOrThrow();
      return { reportId: report.id, incidentId: report.incident_id };
    };
    const detail = async (id: string, client = handler) =>
      (await client.get(`/api/incidents/${id}`)).json<IncidentDetail>();
    const found = async (q: string, type: 'incident' | 'report') =>
      (await handler.get(`/api/search?q=${encodeURIComponent(q)}&type=${type}`))
        .json<{ objectId: string }[]>()
        .map((hit) => hit.objectId)
        .sort();
    const fileApi = async (subject: string, body: string, tlp = 'GREEN') => {
      const response = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject,
        body,
        tlp,
        channel: 'manual',
      });
      expect(response.statusCode).toBe(201);
      return response.json<{ incidentId: string; reportId: string }>();
    };

    it('audits who read a report, opened its original or was refused, and filters the trail by object and actor', async () => {
      // The installation's auditor (a system administrator reads the whole trail, with the same filters).
      const auditor = await signIn(test.app, (await makeUser(test.ctx, { isSystemAdmin: true })).username);
      const { incidentId, reportId } = await fileMail(fixture('ja-phishing-forward.eml'));
      expect((await handler.get(`/api/incidents/${incidentId}`)).statusCode).toBe(200);
      expect((await handler.get(`/api/reports/${reportId}/message`)).statusCode).toBe(200);
      // The analyst may read the report but not its original (it names the reporter): refused, and audited.
      expect((await analyst.get(`/api/reports/${reportId}/message`)).statusCode).toBe(403);
      // The GREEN partner is refused the AMBER incident exactly as a made-up one, but the trail knows.
      expect((await partner.get(`/api/incidents/${incidentId}`)).statusCode).toBe(404);
      const trail = async (query: string) =>
        (await auditor.get(`/api/admin/audit?${query}`))
          .json<{ action: string; actorId: string; actorName: string | null; objectId: string }[]>()
          .map((e) => `${e.action} ${e.actorName}`);
      const handlerName = (await handler.get('/api/auth/session')).json<{ user: { displayName: string } }>().user
        .displayName;
      const partnerSession = (await partner.get('/api/auth/session')).json<{
        user: { id: string; displayName: string };
      }>().user;
      expect(await trail(`objectId=${reportId}`)).toEqual(
        expect.arrayContaining([
          `report.read ${handlerName}`,
          `report.read-original ${handlerName}`,
          expect.stringMatching(/^report\.read-denied /),
        ]),
      );
      expect(await trail(`objectId=${incidentId}&action=incident.read-denied`)).toEqual([
        `incident.read-denied ${partnerSession.displayName}`,
      ]);
      expect(await trail(`actorId=${partnerSession.id}&action=incident.`)).toEqual([
        `incident.read-denied ${partnerSession.displayName}`,
      ]);
    });

    it('never labels an incident below its reports, so a GREEN partner sees nothing that came from a RED one', async () => {
      const redUrl = 'https://relabel-red-renkei-test.com/kit.zip';
      const green = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject: 'GREEN で始まった報告',
        body: 'https://relabel-green-renkei-test.com/ only',
        tlp: 'GREEN',
      });
      const incidentId = green.json<{ incidentId: string }>().incidentId;
      // A RED report joins it (by its tracking tag) and raises it to RED.
      const trackingNumber = green.json<{ trackingNumber: string }>().trackingNumber;
      const red = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject: `[${trackingNumber}] 機密の続報`,
        body: `Kit at ${redUrl}`,
        tlp: 'RED',
      });
      expect(red.json<{ incidentId: string }>().incidentId).toBe(incidentId);
      // Relabelling it GREEN is refused, in the reader's language.
      const relabel = await handler.patch(`/api/incidents/${incidentId}`, { tlp: 'GREEN' });
      expect(relabel.statusCode).toBe(409);
      expect(relabel.json<{ code: string }>().code).toBe('INCIDENT_LABEL_BELOW_REPORTS');
      expect((await detail(incidentId)).tlp).toBe('RED');
      // So the GREEN partner finds nothing derived from the RED report: not the incident, not by its
      // observable (filter or search), not its title.
      expect((await partner.get(`/api/incidents/${incidentId}`)).statusCode).toBe(404);
      const byObservable = await partner.get(
        `/api/workspaces/${workspaceId}/incidents?observable=${encodeURIComponent(redUrl)}`,
      );
      expect(JSON.stringify(byObservable.json())).not.toContain(incidentId);
      const hits = await partner.get(`/api/search?q=${encodeURIComponent('relabel-red-renkei-test')}`);
      expect(JSON.stringify(hits.json())).not.toContain(incidentId);
      const listed = await partner.get(`/api/workspaces/${workspaceId}/incidents`);
      expect(JSON.stringify(listed.json())).not.toContain('機密の続報');
    });

    it('keeps notes on the timeline under their own TLP label', async () => {
      const { incidentId } = await fileApi('Scan report', 'Scanning from 203.0.113.200 on port 23', 'GREEN');
      expect(
        (await handler.post(`/api/incidents/${incidentId}/notes`, { body: '共有可能なメモ', tlp: 'GREEN' })).statusCode,
      ).toBe(201);
      expect(
        (await handler.post(`/api/incidents/${incidentId}/notes`, { body: 'internal: victim is ACME', tlp: 'AMBER' }))
          .statusCode,
      ).toBe(201);
      expect((await partner.post(`/api/incidents/${incidentId}/notes`, { body: 'x', tlp: 'GREEN' })).statusCode).toBe(
        403,
      );
      expect((await detail(incidentId)).entries.filter((e) => e.kind === 'note').map((e) => e.body)).toEqual([
        '共有可能なメモ',
        'internal: victim is ACME',
      ]);
      expect((await detail(incidentId, partner)).entries.filter((e) => e.kind === 'note').map((e) => e.body)).toEqual([
        '共有可能なメモ',
      ]);
      // Notes are searched with the queue, under their own label: the AMBER note is not found by GREEN readers.
      const search = async (client: Client, q: string) =>
        (await client.get(`/api/workspaces/${workspaceId}/incidents?q=${encodeURIComponent(q)}`))
          .json<{ id: string }[]>()
          .map((i) => i.id);
      expect(await search(handler, 'victim is ACME')).toEqual([incidentId]);
      expect(await search(handler, '共有可能')).toEqual([incidentId]);
      expect(await search(partner, 'victim is ACME')).toEqual([]);
    });

    it('sends a reply from the incident through the relay, and the answer threads back into it', async () => {
      const { incidentId, reportId } = await fileMail(fixture('en-defacement.eml'));
      const incident = await detail(incidentId);
      const response = await handler.post(`/api/incidents/${incidentId}/messages`, {
        to: ['webmaster@victim-renkei-test.example'],
        subject: 'Defacement of your site',
        body: 'Your site appears defaced. Please check.',
        tlp: 'AMBER',
        inReplyToReportId: reportId,
      });
      expect(response.statusCode).toBe(202);
      const entry = response.json<TimelineEntry>();
      expect(entry).toMatchObject({
        kind: 'message',
        delivery: 'queued',
        subject: `[${incident.trackingNumber}] Defacement of your site`,
        recipients: ['webmaster@victim-renkei-test.example'],
      });
      await test.ctx.jobs.drain();
      const sent = relayed.find((mail) => mail.subject === `[${incident.trackingNumber}] Defacement of your site`);
      expect(sent?.text).toContain('Please check.');
      expect(sent?.inReplyTo).toBe('<en-0001@cert.example.org>');
      expect(sent?.headers.get('x-renkei-tlp')).toBe('TLP:AMBER');
      expect((await detail(incidentId)).entries.find((e) => e.id === entry.id)?.delivery).toBe('sent');

      // The recipient answers without the tracking tag; In-Reply-To carries it home.
      const answer = Buffer.from(
        `From: webmaster@victim-renkei-test.example\r\nTo: report@renkei.example\r\nSubject: Re: your mail\r\nMessage-ID: <answer-1@victim-renkei-test.example>\r\nIn-Reply-To: ${sent!.messageId!}\r\n\r\nRestored from backup.\r\n`,
      );
      expect((await fileMail(answer)).incidentId).toBe(incidentId);
    });

    it("finds an incident by any of its reports' observables, refanged, also after triage", async () => {
      const first = await fileApi(
        'Scan and phishing',
        'Scans from 203.0.113[.]77, phishing at hxxp://corr-renkei-test[.]com/x',
      );
      const second = await fileApi('Same phishing', 'hxxp://corr-renkei-test[.]com/x now also on 198.51.100[.]99');
      expect(second.incidentId).toBe(first.incidentId);
      expect((await handler.patch(`/api/incidents/${first.incidentId}`, { status: 'triage' })).statusCode).toBe(200);
      const search = async (q: string) =>
        (await handler.get(`/api/workspaces/${workspaceId}/incidents?q=${encodeURIComponent(q)}`))
          .json<{ id: string }[]>()
          .map((i) => i.id);
      expect(await search('203.0.113.77')).toEqual([first.incidentId]);
      expect(await search('198.51.100.99')).toEqual([first.incidentId]);
    });

    it('merges an incident into another: reports move, the source becomes a duplicate pointing there', async () => {
      const a = await fileApi('Phishing A', 'hxxps://merge-a-renkei-test[.]com/login');
      const b = await fileApi('Phishing B', 'hxxps://merge-b-renkei-test[.]com/login');
      expect((await partner.post(`/api/incidents/${a.incidentId}/merge`, { targetId: b.incidentId })).statusCode).toBe(
        403,
      );
      expect((await handler.post(`/api/incidents/${a.incidentId}/merge`, { targetId: a.incidentId })).statusCode).toBe(
        400,
      );
      const merged = await handler.post(`/api/incidents/${a.incidentId}/merge`, {
        targetId: (await detail(b.incidentId)).trackingNumber,
      });
      expect(merged.statusCode).toBe(200);
      const target = merged.json<IncidentDetail>();
      expect(target.reportCount).toBe(2);
      expect(target.reports.map((r) => r.subject).sort()).toEqual(['Phishing A', 'Phishing B']);
      expect(target.observables.map((o) => o.value)).toContain('https://merge-a-renkei-test.com/login');
      const source = await detail(a.incidentId);
      expect(source).toMatchObject({ status: 'duplicate', mergedIntoId: b.incidentId, reportCount: 0 });
      expect(source.entries.at(-1)?.body).toMatch(/^merged into RK-/);
      // Search: the moved report is found under the surviving incident's number, and that incident by the moved report's URL.
      expect(await found(target.trackingNumber, 'report')).toEqual(target.reports.map((r) => r.id).sort());
      expect(await found(source.trackingNumber, 'report')).toEqual([]);
      expect(await found('merge-a-renkei-test.com', 'incident')).toEqual([a.incidentId, b.incidentId].sort());
      // A later report about the merged incident's URL lands in the surviving incident.
      expect((await fileApi('again', 'still up: hxxps://merge-a-renkei-test[.]com/login')).incidentId).toBe(
        b.incidentId,
      );
      expect((await handler.post(`/api/incidents/${a.incidentId}/merge`, { targetId: b.incidentId })).statusCode).toBe(
        409,
      );
    });

    it('splits chosen reports into a new incident linked to the old one', async () => {
      const first = await fileApi('Mixed 1', 'hxxp://split-renkei-test[.]com/a');
      const second = await fileApi('Mixed 2', 'hxxp://split-renkei-test[.]com/a also seen');
      expect(second.incidentId).toBe(first.incidentId);
      expect(
        (
          await handler.post(`/api/incidents/${first.incidentId}/split`, {
            reportIds: [first.reportId, second.reportId],
          })
        ).statusCode,
      ).toBe(400);
      const split = await handler.post(`/api/incidents/${first.incidentId}/split`, {
        reportIds: [second.reportId],
        title: '別件として分離',
      });
      expect(split.statusCode).toBe(201);
      const created = split.json<IncidentDetail>();
      expect(created).toMatchObject({ title: '別件として分離', status: 'triage', reportCount: 1 });
      expect(created.trackingNumber).not.toBe((await detail(first.incidentId)).trackingNumber);
      expect(created.related.map((r) => r.id)).toContain(first.incidentId);
      expect((await detail(first.incidentId)).reportCount).toBe(1);
      // Search: the moved report under the new number; the new incident by its report's URL.
      expect(await found(created.trackingNumber, 'report')).toEqual([second.reportId]);
      expect(await found((await detail(first.incidentId)).trackingNumber, 'report')).toEqual([first.reportId]);
      expect(await found('split-renkei-test.com', 'incident')).toEqual([first.incidentId, created.id].sort());
    });

    it('records status and assignee changes on the timeline; offers only members who can work the incident', async () => {
      const { incidentId } = await fileApi('Assign me', 'DDoS against 198.51.100.250');
      const assignees = (await handler.get(`/api/workspaces/${workspaceId}/assignees`)).json<
        { id: string; role: string }[]
      >();
      expect(assignees.map((a) => a.role).sort()).toEqual(['analyst', 'handler']);
      expect(
        (await handler.patch(`/api/incidents/${incidentId}`, { status: 'triage', assigneeId: handlerId })).statusCode,
      ).toBe(200);
      const events = (await detail(incidentId)).entries.filter((e) => e.kind === 'event').map((e) => e.body);
      expect(events).toEqual(['status: new → triage', expect.stringMatching(/^assignee: — → user\d+$/)]);
    });

    it('keeps saved views private to their owner', async () => {
      const created = await handler.post(`/api/workspaces/${workspaceId}/saved-views`, {
        name: '未対応のフィッシング',
        query: { status: 'new', category: 'phishing_site' },
      });
      expect(created.statusCode).toBe(201);
      expect(
        (await handler.get(`/api/workspaces/${workspaceId}/saved-views`)).json<{ name: string }[]>().map((v) => v.name),
      ).toEqual(['未対応のフィッシング']);
      expect((await analyst.get(`/api/workspaces/${workspaceId}/saved-views`)).json<unknown[]>()).toEqual([]);
      expect((await analyst.delete(`/api/saved-views/${created.json<{ id: string }>().id}`)).statusCode).toBe(404);
      expect((await handler.delete(`/api/saved-views/${created.json<{ id: string }>().id}`)).statusCode).toBe(204);
    });

    it('shows the original message safely: headers, text, HTML without scripts, images or live links; need-to-know only', async () => {
      const { reportId } = await fileMail(fixture('html-with-script.eml'));
      const response = await handler.get(`/api/reports/${reportId}/message`);
      expect(response.statusCode).toBe(200);
      const view = response.json<ReportMessageView>();
      expect(view.headers).toContainEqual({ name: 'Subject', value: 'HTML report with a script' });
      expect(view.safeHtml).toContain('Malware is served at');
      expect(view.safeHtml).toContain('title="hxxp://malware-host-renkei-test[.]net/payload[.]exe"');
      for (const dangerous of ['<script', 'onload', '<img', 'href=', 'tracker.example.net', 'evil.example.net'])
        expect(view.safeHtml).not.toContain(dangerous);
      // The analyst may read the report but not who sent it: the original would reveal that.
      expect((await analyst.get(`/api/reports/${reportId}/message`)).statusCode).toBe(403);
      expect((await analyst.get(`/api/reports/${reportId}/raw`)).statusCode).toBe(403);
      const raw = await handler.get(`/api/reports/${reportId}/raw`);
      expect(raw.headers['content-type']).toBe('application/octet-stream');
      expect(raw.rawPayload.equals(fixture('html-with-script.eml'))).toBe(true);
    });

    it('files a phoned-in report with the scanned fax page attached', async () => {
      const scan = Buffer.from('%PDF-1.4\n% scanned fax page\n');
      const response = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject: 'FAXによる報告: 制御システムの異常',
        body: '浄水場の監視端末で不審な操作。送信元 192.0.2.200',
        channel: 'manual',
        tlp: 'AMBER',
        attachments: [
          { filename: 'fax-20261123.pdf', contentType: 'application/pdf', contentBase64: scan.toString('base64') },
        ],
      });
      expect(response.statusCode).toBe(201);
      const incident = await detail(response.json<{ incidentId: string }>().incidentId);
      const attachment = incident.reports[0]!.attachments[0]!;
      expect(attachment).toMatchObject({
        filename: 'fax-20261123.pdf',
        contentType: 'application/pdf',
        size: scan.length,
      });
      expect((await handler.get(`/api/attachments/${attachment.id}`)).rawPayload.equals(scan)).toBe(true);
      expect(
        (
          await handler.post(`/api/workspaces/${workspaceId}/reports`, {
            subject: 'x',
            body: 'y',
            attachments: [{ filename: 'a', contentBase64: '' }],
          })
        ).statusCode,
      ).toBe(400);
    });
  });
}
