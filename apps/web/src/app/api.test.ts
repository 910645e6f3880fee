// The API client against a real HTTP server: CSRF token on writes, problems become ApiError
// with their code, 204 has no body, an unreachable server is NETWORK.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ApiError, setCsrfToken } from './api.js';

let server: Server;
let base = '';
const seen: { method: string; url: string; csrf: string | undefined; body: string }[] = [];

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        csrf: request.headers['x-csrf-token'] as string | undefined,
        body,
      });
      if (request.url === '/ok') response.writeHead(200, { 'content-type': 'application/json' }).end('{"n":1}');
      else if (request.url === '/empty') response.writeHead(204).end();
      else
        response.writeHead(404, { 'content-type': 'application/problem+json' }).end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Not Found',
            status: 404,
            code: 'INCIDENT_NOT_FOUND',
            requestId: 'r1',
            detail: 'Incident not found',
          }),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('api client', () => {
  it('reads JSON, and sends the CSRF token and a JSON body on writes only', async () => {
    setCsrfToken('token-1');
    expect(await api<{ n: number }>('GET', `${base}/ok`)).toEqual({ n: 1 });
    expect(await api('POST', `${base}/ok`, { a: 1 })).toEqual({ n: 1 });
    expect(seen.at(-2)).toMatchObject({ method: 'GET', csrf: undefined, body: '' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', csrf: 'token-1', body: '{"a":1}' });
  });

  it('answers undefined for 204', async () => {
    expect(await api('DELETE', `${base}/empty`)).toBeUndefined();
  });

  it('turns a problem into an ApiError with its code and status', async () => {
    const error = await api('GET', `${base}/missing`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'INCIDENT_NOT_FOUND', status: 404, message: 'Incident not found' });
  });

  it('reports an unreachable server as NETWORK', async () => {
    const error = await api('GET', 'http://127.0.0.1:1/unreachable').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NETWORK', status: 0 });
  });
});
