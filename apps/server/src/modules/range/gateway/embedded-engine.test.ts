/**
 * The embedded engine for real: node-llama-cpp's prebuilt llama.cpp loads a tiny random-weight
 * GGUF model the test writes itself and generates tokens through the gateway's /v1, seeded and
 * repeatable, its file pinned by SHA-256.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { TEST_PASSWORD, makeUser, signIn } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { writeTinyGguf } from '../../../../test/tiny-gguf.js';
import { historyOf, unloadEmbeddedModels } from './embedded-engine.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the embedded engine (node-llama-cpp) behind /v1`, () => {
    let dir: string;
    let model: string;
    let sha256: string;
    let test: TestApp;
    let url: string;
    let token: string;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'renkei-gguf-'));
      model = path.join(dir, 'plant-tiny.gguf');
      writeTinyGguf(model, 7);
      sha256 = createHash('sha256').update(readFileSync(model)).digest('hex');
      test = await createTestApp(dialect, { rangeMqttPort: 0, rangeAiModelFile: model, rangeAiModelSha256: sha256 });
      url = await test.app.listen({ host: '127.0.0.1', port: 0 });
      const admin = await makeUser(test.ctx, { isSystemAdmin: true });
      const client = await signIn(test.app, admin.username);
      token = (
        await client.post('/api/tokens', { name: 'openai', scopes: ['read', 'write'], password: TEST_PASSWORD })
      ).json<{ token: string }>().token;
    });
    afterAll(async () => {
      await test.destroy();
      await unloadEmbeddedModels();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists the model with its pinned hash and generates the same tokens for the same seed', async () => {
      const openai = new OpenAI({ apiKey: token, baseURL: `${url}/v1`, maxRetries: 0 });
      const models = await openai.models.list();
      expect(models.data.map((entry) => entry.id)).toEqual(['renkei-simulator', 'plant-tiny']);
      expect((models.data[1] as unknown as { renkei: unknown }).renkei).toEqual({
        engine: 'llama.cpp (node-llama-cpp)',
        file: 'plant-tiny.gguf',
        sha256,
        name: 'renkei-test-tiny',
      });
      const ask = (seed: number) =>
        openai.chat.completions.create({
          model: 'plant-tiny',
          messages: [
            { role: 'system', content: 'You are the plant operator assistant.' },
            { role: 'user', content: 'the tank level' },
          ],
          seed,
          temperature: 0.8,
          max_tokens: 6,
        });
      const first = await ask(11);
      const again = await ask(11);
      expect(first.choices[0]!.message.content).toBe(again.choices[0]!.message.content);
      expect(first.usage?.completion_tokens).toBeGreaterThan(0);
      expect(first.usage?.completion_tokens).toBeLessThanOrEqual(6);
      const trace = await test.ctx.db.selectFrom('ai_trace').select(['model', 'upstream']).execute();
      expect(trace).toEqual([
        { model: 'plant-tiny', upstream: 'embedded:plant-tiny.gguf' },
        { model: 'plant-tiny', upstream: 'embedded:plant-tiny.gguf' },
      ]);
    });

    it('is offered tools and given a tool’s result, and answers the same way for the same seed', async () => {
      const openai = new OpenAI({ apiKey: token, baseURL: `${url}/v1`, maxRetries: 0 });
      const ask = (withTools = true) =>
        openai.chat.completions.create({
          model: 'plant-tiny',
          messages: [
            { role: 'user', content: 'the tank level' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_plant', arguments: '{}' } }],
            },
            { role: 'tool', tool_call_id: 'c1', content: 'tank_level 3.0 m' },
          ],
          tools: withTools
            ? [
                {
                  type: 'function',
                  function: {
                    name: 'set_setpoint',
                    description: 'Change a set-point',
                    parameters: {
                      type: 'object',
                      properties: { name: { type: 'string', enum: ['chlorineMgL'] }, value: { type: 'number' } },
                      required: ['name', 'value'],
                    },
                  },
                },
              ]
            : undefined,
          seed: 5,
          temperature: 0.8,
          max_tokens: 8,
        });
      const first = await ask();
      const again = await ask();
      // A random-weight model rarely calls a function; whatever it does, it does the same again,
      // and a call it makes comes back as an OpenAI tool call of an offered function.
      expect(first.choices[0]!.message).toEqual(again.choices[0]!.message);
      for (const call of first.choices[0]!.message.tool_calls ?? [])
        expect(call.type === 'function' && call.function.name).toBe('set_setpoint');
      expect(first.choices[0]!.finish_reason).toBe(
        first.choices[0]!.message.tool_calls?.length ? 'tool_calls' : 'stop',
      );
    });
  });
}

describe('the embedded engine’s history', () => {
  it('turns tool calls and their results into the function calls node-llama-cpp’s templates take', () => {
    expect(
      historyOf([
        { role: 'system', content: 'You operate the plant.' },
        { role: 'user', content: 'Tank level?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_plant', arguments: '{"tag":"level"}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'level 3.0 m' },
        { role: 'tool', tool_call_id: 'stray', name: 'read_plant', content: 'orphan' },
      ]),
    ).toEqual([
      { type: 'system', text: 'You operate the plant.' },
      { type: 'user', text: 'Tank level?' },
      {
        type: 'model',
        response: [{ type: 'functionCall', name: 'read_plant', params: { tag: 'level' }, result: 'level 3.0 m' }],
      },
      { type: 'user', text: '[tool read_plant] orphan' },
    ]);
  });
});

describe('the embedded engine refuses a model file that is not the pinned one', () => {
  it('answers 502 with the file’s real hash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-gguf-'));
    const model = path.join(dir, 'other.gguf');
    writeTinyGguf(model, 8);
    const test = await createTestApp('sqlite', {
      rangeMqttPort: 0,
      rangeAiModelFile: model,
      rangeAiModelSha256: '0'.repeat(64),
    });
    try {
      const admin = await makeUser(test.ctx, { isSystemAdmin: true });
      const client = await signIn(test.app, admin.username);
      const token = (
        await client.post('/api/tokens', { name: 'openai', scopes: ['read', 'write'], password: TEST_PASSWORD })
      ).json<{ token: string }>().token;
      const response = await test.app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: { authorization: `Bearer ${token}` },
        payload: { model: 'other', messages: [{ role: 'user', content: 'the pump' }] },
      });
      expect(response.statusCode).toBe(502);
      expect(response.body).toContain('not the pinned');
    } finally {
      await test.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
