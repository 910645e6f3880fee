// @vitest-environment happy-dom
// The group worksheet against the real Renkei server: a member adds a risk with its framework
// references; when another member changed the same row first, the page says so and shows the
// other member's version instead of overwriting it.
import type { Group, Participant, RiskRow } from '@renkei/contracts';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, makeUser, makeWorkspace, TEST_PASSWORD } from '../../../../../server/test/factories.js';
import { serveToPage, type PageServer } from '../../../test/real-server.js';
import { api, setCsrfToken } from '../../../app/api.js';
import { AppProviders } from '../../../app/providers.js';
import i18n from '../../../i18n/index.js';
import { WorksheetPage } from './worksheet-page.js';

let test: PageServer;
let groupId = '';
const signInAs = async (username: string) =>
  setCsrfToken(
    (await api<{ csrfToken: string }>('POST', '/api/auth/login', { username, password: TEST_PASSWORD })).csrfToken,
  );

beforeAll(async () => {
  test = await serveToPage();
  const workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
  const teacher = await makeUser(test.ctx);
  const member = await makeUser(test.ctx);
  await addMember(test.ctx, workspaceId, teacher.id, 'instructor');
  await addMember(test.ctx, workspaceId, member.id, 'trainee');
  await signInAs(teacher.username);
  await api('POST', `/api/workspaces/${workspaceId}/participants/import`, { format: 'csv', content: 'name\n田中\n' });
  groupId = (await api<Group[]>('POST', `/api/workspaces/${workspaceId}/groups`, { size: 2 }))[0]!.id;
  const [participant] = await api<Participant[]>('GET', `/api/workspaces/${workspaceId}/participants`);
  await api('PUT', `/api/participants/${participant!.id}/account`, { username: member.username });
  await signInAs(member.username);
  await i18n.changeLanguage('ja');
});
afterAll(() => test.destroy());
afterEach(() => cleanup());

describe('group worksheet page', () => {
  it('adds a risk with its frameworks, and on a conflicting edit shows the other change', async () => {
    const router = createMemoryRouter([{ path: '/', element: <WorksheetPage groupId={groupId} /> }], {
      initialEntries: ['/'],
    });
    render(
      <AppProviders withSession={false}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'リスクを追加' }));
    await user.type(screen.getByLabelText('脅威'), '手順書への指示の埋め込み');
    await user.selectOptions(screen.getByLabelText('発生可能性（1–5）'), '4');
    await user.selectOptions(screen.getByLabelText('影響度（1–5）'), '5');
    await user.click(screen.getByText('OWASP Top 10 for LLM Applications 2025'));
    await user.click(screen.getByLabelText('LLM04 Data and Model Poisoning'));
    await user.click(screen.getByRole('button', { name: '保存' }));
    // Saved: the form closes and the row is in the table with its risk.
    await waitFor(() => expect(screen.queryByRole('button', { name: '保存' })).toBeNull());
    expect((await screen.findByText('手順書への指示の埋め込み')).closest('tr')?.textContent).toContain('4 × 5 = 20');
    expect(screen.getByText('LLM04 Data and Model Poisoning')).toBeTruthy();

    // The member opens the row; meanwhile another member (here: the API) changes it.
    await user.click(screen.getByRole('button', { name: '編集' }));
    const [row] = (await api<{ rows: RiskRow[] }>('GET', `/api/groups/${groupId}/worksheet`)).rows;
    await api('PUT', `/api/risk-rows/${row!.id}`, { ...row, controls: '署名付き文書のみ', version: row!.version });
    await user.type(screen.getByLabelText('対策'), '人の承認');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('他のメンバーが先に変更しました'));
    await waitFor(() => expect(screen.getByText('署名付き文書のみ')).toBeTruthy());
  });
});
