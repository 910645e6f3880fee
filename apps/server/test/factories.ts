/** Test data built through the real services, and signed-in HTTP clients. */
import { DEFAULT_CLEARANCE, type Role, type Tlp, type WorkspaceKind } from '@renkei/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createWorkspace } from '../src/modules/core/admin/index.js';
import { upsertMembership } from '../src/platform/access/access.repository.js';
import { findUserById } from '../src/platform/auth/auth.repository.js';
import { createUser, loadActor } from '../src/platform/auth/auth.service.js';
import type { AppContext } from '../src/platform/context.js';
import { nowIso } from '../src/platform/db/database.js';
import type { AppInstance } from '../src/platform/http/types.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The actor a signed-in user is, for calling services directly (as the CLI and jobs do). */
export async function actorOf(ctx: AppContext, userId: string) {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new Error(`no user ${userId}`);
  return loadActor(ctx.db, user);
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`.toLowerCase();
}

export async function makeUser(
  ctx: AppContext,
  options: { username?: string; isSystemAdmin?: boolean; password?: string } = {},
) {
  return createUser(ctx, null, {
    username: options.username ?? uniqueName('user'),
    displayName: 'Test User テスト',
    locale: 'ja',
    password: options.password ?? TEST_PASSWORD,
    isSystemAdmin: options.isSystemAdmin ?? false,
  });
}

export async function makeWorkspace(ctx: AppContext, kind: WorkspaceKind = 'hub_operations') {
  return createWorkspace(ctx, null, { slug: uniqueName('ws-'), name: 'Test workspace', kind });
}

export async function addMember(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
  role: Role,
  clearance?: Tlp,
): Promise<void> {
  await upsertMembership(ctx.db, {
    workspace_id: workspaceId,
    user_id: userId,
    role,
    clearance: clearance ?? DEFAULT_CLEARANCE[role],
    created_at: nowIso(),
  });
}

/** An HTTP client signed in through the real login endpoint (cookie + CSRF token). */
export interface Client {
  username: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function signIn(app: AppInstance, username: string, password = TEST_PASSWORD): Promise<Client> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'renkei_session');
  if (!cookie) throw new Error('no session cookie');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return clientWithHeaders(app, username, { cookie: `renkei_session=${cookie.value}`, 'x-csrf-token': csrfToken });
}

export function tokenClient(app: AppInstance, token: string): Client {
  return clientWithHeaders(app, 'token', { authorization: `Bearer ${token}` });
}

function clientWithHeaders(app: AppInstance, username: string, headers: Record<string, string>): Client {
  const request = (options: InjectOptions) =>
    app.inject({ ...options, headers: { ...headers, ...(options.headers ?? {}) } });
  return {
    username,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, payload) =>
      request({ method: 'POST', url, ...(payload !== undefined ? { payload: payload as object } : {}) }),
    put: (url, payload) =>
      request({ method: 'PUT', url, ...(payload !== undefined ? { payload: payload as object } : {}) }),
    patch: (url, payload) =>
      request({ method: 'PATCH', url, ...(payload !== undefined ? { payload: payload as object } : {}) }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}
