import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  CoordinationPanel,
  CoordinationProposals,
  CoordinationThread,
  Organisation,
  TakedownStatistics,
  TakedownTarget,
  ThreadPreview,
} from '@renkei/contracts';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { startTestRelay, type TestRelay } from '../../../../test/mail-relay.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { fileReport } from '../incident/index.js';
import { receiveMail } from '../intake/index.js';
import { generateTeamKey, openPgpMail } from '../keyring/index.js';
import { checkTarget, followUpThread } from './index.js';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: coordination threads and takedown tracking`, () => {
    let test: TestApp;
    let relay: TestRelay;
    let site: Server;
    let siteUp = true;
    let siteUrl: string;
    let netdata: string;
    let workspaceId: string;
    let handler: Client;
    let partner: Client;
    let outsider: Client;
    let incidentId: string;
    let trackingNumber: string;
    let hosting: Organisation;
    let hoster: openpgp.PrivateKey;
    let teamKey: openpgp.Key;

    beforeAll(async () => {
      relay = await startTestRelay();
      // The phishing site, on loopback: the only address the monitor is allowed to reach.
      site = createServer((request, response) => {
        if (request.url === '/moved') return response.writeHead(302, { location: 'http://10.255.255.1/' }).end();
        if (siteUp) return response.writeHead(200, { 'content-type': 'text/html' }).end('<form>password</form>');
        return response.writeHead(404).end('gone');
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
      netdata = mkdtempSync(path.join(tmpdir(), 'renkei-netdata-'));
      writeFileSync(path.join(netdata, 'asn-ipv4.csv'), '192.0.2.0,192.0.2.255,64500,Example Hosting Net\n');
      writeFileSync(path.join(netdata, 'geo-whois-asn-country-ipv4.csv'), '192.0.2.0,192.0.2.255,JP\n');
      test = await createTestApp(dialect, {
        netdataDir: netdata,
        rdapMode: 'offline',
        dns: 'off',
        smtpRelayUrl: relay.url,
        ackFrom: 'Renkei CSIRT <csirt@renkei.test>',
        pgpPassphrase: 'the passphrase this installation keeps its key under',
        maxReminders: 1,
        reminderDays: 2,
        monitorAllow: '127.0.0.1',
        hubIntakeWorkspace: 'hub-coord',
      });
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-coord', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const other = (
        await createWorkspace(test.ctx, null, { slug: 'hub-coord-other', name: 'Other', kind: 'hub_operations' })
      ).id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'admin');
      handler = await signIn(test.app, h.username);
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'GREEN');
      partner = await signIn(test.app, p.username);
      const o = await makeUser(test.ctx);
      await addMember(test.ctx, other, o.id, 'handler');
      outsider = await signIn(test.app, o.username);

      const team = await generateTeamKey(test.ctx, null, workspaceId, {
        name: 'Renkei CSIRT',
        email: 'csirt@renkei.test',
      });
      teamKey = await openpgp.readKey({ armoredKey: team.armoredPublic });
      const generated = await openpgp.generateKey({
        type: 'ecc',
        curve: 'curve25519Legacy',
        userIDs: [{ name: 'Example Hosting abuse', email: 'abuse@hosting.test' }],
        format: 'object',
      });
      hoster = generated.privateKey;
      expect(
        (await handler.post(`/api/workspaces/${workspaceId}/pgp-keys`, { armoredKey: generated.publicKey.armor() }))
          .statusCode,
      ).toBe(201);

      const created = await handler.post(`/api/workspaces/${workspaceId}/directory`, {
        name: 'Example Hosting',
        localName: '株式会社エグザンプルホスティング',
        kind: 'hosting_provider',
        country: 'JP',
        languages: ['ja'],
        emails: [{ address: 'abuse@hosting.test', purpose: 'abuse' }],
        constituency: [{ kind: 'cidr', value: '192.0.2.0/24' }],
        contacts: [{ name: 'Hanako Sato', email: 'hanako@hosting.test' }],
        tlp: 'AMBER',
      });
      expect(created.statusCode).toBe(201);
      hosting = created.json<Organisation>();
      expect(
        (
          await handler.post(`/api/workspaces/${workspaceId}/directory`, {
            name: 'JPCERT/CC',
            kind: 'national_csirt',
            country: 'JP',
            languages: ['ja', 'en'],
            emails: [{ address: 'info@jpcert.test', purpose: 'general' }],
            tlp: 'GREEN',
          })
        ).statusCode,
      ).toBe(201);

      const filed = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject: 'フィッシングサイトの報告',
        body: `Example Bank を装ったサイトです: http://192.0.2.10/login?u=taro@bank.test\n山田太郎`,
        tlp: 'AMBER',
        channel: 'manual',
        reporterName: '山田太郎',
        reporterEmail: 'taro@bank.test',
        reporterOrganization: 'Example Bank',
      });
      expect(filed.statusCode).toBe(201);
      incidentId = filed.json<{ incidentId: string }>().incidentId;
      expect((await handler.patch(`/api/incidents/${incidentId}`, { rsitType: 'phishing' })).statusCode).toBe(200);
      trackingNumber = (await handler.get(`/api/incidents/${incidentId}`)).json<{ trackingNumber: string }>()
        .trackingNumber;
    });
    afterAll(async () => {
      await test.destroy();
      await relay.close();
      await new Promise<void>((resolve) => site.close(() => resolve()));
      rmSync(netdata, { recursive: true, force: true });
    });

    const plan = async (body: Record<string, unknown>) => {
      const response = await handler.post(`/api/incidents/${incidentId}/coordination/threads`, {
        role: 'hosting_provider',
        request: 'takedown',
        partyName: 'Example Hosting',
        organisationId: hosting.id,
        recipients: ['abuse@hosting.test'],
        tlp: 'AMBER',
        target: 'http://192.0.2.10/login?u=taro@bank.test',
        ...body,
      });
      expect(response.statusCode).toBe(201);
      return response.json<CoordinationThread>();
    };
    const panel = async () =>
      (await handler.get(`/api/incidents/${incidentId}/coordination`)).json<CoordinationPanel>();

    it('proposes the hosting provider for a phishing URL, with the evidence', async () => {
      const proposals = (
        await handler.get(`/api/incidents/${incidentId}/coordination/proposals`)
      ).json<CoordinationProposals>();
      const url = proposals.find((p) => p.type === 'url');
      expect(url).toBeDefined();
      const first = url!.resolution.parties[0]!;
      expect(first).toMatchObject({ name: 'Example Hosting', organisationId: hosting.id });
      expect(first.evidence.length).toBeGreaterThan(0);
    });

    it('previews exactly what leaves: Japanese, labelled, victim removed, to be signed and encrypted', async () => {
      const thread = await plan({
        evidence: [{ name: 'asn', value: '64500', source: 'ip-location-db', confidence: 'high' }],
      });
      expect(thread).toMatchObject({ status: 'planned', language: 'ja', recipientKind: 'organisation' });
      const preview = (await handler.get(`/api/coordination/threads/${thread.id}/preview`)).json<ThreadPreview>();
      expect(preview.subject).toContain(`[${trackingNumber}]`);
      expect(preview.subject).toContain('[TLP:AMBER]');
      expect(preview.subject).toContain('テイクダウンのお願い');
      expect(preview.text).toContain('hxxp://192[.]0[.]2[.]10');
      expect(preview.text).toContain('asn: 64500');
      expect(preview.text).not.toMatch(/taro@bank\.test|山田太郎|Example Bank/);
      expect(preview.text).toContain('[非開示]');
      expect(preview.html).toContain('<strong>');
      expect(preview.protection).toBe('signed+encrypted');
      expect(preview.problems).toEqual([]);
      expect(preview.redactions.find((r) => r.kind === 'email')?.count).toBeGreaterThan(0);

      // With the victim's consent the identity stays.
      const consented = await plan({ victimConsent: true, role: 'registrar', partyName: 'Registrar' });
      const open = (await handler.get(`/api/coordination/threads/${consented.id}/preview`)).json<ThreadPreview>();
      expect(open.text).toContain('taro@bank[.]test');
      expect(open.redactions).toEqual([]);
    });

    it('sends a signed and encrypted request through the relay, and a reply acknowledges the thread', async () => {
      const thread = await plan({});
      const before = relay.raw.length;
      const sent = await handler.post(`/api/coordination/threads/${thread.id}/send`);
      expect(sent.statusCode).toBe(200);
      expect(sent.json<CoordinationThread>()).toMatchObject({ status: 'sent' });
      await test.ctx.jobs.drain();
      const raw = relay.raw.slice(before).find((mail) => mail.toString('latin1').includes('multipart/encrypted'));
      expect(raw).toBeDefined();
      expect(raw!.toString('latin1')).not.toContain('taro@bank.test');
      const opened = await openPgpMail(raw!, { decryptionKeys: [hoster], verificationKeys: [teamKey] });
      expect(opened?.outcome).toMatchObject({ encrypted: true, signature: 'valid' });
      const inner = await simpleParser(opened!.raw);
      expect(inner.subject).toContain(`[${trackingNumber}]`);
      expect(inner.text).toContain('テイクダウン');
      expect(inner.text).not.toContain('taro@bank.test');
      expect(inner.html).toContain('hxxp://192[.]0[.]2[.]10');

      const afterSend = (await panel()).threads.find((t) => t.id === thread.id)!;
      expect(afterSend.messages).toHaveLength(1);
      expect(afterSend.messages[0]).toMatchObject({
        kind: 'request',
        delivery: 'sent',
        protection: 'signed+encrypted',
      });
      expect(afterSend.dueAt).not.toBeNull();

      // The provider answers: the reply files into the incident and acknowledges the thread.
      const reply = await fileReport(test.ctx, {
        workspaceId,
        channel: 'email',
        tlp: 'AMBER',
        subject: `Re: [${trackingNumber}] テイクダウンのお願い`,
        body: '対応しました。',
        reporterEmail: 'abuse@hosting.test',
        messageId: '<reply-1@hosting.test>',
        replyTo: [afterSend.messages[0]!.messageId],
      });
      expect(reply.incidentId).toBe(incidentId);
      const answered = (await panel()).threads.find((t) => t.id === thread.id)!;
      expect(answered.status).toBe('acknowledged');
      expect(answered.replies).toEqual([
        expect.objectContaining({ reportId: reply.reportId, from: 'abuse@hosting.test' }),
      ]);

      // The handler records what happened next; a resolved thread cannot go back.
      const resolved = await handler.post(`/api/coordination/threads/${thread.id}/status`, { status: 'resolved' });
      expect(resolved.json<CoordinationThread>().status).toBe('resolved');
      const back = await handler.post(`/api/coordination/threads/${thread.id}/status`, { status: 'acknowledged' });
      expect(back.statusCode).toBe(409);
      expect(back.json<{ code: string }>().code).toBe('COORDINATION_INVALID_TRANSITION');
    });

    it('reminds a silent party at its due date, then escalates to the national CSIRT of its country', async () => {
      const thread = await plan({
        role: 'registrar',
        request: 'information',
        organisationId: null,
        partyName: 'Silent Registrar',
        recipients: ['abuse@silent-registrar.test'],
        tlp: 'GREEN',
        language: 'en',
        evidence: [{ name: 'country', value: 'JP', source: 'RDAP', confidence: 'medium' }],
      });
      await handler.post(`/api/coordination/threads/${thread.id}/send`);
      await test.ctx.jobs.drain();
      const request = relay.received.find((mail) => mail.subject?.includes('Request for information'))!;
      expect(request.to).toBeDefined();
      // Signed only: the registrar has no key.
      expect(relay.raw.some((raw) => raw.toString('latin1').includes('multipart/signed'))).toBe(true);

      const now = Date.now();
      expect(await followUpThread(test.ctx, thread.id, new Date(now + DAY))).toBe('not due');
      expect(await followUpThread(test.ctx, thread.id, new Date(now + 4 * DAY))).toBe('reminder 1');
      await test.ctx.jobs.drain();
      const reminder = relay.received.find((mail) => mail.subject?.includes('Reminder 1'));
      expect(reminder?.inReplyTo).toBe(request.messageId);
      expect(reminder?.text).toContain('We have not yet received a reply');

      expect(await followUpThread(test.ctx, thread.id, new Date(now + 10 * DAY))).toBe(
        'no response; escalated to JPCERT/CC',
      );
      await test.ctx.jobs.drain();
      const threads = (await panel()).threads;
      expect(threads.find((t) => t.id === thread.id)?.status).toBe('no_response');
      const escalation = threads.find((t) => t.escalatedFrom === thread.id)!;
      expect(escalation).toMatchObject({
        role: 'national_csirt',
        partyName: 'JPCERT/CC',
        status: 'sent',
        language: 'ja',
      });
      const mail = relay.received.find((m) => (m.to && JSON.stringify(m.to).includes('info@jpcert.test')) === true);
      expect(mail?.subject).toContain('ご協力のお願い');
      expect(mail?.text).toContain('Silent Registrar');
      // Escalated once only.
      expect(await followUpThread(test.ctx, thread.id, new Date(now + 20 * DAY))).toBe('nothing to do');
    });

    it("records a bounce of a request on the thread's message and on the party's record", async () => {
      const thread = await plan({ request: 'notification' });
      await handler.post(`/api/coordination/threads/${thread.id}/send`);
      await test.ctx.jobs.drain();
      const messageId = (await panel()).threads.find((t) => t.id === thread.id)!.messages[0]!.messageId;
      const dsn = [
        'From: Mail Delivery System <MAILER-DAEMON@relay.renkei.test>',
        'To: csirt@renkei.test',
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce-1@relay.renkei.test>',
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
        '',
        '--B',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'This is the mail system at host relay.renkei.test. Your message could not be delivered.',
        '',
        '--B',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; relay.renkei.test',
        '',
        'Final-Recipient: rfc822; abuse@hosting.test',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '',
        '--B',
        'Content-Type: text/rfc822-headers',
        '',
        'From: Renkei CSIRT <csirt@renkei.test>',
        'To: abuse@hosting.test',
        `Message-ID: ${messageId}`,
        'Subject: notification',
        '',
        '--B--',
        '',
      ].join('\r\n');
      await receiveMail(test.ctx, Buffer.from(dsn), { source: 'smtp' });
      await test.ctx.jobs.drain();
      const bounced = (await panel()).threads.find((t) => t.id === thread.id)!;
      expect(bounced.messages[0]!.bounces).toEqual([
        expect.objectContaining({ recipient: 'abuse@hosting.test', action: 'failed', status: '5.1.1' }),
      ]);
      // A bounce is no answer: the thread is still waiting for one.
      expect(bounced.status).toBe('sent');
      expect(bounced.replies).toEqual([]);
      const record = (await handler.get(`/api/directory/${hosting.id}`)).json<Organisation>();
      expect(record.bounces?.[0]).toMatchObject({
        recipient: 'abuse@hosting.test',
        diagnostic: '550 5.1.1 User unknown',
      });
      // The notification itself is on the incident's timeline, threaded by the Message-ID it returns.
      const incident = (await handler.get(`/api/incidents/${incidentId}`)).json<{ reports: { subject: string }[] }>();
      expect(incident.reports.some((r) => r.subject === 'Undelivered Mail Returned to Sender')).toBe(true);
    });

    it('refuses what TLP forbids: RED only to named people', async () => {
      const toDesk = await plan({ tlp: 'RED' });
      const preview = (await handler.get(`/api/coordination/threads/${toDesk.id}/preview`)).json<ThreadPreview>();
      expect(preview.problems[0]?.code).toBe('tlp_recipients');
      const refused = await handler.post(`/api/coordination/threads/${toDesk.id}/send`);
      expect(refused.statusCode).toBe(422);
      expect(refused.json<{ code: string }>().code).toBe('COORDINATION_SHARING_REFUSED');

      const toPerson = await plan({ tlp: 'RED', recipients: ['hanako@hosting.test'] });
      expect(toPerson.recipientKind).toBe('person');
      expect(
        (await handler.get(`/api/coordination/threads/${toPerson.id}/preview`)).json<ThreadPreview>().problems,
      ).toEqual([]);
      // AMBER+STRICT stays in one organisation: a second organisation's address makes it a community.
      const strict = await plan({ tlp: 'AMBER+STRICT', recipients: ['abuse@hosting.test', 'cert@elsewhere.test'] });
      expect(strict.recipientKind).toBe('community');
      expect((await handler.post(`/api/coordination/threads/${strict.id}/send`)).statusCode).toBe(422);
    });

    it('shows threads only within clearance, and nothing to another workspace', async () => {
      const forPartner = (await partner.get(`/api/incidents/${incidentId}/coordination`)).statusCode;
      // The incident is AMBER: a GREEN partner does not see it at all.
      expect(forPartner).toBe(404);
      const any = (await panel()).threads[0]!;
      expect((await outsider.get(`/api/incidents/${incidentId}/coordination`)).statusCode).toBe(404);
      expect((await outsider.get(`/api/coordination/threads/${any.id}/preview`)).statusCode).toBe(404);
      expect((await outsider.post(`/api/coordination/threads/${any.id}/send`)).statusCode).toBe(404);
      expect(
        (await outsider.post(`/api/incidents/${incidentId}/coordination/threads`, { role: 'registrar' })).statusCode,
      ).toBe(400);
    });

    it('watches a phishing URL until it goes down and counts the days to takedown', async () => {
      const added = await handler.post(`/api/incidents/${incidentId}/takedown-targets`, { url: `${siteUrl}/login` });
      expect(added.statusCode).toBe(201);
      const target = added.json<TakedownTarget>();
      await test.ctx.jobs.drain();
      const up = (await handler.get(`/api/takedown-targets/${target.id}`)).json<TakedownTarget>();
      expect(up).toMatchObject({ state: 'up', lastStatus: 200, checks: 1, downAt: null });
      expect(up.lastContentHash).toMatch(/^[0-9a-f]{64}$/);

      siteUp = false;
      const later = new Date(new Date(up.reportedAt).getTime() + 2 * DAY);
      const result = await checkTarget(test.ctx, target.id, later);
      expect(result.status).toBe(404);
      const down = (await handler.get(`/api/takedown-targets/${target.id}`)).json<TakedownTarget>();
      expect(down).toMatchObject({ state: 'down', lastStatus: 404, daysToTakedown: 2 });

      const statistics = (
        await handler.get(`/api/workspaces/${workspaceId}/takedown-statistics`)
      ).json<TakedownStatistics>();
      expect(statistics.categories.find((c) => c.category === 'phishing_site')).toMatchObject({
        targets: 1,
        down: 1,
        medianDays: 2,
      });
      expect((await outsider.get(`/api/takedown-targets/${target.id}`)).statusCode).toBe(404);
    });

    it('never reaches an address it is not allowed to, not even through a redirect', async () => {
      const outside = (
        await handler.post(`/api/incidents/${incidentId}/takedown-targets`, { url: 'http://10.255.255.1/' })
      ).json<TakedownTarget>();
      const refused = await checkTarget(test.ctx, outside.id);
      expect(refused).toMatchObject({ refused: true, status: null });
      const redirected = (
        await handler.post(`/api/incidents/${incidentId}/takedown-targets`, { url: `${siteUrl}/moved` })
      ).json<TakedownTarget>();
      expect(await checkTarget(test.ctx, redirected.id)).toMatchObject({ refused: true });
      const after = (await handler.get(`/api/takedown-targets/${redirected.id}`)).json<TakedownTarget>();
      // A refused check says why and changes nothing else: the site is not "down".
      expect(after).toMatchObject({ state: 'unknown', downAt: null });
      expect(after.lastError).toMatch(/the monitor may/);
    });
  });
}
