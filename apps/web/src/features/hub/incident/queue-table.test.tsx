// @vitest-environment happy-dom
// The queue table: sorting by urgency and workflow order, choosing columns (remembered), and the
// keyboard cursor following the rows as sorted.
import type { IncidentSummary } from '@renkei/contracts';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../../../app/providers.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../../i18n/index.js';
import { QueueTable } from './queue-table.js';

const incident = (n: number, priority: IncidentSummary['priority'], status: IncidentSummary['status']) =>
  ({
    id: `i${n}`,
    trackingNumber: `RK-2026-00000${n}`,
    title: `件名 ${n}`,
    status,
    priority,
    category: 'phishing_site',
    tlp: 'AMBER',
    reportCount: n,
    responseDueAt: null,
  }) as unknown as IncidentSummary;

const ROWS = [incident(1, 'low', 'coordinating'), incident(2, 'critical', 'new'), incident(3, 'medium', 'triage')];

function renderTable(rows: IncidentSummary[] = ROWS) {
  const router = createMemoryRouter(
    [
      { path: '/', element: <QueueTable rows={rows} selected={new Set()} onSelectedChange={() => undefined} /> },
      { path: '/incidents/:id', element: <p>opened</p> },
    ],
    { initialEntries: ['/'] },
  );
  render(
    <AppProviders withSession={false}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

const trackingNumbers = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getByText(/^RK-/).textContent);

beforeAll(async () => {
  await i18n.changeLanguage('ja');
});
afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('queue table', () => {
  it('sorts by priority as urgency, and by status in workflow order', async () => {
    renderTable();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /優先度/ }));
    expect(trackingNumbers()).toEqual(['RK-2026-000002', 'RK-2026-000003', 'RK-2026-000001']);
    expect(screen.getByRole('columnheader', { name: /優先度/ }).getAttribute('aria-sort')).toBe('ascending');
    await user.click(screen.getByRole('button', { name: /状態/ }));
    expect(trackingNumbers()).toEqual(['RK-2026-000002', 'RK-2026-000003', 'RK-2026-000001']);
    await user.click(screen.getByRole('button', { name: /状態/ }));
    expect(trackingNumbers()).toEqual(['RK-2026-000001', 'RK-2026-000003', 'RK-2026-000002']);
  });

  it('hides a column the handler unticks, and remembers it', async () => {
    renderTable();
    const user = userEvent.setup();
    expect(screen.getByRole('columnheader', { name: /分類/ })).toBeTruthy();
    await user.click(within(screen.getByRole('group', { name: '表示する列' })).getByLabelText('分類'));
    expect(screen.queryByRole('columnheader', { name: /分類/ })).toBeNull();
    cleanup();
    renderTable();
    expect(screen.queryByRole('columnheader', { name: /分類/ })).toBeNull();
  });

  it('moves the cursor with j and opens the incident under it with Enter, in the order shown', async () => {
    const router = renderTable();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /優先度/ }));
    // Enter on the focused sort button sorts again; the cursor keys work on the page.
    act(() => (document.activeElement as HTMLElement).blur());
    await user.keyboard('j');
    await user.keyboard('{Enter}');
    expect(router.state.location.pathname).toBe('/incidents/i3');
  });

  it('renders only the rows in view of a long queue, and still sorts and opens across all of them', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => incident(i + 1, 'low', 'new'));
    const router = renderTable(many);
    const user = userEvent.setup();
    const table = screen.getByRole('table', { name: 'インシデント一覧' });
    expect(table.getAttribute('aria-rowcount')).toBe('1001');
    const rendered = () => screen.getAllByRole('row').length - 1;
    expect(rendered()).toBeGreaterThan(10);
    expect(rendered()).toBeLessThan(100);
    // Sorting works on every row, not only the rendered ones: the largest report count comes first.
    await user.click(screen.getByRole('button', { name: /報告数/ }));
    expect(trackingNumbers()[0]).toBe('RK-2026-000001000');
    act(() => (document.activeElement as HTMLElement).blur());
    await user.keyboard('j'.repeat(60));
    await user.keyboard('{Enter}');
    expect(router.state.location.pathname).toBe('/incidents/i940');
  });
});
