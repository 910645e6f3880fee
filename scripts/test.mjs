#!/usr/bin/env node
// `npm test`: every check, in order, stopping at the first failure.
//   build → type-check (tests included) → lint → formatting → unit and integration tests on SQLite and
//   PostgreSQL (with a private Dovecot for IMAP) → browser end-to-end tests in Debian's Chromium.
//   Debian packages the tests need (dovecot-imapd, gnupg, mbpoll, tshark, poppler-utils, chromium, fonts-noto-cjk) are installed when missing.
// Options: --only-e2e. Environment: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
// TEST_DIALECTS (default "sqlite,postgres").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const onlyE2e = process.argv.includes('--only-e2e');
const started = Date.now();

function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

/**
 * Debian packages the tests need, installed here when missing: Dovecot (the real IMAP server
 * the intake tests poll), GnuPG (the independent OpenPGP peer that reads the mail we sign), mbpoll
 * (libmodbus: an independent Modbus/TCP client for the plant), tshark (reads the plant's pcap), poppler-utils (reads the PDF reports back: text, embedded fonts), Chromium and a Japanese font (browser tests render pages as people see them).
 */
function ensureDebianPackages({ withBrowser }) {
  const missing = [];
  if (!existsSync('/usr/sbin/dovecot') || !existsSync('/usr/lib/dovecot/imap')) missing.push('dovecot-imapd');
  if (!existsSync('/usr/bin/gpg')) missing.push('gnupg');
  if (!existsSync('/usr/bin/mbpoll')) missing.push('mbpoll');
  if (!existsSync('/usr/bin/tshark')) missing.push('tshark');
  if (!existsSync('/usr/bin/pdftotext') || !existsSync('/usr/bin/pdffonts')) missing.push('poppler-utils');
  if (withBrowser) {
    if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
    if (!spawnSync('fc-list', [':lang=ja'], { encoding: 'utf8' }).stdout?.trim()) missing.push('fonts-noto-cjk');
  }
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `The tests need Debian packages ${missing.join(', ')}; run as root or install them: apt-get install ${missing.join(' ')}`,
    );
    process.exit(1);
  }
  step(`install ${missing.join(', ')} (Debian)`, 'apt-get', ['update', '-qq']);
  step(`install ${missing.join(', ')} (Debian)`, 'apt-get', ['install', '-y', '-qq', ...missing], {
    DEBIAN_FRONTEND: 'noninteractive',
  });
}

if (!onlyE2e) {
  step('build', 'npm', ['run', 'build']);
  step('type-check (sources, tests, web, e2e, bench)', 'npm', ['run', 'typecheck']);
  step('lint', 'npx', ['eslint', '--max-warnings=0', '.']);
  step('formatting (Prettier; `npm run format` fixes it)', 'npx', ['prettier', '--check', '.']);
  ensureDebianPackages({ withBrowser: false });
  step('unit and integration tests (SQLite and PostgreSQL)', 'npx', ['vitest', 'run'], {
    TEST_DIALECTS: process.env.TEST_DIALECTS ?? 'sqlite,postgres',
  });
} else if (!existsSync(path.join(root, 'apps/web/dist/index.html'))) {
  step('build', 'npm', ['run', 'build']);
}
ensureDebianPackages({ withBrowser: true });
step('browser end-to-end tests (Chromium)', 'npx', ['vitest', 'run', '-c', 'e2e/vitest.config.ts']);
console.log(`\n✔ all checks passed in ${Math.round((Date.now() - started) / 1000)} s`);
