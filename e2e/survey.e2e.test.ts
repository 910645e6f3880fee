/**
 * The survey in class, in Chromium against the built server: an instructor has built it; a
 * trainee signs in on a phone-sized screen with the one-time code's address (its QR code) and
 * answers it (a conditional question appears when its condition
 * is met); the instructor's results page, open on a laptop, updates its chart by itself.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launchChromium, startServer, type RunningServer } from './server.js';

const ADMIN_PASSWORD = 'e2e admin password 1';
const SCREENSHOTS = path.join(ROOT, 'test-results');

/** A signed-in API session (cookie and CSRF token), as the browser holds one. */
async function apiSession(url: string, username: string, password: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
}

describe('a survey answered on a phone, results live for the instructor', () => {
  let server: RunningServer;
  let browser: Browser;
  let surveyId: string;
  let signInUrl: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer({ RENKEI_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchChromium();
    const admin = await apiSession(server.url, 'admin', ADMIN_PASSWORD);
    const workspace = await admin<{ id: string }>('POST', '/api/workspaces', {
      slug: 'course-e2e',
      name: 'AI×OT 演習',
      kind: 'range_course',
    });
    for (const [username, role] of [['sensei', 'instructor']] as const) {
      const user = await admin<{ id: string }>('POST', '/api/admin/users', {
        username,
        displayName: username === 'sensei' ? '講師 山田' : '受講者 佐藤',
        password: 'initial password 1',
      });
      await admin('PUT', `/api/workspaces/${workspace.id}/members/${username}`, { role });
      // The one-time password is changed once, as people do at their first sign-in.
      const first = await apiSession(server.url, username, 'initial password 1');
      await first('POST', '/api/auth/password', {
        currentPassword: 'initial password 1',
        newPassword: `${username} own password`,
      });
      void user;
    }
    const instructor = await apiSession(server.url, 'sensei', 'sensei own password');
    // The trainee is on the organiser's list and comes in with the code the staff hand out.
    await instructor('POST', `/api/workspaces/${workspace.id}/participants/import`, {
      format: 'csv',
      content: '氏名,所属,業種\n佐藤 花子,水道局,水道\n',
    });
    const [participant] = await instructor<{ id: string }[]>('GET', `/api/workspaces/${workspace.id}/participants`);
    signInUrl = (await instructor<{ url: string }>('POST', `/api/participants/${participant!.id}/sign-in-code`)).url;
    surveyId = (
      await instructor<{ id: string }>('POST', `/api/workspaces/${workspace.id}/surveys`, {
        title: '受講後アンケート',
        anonymous: true,
        questions: [
          {
            id: 'Q1',
            type: 'likert',
            text: '演習は役立ちましたか',
            options: ['全く', 'あまり', 'どちらとも', 'やや', 'とても'],
            required: true,
          },
          { id: 'Q2', type: 'single', text: '業種', options: ['電力', '水道'], required: true },
          { id: 'Q3', type: 'text', text: '水道で導入予定の AI', showIf: { question: 'Q2', equals: '水道' } },
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(
    username: string,
    password: string,
    viewport: { width: number; height: number },
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: 'ja-JP',
      viewport,
      isMobile: viewport.width < 500,
      hasTouch: viewport.width < 500,
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel(/ユーザー名/).fill(username);
    await page.getByLabel(/^パスワード$/).fill(password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    // Signed in once the welcome page greets them.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^ようこそ/);
    return page;
  }

  it('takes the answer from a phone and the chart on the results page moves', async () => {
    const laptop = await signedIn('sensei', 'sensei own password', { width: 1280, height: 800 });
    await laptop.goto(`${server.url}/surveys/${surveyId}`);
    await expect.poll(() => laptop.getByTestId('response-count').textContent()).toBe('回答 0 件');

    // The phone opens the QR code's address (no public URL configured: relative to the server).
    const phoneContext = await browser.newContext({
      locale: 'ja-JP',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await phone.goto(`${server.url}${signInUrl}`);
    await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('ようこそ、佐藤 花子 さん');
    await phone.goto(`${server.url}/surveys/${surveyId}`);
    await expect.poll(() => phone.getByRole('heading', { name: '受講後アンケート' }).count()).toBe(1);
    // Nothing on the page is wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByLabel('4 やや').check();
    expect(await phone.getByText('水道で導入予定の AI').count()).toBe(0);
    await phone.getByLabel('水道').check();
    await phone.getByRole('textbox', { name: '水道で導入予定の AI' }).fill('需要予測');
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'survey-phone.png'), fullPage: true });
    await phone.getByRole('button', { name: '送信' }).click();
    await expect.poll(() => phone.getByText('ご回答ありがとうございました。').count()).toBe(1);

    // The instructor did nothing: the results page polls and shows the answer.
    await expect.poll(() => laptop.getByTestId('response-count').textContent(), { timeout: 15_000 }).toBe('回答 1 件');
    const chart = laptop.getByRole('figure', { name: '演習は役立ちましたか' });
    await expect.poll(() => chart.textContent()).toContain('1 (100.0%)');
    const width = await chart
      .locator('.bar-fill')
      .nth(3)
      .evaluate((bar) => (bar as HTMLElement).style.width);
    expect(width).toBe('100%');
    await expect.poll(() => laptop.getByText('需要予測').count()).toBe(1);
    await laptop.screenshot({ path: path.join(SCREENSHOTS, 'survey-results.png'), fullPage: true });
  });
});
