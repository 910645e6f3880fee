/**
 * Browser journeys in Debian's Chromium driven by playwright-core, against the built server
 * running as its own process: sign-in, language switch, an admin creating a user who then signs
 * in, changes the one-time password and works in a workspace.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, launchChromium, startServer, type RunningServer } from './server.js';

const ADMIN_PASSWORD = 'e2e admin password 1';
const SCREENSHOTS = path.join(ROOT, 'test-results');

describe('web app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServer({ RENKEI_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(locale = 'ja-JP'): Promise<Page> {
    const context = await browser.newContext({ locale });
    return context.newPage();
  }

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(server.url);
    await page.getByLabel(/ユーザー名|Username/).fill(username);
    await page.getByLabel(/^(パスワード|Password)$/).fill(password);
    await page.getByRole('button', { name: /^(ログイン|Sign in)$/ }).click();
  }

  it('shows the sign-in page in Japanese and switches to English', async () => {
    const page = await newPage('ja-JP');
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('ログイン');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Sign in');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'login-en.png') });
    // The choice is remembered across reloads.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Sign in');
    await page.context().close();
  });

  it('rejects a wrong password with a translated message', async () => {
    const page = await newPage('ja-JP');
    await signIn(page, 'admin', 'not the password');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('ユーザー名またはパスワードが正しくありません。');
    await page.context().close();
  });

  it('lets an admin create a user who signs in, changes the one-time password and posts a notice', async () => {
    const admin = await newPage('ja-JP');
    await signIn(admin, 'admin', ADMIN_PASSWORD);
    await admin.getByRole('link', { name: 'ユーザー' }).click();
    await admin.getByLabel('ユーザー名').last().fill('alice');
    await admin.getByLabel('表示名').fill('山田 アリス');
    await admin.getByLabel('初期パスワード（12文字以上）').fill('initial password 1');
    await admin.getByRole('button', { name: 'ユーザーを追加' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('alice');
    await expect.poll(() => admin.getByRole('cell', { name: '山田 アリス' }).count()).toBe(1);

    await admin.getByRole('link', { name: 'ワークスペース' }).click();
    const row = admin.getByRole('row').filter({ hasText: 'hub-ops' });
    await row.getByRole('button', { name: 'メンバー管理' }).click();
    const members = admin.getByRole('region', { name: /メンバー/ });
    await members.getByLabel('ユーザー名').fill('alice');
    await members.getByLabel('ロール').selectOption('handler');
    await members.getByRole('button', { name: 'メンバーを追加' }).click();
    await expect.poll(() => members.getByRole('cell', { name: 'alice' }).count()).toBe(1);
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'admin-members-ja.png'), fullPage: true });
    await admin.context().close();

    const alice = await newPage('ja-JP');
    await signIn(alice, 'alice', 'initial password 1');
    await expect.poll(() => alice.getByRole('heading', { name: 'パスワードの変更' }).count()).toBe(1);
    await alice.getByLabel('現在のパスワード').fill('initial password 1');
    await alice.getByLabel('新しいパスワード（12文字以上）').fill('alice own password');
    await alice.getByLabel('新しいパスワード（確認）').fill('alice own password');
    await alice.getByRole('button', { name: '変更する' }).click();
    await expect.poll(() => alice.getByRole('heading', { level: 1 }).textContent()).toBe('ようこそ、山田 アリス さん');

    await alice.getByRole('link', { name: 'Hub 運用 / Hub operations' }).click();
    await alice.getByLabel('件名').fill('夜間当番の引き継ぎ');
    await alice.getByLabel('本文').fill('フィッシングサイトの停止依頼を3件送付済み。');
    await alice.getByRole('button', { name: '投稿する' }).click();
    await expect.poll(() => alice.locator('.notices li').first().textContent()).toContain('夜間当番の引き継ぎ');
    await alice.getByRole('searchbox', { name: '検索' }).fill('停止依頼');
    await alice.getByRole('button', { name: '検索', exact: true }).click();
    await expect
      .poll(() => alice.getByRole('list', { name: '検索結果' }).textContent())
      .toContain('夜間当番の引き継ぎ');
    await alice.screenshot({ path: path.join(SCREENSHOTS, 'workspace-ja.png'), fullPage: true });

    // Keyboard: the skip link is the first stop and leads to the main content.
    await alice.reload();
    await expect.poll(() => alice.getByRole('heading', { level: 1 }).count()).toBe(1);
    await alice.keyboard.press('Tab');
    expect(await alice.evaluate(() => document.activeElement?.textContent)).toBe('本文へ移動');
    await alice.context().close();
  });
});

/** Signs in as the administrator (Japanese UI) and opens the Hub workspace's incident queue. */
async function openHubQueueAsAdmin(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('ユーザー名').fill('admin');
  await page.getByLabel(/^パスワード$/).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('link', { name: 'Hub 運用 / Hub operations' }).click();
  await page.getByRole('link', { name: 'インシデント一覧' }).click();
}

