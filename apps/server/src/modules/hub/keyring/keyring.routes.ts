/** HTTP routes of the key directory and the team key (intake publishes the team's public key). @module */
import { pgpKeySchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as keyring from './keyring.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const armoredKeySchema = z.string().min(50).max(200_000);
const teamKeyBody = z.union([
  z.object({ name: z.string().trim().min(1).max(200), email: z.string().email() }),
  z.object({ armoredKey: armoredKeySchema, passphrase: z.string().max(1000).optional() }),
]);

export function registerKeyringRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/pgp-keys',
    {
      schema: {
        tags: ['keyring'],
        summary: 'The OpenPGP key directory (signatures are verified against it)',
        params: workspaceParams,
        response: { 200: z.array(pgpKeySchema) },
      },
    },
    async (request) => keyring.listKeys(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/pgp-keys',
    {
      schema: {
        tags: ['keyring'],
        summary: 'Add a public key to the directory',
        params: workspaceParams,
        body: z.object({ armoredKey: armoredKeySchema }),
        response: { 201: pgpKeySchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await keyring.addPublicKey(ctx, requireActor(request), request.params.workspaceId, request.body.armoredKey),
        ),
  );
  app.post(
    '/api/workspaces/:workspaceId/pgp-keys/team',
    {
      schema: {
        tags: ['keyring'],
        summary: 'Create (name, email) or import (armoredKey) the team key; it replaces the previous one',
        params: workspaceParams,
        body: teamKeyBody,
        response: { 201: pgpKeySchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body;
      const key =
        'armoredKey' in body
          ? await keyring.importTeamKey(ctx, actor, request.params.workspaceId, body.armoredKey, body.passphrase)
          : await keyring.generateTeamKey(ctx, actor, request.params.workspaceId, body);
      return reply.status(201).send(key);
    },
  );
  app.delete(
    '/api/pgp-keys/:id',
    {
      schema: {
        tags: ['keyring'],
        summary: 'Remove a key from the directory',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await keyring.deleteKey(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
