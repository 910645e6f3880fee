/**
 * The OpenAI-compatible endpoint at `/v1`, on Renkei's own port: any OpenAI client (a trainee's
 * script, promptfoo, garak, PyRIT) points its base URL here and uses a Renkei API token as its
 * API key. Errors are answered in OpenAI's shape (`{"error": {…}}`), which those clients read.
 * The lab instance a call belongs to is named by the `X-Renkei-Plant` header (optional; the
 * caller must be able to see that plant).
 * @module
 */
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AppError,
  authenticateApiToken,
  requireActor,
  type Actor,
  type AppContext,
  type AppInstance,
} from '../../../platform/index.js';
import {
  complete,
  egressSelfTest,
  exportCassettes,
  importCassettes,
  embeddedModelInfo,
  listModels,
  SIMULATOR_MODEL,
  simulatorEmbedding,
  type ModelAnswer,
} from './gateway.service.js';

const messageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  // Clients send text, or a list of parts of which the text ones matter here.
  content: z
    .union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()), z.null()])
    .optional(),
  tool_calls: z
    .array(
      z.object({
        id: z.string(),
        type: z.literal('function'),
        function: z.object({ name: z.string(), arguments: z.string() }),
      }),
    )
    .optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
});

const chatSchema = z.object({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1).max(500),
  tools: z
    .array(
      z.object({
        type: z.literal('function'),
        function: z.object({
          name: z.string(),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .optional(),
  stream: z.boolean().optional(),
  seed: z.number().int().optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().int().optional(),
  max_completion_tokens: z.number().int().optional(),
});

const embeddingSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).max(2048)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

/** OpenAI's base64 encoding of an embedding: little-endian float32. */
function base64Floats(values: readonly number[]): string {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString('base64');
}

/** Checks a token the way the API does; the plant header, if any, must name a plant the caller sees. */
export type PlantVisibility = (ctx: AppContext, actor: Actor, plantId: string) => Promise<boolean>;

function openAiError(reply: FastifyReply, error: unknown) {
  const status = error instanceof AppError ? error.status : 500;
  const code = error instanceof AppError ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : 'error';
  const type =
    status === 401 ? 'authentication_error' : status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error';
  return reply.status(status).send({ error: { message, type, code } });
}

export function registerGatewayRoutes(app: AppInstance, ctx: AppContext, canSeePlant: PlantVisibility): void {
  const authenticate = async (request: FastifyRequest): Promise<{ actor: Actor; instanceId: string | null }> => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const actor = token ? await authenticateApiToken(ctx, token) : undefined;
    if (!actor) throw new AppError('AUTH_REQUIRED', 'Use a Renkei API token as the API key');
    const plant = request.headers['x-renkei-plant'];
    const instanceId = typeof plant === 'string' && plant ? plant : null;
    if (instanceId && !(await canSeePlant(ctx, actor, instanceId)))
      throw new AppError('NOT_FOUND', 'Plant instance not found');
    return { actor, instanceId };
  };
  const config = { isPublic: true, skipCsrf: true };

  app.get('/v1/models', { config, schema: { hide: true } }, async (request, reply) => {
    try {
      await authenticate(request);
      return {
        object: 'list',
        data: await Promise.all(
          listModels(ctx).map(async (id) => {
            const embedded = id !== SIMULATOR_MODEL ? await embeddedModelInfo(ctx) : undefined;
            return {
              id,
              object: 'model',
              created: 0,
              owned_by: 'renkei',
              // The embedded model's file is pinned by its hash: shown so a class can check it.
              ...(embedded?.id === id
                ? {
                    renkei: {
                      engine: 'llama.cpp (node-llama-cpp)',
                      file: path.basename(embedded.file),
                      sha256: embedded.sha256,
                      name: embedded.name,
                    },
                  }
                : {}),
            };
          }),
        ),
      };
    } catch (error) {
      return openAiError(reply, error);
    }
  });

  app.post('/v1/chat/completions', { config, schema: { hide: true } }, async (request, reply) => {
    let answer: ModelAnswer;
    let stream = false;
    try {
      const { actor, instanceId } = await authenticate(request);
      const parsed = chatSchema.safeParse(request.body);
      if (!parsed.success)
        throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((issue) => issue.message).join('; '));
      const body = parsed.data;
      stream = body.stream === true;
      answer = await complete(ctx, {
        model: body.model,
        messages: body.messages.map((message) => ({
          ...message,
          role: message.role === 'developer' ? 'system' : message.role,
          content: Array.isArray(message.content)
            ? message.content.map((part) => part.text ?? '').join('')
            : (message.content ?? null),
        })),
        ...(body.tools ? { tools: body.tools } : {}),
        ...(body.seed !== undefined ? { seed: body.seed } : {}),
        ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
        ...((body.max_tokens ?? body.max_completion_tokens)
          ? { maxTokens: body.max_tokens ?? body.max_completion_tokens }
          : {}),
        actor,
        instanceId,
        caller: 'gateway',
      });
    } catch (error) {
      return openAiError(reply, error);
    }
    const id = `chatcmpl-${answer.traceId ?? 'x'}`;
    const created = Math.floor(Date.now() / 1000);
    const toolCalls = answer.toolCalls.length > 0 ? answer.toolCalls : undefined;
    if (!stream)
      return {
        id,
        object: 'chat.completion',
        created,
        model: answer.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer.content, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
            finish_reason: answer.finishReason,
          },
        ],
        usage: answer.usage,
      };
    // Server-sent events as OpenAI streams them: role, content in pieces, tool calls, finish, [DONE].
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      raw.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: answer.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    chunk({ role: 'assistant', content: '' });
    const content = answer.content ?? '';
    for (let i = 0; i < content.length; i += 16) chunk({ content: content.slice(i, i + 16) });
    if (toolCalls) chunk({ tool_calls: toolCalls.map((call, index) => ({ index, ...call })) });
    chunk({}, answer.finishReason);
    raw.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: answer.model, choices: [], usage: answer.usage })}\n\n`,
    );
    raw.end('data: [DONE]\n\n');
    return reply;
  });

  app.post('/v1/embeddings', { config, schema: { hide: true } }, async (request, reply) => {
    try {
      await authenticate(request);
      const parsed = embeddingSchema.safeParse(request.body);
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'model and input are needed');
      if (parsed.data.model !== 'renkei-simulator')
        throw new AppError('AI_MODEL_UNKNOWN', 'Embeddings are served by renkei-simulator here');
      const inputs = typeof parsed.data.input === 'string' ? [parsed.data.input] : parsed.data.input;
      return {
        object: 'list',
        model: parsed.data.model,
        data: inputs.map((input, index) => {
          const embedding = simulatorEmbedding(input);
          return {
            object: 'embedding',
            index,
            embedding: parsed.data.encoding_format === 'base64' ? base64Floats(embedding) : embedding,
          };
        }),
        usage: { prompt_tokens: 0, total_tokens: 0 },
      };
    } catch (error) {
      return openAiError(reply, error);
    }
  });

  const cassetteSchema = z.object({
    requestKey: z.string().regex(/^[0-9a-f]{64}$/),
    model: z.string().max(200),
    request: z.string().max(4_000_000),
    answer: z.string().max(4_000_000),
    recordedAt: z.string().max(40),
  });
  app.get(
    '/api/ai/cassettes',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Recorded upstream answers (RENKEI_AI_REPLAY=record), to replay on another installation (admin)',
        response: { 200: z.array(cassetteSchema) },
      },
    },
    async (request) => exportCassettes(ctx, requireActor(request)),
  );
  app.post(
    '/api/ai/cassettes',
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['gateway'],
        summary: 'Import recorded upstream answers for RENKEI_AI_REPLAY=replay (admin)',
        body: z.array(cassetteSchema).max(100_000),
        response: { 200: z.object({ imported: z.number() }) },
      },
    },
    async (request) => importCassettes(ctx, requireActor(request), request.body),
  );
  const probeSchema = z.object({ target: z.string(), reachable: z.boolean(), error: z.string().nullable() });
  app.post(
    '/api/ai/egress-check',
    {
      schema: {
        tags: ['gateway'],
        summary: 'Egress self-test before class: the model server answers, outside addresses do not (admin)',
        response: {
          200: z.object({ upstream: probeSchema.nullable(), probes: z.array(probeSchema), isolated: z.boolean() }),
        },
      },
    },
    async (request) => egressSelfTest(ctx, requireActor(request)),
  );
}
