/**
 * @module range/gateway — the Range's model gateway: an OpenAI-compatible `/v1` (models, chat
 * completions with streaming and tool calls, embeddings) with Renkei API tokens as keys, the
 * deterministic simulator, one configured upstream, budgets per trainee, and the trace (R4).
 */
import { gatewayErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { plantVisibleTo } from '../plant/index.js';
import { gatewayConfig } from './gateway.config.js';
import { registerGatewayRoutes } from './gateway.routes.js';
import * as createAiTrace from './migrations/202612042200_create_ai_trace.js';
import * as createAiCassette from './migrations/202612091200_create_ai_cassette.js';

export {
  complete,
  listModels,
  readTrace,
  SIMULATOR_MODEL,
  type ModelAnswer,
  type ModelCall,
} from './gateway.service.js';
export { actionOf, foldLookalikes, simulate, type ChatMessage, type ToolCall, type ToolSpec } from './simulator.js';
export { gatewayConfig } from './gateway.config.js';
export { traceSummaryOf } from './gateway.repository.js';
export type { AiTraceTable } from './gateway.table.js';

export const gatewayModule = defineModule({
  name: 'range/gateway',
  config: gatewayConfig,
  errors: gatewayErrors,
  migrations: {
    '202612042200_create_ai_trace': createAiTrace,
    '202612091200_create_ai_cassette': createAiCassette,
  },
  routes: (app, ctx) => registerGatewayRoutes(app, ctx, plantVisibleTo),
  access: {
    'GET /v1/models': 'any valid API token',
    'POST /v1/chat/completions': 'any valid API token; X-Renkei-Plant must be a plant the caller sees; budgets',
    'POST /v1/embeddings': 'any valid API token',
    'GET /api/ai/cassettes': 'system administrator',
    'POST /api/ai/cassettes': 'system administrator',
    'POST /api/ai/egress-check': 'system administrator; audited',
  },
});
