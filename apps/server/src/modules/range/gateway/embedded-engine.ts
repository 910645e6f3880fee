/**
 * The embedded model engine: a GGUF file the organiser provides, run on the CPU in this process
 * through node-llama-cpp (llama.cpp's prebuilt binaries from the npm registry; nothing is built
 * or downloaded at run time). Determinism by design: the file's SHA-256 is computed at load and,
 * when pinned, must match; every call is seeded; calls run one at a time through one queue (the
 * engine would otherwise vary with batching). Tools are offered through node-llama-cpp's function
 * calling (the model's chat template, or its generic one, with a JSON grammar for the arguments):
 * a call is returned as OpenAI tool calls, never executed here — the caller runs the tool and
 * sends its result back, as with any upstream.
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../platform/index.js';
import type { ChatMessage, ToolCall, ToolSpec } from './simulator.js';

export interface EmbeddedModelInfo {
  /** The id trainees use: the file's name without `.gguf` (or the organiser's). */
  id: string;
  file: string;
  sha256: string;
  /** general.name from the file's metadata, when it has one. */
  name: string | null;
}

export interface EmbeddedCompletion {
  content: string;
  toolCalls: ToolCall[];
  promptTokens: number;
  completionTokens: number;
}

// node-llama-cpp's types, loaded lazily: the server starts without touching the native engine.
type NodeLlamaCpp = typeof import('node-llama-cpp');
type LlamaModel = Awaited<ReturnType<Awaited<ReturnType<NodeLlamaCpp['getLlama']>>['loadModel']>>;

interface LoadedEngine {
  info: EmbeddedModelInfo;
  module: NodeLlamaCpp;
  model: LlamaModel;
}

const engines = new Map<string, Promise<LoadedEngine>>();
/** One inference at a time per model file (calls wait their turn in order). */
const queues = new Map<string, Promise<unknown>>();

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Loads (once) the model file; refuses a file whose hash differs from the pinned one. */
export function loadEmbeddedModel(
  file: string,
  options: { pinnedSha256?: string; servedAs?: string } = {},
): Promise<LoadedEngine> {
  let engine = engines.get(file);
  if (!engine) {
    engine = (async () => {
      const sha256 = await sha256Of(file).catch((error: unknown) => {
        throw new AppError('AI_UPSTREAM_FAILED', `The model file cannot be read: ${(error as Error).message}`);
      });
      if (options.pinnedSha256 && options.pinnedSha256.toLowerCase() !== sha256)
        throw new AppError(
          'AI_UPSTREAM_FAILED',
          `The model file's SHA-256 is ${sha256}, not the pinned ${options.pinnedSha256}`,
        );
      const module = await import('node-llama-cpp');
      // build 'never': only the prebuilt binaries installed from npm; no GPU probing in class rooms.
      const llama = await module.getLlama({ build: 'never', gpu: false, logLevel: module.LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath: file });
      const metadataName = (model.fileInfo.metadata as { general?: { name?: unknown } }).general?.name;
      return {
        module,
        model,
        info: {
          id: options.servedAs || path.basename(file).replace(/\.gguf$/i, ''),
          file,
          sha256,
          name: typeof metadataName === 'string' ? metadataName : null,
        },
      };
    })();
    engines.set(file, engine);
    // A failed load is tried again on the next call (the organiser may fix the file).
    engine.catch(() => engines.delete(file));
  }
  return engine;
}

/** Forgets loaded models (tests; a changed file). */
export async function unloadEmbeddedModels(): Promise<void> {
  const loaded = await Promise.allSettled([...engines.values()]);
  engines.clear();
  for (const result of loaded) if (result.status === 'fulfilled') await result.value.model.dispose();
}

type HistoryItem = Parameters<InstanceType<NodeLlamaCpp['LlamaChat']>['generateResponse']>[0][number];

/**
 * The chat history as node-llama-cpp takes it: system text, user turns, model turns — an
 * assistant turn's tool calls become function calls carrying the results the tool messages
 * returned for them (matched by id), as the engine's chat templates expect.
 */