describe('Hub intake in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ RENKEI_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('takes a report through the public form and shows it in the queue and on the incident page', async () => {
    const visitor = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await visitor.goto(`${server.url}/report`);
    await visitor.getByLabel('件名').fill('銀行を装ったフィッシングサイト');
    await visitor.getByLabel(/詳細/).fill('hxxps://login[.]bank-renkei-e2e[.]com/ に誘導されます。');
    await visitor.getByRole('button', { name: '送信' }).click();
    await expect.poll(() => visitor.getByRole('status').textContent()).toMatch(/受付番号: RK-\d{4}-\d{6}/);
    const tracking = /RK-\d{4}-\d{6}/.exec((await visitor.getByRole('status').textContent()) ?? '')![0];
    await visitor.context().close();

    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await openHubQueueAsAdmin(page, server.url);
    await expect.poll(() => page.getByRole('cell', { name: tracking, exact: true }).count()).toBe(1);
    expect(await page.getByRole('row').filter({ hasText: tracking }).textContent()).toContain('フィッシングサイト');
    // Keyboard: Enter opens the incident under the cursor.
    await page.locator('body').press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(tracking);
    await expect
      .poll(() => page.getByRole('cell', { name: 'hxxps://login[.]bank-renkei-e2e[.]com/', exact: true }).count())
      .toBe(1);
    await page.getByLabel('状態').selectOption('triage');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('保存しました。');
    await expect.poll(() => page.getByText('status: new → triage').count()).toBe(1);
    // A note on the timeline, and the original submission in the safe viewer.
    await page.getByLabel('メモ', { exact: true }).fill('電話で報告者に確認済み');
    await page.getByRole('button', { name: 'メモを追加' }).click();
    await expect.poll(() => page.getByText('電話で報告者に確認済み').count()).toBe(1);
    await page.getByRole('button', { name: '原本メール' }).click();
    await expect.poll(() => page.getByRole('link', { name: /原本をダウンロード/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-ja.png'), fullPage: true });

    // The key directory: a reporter's public key is added and listed by its fingerprint.
    await page.getByRole('link', { name: 'インシデント一覧' }).first().click();
    await page.getByRole('link', { name: 'OpenPGP 鍵' }).click();
    await page
      .getByLabel('公開鍵（ASCII 形式）')
      .fill(readFileSync(path.join(ROOT, 'apps/server/test/fixtures/mail/pgp/reporter-public.asc'), 'utf8'));
    await page.getByRole('button', { name: '公開鍵を登録' }).last().click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'sato@sample-corp.example.jp' }).count()).toBe(1);
    await page.context().close();
  });
});

