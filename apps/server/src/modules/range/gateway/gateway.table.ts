/** The gateway's trace: every model call, its request, response and what defences did. @module */
import type { Selectable } from 'kysely';

export interface AiTraceTable {
  id: string;
  user_id: string;
  /** The plant (lab instance) the call was made for, if any. */
  instance_id: string | null;
  /** `gateway` (a client of /v1) or `assistant` (the plant assistant's own calls). */
  caller: string;
  model: string;
  upstream: string;
  /** JSON: messages and tools as sent to the model. */
  request: string;
  /** JSON: content, tool calls, finish reason; or the error. */
  response: string;
  /** JSON list of what defences did to this call. */
  defence_actions: string;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  status: string;
  created_at: string;
}
export type AiTraceRow = Selectable<AiTraceTable>;

/** An upstream answer recorded in rehearsal, replayed in class (RENKEI_AI_REPLAY). */
export interface AiCassetteTable {
  /** SHA-256 of the canonical request (model, messages, tools, seed, temperature, max tokens). */
  request_key: string;
  model: string;
  request: string;
  /** JSON: the completion and the upstream's token usage. */
  answer: string;
  recorded_at: string;
}

declare module '../../../platform/index.js' {
  interface Database {
    ai_cassette: AiCassetteTable;
    ai_trace: AiTraceTable;
  }
}
