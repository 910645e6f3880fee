// @vitest-environment happy-dom
// The route table against the real Renkei server: public pages open without a session, every
// other path asks to sign in first, and a signed-in user's pages load lazily with their data
// (TanStack Query through useQuery).
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, makeUser, makeWorkspace, TEST_PASSWORD } from '../../../server/test/factories.js';
import { serveToPage, type PageServer } from '../test/real-server.js';
import i18n from '../i18n/index.js';
import { api, setCsrfToken } from './api.js';
import { AppProviders } from './providers.js';
import { appRoutes } from './routes.js';

let test: PageServer;
let username = '';
let workspaceId = '';

function renderAt(path: string) {
  const router = createMemoryRouter(appRoutes(), { initialEntries: [path] });
  return render(
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

beforeAll(async () => {
  test = await serveToPage();
  const user = await makeUser(test.ctx);
  username = user.username;
  workspaceId = (await makeWorkspace(test.ctx)).id;
  await addMember(test.ctx, workspaceId, user.id, 'handler');
  await i18n.changeLanguage('ja');
});
afterAll(async () => test.destroy());
afterEach(() => cleanup());

describe('routes', () => {
  it('opens the public report form without a session', async () => {
    renderAt('/report');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('インシデント報告'));
  });

  it('asks to sign in before any other page', async () => {
    renderAt(`/workspaces/${workspaceId}/incidents`);
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('ログイン'));
  });

  it("loads a signed-in user's page lazily, with its data", async () => {
    const session = await api<{ csrfToken: string }>('POST', '/api/auth/login', { username, password: TEST_PASSWORD });
    setCsrfToken(session.csrfToken);
    renderAt(`/workspaces/${workspaceId}/incidents`);
    // The queue page's chunk, then its data: an empty queue in this new workspace.
    await waitFor(() => expect(screen.getByRole('navigation', { name: 'メインナビゲーション' })).toBeTruthy());
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('インシデント一覧'));
    await waitFor(() => expect(screen.getByText(i18n.t('hub.empty'))).toBeTruthy());
    await api('POST', '/api/auth/logout');
  });

  it('sends a user who is not a system administrator from the users page to the home page', async () => {
    const session = await api<{ csrfToken: string }>('POST', '/api/auth/login', { username, password: TEST_PASSWORD });
    setCsrfToken(session.csrfToken);
    renderAt('/admin/users');
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/^ようこそ、/));
    await api('POST', '/api/auth/logout');
  });
});
