import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/test-runtime.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: HTTP behaviour`, () => {
    let test: TestApp;
    let client: Client;
    let workspaceId: string;
    beforeAll(async () => {
      test = await createTestApp(dialect, { bodyLimitBytes: 4096 });
      const user = await makeUser(test.ctx);
      workspaceId = (await makeWorkspace(test.ctx)).id;
      await addMember(test.ctx, workspaceId, user.id, 'handler');
      client = await signIn(test.app, user.username);
    });
    afterAll(async () => test.destroy());

    it('answers /healthz with the database kind', async () => {
      const response = await test.app.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', database: dialect });
    });

    it('serves an OpenAPI 3.1 document listing the API', async () => {
      const response = await test.app.inject({ method: 'GET', url: '/api/openapi.json' });
      const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/auth/login', '/api/workspaces/{workspaceId}/notices', '/api/admin/users']),
      );
    });

    it('exports Prometheus metrics', async () => {
      await test.app.inject({ method: 'GET', url: '/healthz' });
      const response = await test.app.inject({ method: 'GET', url: '/metrics' });
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.body).toContain('renkei_http_requests_total{method="GET",route="/healthz",status="200"}');
      expect(response.body).toContain('process_cpu_user_seconds_total');
    });

    it('sets security headers and a request id', async () => {
      const response = await test.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'trace-42' },
      });
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['x-request-id']).toBe('trace-42');
    });

    it('answers invalid input with an RFC 9457 problem naming the fields', async () => {
      const response = await client.post(`/api/workspaces/${workspaceId}/notices`, {
        tlp: 'PURPLE',
        title: '',
        body: 5,
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json<{
        code: string;
        status: number;
        title: string;
        errors: { path: string; code?: string }[];
        requestId: string;
        type: string;
      }>();
      expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, title: 'Bad Request' });
      expect(problem.errors.map((e) => e.path).sort()).toEqual(['body.body', 'body.title', 'body.tlp']);
      // Each field carries its rule's code, which the web app translates (validation.<code>).
      expect(problem.errors.every((e) => typeof e.code === 'string' && e.code.length > 0)).toBe(true);
      expect(problem.requestId).toBeTruthy();
      expect(problem.type).toMatch(/^https:\/\//);
    });

    it('answers malformed JSON, wrong media types and oversized bodies with 4xx problems', async () => {
      const malformed = await client.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/notices`,
        headers: { 'content-type': 'application/json' },
        payload: '{"tlp": ',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json<{ code: string }>().code).toBe('BAD_REQUEST');
      const media = await client.request({
        method: 'POST',
        url: `/api/workspaces/${workspaceId}/notices`,
        headers: { 'content-type': 'application/x-weird' },
        payload: 'x',
      });
      expect(media.statusCode).toBe(415);
      const huge = await client.post(`/api/workspaces/${workspaceId}/notices`, {
        tlp: 'CLEAR',
        title: 'x',
        body: 'あ'.repeat(5000),
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json<{ code: string }>().code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers unknown routes with a 404 problem, and wrong query types with 400', async () => {
      const missing = await client.get('/api/no-such-thing');
      expect(missing.statusCode).toBe(404);
      expect(missing.json<{ code: string }>().code).toBe('NOT_FOUND');
      const badQuery = await client.get(`/api/workspaces/${workspaceId}/notices?limit=lots`);
      expect(badQuery.statusCode).toBe(400);
    });

    it('never leaks internals in a 500', async () => {
      test.app.log.level = 'silent';
      // Break the database underneath the app: the handler fails unexpectedly.
      const broken = await createTestApp(dialect);
      const user = await makeUser(broken.ctx);
      const ws = await makeWorkspace(broken.ctx);
      await addMember(broken.ctx, ws.id, user.id, 'handler');
      const brokenClient = await signIn(broken.app, user.username);
      await broken.ctx.db.schema.dropTable('notice').execute();
      const response = await brokenClient.get(`/api/workspaces/${ws.id}/notices`);
      expect(response.statusCode).toBe(500);
      expect(response.json()).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred' });
      expect(response.body).not.toMatch(/no such table|relation|sqlite|stack|at \w+ \(/i);
      await broken.destroy();
    });
  });
}
