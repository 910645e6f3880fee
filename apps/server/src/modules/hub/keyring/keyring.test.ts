import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { createWorkspace } from '../../core/admin/index.js';
import { receiveMail, processInboundMail } from '../intake/index.js';
import { generateTeamKey, importTeamKey } from './keyring.service.js';

const PGP = path.resolve(import.meta.dirname, '../../../../test/fixtures/mail/pgp');
const fixture = (name: string) => readFileSync(path.join(PGP, name));
const TEAM_PASSPHRASE = 'renkei test team passphrase';
const AT_REST_PASSPHRASE = 'the passphrase this installation keeps its key under';

for (const dialect of DIALECTS) {
  describe(`${dialect}: OpenPGP key directory, team key and encrypted reports`, () => {
    let test: TestApp;
    let workspaceId: string;
    let admin: Client;
    let handler: Client;
    let partner: Client;
    let outsider: Client;
    let reporterFingerprint: string;

    beforeAll(async () => {
      test = await createTestApp(dialect, { pgpPassphrase: AT_REST_PASSPHRASE });
      workspaceId = (await createWorkspace(test.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' }))
        .id;
      const users = {
        admin: await makeUser(test.ctx),
        handler: await makeUser(test.ctx),
        partner: await makeUser(test.ctx),
        outsider: await makeUser(test.ctx),
      };
      await addMember(test.ctx, workspaceId, users.admin.id, 'admin');
      await addMember(test.ctx, workspaceId, users.handler.id, 'handler');
      await addMember(test.ctx, workspaceId, users.partner.id, 'partner');
      const other = await makeWorkspace(test.ctx);
      await addMember(test.ctx, other.id, users.outsider.id, 'admin');
      admin = await signIn(test.app, users.admin.username);
      handler = await signIn(test.app, users.handler.username);
      partner = await signIn(test.app, users.partner.username);
      outsider = await signIn(test.app, users.outsider.username);
      reporterFingerprint = (await openpgp.readKey({ armoredKey: fixture('reporter-public.asc').toString() }))
        .getFingerprint()
        .toUpperCase();
    });
    afterAll(() => test.destroy());

    it('refuses to create a team key when no passphrase protects it at rest', async () => {
      const bare = await createTestApp(dialect);
      try {
        const ws = await makeWorkspace(bare.ctx);
        await expect(
          generateTeamKey(bare.ctx, null, ws.id, { name: 'CSIRT', email: 'csirt@example.org' }),
        ).rejects.toThrow(/RENKEI_PGP_PASSPHRASE/);
      } finally {
        await bare.destroy();
      }
    });

    it('imports the team key and stores its private half only encrypted, under the configured passphrase', async () => {
      expect(
        (
          await handler.post(`/api/workspaces/${workspaceId}/pgp-keys/team`, {
            armoredKey: fixture('team-key.asc').toString(),
            passphrase: TEAM_PASSPHRASE,
          })
        ).statusCode,
      ).toBe(403);
      const response = await admin.post(`/api/workspaces/${workspaceId}/pgp-keys/team`, {
        armoredKey: fixture('team-key.asc').toString(),
        passphrase: TEAM_PASSPHRASE,
      });
      expect(response.statusCode).toBe(201);
      expect(response.json<{ isTeamKey: boolean }>().isTeamKey).toBe(true);
      const row = await test.ctx.db
        .selectFrom('pgp_key')
        .selectAll()
        .where('is_team_key', '=', 1)
        .executeTakeFirstOrThrow();
      const stored = await openpgp.readPrivateKey({ armoredKey: row.armored_private! });
      expect(stored.isDecrypted()).toBe(false);
      await expect(openpgp.decryptKey({ privateKey: stored, passphrase: TEAM_PASSPHRASE })).rejects.toThrow();
      expect((await openpgp.decryptKey({ privateKey: stored, passphrase: AT_REST_PASSPHRASE })).isDecrypted()).toBe(
        true,
      );
      // A wrong passphrase for the key being imported is a clear error, not a silent success.
      await expect(
        importTeamKey(test.ctx, null, workspaceId, fixture('team-key.asc').toString(), 'wrong'),
      ).rejects.toThrow(/another passphrase/);
    });

    it('publishes the team public key without sign-in', async () => {
      const response = await test.app.inject({ method: 'GET', url: '/api/public/pgp-key' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/pgp-keys/);
      expect(response.body).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
      expect(response.body).not.toContain('PRIVATE');
    });

    it('keeps the directory to its workspace and its writers', async () => {
      const armoredKey = fixture('reporter-public.asc').toString();
      expect((await partner.post(`/api/workspaces/${workspaceId}/pgp-keys`, { armoredKey })).statusCode).toBe(403);
      expect(
        (
          await handler.post(`/api/workspaces/${workspaceId}/pgp-keys`, {
            armoredKey: fixture('team-key.asc').toString(),
          })
        ).statusCode,
      ).toBe(400);
      const added = await handler.post(`/api/workspaces/${workspaceId}/pgp-keys`, { armoredKey });
      expect(added.statusCode).toBe(201);
      expect(added.json<{ fingerprint: string; userIds: string[] }>()).toMatchObject({
        fingerprint: reporterFingerprint,
        userIds: ['佐藤 花子 <sato@sample-corp.example.jp>'],
      });
      expect((await handler.post(`/api/workspaces/${workspaceId}/pgp-keys`, { armoredKey })).statusCode).toBe(409);
      expect((await partner.get(`/api/workspaces/${workspaceId}/pgp-keys`)).json<unknown[]>()).toHaveLength(2);
      expect((await outsider.get(`/api/workspaces/${workspaceId}/pgp-keys`)).statusCode).toBe(404);
      expect((await outsider.delete(`/api/pgp-keys/${added.json<{ id: string }>().id}`)).statusCode).toBe(404);
    });

    const file = async (name: string) => {
      const { inboundId } = await receiveMail(test.ctx, fixture(name), { source: 'smtp' });
      return { inboundId, result: await processInboundMail(test.ctx, inboundId) };
    };

    it('files a PGP/MIME encrypted and signed report, decrypted, with its observables and a valid signature', async () => {
      const { result } = await file('pgp-mime-encrypted-signed.eml');
      expect(result.status).toBe('processed');
      const report = await test.ctx.db
        .selectFrom('report')
        .select(['incident_id', 'subject'])
        .where('id', '=', result.reportId!)
        .executeTakeFirstOrThrow();
      expect(report.subject).toBe('暗号化された報告');
      const detail = (await handler.get(`/api/incidents/${report.incident_id}`)).json<{
        reports: { pgp: unknown; body: string }[];
        observables: { type: string; value: string }[];
      }>();
      expect(detail.reports[0]?.pgp).toEqual({
        encrypted: true,
        signature: 'valid',
        signer: reporterFingerprint,
        signerUserId: '佐藤 花子 <sato@sample-corp.example.jp>',
      });
      expect(detail.reports[0]?.body).not.toContain('BEGIN PGP');
      expect(detail.observables.map((o) => `${o.type}:${o.value}`).sort()).toEqual([
        'domain:pgp-bank-login-renkei-test.com',
        'ipv4:192.0.2.45',
        'url:https://pgp-bank-login-renkei-test.com/auth',
      ]);
    });

    it('stores the verification result of signed mail: invalid when tampered, unknown-key for strangers', async () => {
      const tampered = await file('pgp-mime-signed-tampered.eml');
      const unknown = await file('pgp-inline-clearsigned-unknown.eml');
      const pgpOf = async (reportId: string) =>
        JSON.parse(
          (
            await test.ctx.db
              .selectFrom('report')
              .select('pgp_status')
              .where('id', '=', reportId)
              .executeTakeFirstOrThrow()
          ).pgp_status!,
        ) as { signature: string };
      expect((await pgpOf(tampered.result.reportId!)).signature).toBe('invalid');
      expect((await pgpOf(unknown.result.reportId!)).signature).toBe('unknown-key');
    });

    it('quarantines mail encrypted to a key the team does not hold, keeping the raw bytes', async () => {
      const { inboundId, result } = await file('pgp-encrypted-to-other-key.eml');
      expect(result.status).toBe('quarantined');
      const quarantined = (await handler.get(`/api/workspaces/${workspaceId}/quarantine`)).json<
        { id: string; reason: string }[]
      >();
      expect(quarantined.find((entry) => entry.id === inboundId)?.reason).toMatch(/cannot decrypt with the team key/);
    });
  });
}
