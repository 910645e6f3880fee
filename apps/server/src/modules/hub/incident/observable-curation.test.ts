import {
  OBSERVABLE_TYPES_FOR_INPUT,
  type CorrelationSettings,
  type IncidentDetail,
  type ObservableDto,
  type ReviewObservable,
} from '@renkei/contracts';
import { OBSERVABLE_TYPES } from '@renkei/observables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { processInboundMail, receiveMail } from '../intake/index.js';
import { OVER_CORRELATION_LIMIT } from '../correlation/index.js';

let counter = 0;
/** An HTML-only report mail (multipart/mixed > text/html), as forwarding organisations send them. */
function htmlMail(from: string, subject: string, html: string): Buffer {
  counter += 1;
  return Buffer.from(
    [
      `From: ${from}`,
      'To: report@renkei.example',
      `Subject: ${subject}`,
      `Message-ID: <curation-${counter}-${Date.now()}@test.example>`,
      'Date: Fri, 04 Dec 2026 10:00:00 +0900',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

/** The forwarding organisation's mail: its own signature and web fonts around each sample. */
const forwarded = (phishUrl: string, pixel = '') => `<html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto+Sans+JP">
</head><body><p>Please find the phishing below.</p><p>---------- Forwarded message ---------</p>
<p><a href="${phishUrl}">Verify your account</a>${pixel ? `<img src="${pixel}" width="1" height="1">` : ''}</p>
<div class="gmail_signature"><a href="https://www.forwarder-org.example.com/">Forwarder Inc.</a>
<a href="https://www.linkedin.com/company/forwarder-org">LinkedIn</a>
<a href="https://click.forwarder-track.example.net/c?u=abc">Newsletter</a></div>
</body></html>`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: correlation that real mail cannot glue together, and handler curation`, () => {
    let test: TestApp;
    let workspaceId: string;
    let handler: Client;
    let outsider: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const other = (
        await createWorkspace(test.ctx, null, { slug: 'other-ops', name: 'Other', kind: 'hub_operations' })
      ).id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const o = await makeUser(test.ctx);
      await addMember(test.ctx, other, o.id, 'handler');
      outsider = await signIn(test.app, o.username);
    });
    afterAll(() => test.destroy());

    const fileMail = async (raw: Buffer) => {
      const { inboundId } = await receiveMail(test.ctx, raw, { source: 'smtp' });
      const { reportId } = await processInboundMail(test.ctx, inboundId);
      return (
        await test.ctx.db
          .selectFrom('report')
          .select(['incident_id'])
          .where('id', '=', reportId!)
          .executeTakeFirstOrThrow()
      ).incident_id;
    };
    const fileApi = async (subject: string, body: string) => {
      const response = await handler.post(`/api/workspaces/${workspaceId}/reports`, {
        subject,
        body,
        tlp: 'GREEN',
        channel: 'manual',
      });
      expect(response.statusCode).toBe(201);
      return response.json<{ incidentId: string }>().incidentId;
    };
    const detail = async (id: string) => (await handler.get(`/api/incidents/${id}`)).json<IncidentDetail>();
    const observable = (incident: IncidentDetail, value: string): ObservableDto | undefined =>
      incident.observables.find((o) => o.value === value);

    it('does not glue reports by the forwarder’s signature, its web fonts or social pages, and shows where each URL came from', async () => {
      const first = await fileMail(
        htmlMail('abuse@forwarder-org.example.com', 'Fwd: 口座確認', forwarded('https://phish-one.example.org/login')),
      );
      const second = await fileMail(
        htmlMail('abuse@forwarder-org.example.com', 'Fwd: Invoice', forwarded('https://phish-two.example.org/pay')),
      );
      const third = await fileMail(
        htmlMail('abuse@forwarder-org.example.com', 'Fwd: Parcel', forwarded('https://phish-three.example.org/track')),
      );
      expect(new Set([first, second, third]).size).toBe(3);

      const incident = await detail(first);
      expect(observable(incident, 'https://phish-one.example.org/login')).toMatchObject({
        sources: ['link'],
        excludedBy: null,
        correlation: 'auto',
      });
      expect(observable(incident, 'https://www.forwarder-org.example.com/')).toMatchObject({
        sources: ['signature', 'reporter'],
        excludedBy: 'not-evidence',
      });
      expect(observable(incident, 'https://click.forwarder-track.example.net/c?u=abc')).toMatchObject({
        sources: ['signature'],
        excludedBy: 'not-evidence',
      });
      expect(observable(incident, 'https://fonts.googleapis.com/css?family=Noto+Sans+JP')).toMatchObject({
        sources: ['stylesheet'],
      });
      // On the built-in list as well as in the signature: the list is named.
      expect(observable(incident, 'https://www.linkedin.com/company/forwarder-org')?.excludedBy).toMatch(/^Renkei/);
      // The same sample forwarded again still joins its incident.
      expect(
        await fileMail(
          htmlMail(
            'abuse@forwarder-org.example.com',
            'Fwd: 口座確認 (2)',
            forwarded('https://phish-one.example.org/login'),
          ),
        ),
      ).toBe(first);
    });

    it('glues by an image on a phishing host until the host is on an imported MISP warninglist', async () => {
      const a = await fileMail(
        htmlMail(
          'victim1@example.org',
          'Your parcel',
          forwarded('https://p1.example.org/a', 'https://esp-pixel.example.com/o.gif?id=1'),
        ),
      );
      const b = await fileMail(
        htmlMail(
          'victim2@example.org',
          'Your invoice',
          forwarded('https://p2.example.org/b', 'https://esp-pixel.example.com/o.gif?id=1'),
        ),
      );
      expect(b).toBe(a);

      const bad = await handler.post(`/api/workspaces/${workspaceId}/correlation/warninglists`, {
        name: 'broken',
        type: 'cidr',
        list: ['not-an-address'],
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json<{ code: string }>().code).toBe('CORRELATION_WARNINGLIST_INVALID');

      const imported = await handler.post(`/api/workspaces/${workspaceId}/correlation/warninglists`, {
        name: 'ESP tracking hosts',
        version: 2,
        description: 'Mail service providers’ open-tracking pixels',
        type: 'hostname',
        list: ['esp-pixel.example.com'],
        matching_attributes: ['url', 'domain', 'hostname'],
      });
      expect(imported.statusCode).toBe(201);
      expect(imported.json()).toMatchObject({ name: 'ESP tracking hosts', size: 1, replaced: 0 });

      const c = await fileMail(
        htmlMail(
          'victim3@example.org',
          'Tax refund',
          forwarded('https://p3.example.org/c', 'https://esp-pixel.example.com/o.gif?id=1'),
        ),
      );
      expect(c).not.toBe(a);
      expect(observable(await detail(c), 'https://esp-pixel.example.com/o.gif?id=1')).toMatchObject({
        sources: ['image'],
        excludedBy: 'ESP tracking hosts',
      });

      // The workspace's own list, edited entry by entry.
      const added = await handler.post(`/api/workspaces/${workspaceId}/correlation/exclusions`, {
        matchType: 'cidr',
        value: '192.0.2.0/24',
      });
      expect(added.statusCode).toBe(201);
      const settings = (await handler.get(`/api/workspaces/${workspaceId}/correlation`)).json<CorrelationSettings>();
      expect(settings.overCorrelationLimit).toBe(OVER_CORRELATION_LIMIT);
      expect(settings.lists.map((list) => [list.kind, list.name, list.size])).toEqual([
        ['builtin', expect.any(String), expect.any(Number)],
        ['warninglist', 'ESP tracking hosts', 1],
        ['workspace', 'workspace', 1],
      ]);
      const x = await fileApi('Scan A', 'scanner 192.0.2.10 seen at http://192.0.2.10/shell');
      const y = await fileApi('Scan B', 'scanner 192.0.2.10 seen at http://192.0.2.10/shell');
      expect(y).not.toBe(x);
      // Another workspace's handler neither reads nor edits these lists.
      expect((await outsider.get(`/api/workspaces/${workspaceId}/correlation`)).statusCode).toBe(404);
      const entry = settings.lists[2]!.entries[0]!;
      expect((await outsider.delete(`/api/correlation/exclusions/${entry.id}`)).statusCode).toBe(404);
      expect((await handler.delete(`/api/correlation/exclusions/${entry.id}`)).statusCode).toBe(204);
      const audit = await test.ctx.db
        .selectFrom('audit_event')
        .select('action')
        .where('action', 'like', 'correlation.%')
        .execute();
      expect(audit.map((row) => row.action).sort()).toEqual([
        'correlation.exclusion-add',
        'correlation.exclusion-remove',
        'correlation.warninglist-import',
      ]);
    });

    it('stops linking an observable held by more incidents than the limit, flags it for review, and a handler decides', async () => {
      const shared = '203.0.113.250';
      const incidents: string[] = [];
      for (let index = 0; index < OVER_CORRELATION_LIMIT; index++)
        incidents.push(
          await fileApi(`Brute force ${index}`, `Attacks from ${shared} on https://target-${index}-example.org/`),
        );
      // Each is related to the earlier ones through the address (up to the per-report cap).
      expect((await detail(incidents[1]!)).related.map((r) => r.id)).toContain(incidents[0]);

      const over = await fileApi('Brute force, again', `Attacks from ${shared} on https://target-new-example.org/`);
      const overDetail = await detail(over);
      expect(overDetail.related).toEqual([]);
      expect(observable(overDetail, shared)).toMatchObject({ correlation: 'over_limit', excludedBy: 'over_limit' });
      const review = (await handler.get(`/api/workspaces/${workspaceId}/observables/review`)).json<
        ReviewObservable[]
      >();
      const flagged = review.find((o) => o.value === shared)!;
      expect(flagged).toMatchObject({
        type: 'ipv4',
        correlation: 'over_limit',
        incidentCount: OVER_CORRELATION_LIMIT + 1,
      });
      // Derived data is as secret as its incidents: another workspace sees nothing and cannot decide.
      expect((await outsider.get(`/api/workspaces/${workspaceId}/observables/review`)).statusCode).toBe(404);
      expect(
        (await outsider.put(`/api/observables/${flagged.id}/correlation`, { correlation: 'kept' })).statusCode,
      ).toBe(404);

      // Reviewed and kept: it links again, whatever the limit.
      expect(
        (await handler.put(`/api/observables/${flagged.id}/correlation`, { correlation: 'kept' })).statusCode,
      ).toBe(204);
      const kept = await fileApi(
        'Brute force, third wave',
        `Attacks from ${shared} on https://target-3rd-example.org/`,
      );
      expect((await detail(kept)).related.length).toBeGreaterThan(0);
    });

    it('lets a handler mark an observable as not an indicator, and add or remove one by hand, audited', async () => {
      // The types a handler may type are the types extraction knows (two lists in two packages).
      expect([...OBSERVABLE_TYPES_FOR_INPUT]).toEqual([...OBSERVABLE_TYPES]);
      const first = await fileApi('Fake bank', 'Phishing at https://fake-bank.example.net/login and 198.51.100.3');
      const incident = await detail(first);
      const url = observable(incident, 'https://fake-bank.example.net/login')!;
      expect((await handler.put(`/api/observables/${url.id}/correlation`, { correlation: 'ignored' })).statusCode).toBe(
        204,
      );
      const second = await fileApi('Unrelated', 'Newsletter linking https://fake-bank.example.net/login');
      expect(second).not.toBe(first);
      expect(observable(await detail(second), url.value)).toMatchObject({
        correlation: 'ignored',
        excludedBy: 'ignored',
      });

      const added = await handler.post(`/api/incidents/${first}/observables`, {
        type: 'domain',
        value: 'drop-zone[.]example[.]org',
      });
      expect(added.statusCode).toBe(201);
      expect(added.json<ObservableDto[]>().find((o) => o.value === 'drop-zone.example.org')).toMatchObject({
        sources: ['handler'],
        seen: ['drop-zone[.]example[.]org'],
      });
      const invalid = await handler.post(`/api/incidents/${first}/observables`, { type: 'ipv4', value: 'not an ip' });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json<{ code: string }>().code).toBe('OBSERVABLE_INVALID');

      const ip = observable(incident, '198.51.100.3')!;
      expect((await outsider.delete(`/api/incidents/${first}/observables/${ip.id}`)).statusCode).toBe(404);
      expect((await handler.delete(`/api/incidents/${first}/observables/${ip.id}`)).statusCode).toBe(204);
      expect(observable(await detail(first), '198.51.100.3')).toBeUndefined();
      // The report keeps its text.
      expect((await detail(first)).reports[0]!.body).toContain('198.51.100.3');

      const audit = await test.ctx.db
        .selectFrom('audit_event')
        .select(['action', 'object_id'])
        .where('action', 'in', ['observable.correlation', 'incident.observable-add', 'incident.observable-remove'])
        .execute();
      expect(
        audit
          .filter((row) => row.object_id === first)
          .map((row) => row.action)
          .sort(),
      ).toEqual(['incident.observable-add', 'incident.observable-remove']);
      expect(audit.some((row) => row.action === 'observable.correlation' && row.object_id === url.id)).toBe(true);
    });
  });
}
