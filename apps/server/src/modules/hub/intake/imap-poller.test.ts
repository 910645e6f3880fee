import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { startDovecot, type DovecotServer } from '../../../../test/dovecot.js';
import { createTestRuntime, type TestRuntime } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { parseImapUrl, pollImapMailbox, type ImapMailbox } from './imap-poller.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/mail');

describe('parseImapUrl', () => {
  it('reads host, port, TLS, credentials and mailbox', () => {
    expect(parseImapUrl('imaps://reports%40cert.example:p%40ss@mail.example:1993/Reports', 'Done')).toEqual({
      host: 'mail.example',
      port: 1993,
      secure: true,
      user: 'reports@cert.example',
      password: 'p@ss',
      mailbox: 'Reports',
      processedFolder: 'Done',
    });
    expect(parseImapUrl('imap://u:p@127.0.0.1', 'Processed')).toMatchObject({
      port: 143,
      secure: false,
      mailbox: 'INBOX',
    });
    expect(() => parseImapUrl('http://x', 'P')).toThrow(/imap:\/\//);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: IMAP poller against Dovecot`, () => {
    let dovecot: DovecotServer;
    let test: TestRuntime;
    let mailbox: ImapMailbox;
    let client: ImapFlow;

    beforeAll(async () => {
      dovecot = await startDovecot();
      test = await createTestRuntime(dialect);
      await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
      mailbox = parseImapUrl(
        `imap://${dovecot.user}:${dovecot.password}@${dovecot.host}:${dovecot.port}/INBOX`,
        'Processed',
      );
      client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        auth: { user: dovecot.user, pass: dovecot.password },
        logger: false,
      });
      await client.connect();
    });
    afterAll(async () => {
      await client?.logout();
      await test?.destroy();
      dovecot?.stop();
    });

    const reportCount = async () =>
      Number(
        (
          await test.ctx.db
            .selectFrom('report')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('files every message in the mailbox and moves it to the processed folder', async () => {
      await client.append('INBOX', readFileSync(path.join(FIXTURES, 'ja-phishing-forward.eml')));
      await client.append('INBOX', readFileSync(path.join(FIXTURES, 'en-defacement.eml')));
      expect(dovecot.countMessages('')).toBe(2);

      const result = await pollImapMailbox(test.ctx, mailbox);
      expect(result.received).toBe(2);
      await test.ctx.jobs.drain();
      expect(await reportCount()).toBe(2);
      expect(dovecot.countMessages('')).toBe(0);
      expect(dovecot.countMessages('Processed')).toBe(2);
      const sources = await test.ctx.db.selectFrom('inbound_mail').select(['source', 'status']).execute();
      expect(sources).toEqual([
        { source: 'imap', status: 'processed' },
        { source: 'imap', status: 'processed' },
      ]);
      // An empty mailbox is a quiet poll.
      expect((await pollImapMailbox(test.ctx, mailbox)).received).toBe(0);
    });

    it('makes one report when the same message arrives twice, with or without a Message-ID', async () => {
      const before = await reportCount();
      const withoutId = Buffer.from(
        'From: someone@example.org\r\nTo: report@renkei.example\r\nSubject: scan from 203.0.113.9\r\n\r\nWe see scans from 203.0.113.9 since 10:00 JST.\r\n',
      );
      // The state after a crash between storing and moving: the message is still in the inbox.
      await client.append('INBOX', withoutId);
      await client.append('INBOX', withoutId);
      // The same message relayed once more: other bytes (one more Received line), same Message-ID.
      const relayedAgain = Buffer.concat([
        Buffer.from('Received: from relay.example.org by mx.renkei.example; Mon, 23 Nov 2026 10:00:00 +0900\r\n'),
        readFileSync(path.join(FIXTURES, 'ja-phishing-forward.eml')),
      ]);
      await client.append('INBOX', relayedAgain);
      expect((await pollImapMailbox(test.ctx, mailbox)).received).toBe(3);
      await test.ctx.jobs.drain();
      expect(await reportCount()).toBe(before + 1);
      const duplicates = await test.ctx.db
        .selectFrom('inbound_mail')
        .select('reason')
        .where('reason', 'in', ['same raw message', 'duplicate message-id'])
        .execute();
      expect(duplicates.map((row) => row.reason).sort()).toEqual(['duplicate message-id', 'same raw message']);
      expect(dovecot.countMessages('')).toBe(0);
    });

    it('reports a wrong password as an error and leaves the mailbox alone', async () => {
      await client.append(
        'INBOX',
        Buffer.from('From: a@example.org\r\nSubject: x\r\n\r\nhttps://wrong-password-renkei-test.com/\r\n'),
      );
      await expect(pollImapMailbox(test.ctx, { ...mailbox, password: 'wrong' })).rejects.toThrow();
      expect(dovecot.countMessages('')).toBe(1);
    });
  });
}
