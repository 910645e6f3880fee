import { createHash } from 'node:crypto';
import { intakeConfig } from './intake.config.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { createTestRuntime, type TestRuntime } from '../../../../test/test-runtime.js';
import { trigramKeys } from '../../../platform/pure.js';
import { createWorkspace } from '../../core/admin/index.js';
import { fileReports } from '../incident/index.js';
import { importMail } from './mail-filing.js';
import { receiveMail } from './receipt.js';

/**
 * A mailbox whose messages depend on each other: the same URL again (same incident), the same
 * IP or registered domain (related), replies to earlier messages, the same bytes twice, the
 * same Message-ID with the same content (folded) and with other content (its own report), and a
 * message that is not mail.
 */
function mailbox(): Buffer[] {
  const messages = Array.from({ length: 60 }, (_, i) => {
    const headers = [
      `From: reporter${i % 4}@sender.example.jp`,
      'To: report@renkei.example',
      `Subject: Report ${i}`,
      `Message-ID: <m-${i}@sender.example.jp>`,
    ];
    // A follow-up from the same reporter (replies thread only from the replied report's sender).
    if (i % 10 === 5) headers.push(`In-Reply-To: <m-${i - 4}@sender.example.jp>`);
    const body = [
      `Phishing at hxxps://login[.]bank${i % 9}-test[.]jp/p${i % 9}`,
      `Scanning from 198.51.100.${i % 11}`,
      i % 6 === 0 ? `See also https://cdn${i}.bank${(i + 1) % 9}-test.jp/` : '',
    ].join('\r\n');
    return Buffer.from(`${headers.join('\r\n')}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${body}\r\n`);
  });
  messages[45] = messages[12]!; // the same bytes again
  // The same Message-ID with other content (phishers reuse them): a report of its own.
  messages[50] = Buffer.from(messages[50]!.toString().replace('<m-50@', '<m-13@'));
  // The same message relayed once more (other bytes, same Message-ID and content): folded.
  messages[51] = Buffer.concat([Buffer.from('Received: from relay.example by mx.renkei.example\r\n'), messages[13]!]);
  messages[55] = Buffer.from('\u0000\u0001 not a message');
  return messages;
}

