import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { makeUser, signIn } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { parseTarget, targetOfUrl } from './egress.js';

const listening = (): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('egress targets', () => {
  it('reads host:port and an upstream URL', () => {
    expect(parseTarget('api.openai.com:443')).toEqual({ host: 'api.openai.com', port: 443 });
    expect(parseTarget('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(parseTarget('no-port')).toBeUndefined();
    expect(parseTarget('host:70000')).toBeUndefined();
    expect(targetOfUrl('http://127.0.0.1:11434/v1')).toBe('127.0.0.1:11434');
    expect(targetOfUrl('https://llm.example/v1')).toBe('llm.example:443');
    expect(targetOfUrl('http://[::1]/v1')).toBe('[::1]:80');
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: egress self-test`, () => {
    let modelServer: Server;
    let leak: Server;
    let closedPort: number;
    const apps: TestApp[] = [];

    beforeAll(async () => {
      modelServer = await listening();
      leak = await listening();
      const closed = await listening();
      closedPort = portOf(closed);
      await new Promise((resolve) => closed.close(resolve));
    });
    afterAll(async () => {
      for (const app of apps) await app.destroy();
      modelServer.close();
      leak.close();
    });

    const reportOf = async (probes: string) => {
      const test = await createTestApp(dialect, {
        rangeMqttPort: 0,
        rangeAiUpstreamUrl: `http://127.0.0.1:${portOf(modelServer)}/v1`,
        rangeAiUpstreamModel: 'lab-model',
        rangeAiEgressProbes: probes,
      });
      apps.push(test);
      const admin = await signIn(test.app, (await makeUser(test.ctx, { isSystemAdmin: true })).username);
      const trainee = await signIn(test.app, (await makeUser(test.ctx)).username);
      expect((await trainee.post('/api/ai/egress-check', {})).statusCode).toBe(403);
      const response = await admin.post('/api/ai/egress-check', {});
      expect(response.statusCode).toBe(200);
      return response.json<{
        upstream: { target: string; reachable: boolean };
        probes: { target: string; reachable: boolean; error: string | null }[];
        isolated: boolean;
      }>();
    };

    it('passes when the model server answers and nothing outside does', async () => {
      const report = await reportOf(`127.0.0.1:${closedPort}, not-a-target`);
      expect(report.upstream).toMatchObject({ target: `127.0.0.1:${portOf(modelServer)}`, reachable: true });
      expect(report.probes).toEqual([
        { target: `127.0.0.1:${closedPort}`, reachable: false, error: 'ECONNREFUSED' },
        { target: 'not-a-target', reachable: false, error: 'not host:port' },
      ]);
      expect(report.isolated).toBe(true);
    });

    it('fails when an outside address can be reached', async () => {
      const report = await reportOf(`127.0.0.1:${closedPort},127.0.0.1:${portOf(leak)}`);
      expect(report.probes.map((probe) => probe.reachable)).toEqual([false, true]);
      expect(report.isolated).toBe(false);
    });
  });
}
