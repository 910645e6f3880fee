/** range/gateway's configuration: the upstream model server, the simulator, budgets per trainee. @module */
import { z } from 'zod';
import { defineConfigSection } from '../../../platform/index.js';

export const gatewayConfig = defineConfigSection(
  'range/gateway',
  z.object({
    /** OpenAI-compatible upstream (Ollama, vLLM, llama.cpp server…), e.g. http://127.0.0.1:11434/v1; empty: simulator only. */
    rangeAiUpstreamUrl: z.string().default(''),
    /** The model id the upstream serves (listed beside renkei-simulator). */
    rangeAiUpstreamModel: z.string().default(''),
    rangeAiUpstreamKey: z.string().default(''),
    /**
     * A GGUF model file run in this process by the embedded engine (node-llama-cpp, CPU); when
     * set it is the upstream (the URL is then not used). The organiser provides the file.
     */
    rangeAiModelFile: z.string().default(''),
    /** The model file's SHA-256, pinned: a different file is refused. */
    rangeAiModelSha256: z.string().default(''),
    /** The id trainees see for the upstream model (default: the upstream's own id). */
    rangeAiUpstreamServedAs: z.string().default(''),
    /**
     * Replay cassettes: `record` stores every upstream answer (rehearsal), `replay` answers from
     * them and contacts no model server (class, when the server is down or a demo must not vary).
     */
    rangeAiReplay: z.enum(['', 'record', 'replay']).default(''),
    /** Seconds before an upstream call is abandoned. */
    rangeAiUpstreamTimeoutS: z.coerce.number().int().min(1).default(120),
    /** Outside addresses (host:port, comma-separated) the egress self-test expects to be unreachable. */
    rangeAiEgressProbes: z
      .string()
      .default('api.openai.com:443,huggingface.co:443,registry.ollama.ai:443,1.1.1.1:443,8.8.8.8:53'),
    /** The simulator's susceptibility to instructions in its context (0–1). */
    rangeAiSimulatorSusceptibility: z.coerce.number().min(0).max(1).default(0.8),
    /** Budgets per user: requests per minute, tokens per day. */
    rangeAiRequestsPerMinute: z.coerce.number().int().min(1).default(60),
    rangeAiTokensPerDay: z.coerce.number().int().min(1).default(500_000),
  }),
  {
    RENKEI_AI_UPSTREAM_URL: 'rangeAiUpstreamUrl',
    RENKEI_AI_UPSTREAM_MODEL: 'rangeAiUpstreamModel',
    RENKEI_AI_UPSTREAM_KEY: 'rangeAiUpstreamKey',
    RENKEI_AI_UPSTREAM_SERVED_AS: 'rangeAiUpstreamServedAs',
    RENKEI_AI_MODEL_FILE: 'rangeAiModelFile',
    RENKEI_AI_MODEL_SHA256: 'rangeAiModelSha256',
    RENKEI_AI_REPLAY: 'rangeAiReplay',
    RENKEI_AI_EGRESS_PROBES: 'rangeAiEgressProbes',
    RENKEI_AI_UPSTREAM_TIMEOUT_S: 'rangeAiUpstreamTimeoutS',
    RENKEI_AI_SIMULATOR_SUSCEPTIBILITY: 'rangeAiSimulatorSusceptibility',
    RENKEI_AI_REQUESTS_PER_MINUTE: 'rangeAiRequestsPerMinute',
    RENKEI_AI_TOKENS_PER_DAY: 'rangeAiTokensPerDay',
  },
);