/** What filing made of the mailbox, in terms that do not depend on generated ids. */
async function outcome(test: TestRuntime) {
  const db = test.ctx.db;
  const incidents = await db
    .selectFrom('incident')
    .select(['id', 'tracking_number', 'report_count', 'status'])
    .execute();
  const tracking = new Map(incidents.map((row) => [row.id, row.tracking_number]));
  const reports = await db
    .selectFrom('report')
    .select(['message_id', 'incident_id', 'subject'])
    .orderBy('subject')
    .execute();
  const links = await db.selectFrom('incident_link').select(['incident_id', 'related_id', 'reason']).execute();
  const inbound = await db.selectFrom('inbound_mail').select(['status', 'reason']).execute();
  const observableLinks = await db.selectFrom('incident_observable').select(['incident_id', 'observable_id']).execute();
  return {
    reports: reports.map((r) => `${r.subject} ${r.message_id} → ${tracking.get(r.incident_id)}`),
    incidents: incidents.map((i) => `${i.tracking_number} ${i.status} ×${i.report_count}`).sort(),
    links: links.map((l) => `${tracking.get(l.incident_id)} ↔ ${tracking.get(l.related_id)} (${l.reason})`).sort(),
    inbound: inbound.map((m) => `${m.status} ${m.reason ?? ''}`).sort(),
    observableLinks: observableLinks.length,
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: bulk import`, () => {
    const runtimes: TestRuntime[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 3; i += 1) {
        const test = await createTestRuntime(dialect);
        await createWorkspace(test.ctx, null, {
          slug: intakeConfig.of(test.ctx.config).hubIntakeWorkspace,
          name: 'Hub',
          kind: 'hub_operations',
        });
        runtimes.push(test);
      }
    });
    afterAll(async () => Promise.all(runtimes.map((test) => test.destroy())));

    it('files a batch exactly as it files the same messages one at a time', async () => {
      const [oneByOne, batched] = runtimes as [TestRuntime, TestRuntime];
      const progress: number[] = [];
      const counts = await importMail(batched.ctx, mailbox(), {
        batchSize: 25,
        onProgress: (done) => progress.push(done),
      });
      expect(await importMail(oneByOne.ctx, mailbox(), { batchSize: 1 })).toEqual(counts);
      expect(counts).toEqual({ processed: 57, duplicate: 2, quarantined: 1 });
      expect(progress).toEqual([25, 50, 60]);

      const expected = await outcome(oneByOne);
      const actual = await outcome(batched);
      expect(actual).toEqual(expected);

      // Streamed as read (an mbox from disk), in batches bounded by bytes: each batch ends with
      // the message that takes it to 2,000 bytes; the total is not known in advance.
      const streamed = runtimes[2]!;
      const streamedProgress: [number, number | undefined][] = [];
      const streamedCounts = await importMail(
        streamed.ctx,
        (async function* () {
          yield* mailbox();
        })(),
        { batchBytes: 2000, onProgress: (done, total) => streamedProgress.push([done, total]) },
      );
      expect(streamedCounts).toEqual(counts);
      const batchEnds: number[] = [];
      let bytes = 0;
      mailbox().forEach((message, index) => {
        bytes += message.length;
        if (bytes >= 2000 || index === 59) {
          batchEnds.push(index + 1);
          bytes = 0;
        }
      });
      expect(batchEnds.length).toBeGreaterThan(3);
      expect(streamedProgress).toEqual(batchEnds.map((done) => [done, undefined]));
      expect(await outcome(streamed)).toEqual(expected);
      // The mailbox does exercise threading and correlation inside a batch.
      expect(actual.reports).toContain(
        'Report 15 <m-15@sender.example.jp> → ' +
          actual.reports.find((r) => r.startsWith('Report 11 '))!.split(' → ')[1],
      );
      expect(actual.reports.find((r) => r.startsWith('Report 9 '))!.split(' → ')[1]).toBe(
        actual.reports.find((r) => r.startsWith('Report 0 '))!.split(' → ')[1],
      );
      expect(actual.links.some((l) => l.includes('ipv4:198.51.100.'))).toBe(true);
      expect(actual.links.some((l) => l.includes('registered_domain:bank'))).toBe(true);
      // PostgreSQL: each document's index keys are its words' keys, though a parse worker keyed
      // a report's body words and the writing thread only its title's.
      if (dialect === 'postgres') {
        const documents = await sql<{
          terms: string;
          keys: number[];
        }>`SELECT terms, trigram_keys AS keys FROM search_document`.execute(batched.ctx.db);
        expect(documents.rows.length).toBeGreaterThan(60);
        for (const row of documents.rows) expect(row.keys).toEqual([...trigramKeys(row.terms)]);
      }
    });

    it('commits mail received at the same moment together, each message once and with its job', async () => {
      const [oneByOne] = runtimes as [TestRuntime, TestRuntime];
      const messages = mailbox()
        .slice(0, 30)
        .map((raw) =>
          Buffer.from(raw.toString().replace('Subject: Report', 'Subject: Received').replace('<m-', '<burst-')),
        );
      messages.push(Buffer.alloc(intakeConfig.of(oneByOne.ctx.config).smtpMaxBytes + 1, 'x')); // over the limit: kept, quarantined
      const received = await Promise.all(
        messages.map((raw) =>
          receiveMail(oneByOne.ctx, raw, { source: 'smtp', from: 'a@example.jp', to: ['report@renkei.example'] }),
        ),
      );
      expect(new Set(received.map((r) => r.inboundId)).size).toBe(31);
      const rows = await oneByOne.ctx.db
        .selectFrom('inbound_mail')
        .select(['id', 'raw_sha256', 'status', 'envelope_to'])
        .where(
          'id',
          'in',
          received.map((r) => r.inboundId),
        )
        .execute();
      expect(rows.map((r) => r.status).sort()).toEqual(
        [...Array.from({ length: 30 }, () => 'received'), 'quarantined'].sort(),
      );
      for (const r of received) expect(rows.find((row) => row.id === r.inboundId)?.raw_sha256).toBe(r.rawSha256);
      const jobs = await oneByOne.ctx.db
        .selectFrom('job')
        .select('idempotency_key')
        .where('name', '=', 'intake.process-mail')
        .where(
          'idempotency_key',
          'in',
          received.map((r) => r.inboundId),
        )
        .execute();
      expect(jobs).toHaveLength(30);
      const blobs = await oneByOne.ctx.db
        .selectFrom('blob')
        .select('sha256')
        .where(
          'sha256',
          'in',
          received.map((r) => r.rawSha256),
        )
        .execute();
      expect(blobs).toHaveLength(31);

      // The worker files the burst as one batch: one claim takes all 30 filing jobs.
      expect(await oneByOne.ctx.jobs.runOnce()).toBeGreaterThanOrEqual(30);
      const filed = await oneByOne.ctx.db
        .selectFrom('inbound_mail')
        .select(['status', 'reason', 'report_id'])
        .where(
          'id',
          'in',
          received.map((r) => r.inboundId),
        )
        .execute();
      expect(filed.filter((row) => row.status === 'processed' && row.report_id !== null)).toHaveLength(30);
      // Each was a new message (its Message-ID and bytes differ from the import's), not a duplicate.
      expect(filed.filter((row) => row.reason === null && row.status === 'processed')).toHaveLength(30);

      // A burst with every outcome: each message's row says how it was filed (one statement sets them all).
      const mixed = [
        Buffer.from(messages[0]!.toString().replace('<burst-', '<mixed-')),
        Buffer.from(messages[1]!.toString().replace('<burst-', '<mixed-')),
        messages[2]!, // the same bytes as a message filed above
        Buffer.from('\u0000\u0001 not a message'),
      ];
      const second = await Promise.all(
        mixed.map((raw) =>
          receiveMail(oneByOne.ctx, raw, { source: 'smtp', from: 'a@example.jp', to: ['report@renkei.example'] }),
        ),
      );
      expect(await oneByOne.ctx.jobs.runOnce()).toBeGreaterThanOrEqual(4);
      const settledRows = await Promise.all(
        second.map((r) =>
          oneByOne.ctx.db
            .selectFrom('inbound_mail')
            .select(['status', 'reason', 'report_id'])
            .where('id', '=', r.inboundId)
            .executeTakeFirstOrThrow(),
        ),
      );
      const firstReport = await oneByOne.ctx.db
        .selectFrom('inbound_mail')
        .select('report_id')
        .where('id', '=', received[2]!.inboundId)
        .executeTakeFirstOrThrow();
      expect(settledRows.map((row) => [row.status, row.reason])).toEqual([
        ['processed', null],
        ['processed', null],
        ['processed', 'same raw message'],
        ['quarantined', expect.any(String)],
      ]);
      expect(settledRows[0]!.report_id).not.toBe(settledRows[1]!.report_id);
      expect(settledRows[2]!.report_id).toBe(firstReport.report_id);
      expect(settledRows[3]!.report_id).toBeNull();
    });

    it('folds a message imported again into its first report', async () => {
      const [, batched] = runtimes as [TestRuntime, TestRuntime];
      const again = mailbox().slice(0, 10);
      expect(await importMail(batched.ctx, again, { batchSize: 25 })).toEqual({ duplicate: 10 });
    });

    it('files reports that share many indicators with many incidents (scan, DDoS lists) the same in a batch as one by one', async () => {
      const [first, second] = [await createTestRuntime(dialect), await createTestRuntime(dialect)];
      try {
        for (const test of [first, second])
          await createWorkspace(test.ctx, null, {
            slug: intakeConfig.of(test.ctx.config).hubIntakeWorkspace,
            name: 'Hub',
            kind: 'hub_operations',
          });
        // 45 reports, each listing 30 of 40 scanner addresses and the hash of its malware sample;
        // report 40 has report 5's sample (a hash is looked at after the addresses).
        const hash = (i: number) =>
          createHash('sha256')
            .update(`sample ${i === 40 ? 5 : i}`)
            .digest('hex');
        const messages = Array.from({ length: 45 }, (_, i) => {
          const addresses = Array.from({ length: 30 }, (_, k) => `Source: 203.0.113.${(i * 7 + k) % 40}`);
          return Buffer.from(
            `From: soc@victim.example.jp\r\nSubject: DDoS ${i}\r\nMessage-ID: <ddos-${i}@victim.example.jp>\r\n\r\n${addresses.join('\r\n')}\r\nSample SHA-256: ${hash(i)}\r\n`,
          );
        });
        expect(await importMail(first.ctx, messages, { batchSize: 20 })).toEqual({ processed: 45 });
        expect(await importMail(second.ctx, messages, { batchSize: 1 })).toEqual({ processed: 45 });
        const filed = await outcome(first);
        expect(filed).toEqual(await outcome(second));
        // The strong match (same file hash) wins even after twenty related incidents were found.
        const incidentOf = (subject: string) => filed.reports.find((r) => r.startsWith(`${subject} `))!.split(' → ')[1];
        expect(incidentOf('DDoS 40')).toBe(incidentOf('DDoS 5'));
        expect(filed.incidents).toHaveLength(44);
        // Heavily linked: some incident is related to twenty or more others.
        const relatedOf = new Map<string, number>();
        for (const link of filed.links)
          relatedOf.set(link.split(' ↔ ')[0]!, (relatedOf.get(link.split(' ↔ ')[0]!) ?? 0) + 1);
        expect(Math.max(...relatedOf.values())).toBeGreaterThanOrEqual(20);
      } finally {
        await Promise.all([first.destroy(), second.destroy()]);
      }
    }, 60_000);

    it("counts a batch's reports into the incidents they join and raises each incident's TLP to its reports' highest", async () => {
      const test = await createTestRuntime(dialect);
      try {
        const workspace = await createWorkspace(test.ctx, null, {
          slug: intakeConfig.of(test.ctx.config).hubIntakeWorkspace,
          name: 'Hub',
          kind: 'hub_operations',
        });
        const report = (site: string, tlp: 'GREEN' | 'AMBER' | 'RED') => ({
          workspaceId: workspace.id,
          channel: 'email' as const,
          tlp,
          subject: `Phishing ${site}`,
          body: `hxxps://${site}-bank-test[.]jp/login`,
        });
        const file = (inputs: ReturnType<typeof report>[]) =>
          test.ctx.db.transaction().execute((trx) => fileReports(trx, inputs));
        const [first, second, third] = await file([
          report('alpha', 'AMBER'),
          report('bravo', 'AMBER'),
          report('charlie', 'GREEN'),
        ]);
        // A later batch joins all three: one report raises its incident to RED, one is lower, two join the third.
        await file([
          report('alpha', 'RED'),
          report('bravo', 'GREEN'),
          report('charlie', 'GREEN'),
          report('charlie', 'AMBER'),
        ]);
        const incidents = await test.ctx.db.selectFrom('incident').select(['id', 'tlp', 'report_count']).execute();
        const state = (id: string) => incidents.find((incident) => incident.id === id);
        expect(incidents).toHaveLength(3);
        expect(state(first!.incidentId)).toMatchObject({ tlp: 'RED', report_count: 2 });
        expect(state(second!.incidentId)).toMatchObject({ tlp: 'AMBER', report_count: 2 });
        expect(state(third!.incidentId)).toMatchObject({ tlp: 'AMBER', report_count: 3 });
      } finally {
        await test.destroy();
      }
    });

    it('quarantines a message that exhausts the parse worker, with the reason and its bytes, and files the others', async () => {
      const test = await createTestRuntime(dialect, { intakeWorkers: 1, intakeReadMemoryMb: 64 });
      try {
        await createWorkspace(test.ctx, null, {
          slug: intakeConfig.of(test.ctx.config).hubIntakeWorkspace,
          name: 'Hub',
          kind: 'hub_operations',
        });
        const line = 'Phishing site at hxxp://evil[.]example/login from 192.0.2.1, reported again and again\r\n';
        const huge = Buffer.from(
          `From: a@example.jp\r\nSubject: huge\r\nMessage-ID: <huge@example.jp>\r\n\r\n${line.repeat(Math.ceil((15 << 20) / line.length))}`,
        );
        const messages = [...mailbox().slice(0, 3), huge, ...mailbox().slice(3, 6)];
        expect(await importMail(test.ctx, messages)).toEqual({ processed: 6, quarantined: 1 });
        const quarantined = await test.ctx.db
          .selectFrom('inbound_mail')
          .select(['raw_sha256', 'reason'])
          .where('status', '=', 'quarantined')
          .execute();
        expect(quarantined).toHaveLength(1);
        expect(quarantined[0]?.reason).toBe("reading the message exhausted the parse worker's memory limit (64 MiB)");
        const stored = await test.ctx.db
          .selectFrom('blob')
          .select('size')
          .where('sha256', '=', quarantined[0]!.raw_sha256)
          .executeTakeFirst();
        expect(stored?.size).toBe(huge.length);
      } finally {
        await test.destroy();
      }
    }, 60_000);
  });
}
