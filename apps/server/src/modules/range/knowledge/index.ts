/**
 * @module range/knowledge — the knowledge base a plant's assistant retrieves from: built-in
 * synthetic procedures (Japanese and English), signed course documents, unsigned trainee and
 * contractor documents, the plant's notes; BM25 with Japanese word segmentation (R4, R5, R6).
 */
import { defineModule } from '../../../platform/index.js';
import { registerKnowledgeRoutes } from './knowledge.routes.js';
import * as createKnowledgeDocument from './migrations/202612042300_create_knowledge_document.js';

export { retrieve } from './knowledge.service.js';
export { Bm25Index, chunkText, tokens, type Chunk, type Hit } from './bm25.js';
export { BUILTIN_DOCUMENTS } from './corpus.js';
export type { KnowledgeDocumentTable } from './knowledge.table.js';

export const knowledgeModule = defineModule({
  name: 'range/knowledge',
  migrations: { '202612042300_create_knowledge_document': createKnowledgeDocument },
  routes: registerKnowledgeRoutes,
  access: {
    'GET /api/plants/:id/knowledge': 'plant owner or course staff',
    'POST /api/plants/:id/knowledge': 'plant owner or course staff, content.write; signed only for staff',
    'GET /api/plants/:id/knowledge/search': 'plant owner or course staff',
  },
});
