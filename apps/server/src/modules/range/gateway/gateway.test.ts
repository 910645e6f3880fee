/**
 * The gateway through the official `openai` npm client over real HTTP: models, chat completions
 * with and without streaming, tool calls, embeddings, authentication, budgets and the trace.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { TEST_PASSWORD, addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { plantRuntime, startPlantRuntime } from '../plant/index.js';

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'set_setpoint',
      description: 'Change a set-point',
      parameters: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'number' } } },
    },
  },
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: model gateway (/v1)`, () => {
    let test: TestApp;
    let url: string;
    let alice: Client;
    let aliceToken: string;
    let bobPlant: string;
    let alicePlant: string;

    beforeAll(async () => {
      test = await createTestApp(dialect, { rangeMqttPort: 0, rangeAiRequestsPerMinute: 8 });
      await startPlantRuntime(test.ctx, { startClock: false });
      url = await test.app.listen({ host: '127.0.0.1', port: 0 });
      const workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const [teacher, a, b] = [await makeUser(test.ctx), await makeUser(test.ctx), await makeUser(test.ctx)];
      await addMember(test.ctx, workspaceId, teacher.id, 'instructor');
      await addMember(test.ctx, workspaceId, a.id, 'trainee');
      await addMember(test.ctx, workspaceId, b.id, 'trainee');
      const instructor = await signIn(test.app, teacher.username);
      alice = await signIn(test.app, a.username);
      aliceToken = (
        await alice.post('/api/tokens', { name: 'openai', scopes: ['read', 'write'], password: TEST_PASSWORD })
      ).json<{ token: string }>().token;
      const create = async (owner: string) =>
        (
          await instructor.post(`/api/workspaces/${workspaceId}/plants`, { name: owner, ownerUsername: owner, seed: 5 })
        ).json<{
          id: string;
        }>().id;
      alicePlant = await create(a.username);
      bobPlant = await create(b.username);
    });
    afterAll(async () => {
      await plantRuntime(test.ctx).stop();
      await test.destroy();
    });

    const client = (apiKey: string, plant?: string) =>
      new OpenAI({
        apiKey,
        baseURL: `${url}/v1`,
        maxRetries: 0,
        ...(plant ? { defaultHeaders: { 'x-renkei-plant': plant } } : {}),
      });

    it('lists renkei-simulator, answers, streams and calls tools for the official client', async () => {
      const openai = client(aliceToken, alicePlant);
      const models = await openai.models.list();
      expect(models.data.map((model) => model.id)).toContain('renkei-simulator');

      const answer = await openai.chat.completions.create({
        model: 'renkei-simulator',
        messages: [{ role: 'user', content: '浄水池の点検手順は？' }],
      });
      expect(answer.choices[0]!.message.content).toMatch(/手順書に記載が見つかりません/);
      expect(answer.usage!.total_tokens).toBeGreaterThan(0);

      const stream = await openai.chat.completions.create({
        model: 'renkei-simulator',
        messages: [{ role: 'user', content: 'Set the chlorine set-point to 0.8 mg/L' }],
        tools,
        stream: true,
      });
      let calls: { name?: string; arguments?: string }[] = [];
      let finish: string | null = null;
      for await (const chunk of stream) {
        for (const call of chunk.choices[0]?.delta.tool_calls ?? [])
          calls = [...calls, { name: call.function?.name, arguments: call.function?.arguments }];
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(finish).toBe('tool_calls');
      expect(calls).toEqual([{ name: 'set_setpoint', arguments: JSON.stringify({ name: 'chlorineMgL', value: 0.8 }) }]);

      const embedded = await openai.embeddings.create({ model: 'renkei-simulator', input: ['塩素', 'chlorine'] });
      expect(embedded.data).toHaveLength(2);
      expect(embedded.data[0]!.embedding).toHaveLength(256);
    });

    it('keeps a trace per user and lab instance', async () => {
      const rows = await test.ctx.db
        .selectFrom('ai_trace')
        .select(['user_id', 'instance_id', 'model', 'caller'])
        .where('instance_id', '=', alicePlant)
        .execute();
      expect(rows.length).toBe(2);
      expect(rows.every((row) => row.model === 'renkei-simulator' && row.caller === 'gateway')).toBe(true);
    });

    it("refuses a wrong key, another trainee's plant, an unknown model and spending beyond the budget", async () => {
      await expect(client('rk_not-a-token').models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      await expect(
        client(aliceToken, bobPlant).chat.completions.create({
          model: 'renkei-simulator',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      await expect(
        client(aliceToken).chat.completions.create({ model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }] }),
      ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      const openai = client(aliceToken);
      const outcomes: string[] = [];
      for (let i = 0; i < 8; i++)
        outcomes.push(
          await openai.chat.completions
            .create({ model: 'renkei-simulator', messages: [{ role: 'user', content: `hello ${i}` }] })
            .then(
              () => 'ok',
              (error: unknown) => (error instanceof OpenAI.RateLimitError ? '429' : String(error)),
            ),
        );
      // 8 a minute: two were spent above (plus the refused unknown-model call's check), so some are refused.
      expect(outcomes).toContain('429');
      expect(outcomes[0]).toBe('ok');
    });
  });
}
