import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FeedDetail, FeedImport, FeedNotificationPreview, Organisation } from '@renkei/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { actorOf, addMember, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { startTestRelay, type TestRelay } from '../../../../test/mail-relay.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { inflateText } from './chunk-packer.js';
import { partyChunks } from './feeds.repository.js';
import { getImport, importFeed } from './feeds.service.js';

/** A Shadowserver scan report: three networks, a repeat, a broken row, a row with a bad address. */
const HEADER = '"timestamp","ip","protocol","port","hostname","tag","asn","geo","region","city","severity"';
const REPORT = [
  HEADER,
  '"2026-12-04 01:00:00","192.0.2.10","tcp",3389,"a.customer.test","rdp",,,"TOKYO","CHIYODA","medium"',
  '"2026-12-04 01:05:00","192.0.2.11","tcp",3389,"b.customer.test","rdp",,,"TOKYO","CHIYODA","medium"',
  '"2026-12-04 02:00:00","192.0.2.10","tcp",3389,"a.customer.test","rdp",,,"TOKYO","CHIYODA","medium"',
  '"2026-12-04 01:10:00","198.51.100.7","tcp",3389,,"rdp",,,,,"medium"',
  '"2026-12-04 01:20:00","203.0.113.5","tcp",3389,,"rdp",64999,"US",,,"medium"',
  '"2026-12-04 01:30:00","192.0.2.999","tcp",3389,,"rdp",,,,,"medium"',
  '"2026-12-04 01:40:00","192.0.2.12","tcp"',
].join('\n');

/**
 * A registry's RDAP service on loopback: AS64510's autnum record names its abuse desk (vCard in
 * an IRT entity, as APNIC answers); any other number is not found.
 */
