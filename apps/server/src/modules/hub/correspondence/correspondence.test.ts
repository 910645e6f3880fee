import { createServer } from 'node:net';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn } from '../../../../test/factories.js';
import { startTestRelay, type TestRelay } from '../../../../test/mail-relay.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../../test/test-runtime.js';
import { generateTeamKey, openPgpMail } from '../keyring/index.js';
import {
  acknowledgementMessage,
  claimReplies,
  deliveryStatuses,
  messageProtection,
  queueMessage,
  type OutboundMessage,
} from './index.js';

/** A port nothing listens on: a relay that refuses every connection. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: correspondence`, () => {
    let test: TestRuntime;
    let relay: TestRelay;
    let workspaceId: string;
    const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
      workspaceId,
      owner: { type: 'incident', id: 'incident-1' },
      purpose: 'message',
      tlp: 'AMBER',
      to: ['abuse@hosting-renkei-test.example'],
      subject: '[RK-2026-000001] Phishing site on your network',
      body: 'Please take it down.',
      ...overrides,
    });

    beforeAll(async () => {
      relay = await startTestRelay();
      test = await createTestRuntime(dialect, {
        smtpRelayUrl: relay.url,
        ackFrom: 'Renkei CSIRT <csirt@renkei.example>',
      });
      workspaceId = (await makeWorkspace(test.ctx)).id;
    });
    afterAll(async () => {
      await test.destroy();
      await relay.close();
    });

    it('stores a message with our Message-ID, sends it by a job, and records the delivery', async () => {
      const queued = await queueMessage(test.ctx, test.ctx.db, message({ inReplyTo: '<report-1@victim.example>' }));
      expect(queued).toMatchObject({ status: 'queued', isNew: true });
      expect(queued.messageId).toMatch(/^<[0-9a-f-]{36}@renkei\.example>$/);
      expect((await deliveryStatuses(test.ctx.db, workspaceId, [queued.messageId])).get(queued.messageId)).toBe(
        'queued',
      );
      await test.ctx.jobs.drain();
      const sent = relay.received.find((mail) => mail.messageId === queued.messageId);
      expect(sent?.subject).toBe('[RK-2026-000001] Phishing site on your network');
      expect(sent?.from?.text).toContain('csirt@renkei.example');
      expect(sent?.inReplyTo).toBe('<report-1@victim.example>');
      expect(sent?.headers.get('x-renkei-tlp')).toBe('TLP:AMBER');
      expect((await deliveryStatuses(test.ctx.db, workspaceId, [queued.messageId])).get(queued.messageId)).toBe('sent');
    });

    it('queues a message once per idempotency key, so a retried sender does not send twice', async () => {
      const first = await queueMessage(test.ctx, test.ctx.db, message({ idempotencyKey: 'ack:report-9' }));
      const again = await queueMessage(test.ctx, test.ctx.db, message({ idempotencyKey: 'ack:report-9' }));
      expect(again).toMatchObject({ id: first.id, messageId: first.messageId, isNew: false });
      await test.ctx.jobs.drain();
      expect(relay.received.filter((mail) => mail.messageId === first.messageId)).toHaveLength(1);
    });

    it('lets the owner of a message claim the replies to it, in its own workspace only', async () => {
      const queued = await queueMessage(
        test.ctx,
        test.ctx.db,
        message({ owner: { type: 'incident', id: 'incident-7' } }),
      );
      const claims = await claimReplies(test.ctx.db, workspaceId, [queued.messageId, '<not-ours@elsewhere.example>']);
      expect([...claims]).toEqual([[queued.messageId, { type: 'incident', id: 'incident-7' }]]);
      const other = (await makeWorkspace(test.ctx)).id;
      expect((await claimReplies(test.ctx.db, other, [queued.messageId])).size).toBe(0);
    });

    it('retries a message the relay refuses, and marks it failed after the last attempt', async () => {
      const refusing = await createTestRuntime(dialect, { smtpRelayUrl: `smtp://127.0.0.1:${await closedPort()}` });
      try {
        const other = (await makeWorkspace(refusing.ctx)).id;
        const queued = await queueMessage(refusing.ctx, refusing.ctx.db, message({ workspaceId: other }));
        // Each failure puts the job back after a backoff; make it due again rather than wait.
        for (let attempt = 1; attempt <= 8; attempt++) {
          await refusing.ctx.jobs.drain();
          const status = (await deliveryStatuses(refusing.ctx.db, other, [queued.messageId])).get(queued.messageId);
          expect({ attempt, status }).toEqual({ attempt, status: attempt < 8 ? 'queued' : 'failed' });
          await refusing.ctx.db
            .updateTable('job')
            .set({ run_at: new Date(0).toISOString() })
            .where('status', '=', 'queued')
            .execute();
        }
      } finally {
        await refusing.destroy();
      }
    });

    it('without a relay, stores the message and fails its delivery at once with the reason (no retries)', async () => {
      const offline = await createTestRuntime(dialect);
      try {
        const other = (await makeWorkspace(offline.ctx)).id;
        const queued = await queueMessage(offline.ctx, offline.ctx.db, message({ workspaceId: other }));
        await offline.ctx.jobs.drain();
        const row = await offline.ctx.db
          .selectFrom('outbound_message')
          .select(['status', 'last_error'])
          .where('message_id', '=', queued.messageId)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe('failed');
        expect(row.last_error).toContain('RENKEI_SMTP_RELAY_URL');
        const waiting = await offline.ctx.db.selectFrom('job').select('id').where('status', '=', 'queued').execute();
        expect(waiting).toEqual([]);
      } finally {
        await offline.destroy();
      }
    });

    it('signs with the team key, encrypts to recipients whose keys are in the directory, and records which', async () => {
      const pgp = await createTestApp(dialect, {
        smtpRelayUrl: relay.url,
        ackFrom: 'Renkei CSIRT <csirt@renkei.example>',
        pgpPassphrase: 'the passphrase this installation keeps its key under',
      });
      try {
        const ws = (await makeWorkspace(pgp.ctx)).id;
        const admin = await makeUser(pgp.ctx);
        await addMember(pgp.ctx, ws, admin.id, 'admin');
        const team = await generateTeamKey(pgp.ctx, null, ws, { name: 'Renkei CSIRT', email: 'csirt@renkei.example' });
        const teamKey = await openpgp.readKey({ armoredKey: team.armoredPublic });
        const hoster = await openpgp.generateKey({
          type: 'ecc',
          curve: 'curve25519Legacy',
          userIDs: [{ name: 'Hosting abuse desk', email: 'abuse@keyed-hosting.example' }],
          format: 'object',
        });
        const added = await (
          await signIn(pgp.app, admin.username)
        ).post(`/api/workspaces/${ws}/pgp-keys`, {
          armoredKey: hoster.publicKey.armor(),
        });
        expect(added.statusCode).toBe(201);

        const sendAndRead = async (to: string[]) => {
          const queued = await queueMessage(
            pgp.ctx,
            pgp.ctx.db,
            message({ workspaceId: ws, to, body: '削除をお願いします。' }),
          );
          await pgp.ctx.jobs.drain();
          const raw = relay.raw.find((mail) => mail.includes(queued.messageId));
          return { raw: raw!, protection: await messageProtection(pgp.ctx.db, ws, queued.messageId) };
        };

        // A recipient with a key: signed and encrypted; only their key opens it.
        const keyed = await sendAndRead(['Abuse <ABUSE@keyed-hosting.example>']);
        expect(keyed.protection).toBe('signed+encrypted');
        expect(keyed.raw.toString('latin1')).toMatch(/multipart\/encrypted/);
        const opened = await openPgpMail(keyed.raw, {
          decryptionKeys: [hoster.privateKey],
          verificationKeys: [teamKey],
        });
        expect(opened?.outcome).toMatchObject({ encrypted: true, signature: 'valid' });
        expect(opened!.raw.toString('utf8')).toMatch(/Subject: \[RK-2026-000001\]/);

        // One recipient without a key: signed only, so that every recipient can read it.
        const mixed = await sendAndRead(['abuse@keyed-hosting.example', 'noc@keyless-isp.example']);
        expect(mixed.protection).toBe('signed');
        const verified = await openPgpMail(mixed.raw, { decryptionKeys: [], verificationKeys: [teamKey] });
        expect(verified?.outcome).toMatchObject({ encrypted: false, signature: 'valid' });
      } finally {
        await pgp.destroy();
      }
    });

    it('sends without OpenPGP when the workspace has no team key, and says so', async () => {
      const queued = await queueMessage(test.ctx, test.ctx.db, message());
      await test.ctx.jobs.drain();
      expect(await messageProtection(test.ctx.db, workspaceId, queued.messageId)).toBe('none');
      expect(relay.raw.find((mail) => mail.includes(queued.messageId))?.toString('latin1')).not.toMatch(
        /multipart\/signed/,
      );
    });

    it('writes acknowledgements in Japanese and English with the tracking number', () => {
      const ja = acknowledgementMessage('ja', { trackingNumber: 'RK-2026-000042', originalSubject: 'フィッシング' });
      expect(ja.subject).toBe('[RK-2026-000042] 受付のお知らせ: フィッシング');
      expect(ja.body).toContain('受付番号: RK-2026-000042');
      const en = acknowledgementMessage('en', { trackingNumber: 'RK-2026-000042', originalSubject: 'Phishing' });
      expect(en.subject).toBe('[RK-2026-000042] Acknowledgement: Phishing');
    });
  });
}
