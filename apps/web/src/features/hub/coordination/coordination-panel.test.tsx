// @vitest-environment happy-dom
// The coordination panel against the real Renkei server: a handler asks whom to contact for a
// phishing URL, adds the hosting provider the directory names, previews the request (Japanese,
// the victim's address withheld) and sends it; the thread shows as sent with its message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IncidentDetail } from '@renkei/contracts';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, makeUser, makeWorkspace, TEST_PASSWORD } from '../../../../../server/test/factories.js';
import { serveToPage, type PageServer } from '../../../test/real-server.js';
import { api, setCsrfToken } from '../../../app/api.js';
import { AppProviders } from '../../../app/providers.js';
import i18n from '../../../i18n/index.js';
import { CoordinationPanel } from './coordination-panel.js';

let test: PageServer;
let incident: IncidentDetail;
const netdata = mkdtempSync(path.join(tmpdir(), 'renkei-web-netdata-'));

beforeAll(async () => {
  writeFileSync(path.join(netdata, 'asn-ipv4.csv'), '192.0.2.0,192.0.2.255,64500,Example Hosting\n');
  writeFileSync(path.join(netdata, 'geo-whois-asn-country-ipv4.csv'), '192.0.2.0,192.0.2.255,JP\n');
  test = await serveToPage({ netdataDir: netdata, rdapMode: 'offline', dns: 'off' });
  const user = await makeUser(test.ctx);
  const workspaceId = (await makeWorkspace(test.ctx)).id;
  await addMember(test.ctx, workspaceId, user.id, 'handler');
  const session = await api<{ csrfToken: string }>('POST', '/api/auth/login', {
    username: user.username,
    password: TEST_PASSWORD,
  });
  setCsrfToken(session.csrfToken);
  await api('POST', `/api/workspaces/${workspaceId}/directory`, {
    name: 'Example Hosting',
    kind: 'hosting_provider',
    country: 'JP',
    languages: ['ja'],
    emails: [{ address: 'abuse@hosting.test', purpose: 'abuse' }],
    constituency: [{ kind: 'cidr', value: '192.0.2.0/24' }],
    tlp: 'AMBER',
  });
  const filed = await api<{ incidentId: string }>('POST', `/api/workspaces/${workspaceId}/reports`, {
    subject: 'フィッシング',
    body: 'http://192.0.2.10/login?u=victim@bank.test',
    tlp: 'AMBER',
    channel: 'manual',
    reporterEmail: 'victim@bank.test',
  });
  await api('PATCH', `/api/incidents/${filed.incidentId}`, { rsitType: 'phishing' });
  incident = await api<IncidentDetail>('GET', `/api/incidents/${filed.incidentId}`);
  await i18n.changeLanguage('ja');
});
afterAll(async () => {
  await test.destroy();
  rmSync(netdata, { recursive: true, force: true });
});
afterEach(() => cleanup());

describe('coordination panel', () => {
  it('proposes the hosting provider, previews the request without the victim, and sends it', async () => {
    // happy-dom has no confirm dialog: the handler answers yes.
    window.confirm = () => true;
    const router = createMemoryRouter(
      [{ path: '/', element: <CoordinationPanel incident={incident} mayEdit={true} /> }],
      { initialEntries: ['/'] },
    );
    render(
      <AppProviders withSession={false}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByText('この件の連絡先スレッドはまだありません。')).toBeTruthy());
    await user.click(screen.getByRole('button', { name: '連絡先を調べる' }));
    await waitFor(() => expect(screen.getAllByText('Example Hosting').length).toBeGreaterThan(0));
    await user.click(screen.getAllByRole('button', { name: '連絡先に追加' })[0]!);
    await waitFor(() => expect(screen.getByText('計画')).toBeTruthy());

    await user.click(screen.getByRole('button', { name: 'プレビュー' }));
    const preview = await screen.findByRole('region', { name: 'プレビュー' });
    expect(preview.textContent).toContain('テイクダウンのお願い');
    expect(preview.textContent).toContain('[非開示]');
    expect(preview.textContent).not.toContain('victim@bank');
    expect(preview.textContent).toContain('組織宛て');

    await user.click(screen.getAllByRole('button', { name: '送信' })[0]!);
    await waitFor(() => expect(screen.getByText('送信済み')).toBeTruthy());
    expect(screen.getByText(/^依頼 · /)).toBeTruthy();
  });
});
