import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { TEST_PASSWORD, addMember, makeUser, makeWorkspace, signIn, tokenClient } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/test-runtime.js';
import { currentTotp } from './totp.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: accounts and sessions`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(dialect, { lockoutThreshold: 3, loginRateLimitPerMinute: 1000 });
    });
    afterAll(async () => test.destroy());

    const login = (username: string, password: string, totpCode?: string, remoteAddress = '127.0.0.1') =>
      test.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        payload: { username, password, ...(totpCode ? { totpCode } : {}) },
      });
    const throttleOf = (username: string, source: string) =>
      test.ctx.db
        .selectFrom('login_throttle')
        .selectAll()
        .where('username', '=', username)
        .where('source', '=', source)
        .executeTakeFirst();

    it('stores passwords as argon2id hashes', async () => {
      const user = await makeUser(test.ctx);
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      expect(user.password_hash).not.toContain(TEST_PASSWORD);
    });

    it('sets an HttpOnly SameSite session cookie and returns a CSRF token', async () => {
      const user = await makeUser(test.ctx);
      const response = await login(user.username, TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'renkei_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(response.json<{ csrfToken: string }>().csrfToken.length).toBeGreaterThan(20);
      const session = await test.app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: `renkei_session=${cookie!.value}` },
      });
      expect(session.json<{ user: { username: string } }>().user.username).toBe(user.username);
    });

    it('rejects wrong passwords and unknown users with the same answer', async () => {
      const user = await makeUser(test.ctx);
      const wrong = await login(user.username, 'not the password');
      const unknown = await login('nobody-here', 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json<{ code: string }>().code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(unknown.json<{ code: string }>().code).toBe('AUTH_INVALID_CREDENTIALS');
    });

    it('throttles failures per account and source with a growing delay, never locking the owner out elsewhere', async () => {
      const user = await makeUser(test.ctx);
      const attacker = '192.0.2.66';
      for (let i = 0; i < 3; i++)
        expect((await login(user.username, 'wrong password', undefined, attacker)).statusCode).toBe(401);
      // The third failure reached the threshold: this source waits 1 s, then 2 s, 4 s … before it is heard again.
      const blocked = await login(user.username, TEST_PASSWORD, undefined, attacker);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json<{ code: string }>().code).toBe('AUTH_THROTTLED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The owner, from their own address, signs in: nobody can lock another user out.
      expect((await login(user.username, TEST_PASSWORD, undefined, '198.51.100.7')).statusCode).toBe(200);
      // Once the wait has passed (moved into the past here rather than waited for), one more failure doubles it.
      const waits: number[] = [];
      for (let i = 0; i < 3; i++) {
        await test.ctx.db
          .updateTable('login_throttle')
          .set({ blocked_until: new Date(0).toISOString() })
          .where('username', '=', user.username)
          .execute();
        expect((await login(user.username, 'wrong password', undefined, attacker)).statusCode).toBe(401);
        const row = await throttleOf(user.username, attacker);
        waits.push(Math.round((Date.parse(row!.blocked_until!) - Date.parse(row!.updated_at)) / 1000));
      }
      expect(waits).toEqual([2, 4, 8]);
      // An administrator's unlock forgets every source's failures for the account.
      const admin = await makeUser(test.ctx, { isSystemAdmin: true });
      const adminClient = await signIn(test.app, admin.username);
      const listed = async () =>
        (await adminClient.get('/api/admin/users'))
          .json<{ id: string; isLocked: boolean }[]>()
          .find((u) => u.id === user.id)?.isLocked;
      // The administrator sees the account as locked while some address is being delayed.
      expect(await listed()).toBe(true);
      const unlocked = await adminClient.patch(`/api/admin/users/${user.id}`, { unlock: true });
      expect(unlocked.json<{ isLocked: boolean }>().isLocked).toBe(false);
      expect(await listed()).toBe(false);
      expect((await login(user.username, TEST_PASSWORD, undefined, attacker)).statusCode).toBe(200);
    });

    it('answers a name that does not exist exactly as one that does, throttling included', async () => {
      const user = await makeUser(test.ctx);
      const source = '192.0.2.77';
      const answers = async (username: string) => {
        const seen: string[] = [];
        for (let i = 0; i < 4; i++) {
          const response = await login(username, 'wrong password', undefined, source);
          seen.push(`${response.statusCode} ${response.json<{ code: string }>().code}`);
        }
        return seen;
      };
      const known = await answers(user.username);
      expect(known).toEqual([
        '401 AUTH_INVALID_CREDENTIALS',
        '401 AUTH_INVALID_CREDENTIALS',
        '401 AUTH_INVALID_CREDENTIALS',
        '429 AUTH_THROTTLED',
      ]);
      expect(await answers('nobody-by-this-name')).toEqual(known);
    });

    it('asks for the password to mint tokens or change the second factor, and gives every token an expiry', async () => {
      const user = await makeUser(test.ctx);
      const client = await signIn(test.app, user.username);
      const writer = tokenClient(
        test.app,
        (await client.post('/api/tokens', { name: 'bot', scopes: ['read', 'write'], password: TEST_PASSWORD })).json<{
          token: string;
        }>().token,
      );
      // A stolen write-scoped token can neither mint a longer-lived token nor switch on TOTP for its owner.
      expect((await writer.post('/api/tokens', { name: 'x', scopes: ['write'] })).statusCode).toBe(400);
      expect((await writer.post('/api/tokens', { name: 'x', scopes: ['write'], password: 'guess' })).statusCode).toBe(
        401,
      );
      const setup = (await writer.post('/api/auth/totp/setup')).json<{ secret: string }>();
      expect(
        (await writer.post('/api/auth/totp/enable', { code: currentTotp(setup.secret), password: 'guess' })).statusCode,
      ).toBe(401);
      expect((await client.get('/api/auth/session')).json<{ user: { hasTotp: boolean } }>().user.hasTotp).toBe(false);
      // Every token expires: the configured default, and never beyond the maximum.
      const minted = (await client.post('/api/tokens', { name: 'd', scopes: ['read'], password: TEST_PASSWORD })).json<{
        createdAt: string;
        expiresAt: string | null;
      }>();
      expect((Date.parse(minted.expiresAt!) - Date.parse(minted.createdAt)) / 86_400_000).toBe(90);
      const tooLong = await client.post('/api/tokens', {
        name: 'l',
        scopes: ['read'],
        expiresInDays: 3000,
        password: TEST_PASSWORD,
      });
      expect(tooLong.statusCode).toBe(400);
    });

    it('revokes tokens on an administrator reset, and ends other sessions when you change your password', async () => {
      const user = await makeUser(test.ctx);
      const here = await signIn(test.app, user.username);
      const elsewhere = await signIn(test.app, user.username);
      const token = (await here.post('/api/tokens', { name: 't', scopes: ['read'], password: TEST_PASSWORD })).json<{
        token: string;
      }>().token;
      expect(
        (
          await here.post('/api/auth/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: 'a new long password 2',
          })
        ).statusCode,
      ).toBe(204);
      expect((await here.get('/api/auth/session')).statusCode).toBe(200);
      expect((await elsewhere.get('/api/auth/session')).statusCode).toBe(401);
      expect((await tokenClient(test.app, token).get('/api/tokens')).statusCode).toBe(200);
      const admin = await makeUser(test.ctx, { isSystemAdmin: true });
      const adminClient = await signIn(test.app, admin.username);
      expect(
        (await adminClient.post(`/api/admin/users/${user.id}/password`, { password: 'temporary password 9' }))
          .statusCode,
      ).toBe(204);
      expect((await tokenClient(test.app, token).get('/api/tokens')).statusCode).toBe(401);
      expect((await here.get('/api/auth/session')).statusCode).toBe(401);
    });

    it('rate-limits sign-in attempts per address', async () => {
      const limited = await createTestApp(dialect, { loginRateLimitPerMinute: 3 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          statuses.push(
            (
              await limited.app.inject({
                method: 'POST',
                url: '/api/auth/login',
                payload: { username: 'x', password: 'y' },
              })
            ).statusCode,
          );
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
      } finally {
        await limited.destroy();
      }
    });

    it('refuses cookie-authenticated writes without the CSRF token', async () => {
      const user = await makeUser(test.ctx);
      const workspace = await makeWorkspace(test.ctx);
      await addMember(test.ctx, workspace.id, user.id, 'handler');
      const response = await login(user.username, TEST_PASSWORD);
      const cookie = `renkei_session=${response.cookies.find((c) => c.name === 'renkei_session')!.value}`;
      const payload = { tlp: 'CLEAR', title: 'x', body: 'y' };
      const without = await test.app.inject({
        method: 'POST',
        url: `/api/workspaces/${workspace.id}/notices`,
        headers: { cookie },
        payload,
      });
      expect(without.statusCode).toBe(403);
      expect(without.json<{ code: string }>().code).toBe('AUTH_CSRF_INVALID');
      const wrong = await test.app.inject({
        method: 'POST',
        url: `/api/workspaces/${workspace.id}/notices`,
        headers: { cookie, 'x-csrf-token': 'guess' },
        payload,
      });
      expect(wrong.statusCode).toBe(403);
      const right = await test.app.inject({
        method: 'POST',
        url: `/api/workspaces/${workspace.id}/notices`,
        headers: { cookie, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken },
        payload,
      });
      expect(right.statusCode).toBe(201);
    });

    it('ends the session at logout', async () => {
      const user = await makeUser(test.ctx);
      const client = await signIn(test.app, user.username);
      expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
      expect((await client.get('/api/auth/session')).statusCode).toBe(401);
    });

    it('requires a TOTP code once the second factor is enabled', async () => {
      const user = await makeUser(test.ctx);
      const client = await signIn(test.app, user.username);
      const setup = (await client.post('/api/auth/totp/setup')).json<{ secret: string; otpauthUri: string }>();
      expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Renkei:/);
      expect(
        (
          await client.post('/api/auth/totp/enable', {
            code: '000000' === currentTotp(setup.secret) ? '111111' : '000000',
            password: TEST_PASSWORD,
          })
        ).statusCode,
      ).toBe(401);
      const enrolledAt = Date.now();
      const enrolmentCode = currentTotp(setup.secret, enrolledAt);
      expect(
        (await client.post('/api/auth/totp/enable', { code: enrolmentCode, password: TEST_PASSWORD })).statusCode,
      ).toBe(204);
      const withoutCode = await login(user.username, TEST_PASSWORD);
      expect(withoutCode.json<{ code: string }>().code).toBe('AUTH_TOTP_REQUIRED');
      const wrongCode = await login(
        user.username,
        TEST_PASSWORD,
        currentTotp(setup.secret) === '123456' ? '654321' : '123456',
      );
      expect(wrongCode.json<{ code: string }>().code).toBe('AUTH_TOTP_INVALID');
      // A right password without its code counted as a failed attempt (no free password oracle).
      expect((await throttleOf(user.username, '127.0.0.1'))?.failures).toBe(2);
      // The code used to enrol is spent; the next step's code (within the drift window) signs in once.
      const nextCode = currentTotp(setup.secret, enrolledAt + 30_000);
      const source = '203.0.113.9';
      expect((await login(user.username, TEST_PASSWORD, enrolmentCode, source)).json<{ code: string }>().code).toBe(
        'AUTH_TOTP_INVALID',
      );
      expect((await login(user.username, TEST_PASSWORD, nextCode, source)).statusCode).toBe(200);
      const replayed = await login(user.username, TEST_PASSWORD, nextCode, source);
      expect(replayed.statusCode).toBe(401);
      expect(replayed.json<{ code: string }>().code).toBe('AUTH_TOTP_INVALID');
    });

    it('forces a password change after an administrator reset, then works with the new password', async () => {
      const user = await makeUser(test.ctx);
      const admin = await makeUser(test.ctx, { isSystemAdmin: true });
      const adminClient = await signIn(test.app, admin.username);
      expect(
        (await adminClient.post(`/api/admin/users/${user.id}/password`, { password: 'temporary password 1' }))
          .statusCode,
      ).toBe(204);
      const client = await signIn(test.app, user.username, 'temporary password 1');
      expect((await client.get('/api/workspaces')).statusCode).toBe(403);
      expect(
        (
          await client.post('/api/auth/password', {
            currentPassword: 'temporary password 1',
            newPassword: 'my own new password',
          })
        ).statusCode,
      ).toBe(204);
      expect((await client.get('/api/workspaces')).statusCode).toBe(200);
      expect((await login(user.username, 'my own new password')).statusCode).toBe(200);
    });

    it('lets a disabled user neither sign in nor keep using a session', async () => {
      const user = await makeUser(test.ctx);
      const client = await signIn(test.app, user.username);
      const admin = await makeUser(test.ctx, { isSystemAdmin: true });
      const adminClient = await signIn(test.app, admin.username);
      expect((await adminClient.patch(`/api/admin/users/${user.id}`, { isDisabled: true })).statusCode).toBe(200);
      expect((await client.get('/api/workspaces')).statusCode).toBe(401);
      expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    });
  });

  describe(`${dialect}: API tokens`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(dialect);
    });
    afterAll(async () => test.destroy());

    it('authenticates with a token stored only as a hash, within its scopes, until revoked', async () => {
      const user = await makeUser(test.ctx);
      const workspace = await makeWorkspace(test.ctx);
      await addMember(test.ctx, workspace.id, user.id, 'handler');
      const client = await signIn(test.app, user.username);
      const created = (
        await client.post('/api/tokens', { name: 'ci', scopes: ['read'], password: TEST_PASSWORD })
      ).json<{
        id: string;
        token: string;
        prefix: string;
      }>();
      expect(created.token).toMatch(/^rk_/);
      const stored = await test.ctx.db
        .selectFrom('api_token')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(created.token);
      expect(JSON.stringify(stored)).not.toContain(created.token);

      const reader = tokenClient(test.app, created.token);
      expect((await reader.get(`/api/workspaces/${workspace.id}/notices`)).statusCode).toBe(200);
      // A read-only token cannot write; tokens need no CSRF header.
      const write = await reader.post(`/api/workspaces/${workspace.id}/notices`, {
        tlp: 'CLEAR',
        title: 'x',
        body: 'y',
      });
      expect(write.statusCode).toBe(403);
      expect(write.json<{ code: string }>().code).toBe('AUTH_TOKEN_SCOPE');

      const writerToken = (
        await client.post('/api/tokens', { name: 'bot', scopes: ['write'], password: TEST_PASSWORD })
      ).json<{
        token: string;
      }>().token;
      expect(
        (
          await tokenClient(test.app, writerToken).post(`/api/workspaces/${workspace.id}/notices`, {
            tlp: 'CLEAR',
            title: 'x',
            body: 'y',
          })
        ).statusCode,
      ).toBe(201);

      const listed = (await client.get('/api/tokens')).json<{ id: string; prefix: string }[]>();
      expect(listed.map((t) => t.id)).toContain(created.id);
      expect(JSON.stringify(listed)).not.toContain(created.token);

      expect((await client.delete(`/api/tokens/${created.id}`)).statusCode).toBe(204);
      expect((await reader.get(`/api/workspaces/${workspace.id}/notices`)).statusCode).toBe(401);
    });

    it("neither lists nor revokes another user's tokens", async () => {
      const alice = await signIn(test.app, (await makeUser(test.ctx)).username);
      const bob = await signIn(test.app, (await makeUser(test.ctx)).username);
      const token = (
        await alice.post('/api/tokens', { name: 'mine', scopes: ['read'], password: TEST_PASSWORD })
      ).json<{ id: string }>();
      expect((await bob.get('/api/tokens')).json()).toEqual([]);
      expect((await bob.delete(`/api/tokens/${token.id}`)).statusCode).toBe(404);
    });

    it('lets only system administrators create admin-scoped tokens, and admin routes need that scope', async () => {
      const plain = await signIn(test.app, (await makeUser(test.ctx)).username);
      expect(
        (await plain.post('/api/tokens', { name: 'x', scopes: ['admin'], password: TEST_PASSWORD })).statusCode,
      ).toBe(403);
      const admin = await signIn(test.app, (await makeUser(test.ctx, { isSystemAdmin: true })).username);
      const readToken = (
        await admin.post('/api/tokens', { name: 'r', scopes: ['read'], password: TEST_PASSWORD })
      ).json<{ token: string }>().token;
      expect((await tokenClient(test.app, readToken).get('/api/admin/users')).statusCode).toBe(403);
      const adminToken = (
        await admin.post('/api/tokens', { name: 'a', scopes: ['read', 'admin'], password: TEST_PASSWORD })
      ).json<{
        token: string;
      }>().token;
      expect((await tokenClient(test.app, adminToken).get('/api/admin/users')).statusCode).toBe(200);
    });

    it('rejects unknown and malformed tokens', async () => {
      expect((await tokenClient(test.app, 'rk_not-a-real-token').get('/api/workspaces')).statusCode).toBe(401);
      expect(
        (await test.app.inject({ method: 'GET', url: '/api/workspaces', headers: { authorization: 'Basic abc' } }))
          .statusCode,
      ).toBe(401);
    });
  });
}
