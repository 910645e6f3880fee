/**
 * The model gateway: every model call of the Range goes through here — trainees' own clients
 * through `/v1` (gateway.routes.ts), the plant assistant directly — so that every call is traced
 * per user and lab instance, budgets hold per trainee, and the organiser decides where calls go:
 * the simulator (always), and one upstream: an OpenAI-compatible model server or a GGUF file run
 * by the embedded engine. Nothing else is ever contacted.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  AppError,
  assertSystemAdmin,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { checkEgress, type EgressReport } from './egress.js';
import { completeEmbedded, loadEmbeddedModel, type EmbeddedModelInfo } from './embedded-engine.js';
import { gatewayConfig } from './gateway.config.js';
import * as repository from './gateway.repository.js';
import {
  fnv1a,
  segmentWords,
  simulate,
  type ChatMessage,
  type Completion,
  type ToolCall,
  type ToolSpec,
} from './simulator.js';

export const SIMULATOR_MODEL = 'renkei-simulator';

export interface ModelCall {
  model: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /** Decoding seed: the simulator's coin; passed to upstreams that honour it. */
  seed?: number;
  temperature?: number;
  maxTokens?: number;
  actor: Actor;
  instanceId?: string | null;
  caller: 'gateway' | 'assistant' | 'runner';
  /** What defences did before the call (kept in the trace with it). */
  defenceActions?: unknown[];
  /** Runner calls are measured, not traced one by one (thousands per run) and not budgeted. */
  isMeasurement?: boolean;
}

export interface ModelAnswer extends Completion {
  model: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  traceId: string | undefined;
}

/** The id trainees use for the upstream model, or undefined when there is none (nor a replay of one). */
function upstreamModelId(ctx: AppContext): string | undefined {
  const settings = gatewayConfig.of(ctx.config);
  if (settings.rangeAiModelFile !== '')
    return settings.rangeAiUpstreamServedAs || path.basename(settings.rangeAiModelFile).replace(/\.gguf$/i, '');
  const isAvailable =
    settings.rangeAiUpstreamModel !== '' && (settings.rangeAiUpstreamUrl !== '' || settings.rangeAiReplay === 'replay');
  return isAvailable ? settings.rangeAiUpstreamServedAs || settings.rangeAiUpstreamModel : undefined;
}

/** The embedded model's file, hash and name (loading it on first use), or undefined when there is none. */
export async function embeddedModelInfo(ctx: AppContext): Promise<EmbeddedModelInfo | undefined> {
  const settings = gatewayConfig.of(ctx.config);
  if (settings.rangeAiModelFile === '') return undefined;
  return (await loadEmbeddedModel(settings.rangeAiModelFile, embeddedOptions(ctx))).info;
}

function embeddedOptions(ctx: AppContext): { pinnedSha256?: string; servedAs?: string } {
  const settings = gatewayConfig.of(ctx.config);
  return {
    ...(settings.rangeAiModelSha256 ? { pinnedSha256: settings.rangeAiModelSha256 } : {}),
    ...(settings.rangeAiUpstreamServedAs ? { servedAs: settings.rangeAiUpstreamServedAs } : {}),
  };
}

/** Where calls to the upstream model go, as the trace names it. */
function upstreamLabel(ctx: AppContext): string {
  const settings = gatewayConfig.of(ctx.config);
  if (settings.rangeAiReplay === 'replay') return 'replay';
  if (settings.rangeAiModelFile) return `embedded:${path.basename(settings.rangeAiModelFile)}`;
  return settings.rangeAiUpstreamUrl;
}

