// @vitest-environment happy-dom
// The sign-in form against the real Renkei server (SQLite): a wrong password shows the error
// catalogue's message in the reader's language; the right one signs in.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../../../../../server/test/factories.js';
import { serveToPage, type PageServer } from '../../../test/real-server.js';
import { AppProviders } from '../../../app/providers.js';
import { useSession } from '../../../app/session.js';
import i18n from '../../../i18n/index.js';
import { LoginPage } from './login-page.js';

let test: PageServer;
let username = '';

function SignedInAs() {
  const { user } = useSession();
  return <output aria-label="signed in as">{user?.username ?? ''}</output>;
}

function renderLogin() {
  return render(
    <AppProviders>
      <LoginPage />
      <SignedInAs />
    </AppProviders>,
  );
}

beforeAll(async () => {
  test = await serveToPage();
  username = (await makeUser(test.ctx)).username;
});
afterAll(async () => test.destroy());
afterEach(async () => {
  cleanup();
  await act(() => i18n.changeLanguage('ja'));
});

describe('sign-in form', () => {
  it("shows a wrong password in the reader's language, from the error catalogue", async () => {
    await act(() => i18n.changeLanguage('ja'));
    renderLogin();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('ユーザー名'), username);
    await user.type(screen.getByLabelText('パスワード'), 'not the password');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('ユーザー名またはパスワードが正しくありません。'),
    );
    await user.click(screen.getByRole('button', { name: 'English' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Wrong username or password.'));
  });

  it('signs in with the right password', async () => {
    renderLogin();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('ユーザー名'), username);
    await user.type(screen.getByLabelText('パスワード'), TEST_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    await waitFor(() => expect(screen.getByLabelText('signed in as').textContent).toBe(username));
  });
});
