/**
 * The embedded model engine: a GGUF file the organiser provides, run on the CPU in this process
 * through node-llama-cpp (llama.cpp's prebuilt binaries from the npm registry; nothing is built
 * or downloaded at run time). Determinism by design: the file's SHA-256 is computed at load and,
 * when pinned, must match; every call is seeded; calls run one at a time through one queue (the
 * engine would otherwise vary with batching). Tool calls are not offered to the embedded model
 * (text only); an OpenAI-compatible upstream serves them.
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../platform/index.js';
import type { ChatMessage } from './simulator.js';

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

/** The chat history as node-llama-cpp takes it: system text, user turns, model turns. */
function historyOf(messages: readonly ChatMessage[]) {
  type Item = Parameters<InstanceType<NodeLlamaCpp['LlamaChatSession']>['setChatHistory']>[0][number];
  const history: Item[] = [];
  for (const message of messages) {
    const text = message.content ?? '';
    if (message.role === 'system') history.push({ type: 'system', text });
    else if (message.role === 'assistant') history.push({ type: 'model', response: [text] });
    // A tool's answer reaches a text-only model as what the user relays.
    else history.push({ type: 'user', text: message.role === 'tool' ? `[tool ${message.name ?? ''}] ${text}` : text });
  }
  return history;
}

/**
 * One chat completion from the embedded model: the conversation up to the last user turn is
 * the history, the last user turn the prompt; seeded; queued behind the model's other calls.
 */
export async function completeEmbedded(
  file: string,
  options: { pinnedSha256?: string; servedAs?: string },
  call: { messages: readonly ChatMessage[]; seed: number; temperature: number; maxTokens: number },
): Promise<EmbeddedCompletion> {
  const engine = await loadEmbeddedModel(file, options);
  const run = async (): Promise<EmbeddedCompletion> => {
    const { module, model } = engine;
    const last = call.messages.map((message) => message.role).lastIndexOf('user');
    const prompt = last >= 0 ? (call.messages[last]!.content ?? '') : '';
    const earlier = last >= 0 ? call.messages.slice(0, last) : call.messages;
    const context = await model.createContext({ contextSize: Math.min(model.trainContextSize, 4096) });
    try {
      const sequence = context.getSequence();
      const session = new module.LlamaChatSession({ contextSequence: sequence });
      session.setChatHistory(historyOf(earlier));
      const content = await session.prompt(prompt, {
        maxTokens: call.maxTokens,
        temperature: call.temperature,
        seed: call.seed,
      });
      // What the engine evaluated and generated (the chat template's tokens included).
      return {
        content,
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