/** The models this installation serves. */
export function listModels(ctx: AppContext): string[] {
  const upstream = upstreamModelId(ctx);
  return [SIMULATOR_MODEL, ...(upstream ? [upstream] : [])];
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

// Requests of the last minute per user (this process), and the day's tokens per user: read from
// the trace at most once a minute and counted up here between reads (a call's budget check then
// costs no query).
const recentRequests = new Map<string, number[]>();
const dayTokens = new Map<string, { readAt: number; tokens: number }>();
const TOKENS_REREAD_MS = 60_000;

async function enforceBudget(ctx: AppContext, userId: string): Promise<void> {
  const settings = gatewayConfig.of(ctx.config);
  const now = Date.now();
  const recent = (recentRequests.get(userId) ?? []).filter((at) => at > now - 60_000);
  if (recent.length >= settings.rangeAiRequestsPerMinute)
    throw new AppError('AI_BUDGET_EXCEEDED', `At most ${settings.rangeAiRequestsPerMinute} model calls a minute`);
  recent.push(now);
  recentRequests.set(userId, recent);
  let spent = dayTokens.get(userId);
  if (!spent || now - spent.readAt > TOKENS_REREAD_MS) {
    const since = new Date(now - 86_400_000).toISOString();
    spent = { readAt: now, tokens: await repository.tokensSince(ctx.db, userId, since) };
    dayTokens.set(userId, spent);
  }
  if (spent.tokens >= settings.rangeAiTokensPerDay)
    throw new AppError('AI_BUDGET_EXCEEDED', `The day's budget of ${settings.rangeAiTokensPerDay} tokens is spent`);
}

function countTokens(userId: string, tokens: number): void {
  const spent = dayTokens.get(userId);
  if (spent) spent.tokens += tokens;
}

/** One model call: budget, route, trace. */
export async function complete(ctx: AppContext, call: ModelCall): Promise<ModelAnswer> {
  const settings = gatewayConfig.of(ctx.config);
  if (!listModels(ctx).includes(call.model)) throw new AppError('AI_MODEL_UNKNOWN', `No model ${call.model} here`);
  if (!call.isMeasurement) await enforceBudget(ctx, call.actor.userId);
  const started = performance.now();
  let completion: Completion;
  let usage: { prompt: number; completion: number } | undefined;
  let status = 'ok';
  try {
    if (call.model === SIMULATOR_MODEL) {
      completion = simulate(call.messages, call.tools ?? [], {
        susceptibility: settings.rangeAiSimulatorSusceptibility,
        seed: call.seed ?? 0,
      });
    } else {
      ({ completion, usage } = await recordedOrUpstream(ctx, call));
    }
  } catch (error) {
    status = error instanceof AppError ? error.code : 'error';
    completion = { content: null, toolCalls: [], finishReason: 'stop' };
    if (!call.isMeasurement)
      await trace(ctx, call, completion, { prompt: 0, completion: 0 }, performance.now() - started, status);
    throw error;
  }
  const counted = usage ?? {
    prompt: estimateTokens(JSON.stringify(call.messages)),
    completion: estimateTokens((completion.content ?? '') + JSON.stringify(completion.toolCalls)),
  };
  if (!call.isMeasurement) countTokens(call.actor.userId, counted.prompt + counted.completion);
  const traceId = call.isMeasurement
    ? undefined
    : await trace(ctx, call, completion, counted, performance.now() - started, status);
  return {
    ...completion,
    model: call.model,
    usage: {
      prompt_tokens: counted.prompt,
      completion_tokens: counted.completion,
      total_tokens: counted.prompt + counted.completion,
    },
    traceId,
  };
}

async function trace(
  ctx: AppContext,
  call: ModelCall,
  completion: Completion,
  usage: { prompt: number; completion: number },
  latencyMs: number,
  status: string,
): Promise<string> {
  const id = randomUUID();
  await repository.insertTrace(ctx.db, {
    id,
    user_id: call.actor.userId,
    instance_id: call.instanceId ?? null,
    caller: call.caller,
    model: call.model,
    upstream: call.model === SIMULATOR_MODEL ? 'simulator' : upstreamLabel(ctx),
    request: JSON.stringify({ messages: call.messages, tools: call.tools?.map((tool) => tool.function.name) ?? [] }),
    response: JSON.stringify(completion),
    defence_actions: JSON.stringify(call.defenceActions ?? []),
    prompt_tokens: usage.prompt,
    completion_tokens: usage.completion,
    latency_ms: Math.round(latencyMs * 100) / 100,
    status,
    created_at: nowIso(),
  });
  return id;
}

type UpstreamAnswer = { completion: Completion; usage: { prompt: number; completion: number } | undefined };

/**
 * The upstream's answer — from the model server (recorded in `record` mode), or in `replay` mode
 * exactly as recorded, keyed by the canonical request, with no model server contacted.
 */
async function recordedOrUpstream(ctx: AppContext, call: ModelCall): Promise<UpstreamAnswer> {
  const settings = gatewayConfig.of(ctx.config);
  if (settings.rangeAiReplay === '') return callUpstream(ctx, call);
  const request = JSON.stringify({
    model: settings.rangeAiUpstreamModel,
    messages: call.messages,
    tools: call.tools ?? [],
    seed: call.seed ?? null,
    temperature: call.temperature ?? 0,
    maxTokens: call.maxTokens ?? null,
  });
  const requestKey = createHash('sha256').update(request).digest('hex');
  if (settings.rangeAiReplay === 'replay') {
    const recorded = await repository.findCassette(ctx.db, requestKey);
    if (!recorded) throw new AppError('AI_REPLAY_MISSING', 'This request was not recorded in rehearsal');
    return JSON.parse(recorded.answer) as UpstreamAnswer;
  }
  const answer = await callUpstream(ctx, call);
  await repository.saveCassette(ctx.db, {
    request_key: requestKey,
    model: settings.rangeAiUpstreamModel,
    request,
    answer: JSON.stringify(answer),
    recorded_at: nowIso(),
  });
  return answer;
}

/** The egress self-test (system administrator): the upstream answers, nothing outside does. */
export async function egressSelfTest(ctx: AppContext, actor: Actor): Promise<EgressReport> {
  assertSystemAdmin(actor);
  const settings = gatewayConfig.of(ctx.config);
  const probes = settings.rangeAiEgressProbes
    .split(',')
    .map((target) => target.trim())
    .filter(Boolean);
  const report = await checkEgress(settings.rangeAiUpstreamUrl, probes, 3000);
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'ai.egress-check',
    objectType: 'installation',
    objectId: null,
    workspaceId: null,
    detail: { isolated: report.isolated, reachable: report.probes.filter((p) => p.reachable).map((p) => p.target) },
  });
  return report;
}