export function historyOf(messages: readonly ChatMessage[]): HistoryItem[] {
  const results = new Map(
    messages.flatMap((message) =>
      message.role === 'tool' && message.tool_call_id ? [[message.tool_call_id, message.content ?? '']] : [],
    ),
  );
  const history: HistoryItem[] = [];
  for (const message of messages) {
    const text = message.content ?? '';
    if (message.role === 'system') history.push({ type: 'system', text });
    else if (message.role === 'assistant')
      history.push({
        type: 'model',
        response: [
          ...(text ? [text] : []),
          ...(message.tool_calls ?? []).map((call) => ({
            type: 'functionCall' as const,
            name: call.function.name,
            params: parseArguments(call.function.arguments),
            result: results.get(call.id) ?? '',
          })),
        ],
      });
    else if (message.role === 'tool') {
      // Answered above, inside the call it belongs to; a result without its call is relayed.
      if (!message.tool_call_id || !messages.some((m) => m.tool_calls?.some((c) => c.id === message.tool_call_id)))
        history.push({ type: 'user', text: `[tool ${message.name ?? ''}] ${text}` });
    } else history.push({ type: 'user', text });
  }
  return history;
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text || '{}') as unknown;
  } catch {
    return {};
  }
}

/** The tools as node-llama-cpp's functions: description and a JSON-schema of the parameters. */
function functionsOf(tools: readonly ToolSpec[]) {
  return Object.fromEntries(
    tools.map((tool) => [
      tool.function.name,
      {
        ...(tool.function.description ? { description: tool.function.description } : {}),
        // OpenAI's parameters are JSON Schema; node-llama-cpp turns the subset it knows into a grammar.
        ...(tool.function.parameters ? { params: tool.function.parameters as never } : {}),
      },
    ]),
  );
}

/**
 * One chat completion from the embedded model: the whole conversation as history and a model
 * turn to fill; seeded; tools offered as functions; queued behind the model's other calls.
 */
export async function completeEmbedded(
  file: string,
  options: { pinnedSha256?: string; servedAs?: string },
  call: {
    messages: readonly ChatMessage[];
    tools?: readonly ToolSpec[];
    seed: number;
    temperature: number;
    maxTokens: number;
  },
): Promise<EmbeddedCompletion> {
  const engine = await loadEmbeddedModel(file, options);
  const run = async (): Promise<EmbeddedCompletion> => {
    const { module, model } = engine;
    const context = await model.createContext({ contextSize: Math.min(model.trainContextSize, 4096) });
    try {
      const sequence = context.getSequence();
      const chat = new module.LlamaChat({ contextSequence: sequence });
      const history = historyOf(call.messages);
      // The turn to answer: an empty model turn after the conversation.
      history.push({ type: 'model', response: [] });
      const answer = await chat.generateResponse(history, {
        maxTokens: call.maxTokens,
        temperature: call.temperature,
        seed: call.seed,
        ...(call.tools?.length ? { functions: functionsOf(call.tools), maxParallelFunctionCalls: 4 } : {}),
      });
      const toolCalls: ToolCall[] = (answer.functionCalls ?? []).map((functionCall, index) => ({
        id: `call_${call.seed.toString(36)}_${index}`,
        type: 'function',
        function: { name: functionCall.functionName, arguments: JSON.stringify(functionCall.params ?? {}) },
      }));
      // What the engine evaluated and generated (the chat template's tokens included).
      return {
        content: answer.response,
        toolCalls,
        promptTokens: sequence.tokenMeter.usedInputTokens,
        completionTokens: sequence.tokenMeter.usedOutputTokens,
      };
    } finally {
      await context.dispose();
    }
  };
  const previous = queues.get(file) ?? Promise.resolve();
  const turn = previous.then(run, run);
  queues.set(
    file,
    turn.catch(() => undefined),
  );
  return turn;
}
