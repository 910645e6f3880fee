/**
 * Where handlers work, checked in Chromium at a desk (1,400 px) and on a phone (390 px): the queue
 * uses the full width without wrapping its short cells, the incident page puts triage,
 * observables and related incidents in a side panel beside the timeline (stacked on a phone),
 * and no page is wider than the screen. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launchChromium, startServer, type RunningServer } from './server.js';

const ADMIN_PASSWORD = 'e2e layout password 1';
const SCREENSHOTS = path.join(ROOT, 'test-results');

describe('layout in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let workspaceId = '';
  let incidentId = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer({ RENKEI_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchChromium();
    // A report through the public form, so the queue and an incident page have something to show.
    for (const n of [1, 2]) {
      const response = await fetch(`${server.url}/api/public/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: `フィッシングサイトの報告 ${n}`,
          body: `偽のログインページ https://layout-${n}-renkei-test.example/login を確認しました。IP 203.0.113.${n}`,
          reporterEmail: `reporter${n}@example.jp`,
        }),
      });
      expect(response.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('ユーザー名').fill('admin');
    await page.getByLabel(/^パスワード$/).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'メインナビゲーション' }).count()).toBe(1);
    if (!workspaceId) {
      const workspaces = await page.evaluate(
        async () => (await (await fetch('/api/workspaces')).json()) as { id: string; slug: string }[],
      );
      workspaceId = workspaces.find((w) => w.slug === 'hub-ops')!.id;
      const incidents = await page.evaluate(
        async (id) => (await (await fetch(`/api/workspaces/${id}/incidents`)).json()) as { id: string }[],
        workspaceId,
      );
      incidentId = incidents[0]!.id;
    }
    return page;
  }

  const pageIsNotWider = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('at 1,400 px: a full-width queue with single-line cells, and the incident facts beside the timeline', async () => {
    const page = await signedIn(1400, 900);
    await page.goto(`${server.url}/workspaces/${workspaceId}/incidents`);
    const status = page.locator('table.queue tbody tr').first().locator('td').nth(4);
    await expect.poll(() => status.count()).toBe(1);
    const statusBox = (await status.boundingBox())!;
    const lineHeight = await status.evaluate((cell) => parseFloat(getComputedStyle(cell).lineHeight) || 20);
    expect(statusBox.height).toBeLessThan(lineHeight * 2 + 16); // one line, with padding
    expect((await page.locator('table.queue').boundingBox())!.width).toBeGreaterThan(1200);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'layout-queue-1400.png'), fullPage: true });

    await page.goto(`${server.url}/incidents/${incidentId}`);
    const side = page.locator('aside.incident-side');
    const main = page.locator('.incident-main');
    await expect.poll(() => side.count()).toBe(1);
    const sideBox = (await side.boundingBox())!;
    const mainBox = (await main.boundingBox())!;
    expect(sideBox.x).toBeGreaterThanOrEqual(mainBox.x + mainBox.width);
    expect(Math.abs(sideBox.y - mainBox.y)).toBeLessThan(5);
    expect(await pageIsNotWider(page)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'layout-incident-1400.png'), fullPage: true });
  });

  it('at phone width: the incident facts above the timeline, nothing wider than the screen', async () => {
    const page = await signedIn(390, 844);
    await page.goto(`${server.url}/incidents/${incidentId}`);
    const side = page.locator('aside.incident-side');
    await expect.poll(() => side.count()).toBe(1);
    const sideBox = (await side.boundingBox())!;
    const mainBox = (await page.locator('.incident-main').boundingBox())!;
    expect(mainBox.y).toBeGreaterThanOrEqual(sideBox.y + sideBox.height);
    expect(await pageIsNotWider(page)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'layout-incident-390.png'), fullPage: true });
    await page.goto(`${server.url}/workspaces/${workspaceId}/incidents`);
    await expect.poll(() => page.locator('table.queue').count()).toBe(1);
    expect(await pageIsNotWider(page)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'layout-queue-390.png'), fullPage: true });
  });
});