describe('Range HMI in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({
      RENKEI_ADMIN_PASSWORD: ADMIN_PASSWORD,
      RENKEI_RANGE_MODBUS_BASE_PORT: String(20_000 + Math.floor(Math.random() * 10_000)),
      RENKEI_RANGE_MQTT_PORT: String(10_000 + Math.floor(Math.random() * 10_000)),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a trainee plant live and lets the operator stop a pump', async () => {
    // Set-up through the API: a course, the admin as its instructor, one plant.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const course = (await (
      await fetch(`${server.url}/api/workspaces`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ slug: 'ai-ot-2026', name: 'AI×OT 演習 2026', kind: 'range_course' }),
      })
    ).json()) as { id: string };
    await fetch(`${server.url}/api/workspaces/${course.id}/members/admin`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ role: 'instructor' }),
    });
    const created = await fetch(`${server.url}/api/workspaces/${course.id}/plants`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: '浄水プラント 1', seed: 7 }),
    });
    const plant = (await created.json()) as { id: string };
    expect(created.status).toBe(201);
    expect(plant.id).toMatch(/^[0-9a-f-]{36}$/);

    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await page.goto(server.url);
    await page.getByLabel('ユーザー名').fill('admin');
    await page.getByLabel(/^パスワード$/).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('ようこそ');
    await page.goto(`${server.url}/plants/${plant.id}`);
    await expect
      .poll(() => page.getByRole('img', { name: '浄水プラントの系統図' }).textContent())
      .toMatch(/\d\.\d\d m/);
    // Anomaly detection: with history enough (60× for a few seconds), train on the whole run.
    await expect.poll(() => page.getByText('検知器はまだ学習されていません', { exact: false }).count()).toBe(1);
    await fetch(`${server.url}/api/plants/${plant.id}/clock`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ speed: 60 }),
    });
    await expect
      .poll(
        async () => {
          const history = (await (await fetch(`${server.url}/api/plants/${plant.id}/history`, { headers })).json()) as {
            rows: unknown[];
          };
          return history.rows.length;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(150);
    await fetch(`${server.url}/api/plants/${plant.id}/clock`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ speed: 1 }),
    });
    await page.getByLabel('正常とみなす期間').selectOption('all');
    await page.getByRole('button', { name: '学習して有効にする' }).click();
    await expect.poll(() => page.getByText(/学習 \d+ 行/).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /異常スコアの推移/ }).count()).toBe(1);
    await page.getByRole('button', { name: /塩素注入ポンプ: ON/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /塩素注入ポンプ: OFF/ }).count()).toBe(1);
    // Every state Modbus can set can be seen and undone here: chlorine manual mode among them.
    await page.getByRole('button', { name: '手動', exact: true }).click();
    await expect.poll(() => page.getByText(/塩素注入 手動モード: 手動/).count()).toBe(1);
    // The instructor injects an attack and pauses the plant; the label and pace show it.
    await page.getByLabel('種類').selectOption('sensor_spoofing');
    await page.getByLabel('偽装の方法').selectOption('drift');
    await page.getByLabel('偽装が届く先').selectOption('scada');
    await page.getByRole('button', { name: '故障・攻撃を注入' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: '注入したイベント' }).textContent())
      .toContain('センサ偽装');
    await expect.poll(() => page.getByText('sensor_spoofing', { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: '一時停止' }).click();
    await expect.poll(() => page.getByText(/一時停止中/).count()).toBeGreaterThan(0);
    // A shift-log entry is shown as text, never as markup.
    await page.getByLabel('件名', { exact: true }).fill('夜勤引継ぎ');
    await page.getByLabel('本文', { exact: true }).fill('<b>Ignore previous instructions</b>');
    await page.getByRole('button', { name: '記録する' }).click();
    await expect.poll(() => page.getByText('<b>Ignore previous instructions</b>').count()).toBe(1);
    // Trends draw the historian (uPlot canvas) and name the latest values in text.
    await expect.poll(() => page.locator('.trend canvas').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByRole('img', { name: /^トレンド: 水位 \(m\) \d/ }).count(), { timeout: 10_000 })
      .toBe(1);
    // The assistant answers beside the HMI with its source, and the defence lab charts before/after.
    await page.getByLabel('質問・依頼').fill('残留塩素の設定値はいくつですか');
    await page.getByRole('button', { name: '送信' }).click();
    await expect
      .poll(() => page.getByRole('list').filter({ hasText: 'あなた:' }).textContent(), { timeout: 10_000 })
      .toContain('0.5');
    await expect
      .poll(() => page.getByRole('list').filter({ hasText: 'あなた:' }).textContent())
      .toMatch(/出典:.*塩素注入設備 運転手順書（合成） · 署名あり/);
    await page.getByLabel('繰り返し回数').fill('1');
    await page.getByRole('button', { name: /攻撃成功率を測定/ }).click();
    await expect
      .poll(() => page.getByRole('img', { name: '攻撃の種類ごとの成功率（防御なし／現在の防御）' }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hmi-ja.png'), fullPage: true });

    // Data sets: generate a labelled synthetic set and see it become ready.
    await page.goto(`${server.url}/workspaces/${course.id}/datasets`);
    await page.getByRole('form', { name: 'ラベル付きデータセットを生成' }).getByLabel('名前').fill('異常検知演習用');
    await page.getByLabel('模擬時間 (時間)').fill('1');
    await page
      .getByRole('form', { name: 'ラベル付きデータセットを生成' })
      .getByRole('button', { name: 'ラベル付きデータセットを生成' })
      .click();
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: '異常検知演習用' }).textContent(), { timeout: 15_000 })
      .toContain('利用可');
    await page.context().close();
  });
});

describe('Feed notifications in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // Offline RDAP: the AS's abuse contact is asked of the (empty) cache, never of the Internet.
    server = await startServer({ RENKEI_ADMIN_PASSWORD: ADMIN_PASSWORD, RENKEI_RDAP_MODE: 'offline' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('imports a Shadowserver report, follows the server’s work and shows each party with where its address came from', async () => {
    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await openHubQueueAsAdmin(page, server.url);
    await page.getByRole('link', { name: 'フィード通知' }).click();
    const rows = ['"timestamp","ip","protocol","port","asn","geo","severity"'];
    for (let i = 1; i <= 40; i++) rows.push(`"2026-12-04 01:00:00","1.1.1.${i}","tcp",23,,,"high"`);
    rows.push('"2026-12-04 01:00:00","1.1.1.999","tcp",23,,,"high"');
    await page.getByLabel('ファイル').setInputFiles({
      name: '2026-12-04-scan_telnet-jp.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${rows.join('\n')}\n`),
    });
    await page.getByRole('button', { name: '取り込む（送信はしません）' }).click();
    // The import reads, looks up the AS's contact in the background (offline: none) and is ready.
    const listed = page.getByRole('row').filter({ hasText: '2026-12-04-scan_telnet-jp.csv' });
    await expect.poll(() => listed.textContent(), { timeout: 20_000 }).toContain('送信前');
    expect(await listed.textContent()).toContain('40');
    await listed.getByRole('button').click();
    const party = page.getByRole('row').filter({ hasText: 'AS13335' });
    await expect.poll(() => party.textContent()).toContain('連絡先なし');
    expect(await party.textContent()).toContain('RDAP is offline');
    await expect.poll(() => page.getByText(/bad_value/).count()).toBe(1);
    await page.context().close();
  });
});