/** The recorded answers, to carry from the rehearsal's installation to the class's. */
export async function exportCassettes(ctx: AppContext, actor: Actor) {
  assertSystemAdmin(actor);
  return (await repository.allCassettes(ctx.db)).map((row) => ({
    requestKey: row.request_key,
    model: row.model,
    request: row.request,
    answer: row.answer,
    recordedAt: row.recorded_at,
  }));
}

export async function importCassettes(
  ctx: AppContext,
  actor: Actor,
  cassettes: { requestKey: string; model: string; request: string; answer: string; recordedAt: string }[],
): Promise<{ imported: number }> {
  assertSystemAdmin(actor);
  for (const cassette of cassettes) {
    // The key is the request's hash: a cassette whose key does not match its request is refused.
    if (createHash('sha256').update(cassette.request).digest('hex') !== cassette.requestKey)
      throw new AppError('VALIDATION_FAILED', 'A cassette does not match its request', [
        { path: 'requestKey', message: cassette.requestKey },
      ]);
    await repository.saveCassette(ctx.db, {
      request_key: cassette.requestKey,
      model: cassette.model,
      request: cassette.request,
      answer: cassette.answer,
      recorded_at: cassette.recordedAt,
    });
  }
  return { imported: cassettes.length };
}

/** The configured OpenAI-compatible upstream, and nothing else (the organiser's egress rule). */
async function callUpstream(
  ctx: AppContext,
  call: ModelCall,
): Promise<{ completion: Completion; usage: { prompt: number; completion: number } | undefined }> {
  const settings = gatewayConfig.of(ctx.config);
  if (settings.rangeAiModelFile !== '') {
    const answer = await completeEmbedded(settings.rangeAiModelFile, embeddedOptions(ctx), {
      messages: call.messages,
      ...(call.tools ? { tools: call.tools } : {}),
      seed: call.seed ?? 0,
      temperature: call.temperature ?? 0,
      maxTokens: call.maxTokens ?? 256,
    }).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      throw new AppError('AI_UPSTREAM_FAILED', `The embedded model failed: ${(error as Error).message}`);
    });
    return {
      completion: {
        content: answer.toolCalls.length > 0 && answer.content === '' ? null : answer.content,
        toolCalls: answer.toolCalls,
        finishReason: answer.toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
      usage: { prompt: answer.promptTokens, completion: answer.completionTokens },
    };
  }
  const response = await fetch(`${settings.rangeAiUpstreamUrl.replace(/\/$/, '')}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(settings.rangeAiUpstreamKey ? { authorization: `Bearer ${settings.rangeAiUpstreamKey}` } : {}),
    },
    body: JSON.stringify({
      // The upstream's own id (trainees may know it under another: rangeAiUpstreamServedAs).
      model: settings.rangeAiUpstreamModel,
      messages: call.messages,
      ...(call.tools?.length ? { tools: call.tools } : {}),
      ...(call.seed !== undefined ? { seed: call.seed } : {}),
      temperature: call.temperature ?? 0,
      ...(call.maxTokens ? { max_tokens: call.maxTokens } : {}),
      stream: false,
    }),
    signal: AbortSignal.timeout(settings.rangeAiUpstreamTimeoutS * 1000),
  }).catch((error: unknown) => {
    throw new AppError('AI_UPSTREAM_FAILED', `The model server did not answer: ${(error as Error).message}`);
  });
  if (!response.ok) throw new AppError('AI_UPSTREAM_FAILED', `The model server answered ${response.status}`);
  const body = (await response.json()) as {
    choices?: { message?: { content?: string | null; tool_calls?: ToolCall[] }; finish_reason?: string }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number };
  };
  const message = body.choices?.[0]?.message;
  const toolCalls = message?.tool_calls ?? [];
  return {
    completion: {
      content: message?.content ?? null,
      toolCalls,
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
    },
    usage: body.usage
      ? { prompt: body.usage.prompt_tokens ?? 0, completion: body.usage.completion_tokens ?? 0 }
      : undefined,
  };
}

/** The trace of a lab instance, newest first (the caller has checked access to the plant). */
export async function readTrace(ctx: AppContext, instanceId: string, limit = 200) {
  const rows = await repository.traceOf(ctx.db, instanceId, limit);
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    caller: row.caller,
    model: row.model,
    upstream: row.upstream,
    request: JSON.parse(row.request) as unknown,
    response: JSON.parse(row.response) as unknown,
    defenceActions: JSON.parse(row.defence_actions) as unknown[],
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    latencyMs: Number(row.latency_ms),
    status: row.status,
    createdAt: row.created_at,
  }));
}

/** A simple, deterministic embedding (hashed word counts, 256 dimensions, unit length) for the simulator. */
export function simulatorEmbedding(text: string): number[] {
  const vector = new Array<number>(256).fill(0);
  for (const word of segmentWords(text.normalize('NFKC').toLowerCase())) vector[fnv1a(word) % 256]! += 1;
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => Math.round((value / norm) * 1e6) / 1e6);
}