async function startRdapServer(): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const autnum = {
    objectClassName: 'autnum',
    handle: 'AS64510',
    startAutnum: 64510,
    endAutnum: 64510,
    name: 'EXAMPLE-ISP-AS',
    country: 'JP',
    entities: [
      {
        objectClassName: 'entity',
        handle: 'IRT-EXAMPLE-ISP',
        roles: ['abuse'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', 'Example ISP abuse desk'],
            ['email', {}, 'text', 'abuse@example-isp.test'],
          ],
        ],
      },
    ],
  };
  const server: Server = createServer((request, response) => {
    asked.push(request.url ?? '');
    const found = request.url === '/autnum/64510';
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/rdap+json' });
    response.end(JSON.stringify(found ? autnum : { errorCode: 404, title: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: bulk notification from a feed`, () => {
    let test: TestApp;
    let relay: TestRelay;
    let rdap: Awaited<ReturnType<typeof startRdapServer>>;
    let netdata: string;
    let workspaceId: string;
    let otherId: string;
    let handler: Client;
    let partner: Client;
    let outsider: Client;
    let feed: FeedImport;

    beforeAll(async () => {
      relay = await startTestRelay();
      rdap = await startRdapServer();
      netdata = mkdtempSync(path.join(tmpdir(), 'renkei-netdata-'));
      // IANA's AS bootstrap (RFC 9224 §5.3) sends private-use AS numbers to the loopback registry.
      mkdirSync(path.join(netdata, 'rdap'));
      writeFileSync(
        path.join(netdata, 'rdap', 'asn.json'),
        JSON.stringify({ version: '1.0', services: [[['64496-64511', '64999'], [rdap.url]]] }),
      );
      writeFileSync(
        path.join(netdata, 'asn-ipv4.csv'),
        '192.0.2.0,192.0.2.255,64500,Customer Net\n198.51.100.0,198.51.100.255,64510,Example ISP\n',
      );
      writeFileSync(
        path.join(netdata, 'geo-whois-asn-country-ipv4.csv'),
        '192.0.2.0,192.0.2.255,JP\n198.51.100.0,198.51.100.255,JP\n',
      );
      test = await createTestApp(dialect, {
        netdataDir: netdata,
        rdapMode: 'online',
        rdapTimeoutMs: 2000,
        dns: 'off',
        smtpRelayUrl: relay.url,
        ackFrom: 'Renkei CSIRT <csirt@renkei.test>',
      });
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-feed', name: 'Hub', kind: 'hub_operations' }))
        .id;
      otherId = (
        await createWorkspace(test.ctx, null, { slug: 'hub-feed-other', name: 'Other', kind: 'hub_operations' })
      ).id;
      const h = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, h.id, 'handler');
      handler = await signIn(test.app, h.username);
      const p = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, p.id, 'partner', 'GREEN');
      partner = await signIn(test.app, p.username);
      const o = await makeUser(test.ctx);
      await addMember(test.ctx, otherId, o.id, 'handler');
      outsider = await signIn(test.app, o.username);
      const created = await handler.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/directory`,
        payload: {
          name: 'Customer Net',
          localName: 'カスタマーネット株式会社',
          kind: 'isp',
          country: 'JP',
          languages: ['ja'],
          emails: [{ address: 'abuse@customer.test', purpose: 'abuse' }],
          constituency: [{ kind: 'asn', value: '64500' }],
          tlp: 'AMBER',
        },
      });
      expect(created.json<Organisation>().name).toBe('Customer Net');
    });
    afterAll(async () => {
      await test.destroy();
      await relay.close();
      await rdap.close();
      rmSync(netdata, { recursive: true, force: true });
    });

    it('reads the feed, counts each stage, reports bad rows by line and groups events per party', async () => {
      const response = await handler.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/feeds?format=shadowserver&fileName=2026-12-04-scan_rdp-jp-geo.csv`,
        headers: { 'content-type': 'text/csv' },
        payload: REPORT,
      });
      expect(response.statusCode, response.body).toBe(201);
      feed = response.json<FeedImport>();
      // Two parties are known only by their AS: their registry's abuse contact is looked up next.
      expect(feed).toMatchObject({ status: 'contacts', progress: { stage: 'contacts', done: 0, total: 2 } });
      expect((await handler.request({ method: 'POST', url: `/api/feeds/${feed.id}/send` })).statusCode).toBe(409);
      await test.ctx.jobs.drain();
      feed = (await handler.request({ url: `/api/feeds/${feed.id}` })).json<FeedImport>();
      expect(feed).toMatchObject({
        status: 'ready',
        progress: null,
        report: 'scan_rdp',
        encoding: 'utf-8',
        tlp: 'AMBER',
        periodStart: '2026-12-04T01:00:00Z',
        periodEnd: '2026-12-04T02:00:00Z',
      });
      expect(feed.counts).toEqual({ rows: 5, events: 4, duplicates: 1, problems: 2, parties: 3, withoutContact: 1 });
      expect(feed.stages.map((stage) => stage.stage)).toEqual(['read', 'enrich', 'store', 'group']);
      expect(feed.stages.find((stage) => stage.stage === 'read')?.count).toBe(7);
      const detail = (await handler.request({ url: `/api/feeds/${feed.id}` })).json<FeedDetail>();
      expect(detail.problems.map((p) => [p.line, p.code])).toEqual([
        [7, 'bad_value'],
        [8, 'column_count'],
      ]);
      expect(
        detail.parties.map((p) => [p.name, p.events, p.status, p.recipients, p.recipientsSource, p.language]),
      ).toEqual([
        ['Customer Net', 2, 'draft', ['abuse@customer.test'], 'directory', 'ja'],
        ['AS64510 Example ISP', 1, 'draft', ['abuse@example-isp.test'], `RDAP ${rdap.url}autnum/64510`, 'ja'],
        ['AS64999', 1, 'no_contact', [], null, 'en'],
      ]);
      expect(detail.parties[2]!.contactNote).toBe(`RDAP ${rdap.url}autnum/64999: not found`);
      expect(rdap.asked.sort()).toEqual(['/autnum/64510', '/autnum/64999']);
      // Each stored event keeps its row as read, and its line: nothing read is lost.
      // Stored deflated: the texts come back exactly.
      const chunks = await partyChunks(test.ctx.db, feed.id, detail.parties[0]!.partyKey);
      expect(chunks.map((chunk) => [chunk.events, chunk.lines, inflateText(chunk.raw)])).toEqual([
        [2, '2,3', `${REPORT.split('\n')[1]}\n${REPORT.split('\n')[2]}\n`],
      ]);
    });

    it('reads a large file on several threads exactly as on one: events, duplicates, lines, problems, parties, stored text', async () => {
      const user = await makeUser(test.ctx);
      await addMember(test.ctx, workspaceId, user.id, 'handler');
      await addMember(test.ctx, otherId, user.id, 'handler');
      const actor = await actorOf(test.ctx, user.id);
      // Networks of the directory (AS64500), of an ISP (AS64510), given by the feed (AS64999) and
      // unknown; repeats near and far; bad rows; quoted line breaks, a stray quote, CRLF, blank lines.
      const rows = [HEADER];
      for (let n = 0; n < 400; n++) {
        const host = ['192.0.2', '198.51.100', '203.0.113', '10.9.8'][n % 4]!;
        const ip = n % 37 === 0 ? `${host}.999` : `${host}.${n % 9 === 0 ? 1 : n % 200}`;
        const hostname = n % 11 === 0 ? `"two\nlines, ${n}.test"` : n % 13 === 0 ? `5"disk-${n}` : `"h${n}.test"`;
        const asn = host === '203.0.113' ? '64999' : '';
        rows.push(
          n % 41 === 0
            ? `"2026-12-04 03:00:00","${ip}","tcp"`
            : `"2026-12-04 0${n % 3}:${String(n % 60).padStart(2, '0')}:00","${ip}","tcp",3389,${hostname},"rdp",${asn},,"TOKYO","千代田","medium"${n % 7 === 0 ? '\r' : ''}`,
        );
        if (n % 50 === 0) rows.push('');
      }
      // With a byte-order mark, arriving a byte at a time.
      const file = Buffer.from('\uFEFF' + rows.join('\n') + '\n');
      const read = async (workspace: string, threads: number) => {
        const chunks = [file.subarray(0, 1), file.subarray(1, 2)];
        for (let at = 2; at < file.length; at += 333) chunks.push(file.subarray(at, at + 333));
        const told: number[] = [];
        const feed = await importFeed(
          test.ctx,
          actor,
          workspace,
          {
            bytes: chunks,
            format: 'shadowserver',
            fileName: '2026-12-04-scan_rdp-jp-geo.csv',
            parallelReading: { fromBytes: 0, blockBytes: 700, threads },
            progressEvery: 100,
          },
          (progress) => told.push(progress.rows + progress.problems),
        );
        // Progress is told as the file is read (this small file is one batch on one thread), rising,
        // never beyond what was read.
        expect(told.length).toBeGreaterThanOrEqual(threads > 0 ? 3 : 1);
        expect([...told].sort((a, b) => a - b)).toEqual(told);
        expect(told.at(-1)).toBeLessThanOrEqual(feed.counts.rows + feed.counts.problems);
        const detail = await getImport(test.ctx, actor, feed.id);
        const parties = [];
        for (const party of detail.parties) {
          const stored = await partyChunks(test.ctx.db, feed.id, party.partyKey);
          parties.push({
            name: party.name,
            events: party.events,
            lines: stored.map((chunk) => chunk.lines).join(','),
            csv: stored.map((chunk) => inflateText(chunk.csv)).join(''),
            raw: stored.map((chunk) => inflateText(chunk.raw)).join(''),
          });
        }
        return {
          counts: feed.counts,
          period: [feed.periodStart, feed.periodEnd],
          problems: detail.problems.map((p) => [p.line, p.code, p.message, p.excerpt]),
          parties,
          stages: feed.stages.map((stage) => [stage.stage, stage.count]),
        };
      };
      for (const workspace of [workspaceId, otherId]) {
        const alone = await read(workspace, 0);
        const threaded = await read(workspace, 2);
        expect(threaded).toEqual(alone);
        expect(alone.counts.duplicates).toBeGreaterThan(100);
        expect(alone.problems.map((p) => p[1])).toEqual(expect.arrayContaining(['bad_value', 'column_count']));
        expect(alone.parties.find((party) => party.raw.includes('two\nlines'))).toBeDefined();
      }
      // Shift_JIS (Japanese spreadsheet exports) is cut and decoded the same way.
      const sjis = readFileSync(
        path.resolve(import.meta.dirname, '../../../../test/fixtures/feeds/scan_rdp-shift_jis.csv'),
      );
      const readSjis = async (threads: number) => {
        const feed = await importFeed(test.ctx, actor, otherId, {
          bytes: [sjis.subarray(0, 1000), sjis.subarray(1000)],
          format: 'shadowserver',
          fileName: '2026-12-04-scan_rdp-jp-geo.csv',
          parallelReading: { fromBytes: 0, blockBytes: 300, threads },
        });
        const detail = await getImport(test.ctx, actor, feed.id);
        const raw = [];
        for (const party of detail.parties)
          for (const chunk of await partyChunks(test.ctx.db, feed.id, party.partyKey))
            raw.push(chunk.lines, inflateText(chunk.raw));
        return { encoding: feed.encoding, counts: feed.counts, problems: detail.problems, raw };
      };
      const sjisAlone = await readSjis(0);
      expect(await readSjis(2)).toEqual(sjisAlone);
      expect(sjisAlone.encoding).toBe('shift_jis');
      expect(sjisAlone.raw.join('')).toContain('"ホスト1.example.jp","rdp",,,"東京都","千代田区"');
      expect(sjisAlone.raw.join('')).toContain('"大阪市\n北区"');
      // The directory's network goes to its organisation in the workspace that has it, to its AS elsewhere.
      expect((await read(workspaceId, 2)).parties.map((party) => party.name)).toContain('Customer Net');
      expect((await read(otherId, 2)).parties.map((party) => party.name)).toContain('AS64500 Customer Net');
    });

    it('previews exactly what leaves: Japanese text, the TLP, and the CSV of the party’s events only', async () => {
      const party = (await handler.request({ url: `/api/feeds/${feed.id}` })).json<FeedDetail>().parties[0]!;
      const preview = (
        await handler.request({ url: `/api/feeds/${feed.id}/parties/${encodeURIComponent(party.partyKey)}/preview` })
      ).json<FeedNotificationPreview>();
      expect(preview.subject).toBe('[TLP:AMBER] Customer Net に関する 2 件の通知（accessible-rdp）2026-12-04');
      expect(preview.body).toContain('Customer Net ご担当者様');
      expect(preview.body).toContain('  - accessible-rdp: 2');
      expect(preview.body).toContain('この情報は TLP:AMBER です');
      expect(preview.attachmentLines).toBe(2);
      expect(preview.attachmentHead).toContain('192.0.2.11');
      expect(preview.attachmentHead).not.toContain('198.51.100.7');
      const csv = await handler.request({
        url: `/api/feeds/${feed.id}/parties/${encodeURIComponent(party.partyKey)}/events.csv`,
      });
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(3);
      expect(csv.body).toContain(',64500,Customer Net,');
    });

    it('keeps imports above a reader’s clearance and other workspaces’ imports out of every read', async () => {
      expect((await partner.request({ url: `/api/feeds/${feed.id}` })).statusCode).toBe(404);
      expect((await partner.request({ url: `/api/workspaces/${workspaceId}/feeds` })).json<FeedImport[]>()).toEqual([]);
      expect((await outsider.request({ url: `/api/feeds/${feed.id}` })).statusCode).toBe(404);
      expect((await outsider.request({ method: 'POST', url: `/api/feeds/${feed.id}/send` })).statusCode).toBe(404);
    });

    it('sends one message per party with an address, through the relay, with the CSV attached; once', async () => {
      const sent = await handler.request({ method: 'POST', url: `/api/feeds/${feed.id}/send` });
      expect(sent.statusCode).toBe(202);
      expect(sent.json()).toEqual({ queued: 2, withoutContact: 1, withheld: 0 });
      expect((await handler.request({ url: `/api/feeds/${feed.id}` })).json<FeedImport>()).toMatchObject({
        status: 'sending',
        progress: { stage: 'sending', done: 0, total: 2 },
      });
      await test.ctx.jobs.drain();
      expect((await handler.request({ url: `/api/feeds/${feed.id}` })).json<FeedImport>()).toMatchObject({
        status: 'sent',
        progress: null,
      });
      expect(relay.received).toHaveLength(2);
      const isp = relay.received.find((received) => received.subject?.includes('AS64510'))!;
      expect(isp.to && !Array.isArray(isp.to) ? isp.to.text : '').toBe('abuse@example-isp.test');
      expect(isp.headers.get('content-language')).toBe('ja');
      const mail = relay.received.find((received) => received.subject?.includes('Customer Net'))!;
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('abuse@customer.test');
      expect(mail.subject).toContain('Customer Net に関する 2 件の通知');
      expect(mail.headers.get('x-renkei-tlp')).toBe('TLP:AMBER');
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]!.filename).toMatch(/scan_rdp-org_.*\.csv$/);
      expect(mail.attachments[0]!.content.toString('utf8')).toContain('192.0.2.10');
      const again = await handler.request({ method: 'POST', url: `/api/feeds/${feed.id}/send` });
      expect(again.statusCode).toBe(409);
      const audit = await test.ctx.db
        .selectFrom('audit_event')
        .select('action')
        .where('object_id', '=', feed.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((row) => row.action)).toEqual(['feed.import', 'feed.send']);
    });

    it('refuses a body that is not a file stream, and a file with no address column', async () => {
      const json = await handler.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/feeds?format=shadowserver`,
        payload: { a: 1 },
      });
      expect(json.statusCode).toBe(422);
      const headerless = await handler.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/feeds?format=shadowserver&report=scan_rdp`,
        headers: { 'content-type': 'text/csv' },
        payload: 'date,host\n2026-12-04,192.0.2.1\n',
      });
      expect(headerless.json<FeedImport>().counts).toMatchObject({ rows: 0, problems: 1 });
    });
  });
}
