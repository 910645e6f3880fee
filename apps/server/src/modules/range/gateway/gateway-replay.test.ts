/**
 * The gateway forwarding to a real OpenAI-compatible upstream (another Renkei's /v1, its
 * simulator behind a model id of the organiser's choosing), recording every answer in rehearsal,
 * and replaying them on another installation with no model server at all.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { TEST_PASSWORD, makeUser, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';

/** An app, listening, with a system administrator and their API token. */
async function served(dialect: (typeof DIALECTS)[number], settings: Record<string, unknown>) {
  const test = await createTestApp(dialect, { rangeMqttPort: 0, ...settings });
  const url = await test.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await makeUser(test.ctx, { isSystemAdmin: true });
  const client = await signIn(test.app, admin.username);
  const token = (
    await client.post('/api/tokens', { name: 'openai', scopes: ['read', 'write'], password: TEST_PASSWORD })
  ).json<{ token: string }>().token;
  return { test, url, client, token };
}

const openai = (url: string, apiKey: string) => new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 });
const question = { role: 'user' as const, content: '塩素注入設備の点検手順を教えて' };

for (const dialect of DIALECTS) {
  describe(`${dialect}: upstream, record and replay`, () => {
    let upstream: { test: TestApp; url: string; token: string };
    let rehearsal: { test: TestApp; url: string; client: Client; token: string };
    let classroom: { test: TestApp; url: string; client: Client; token: string };
    let recordedAnswer: string | null;

    beforeAll(async () => {
      upstream = await served(dialect, {});
      rehearsal = await served(dialect, {
        rangeAiUpstreamUrl: `${upstream.url}/v1`,
        rangeAiUpstreamModel: 'renkei-simulator',
        rangeAiUpstreamServedAs: 'lab-model',
        rangeAiUpstreamKey: upstream.token,
        rangeAiReplay: 'record',
      });
      classroom = await served(dialect, {
        rangeAiUpstreamModel: 'renkei-simulator',
        rangeAiUpstreamServedAs: 'lab-model',
        rangeAiReplay: 'replay',
      });
    });
    afterAll(async () => {
      for (const app of [classroom, rehearsal, upstream]) await app?.test.destroy();
    });

    it('forwards to the upstream under the served id and records the answer', async () => {
      const client = openai(rehearsal.url, rehearsal.token);
      expect((await client.models.list()).data.map((model) => model.id)).toEqual(['renkei-simulator', 'lab-model']);
      const answer = await client.chat.completions.create({ model: 'lab-model', messages: [question], seed: 3 });
      recordedAnswer = answer.choices[0]!.message.content;
      expect(recordedAnswer).toBeTruthy();
      // The upstream traced the call as its own simulator's.
      const upstreamTrace = await upstream.test.ctx.db.selectFrom('ai_trace').select(['model', 'upstream']).execute();
      expect(upstreamTrace).toEqual([{ model: 'renkei-simulator', upstream: 'simulator' }]);
      const trace = await rehearsal.test.ctx.db.selectFrom('ai_trace').select(['model', 'upstream']).execute();
      expect(trace).toEqual([{ model: 'lab-model', upstream: `${upstream.url}/v1` }]);
    });

    it('replays the recorded answers exactly on another installation, without any model server', async () => {
      const exported = await rehearsal.client.get('/api/ai/cassettes');
      expect(exported.statusCode).toBe(200);
      const cassettes = exported.json<{ requestKey: string; request: string }[]>();
      expect(cassettes).toHaveLength(1);
      // Moving cassettes is the administrator's: a trainee-level user is refused.
      const trainee = await signIn(classroom.test.app, (await makeUser(classroom.test.ctx)).username);
      expect((await trainee.post('/api/ai/cassettes', cassettes)).statusCode).toBe(403);
      const tampered = [{ ...cassettes[0]!, request: cassettes[0]!.request.replace('点検', '停止') }];
      expect((await classroom.client.post('/api/ai/cassettes', tampered)).statusCode).toBe(400);
      expect((await classroom.client.post('/api/ai/cassettes', cassettes)).json()).toEqual({ imported: 1 });

      await upstream.test.app.close(); // no model server from here on
      const client = openai(classroom.url, classroom.token);
      const replayed = await client.chat.completions.create({ model: 'lab-model', messages: [question], seed: 3 });
      expect(replayed.choices[0]!.message.content).toBe(recordedAnswer);
      const unrecorded = client.chat.completions.create({
        model: 'lab-model',
        messages: [{ role: 'user', content: 'リハーサルにない質問' }],
        seed: 3,
      });
      await expect(unrecorded).rejects.toMatchObject({ status: 503 });
      const trace = await classroom.test.ctx.db
        .selectFrom('ai_trace')
        .select(['upstream', 'status'])
        .orderBy('created_at')
        .execute();
      expect(trace).toEqual([
        { upstream: 'replay', status: 'ok' },
        { upstream: 'replay', status: 'AI_REPLAY_MISSING' },
      ]);
    });
  });
}
