import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { startTestRelay, type TestRelay } from '../../../../test/mail-relay.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { accessRepository } from '../../../platform/index.js';
import { createWorkspace } from '../../core/admin/index.js';
import { startSmtpListener, type SmtpListener } from './smtp-listener.js';
import { receiveMail } from './receipt.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/mail');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

interface Detail {
  id: string;
  trackingNumber: string;
  status: string;
  category: string;
  isIcs: boolean;
  reportCount: number;
  reports: { channel: string; subject: string; reporterEmail: string | null; reporterName: string | null }[];
  observables: { type: string; value: string; registeredDomain: string | null }[];
  related: { id: string; reason: string }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: Hub intake`, () => {
    let test: TestApp;
    let smtp: SmtpListener;
    let workspaceId: string;
    let handler: Client;
    let partner: Client;

    // A real SMTP server standing in for the outbound relay: acknowledgements land here.
    let relay: TestRelay;
    let relayed: ParsedMail[];

    beforeAll(async () => {
      relay = await startTestRelay();
      relayed = relay.received;
      test = await createTestApp(dialect, {
        smtpMaxBytes: 200_000,
        smtpRecipients: 'report@renkei.example',
        smtpRelayUrl: relay.url,
      });
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'AMBER');
      partner = await signIn(test.app, p.username);
      smtp = await startSmtpListener(test.ctx, { port: 0 });
    });
    afterAll(async () => {
      await smtp.close();
      await test.destroy();
      await relay.close();
    });

    const send = (raw: Buffer, to = 'report@renkei.example') =>
      nodemailer
        .createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true })
        .sendMail({ envelope: { from: 'sender@sample-corp.example.jp', to: [to] }, raw });

    const detail = async (incidentId: string) => (await handler.get(`/api/incidents/${incidentId}`)).json<Detail>();
    const reportOf = async (inboundId: string) => {
      await test.ctx.jobs.drain();
      return test.ctx.db.selectFrom('inbound_mail').selectAll().where('id', '=', inboundId).executeTakeFirstOrThrow();
    };
    const incidentOfReport = async (reportId: string) =>
      (
        await test.ctx.db
          .selectFrom('report')
          .select('incident_id')
          .where('id', '=', reportId)
          .executeTakeFirstOrThrow()
      ).incident_id;

    it('files a forwarded Japanese phishing report received over SMTP with its exact observables', async () => {
      const info = await send(fixture('ja-phishing-forward.eml'));
      expect(info.response).toMatch(/^250 Accepted as /);
      const inboundId = /Accepted as (\S+)/.exec(info.response)![1]!;
      const mail = await reportOf(inboundId);
      expect(mail.status).toBe('processed');
      const incident = await detail(await incidentOfReport(mail.report_id!));
      expect(incident.trackingNumber).toMatch(/^RK-\d{4}-\d{6}$/);
      expect(incident.category).toBe('phishing_site');
      expect(incident.status).toBe('new');
      expect(incident.reports).toHaveLength(1);
      expect(incident.reports[0]).toMatchObject({
        channel: 'email',
        subject: 'フィッシングメールの報告',
        reporterEmail: 'yamada@sample-corp.example.jp',
        reporterName: '山田 太郎',
      });
      expect(incident.observables.map((o) => `${o.type}:${o.value}`).sort()).toEqual([
        'domain:login.example-bank.co.jp.verify-account-renkei-test.com',
        'email:security@example-bank-support-renkei-test.com',
        'ipv4:198.51.100.77',
        'url:https://login.example-bank.co.jp.verify-account-renkei-test.com/signin?u=1',
      ]);
      expect(incident.observables.find((o) => o.type === 'domain')?.registeredDomain).toBe(
        'verify-account-renkei-test.com',
      );
      // The raw message is kept, content-addressed and unchanged.
      const raw = await test.ctx.db
        .selectFrom('blob')
        .select('content')
        .where('sha256', '=', mail.raw_sha256)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(raw.content).equals(fixture('ja-phishing-forward.eml'))).toBe(true);
    });

    it('acknowledges the reporter in their language with the tracking number, once', async () => {
      const ack = relayed.find((mail) => mail.inReplyTo === '<report-ja-0001@sample-corp.example.jp>');
      expect(ack?.subject).toMatch(/^\[RK-\d{4}-\d{6}\] 受付のお知らせ: フィッシングメールの報告$/);
      expect(ack?.headers.get('auto-submitted')).toBe('auto-replied');
      expect((ack?.to as { value: { address: string }[] } | undefined)?.value[0]?.address).toBe(
        'yamada@sample-corp.example.jp',
      );
      expect(ack?.text).toContain('受付番号');
      expect(relayed.filter((mail) => mail.inReplyTo === '<report-ja-0001@sample-corp.example.jp>')).toHaveLength(1);
    });

    it("threads a reply to the acknowledgement into the report's incident by its Message-ID alone", async () => {
      const report = Buffer.from(
        'From: Sato <sato@sample-corp.example.jp>\r\nTo: report@renkei.example\r\nSubject: Suspicious login page\r\nMessage-ID: <ack-thread-1@sample-corp.example.jp>\r\n\r\nSeen at https://ack-thread-renkei-test.example/login\r\n',
      );
      const filed = await reportOf(/Accepted as (\S+)/.exec((await send(report)).response)![1]!);
      await test.ctx.jobs.drain();
      const ack = relayed.find((mail) => mail.inReplyTo === '<ack-thread-1@sample-corp.example.jp>')!;
      expect(ack.messageId).toBeTruthy();
      // No tracking tag and no References: only correspondence knows the acknowledgement's Message-ID.
      const reply = Buffer.from(
        `From: sato@sample-corp.example.jp\r\nTo: report@renkei.example\r\nSubject: Re: thanks\r\nMessage-ID: <ack-thread-2@sample-corp.example.jp>\r\nIn-Reply-To: ${ack.messageId!}\r\n\r\nIt moved to https://ack-thread-other-renkei-test.example/\r\n`,
      );
      const answered = await reportOf(/Accepted as (\S+)/.exec((await send(reply)).response)![1]!);
      expect(answered.status).toBe('processed');
      expect(await incidentOfReport(answered.report_id!)).toBe(await incidentOfReport(filed.report_id!));
    });

    it('sends no acknowledgement to an auto-reply (RFC 3834)', async () => {
      const before = relayed.length;
      const autoReply = Buffer.from(
        'From: vacation@sample-corp.example.jp\r\nTo: report@renkei.example\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo-1@sample-corp.example.jp>\r\n\r\nI am away until https://holiday-renkei-test.com/\r\n',
      );
      const info = await send(autoReply);
      const mail = await reportOf(/Accepted as (\S+)/.exec(info.response)![1]!);
      expect(mail.status).toBe('processed');
      await test.ctx.jobs.drain();
      expect(relayed.length).toBe(before);
    });

    it('keeps attachments as immutable blobs and serves them only as downloads, to readers of the report', async () => {
      const csv = 'url,first_seen\r\nhttps://attachment-renkei-test.com/x,2026-11-23\r\n';
      const info = await nodemailer
        .createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true })
        .sendMail({
          from: 'analyst@cert.example.org',
          to: 'report@renkei.example',
          subject: 'IOC list attached',
          text: 'See the attached list.',
          messageId: '<attach-1@cert.example.org>',
          attachments: [
            { filename: '指標リスト.csv', content: csv, contentType: 'text/csv' },
            { filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
          ],
        });
      const mail = await reportOf(/Accepted as (\S+)/.exec(info.response)![1]!);
      const incident = await detail(await incidentOfReport(mail.report_id!));
      expect(incident.observables.map((o) => o.value)).toContain('https://attachment-renkei-test.com/x');
      const attachments = (
        incident.reports[0] as unknown as { attachments: { id: string; filename: string; size: number }[] }
      ).attachments;
      expect(attachments.map((a) => a.filename).sort()).toEqual(['page.html', '指標リスト.csv']);
      const csvAttachment = attachments.find((a) => a.filename === '指標リスト.csv')!;
      const download = await handler.get(`/api/attachments/${csvAttachment.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/octet-stream');
      expect(download.headers['content-disposition']).toContain("filename*=UTF-8''%E6%8C%87%E6%A8%99");
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.body).toBe(csv);
      const html = await handler.get(`/api/attachments/${attachments.find((a) => a.filename === 'page.html')!.id}`);
      expect(html.headers['content-type']).toBe('application/octet-stream');
      const outsiderWorkspace = await makeWorkspace(test.ctx);
      const stranger = await makeUser(test.ctx);
      await addMember(test.ctx, outsiderWorkspace.id, stranger.id, 'handler');
      expect(
        (await (await signIn(test.app, stranger.username)).get(`/api/attachments/${csvAttachment.id}`)).statusCode,
      ).toBe(404);
    });

    it('makes one report of the same message delivered twice', async () => {
      const before = await test.ctx.db
        .selectFrom('report')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const info = await send(fixture('ja-phishing-forward.eml'));
      const mail = await reportOf(/Accepted as (\S+)/.exec(info.response)![1]!);
      expect(mail.reason).toBe('same raw message');
      const after = await test.ctx.db
        .selectFrom('report')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('attaches a report with the same URL to the open incident (correlation)', async () => {
      const response = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject: '同じフィッシングサイトの報告',
        body: '別の方からも https://login.example-bank.co.jp.verify-account-renkei-test.com/signin?u=1 の報告がありました。',
        channel: 'manual',
      });
      expect(response.statusCode).toBe(201);
      const filed = response.json<{ incidentId: string; isNewIncident: boolean; trackingNumber: string }>();
      expect(filed.isNewIncident).toBe(false);
      const incident = await detail(filed.incidentId);
      expect(incident.reportCount).toBe(2);
      expect(incident.reports.map((r) => r.channel)).toEqual(['email', 'manual']);
    });

    it('threads a reply by the tracking tag in its subject', async () => {
      const [first] = (
        await handler.get(`/api/workspaces/${workspaceId}/incidents?observable=verify-account-renkei-test.com`)
      ).json<{ id: string; trackingNumber: string }[]>();
      const raw = Buffer.from(
        fixture('reply-with-tracking-tag.eml').toString().replace('{TRACKING}', first!.trackingNumber),
      );
      const info = await send(raw);
      const mail = await reportOf(/Accepted as (\S+)/.exec(info.response)![1]!);
      expect(await incidentOfReport(mail.report_id!)).toBe(first!.id);
      const incident = await detail(first!.id);
      expect(incident.observables.map((o) => o.value)).toContain(
        'https://login2.example-bank-support-renkei-test.com/',
      );
    });

    it('relates (without merging) incidents that share only a registered domain', async () => {
      const a = (
        await handler.post(`/api/workspaces/${workspaceId}/reports`, {
          subject: 'Phishing A',
          body: 'https://a.shared-domain-renkei-test.com/one',
        })
      ).json<{ incidentId: string }>();
      const b = (
        await handler.post(`/api/workspaces/${workspaceId}/reports`, {
          subject: 'Phishing B',
          body: 'https://b.shared-domain-renkei-test.com/two',
        })
      ).json<{ incidentId: string }>();
      expect(a.incidentId).not.toBe(b.incidentId);
      expect((await detail(b.incidentId)).related).toEqual([
        expect.objectContaining({ id: a.incidentId, reason: 'registered_domain:shared-domain-renkei-test.com' }),
      ]);
      expect((await detail(a.incidentId)).related.map((r) => r.id)).toEqual([b.incidentId]);
    });

    it('files an English report with defanged indicators and derives the category', async () => {
      const info = await send(fixture('en-defacement.eml'));
      const mail = await reportOf(/Accepted as (\S+)/.exec(info.response)![1]!);
      const incident = await detail(await incidentOfReport(mail.report_id!));
      expect(incident.category).toBe('website_defacement');
      expect(incident.observables.map((o) => `${o.type}:${o.value}`).sort()).toEqual([
        'cve:CVE-2023-12345',
        'domain:www.city-sample-renkei-test.jp',
        'ipv4:203.0.113.99',
        'sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
        'url:http://www.city-sample-renkei-test.jp/news/',
      ]);
    });

    it('keeps HTML mail as text, takes link targets as observables and never stores the script', async () => {
      const info = await send(fixture('html-with-script.eml'));
      const mail = await reportOf(/Accepted as (\S+)/.exec(info.response)![1]!);
      const incident = await detail(await incidentOfReport(mail.report_id!));
      expect(incident.category).toBe('malware_site');
      expect(incident.observables.map((o) => o.value)).toContain('http://malware-host-renkei-test.net/payload.exe');
      expect(incident.reports[0]!.subject).toBe('HTML report with a script');
      expect(JSON.stringify(incident.reports)).not.toMatch(/<script|onload|document\.location/);
    });

    it('quarantines what cannot be parsed, with its reason and raw bytes; a handler can release or delete it', async () => {
      const received = await receiveMail(test.ctx, fixture('not-a-message.eml'), { source: 'import' });
      await test.ctx.jobs.drain();
      const list = (await handler.get(`/api/workspaces/${workspaceId}/quarantine`)).json<
        { id: string; reason: string; raw_sha256: string }[]
      >();
      const entry = list.find((e) => e.id === received.inboundId);
      expect(entry?.reason).toMatch(/no content|cannot parse|not an e-mail/);
      expect(entry?.raw_sha256).toBe(received.rawSha256);
      expect((await partner.get(`/api/workspaces/${workspaceId}/quarantine`)).statusCode).toBe(403);
      expect((await handler.post(`/api/quarantine/${received.inboundId}/release`)).statusCode).toBe(204);
      await test.ctx.jobs.drain();
      expect((await handler.delete(`/api/quarantine/${received.inboundId}`)).statusCode).toBe(204);
      const after = (await handler.get(`/api/workspaces/${workspaceId}/quarantine`)).json<{ id: string }[]>();
      expect(after.map((e) => e.id)).not.toContain(received.inboundId);
    });

    it('refuses oversized messages (552) and unknown recipients (550) before accepting them', async () => {
      const big = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(300_000, 'a')]);
      await expect(send(big)).rejects.toMatchObject({ responseCode: 552 });
      await expect(send(fixture('en-defacement.eml'), 'someone-else@renkei.example')).rejects.toMatchObject({
        responseCode: 550,
      });
    });

    it('accepts the public web form without sign-in and answers with a tracking number', async () => {
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/public/reports',
        payload: {
          subject: '制御システムの異常',
          body: '浄水場の PLC に不審な書き込みがありました。',
          reporterEmail: 'ot@water-utility.example.jp',
          isIcs: true,
          ics: { vendor: 'Sample PLC Co.', operationalImpact: 'degraded' },
        },
      });
      expect(response.statusCode).toBe(201);
      const receipt = response.json<{ trackingNumber: string; reportId: string }>();
      expect(receipt.trackingNumber).toMatch(/^RK-\d{4}-\d{6}$/);
      const incident = await detail(await incidentOfReport(receipt.reportId));
      expect(incident).toMatchObject({ category: 'ics', isIcs: true });
      expect(incident.reports[0]!.channel).toBe('web');
      const bad = await test.app.inject({
        method: 'POST',
        url: '/api/public/reports',
        payload: { subject: '', body: 5 },
      });
      expect(bad.statusCode).toBe(400);
    });

    it('hides the reporter from roles without need-to-know', async () => {
      const [incident] = (
        await partner.get(`/api/workspaces/${workspaceId}/incidents?observable=verify-account-renkei-test.com`)
      ).json<{ id: string }[]>();
      const seen = (await partner.get(`/api/incidents/${incident!.id}`)).json<Detail>();
      expect(seen.reports[0]).toMatchObject({ reporterEmail: null, reporterName: null });
      expect((await handler.get(`/api/incidents/${incident!.id}`)).json<Detail>().reports[0]!.reporterEmail).toBe(
        'yamada@sample-corp.example.jp',
      );
    });

    it('finds incidents by observable, status and Japanese full text in the queue', async () => {
      const byObservable = (
        await handler.get(`/api/workspaces/${workspaceId}/incidents?observable=verify-account-renkei-test.com`)
      ).json<{ category: string }[]>();
      expect(byObservable.map((i) => i.category)).toEqual(['phishing_site']);
      const byText = (
        await handler.get(`/api/workspaces/${workspaceId}/incidents?q=${encodeURIComponent('浄水場')}`)
      ).json<{ category: string }[]>();
      expect(byText.map((i) => i.category)).toEqual(['ics']);
      const byStatus = (await handler.get(`/api/workspaces/${workspaceId}/incidents?status=closed`)).json<unknown[]>();
      expect(byStatus).toEqual([]);
    });

    it('finds a report by its text and shows a snippet from the report, whose search document keeps only the words', async () => {
      const hits = (await handler.get(`/api/search?q=${encodeURIComponent('停止の調整')}&type=report`)).json<
        { objectId: string; title: string; snippet: string }[]
      >();
      expect(hits).toHaveLength(1);
      expect(hits[0]!.title).toMatch(/^RK-\d{4}-\d{6} フィッシングメールの報告$/);
      expect(hits[0]!.snippet).toContain('停止の調整をお願いいたします。');
      const stored = await test.ctx.db
        .selectFrom('search_document')
        .select(['body', 'terms'])
        .where('object_id', '=', hits[0]!.objectId)
        .executeTakeFirstOrThrow();
      expect(stored.body).toBe('');
      expect(stored.terms).toContain('停止の調整をお願いいたします。');
    });

    it('moves incidents through the status workflow and refuses invalid transitions', async () => {
      const [incident] = (
        await handler.get(`/api/workspaces/${workspaceId}/incidents?category=website_defacement`)
      ).json<{ id: string }[]>();
      const url = `/api/incidents/${incident!.id}`;
      expect((await handler.patch(url, { status: 'closed' })).statusCode).toBe(409);
      expect(
        (
          await handler.patch(url, { status: 'triage', priority: 'high', sector: 'government', tags: ['municipal'] })
        ).json(),
      ).toMatchObject({ status: 'triage', priority: 'high', sector: 'government', tags: ['municipal'] });
      expect((await handler.patch(url, { isTargeted: true })).json()).toMatchObject({ category: 'targeted_attack' });
      expect((await partner.patch(url, { status: 'coordinating' })).statusCode).toBe(403);
      expect((await handler.patch(url, { status: 'coordinating' })).statusCode).toBe(200);
    });

    it('does not file into another workspace by tracking tag', async () => {
      const other = (
        await createWorkspace(test.ctx, null, { slug: 'hub-other', name: 'Other', kind: 'hub_operations' })
      ).id;
      const user = await makeUser(test.ctx);
      await addMember(test.ctx, other, user.id, 'handler');
      const client = await signIn(test.app, user.username);
      const [first] = (await handler.get(`/api/workspaces/${workspaceId}/incidents?category=phishing_site`)).json<
        { id: string; trackingNumber: string }[]
      >();
      const filed = (
        await client.post(`/api/workspaces/${other}/reports`, { subject: `Re: [${first!.trackingNumber}]`, body: 'x' })
      ).json<{ incidentId: string; isNewIncident: boolean }>();
      expect(filed.isNewIncident).toBe(true);
      expect((await client.get(`/api/incidents/${first!.id}`)).statusCode).toBe(404);
      expect(await accessRepository.findWorkspaceBySlug(test.ctx.db, 'hub-other')).toBeDefined();
    });
  });
}
