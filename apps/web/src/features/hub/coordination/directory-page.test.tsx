// @vitest-environment happy-dom
// The partner directory against the real Renkei server: a handler imports a CSV (a bad row is
// reported by its line, the good one listed), then asks who is responsible for an address and
// sees the directory's entry with the evidence and its source.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, makeUser, makeWorkspace, TEST_PASSWORD } from '../../../../../server/test/factories.js';
import { serveToPage, type PageServer } from '../../../test/real-server.js';
import { api, setCsrfToken } from '../../../app/api.js';
import { AppProviders } from '../../../app/providers.js';
import i18n from '../../../i18n/index.js';
import { DirectoryPage } from './directory-page.js';

let test: PageServer;
let workspaceId = '';
const netdata = mkdtempSync(path.join(tmpdir(), 'renkei-web-netdata-'));

beforeAll(async () => {
  writeFileSync(path.join(netdata, 'asn-ipv4.csv'), '192.0.2.0,192.0.2.255,64500,Example Hosting\n');
  writeFileSync(path.join(netdata, 'geo-whois-asn-country-ipv4.csv'), '192.0.2.0,192.0.2.255,JP\n');
  test = await serveToPage({ netdataDir: netdata, rdapMode: 'offline', dns: 'off' });
  const user = await makeUser(test.ctx);
  workspaceId = (await makeWorkspace(test.ctx)).id;
  await addMember(test.ctx, workspaceId, user.id, 'handler');
  const session = await api<{ csrfToken: string }>('POST', '/api/auth/login', {
    username: user.username,
    password: TEST_PASSWORD,
  });
  setCsrfToken(session.csrfToken);
  await i18n.changeLanguage('ja');
});
afterAll(async () => {
  await test.destroy();
  rmSync(netdata, { recursive: true, force: true });
});
afterEach(() => cleanup());

describe('partner directory page', () => {
  it('imports CSV, reports the bad row by line, and answers who is responsible with its evidence', async () => {
    const router = createMemoryRouter([{ path: '/', element: <DirectoryPage workspaceId={workspaceId} /> }], {
      initialEntries: ['/'],
    });
    render(
      <AppProviders withSession={false}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    const user = userEvent.setup();
    const csv = [
      'name,local_name,kind,country,languages,abuse_email,networks,tlp',
      'Example Hosting K.K.,例ホスティング株式会社,hosting_provider,JP,ja,abuse@hosting.example,192.0.2.0/25,AMBER',
      'Broken,,webhost,JP,ja,,,AMBER',
    ].join('\n');
    await user.click(screen.getByLabelText('CSV（docs/reference/directory-format.md の形式）'));
    await user.paste(csv);
    await user.click(screen.getByRole('button', { name: '取り込む' }));
    await waitFor(() => expect(screen.getByText('新規 1 件、更新 0 件、鍵 0 件を取り込みました。')).toBeTruthy());
    expect(screen.getByText(/^3 行目（Broken）: kind:/)).toBeTruthy();
    await waitFor(() => expect(screen.getByText('例ホスティング株式会社')).toBeTruthy());

    await user.type(screen.getByLabelText(/IP アドレス・ドメイン・URL/), '192.0.2.10');
    await user.click(screen.getByRole('button', { name: '調べる' }));
    await waitFor(() =>
      expect(screen.getByText('the directory lists 192.0.2.0/25 under Example Hosting K.K.')).toBeTruthy(),
    );
    expect(screen.getByText('abuse@hosting.example')).toBeTruthy();
    expect(screen.getByText('192.0.2.0/24')).toBeTruthy();
    expect(screen.getAllByText(/^ip-location-db asn \(updated/).length).toBeGreaterThan(0);
  });
});
