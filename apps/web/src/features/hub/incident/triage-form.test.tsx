// @vitest-environment happy-dom
// The triage panel against the real Renkei server: a handler moves an incident on and it is
// saved; a move the workflow does not allow is refused with the catalogue's message.
import type { IncidentDetail } from '@renkei/contracts';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, makeUser, makeWorkspace, TEST_PASSWORD } from '../../../../../server/test/factories.js';
import { serveToPage, type PageServer } from '../../../test/real-server.js';
import { api, setCsrfToken } from '../../../app/api.js';
import { AppProviders } from '../../../app/providers.js';
import i18n from '../../../i18n/index.js';
import { TriageForm } from './triage-form.js';

let test: PageServer;
let incidentId = '';

const load = () => api<IncidentDetail>('GET', `/api/incidents/${incidentId}`);

beforeAll(async () => {
  test = await serveToPage();
  const user = await makeUser(test.ctx);
  const workspaceId = (await makeWorkspace(test.ctx)).id;
  await addMember(test.ctx, workspaceId, user.id, 'handler');
  const session = await api<{ csrfToken: string }>('POST', '/api/auth/login', {
    username: user.username,
    password: TEST_PASSWORD,
  });
  setCsrfToken(session.csrfToken);
  const filed = await api<{ incidentId: string }>('POST', `/api/workspaces/${workspaceId}/reports`, {
    channel: 'api',
    tlp: 'AMBER',
    subject: 'Phishing site',
    body: 'https://triage-renkei-test.com/login',
  });
  incidentId = filed.incidentId;
  await i18n.changeLanguage('ja');
});
afterAll(async () => test.destroy());
afterEach(() => cleanup());

function renderForm(incident: IncidentDetail) {
  let saved = 0;
  render(
    <AppProviders withSession={false}>
      <TriageForm incident={incident} onSaved={async () => void (saved += 1)} />
    </AppProviders>,
  );
  return { savedCount: () => saved };
}

describe('triage panel', () => {
  it('saves a status change to the server', async () => {
    const form = renderForm(await load());
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('状態'), 'triage');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.getByText('保存しました。')).toBeTruthy());
    expect((await load()).status).toBe('triage');
    expect(form.savedCount()).toBe(1);
  });

  it("shows the server's refusal in the reader's language", async () => {
    const incident = await load();
    renderForm({ ...incident, status: 'resolved' }); // the page shows a state the server no longer has
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('状態'), 'closed');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('その状態には変更できません。'));
    expect((await load()).status).toBe('triage');
  });
});
