/** HTTP routes of a plant's knowledge base. @module */
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as knowledge from './knowledge.service.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
const documentSchema = z.object({
  id: z.string(),
  title: z.string(),
  lang: z.string(),
  body: z.string(),
  origin: z.string(),
  authorName: z.string().nullable(),
  scope: z.string(),
  sha256: z.string(),
  isSigned: z.boolean(),
  createdAt: z.string().nullable(),
});

export function registerKnowledgeRoutes(app: AppInstance, ctx: AppContext): void {
  const tags = ['range-knowledge'];
  app.get(
    '/api/plants/:id/knowledge',
    {
      schema: {
        tags,
        summary: "Documents the plant's assistant retrieves from, with provenance (origin, author, hash, signature)",
        params: idParams,
        response: { 200: z.array(documentSchema) },
      },
    },
    async (request) => knowledge.listDocuments(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/plants/:id/knowledge',
    {
      schema: {
        tags,
        summary: 'Add a document: course staff add signed course documents; trainees add unsigned ones to their plant',
        params: idParams,
        body: knowledge.documentSchema,
        response: { 201: documentSchema.omit({ createdAt: true }).extend({ createdAt: z.string().nullable() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await knowledge.addDocument(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.get(
    '/api/plants/:id/knowledge/search',
    {
      schema: {
        tags,
        summary: 'Retrieval as the assistant does it: the best passages for a question',
        params: idParams,
        querystring: knowledge.searchQuerySchema,
        response: {
          200: z.array(
            z.object({
              documentId: z.string(),
              title: z.string(),
              text: z.string(),
              origin: z.string(),
              isSigned: z.boolean(),
              score: z.number(),
            }),
          ),
        },
      },
    },
    async (request) =>
      knowledge.searchKnowledge(
        ctx,
        requireActor(request),
        request.params.id,
        request.query.q,
        request.query.signedOnly,
      ),
  );
}
