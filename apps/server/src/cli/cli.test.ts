import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { createTestDatabase } from '../../test/test-runtime.js';
import { loadRenkeiConfig } from '../runtime.js';
import { openDatabase } from '../platform/db/database.js';
import { createWorkspace } from '../modules/core/admin/index.js';
import { createRuntime } from '../runtime.js';
import { upsertMembership } from '../platform/access/access.repository.js';
import { buildCli } from './main.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: renkei CLI`, () => {
    const saved = { ...process.env };
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      Object.assign(process.env, {
        LOG_LEVEL: 'silent',
        RENKEI_ARGON2_MEMORY_KIB: '1024',
        RENKEI_ARGON2_TIME_COST: '1',
      });
      // A data folder of its own on both databases: it holds the audit key and checkpoints too.
      const dir = mkdtempSync(path.join(tmpdir(), 'renkei-cli-'));
      process.env['RENKEI_DATA_DIR'] = dir;
      const removeDir = async () => rmSync(dir, { recursive: true, force: true });
      if (dialect === 'sqlite') {
        cleanup = removeDir;
      } else {
        const database = await createTestDatabase();
        Object.assign(process.env, { DATABASE_URL: database.url });
        cleanup = async () => {
          await database.drop();
          await removeDir();
        };
      }
    });
    afterAll(async () => {
      await cleanup();
      process.env = saved;
    });

    async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
      const out: string[] = [];
      const err: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
      const error = vi
        .spyOn(console, 'error')
        .mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
      process.exitCode = 0;
      try {
        await buildCli()
          .exitOverride()
          .parseAsync(['node', 'renkei', ...args]);
      } finally {
        log.mockRestore();
        error.mockRestore();
      }
      const exitCode = Number(process.exitCode ?? 0);
      process.exitCode = 0;
      return { out: out.join('\n'), err: err.join('\n'), exitCode };
    }

    it('migrates, then reports the database up to date', async () => {
      expect((await run('migrate')).out).toMatch(/applied: 202611231900_create_core|database is up to date/);
      expect((await run('migrate')).out).toBe('database is up to date');
    });

    it('adds users with a one-time password and lists them', async () => {
      const added = await run('user', 'add', 'tanaka', '--name', '田中 太郎');
      expect(added.out).toMatch(/^created tanaka; one-time password: \S{20}$/);
      await run('user', 'add', 'suzuki', '--password', 'a long enough password', '--system-admin');
      const listed = (await run('user', 'list')).out;
      expect(listed).toContain('tanaka\t田中 太郎');
      expect(listed).toMatch(/suzuki\tsuzuki\tsystem-admin/);
      expect((await run('user', 'reset', 'tanaka')).out).toMatch(/^one-time password for tanaka: \S{20}$/);
    });

    it('creates API tokens', async () => {
      const created = await run('token', 'create', 'suzuki', '--scopes', 'read,write');
      expect(created.out).toMatch(/^rk_[\w-]{40}$/);
      expect(created.err).toMatch(/^scopes: read,write; expires \d{4}-/);
      expect((await run('token', 'create', 'suzuki')).err).toMatch(/^scopes: read \(read-only;/);
    });

    it('imports .eml files, Maildir folders and mbox files, each message once', async () => {
      const runtime = await createRuntime(loadRenkeiConfig());
      await createWorkspace(runtime.ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
      await runtime.close();
      const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/mail');
      const dir = mkdtempSync(path.join(tmpdir(), 'renkei-import-'));
      mkdirSync(path.join(dir, 'maildir', 'cur'), { recursive: true });
      mkdirSync(path.join(dir, 'maildir', 'new'), { recursive: true });
      copyFileSync(path.join(fixtures, 'en-defacement.eml'), path.join(dir, 'maildir', 'new', '1700000000.1.host'));
      const mbox = ['ja-phishing-forward.eml', 'html-with-script.eml']
        .map(
          (name) =>
            `From sender@example.org Mon Nov 23 10:00:00 2026\n${readFileSync(path.join(fixtures, name), 'utf8').replace(/^From /gm, '>From ')}\n`,
        )
        .join('\n');
      writeFileSync(path.join(dir, 'reports.mbox'), mbox);
      // The defacement report comes twice in one batch: the second folds into the first.
      const first = await run(
        'import',
        'mail',
        path.join(dir, 'maildir'),
        path.join(dir, 'reports.mbox'),
        path.join(fixtures, 'not-a-message.eml'),
        path.join(fixtures, 'en-defacement.eml'),
      );
      expect(first.out).toBe('imported 5 messages: 3 processed, 1 quarantined, 1 duplicate');
      const again = await run('import', 'mail', path.join(dir, 'maildir'));
      expect(again.out).toBe('imported 1 messages: 1 duplicate');
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports a feed file into per-party notifications, reporting each stage and the bad rows', async () => {
      const runtime = await createRuntime(loadRenkeiConfig());
      const workspace = await createWorkspace(runtime.ctx, null, {
        slug: 'cli-feed',
        name: 'Feeds',
        kind: 'hub_operations',
      });
      const tanaka = await runtime.ctx.db
        .selectFrom('user_account')
        .select('id')
        .where('username', '=', 'tanaka')
        .executeTakeFirstOrThrow();
      await upsertMembership(runtime.ctx.db, {
        workspace_id: workspace.id,
        user_id: tanaka.id,
        role: 'handler',
        clearance: 'AMBER',
        created_at: new Date().toISOString(),
      });
      await runtime.close();
      // Offline: the AS's abuse contact is asked of the RDAP cache only (empty here).
      process.env['RENKEI_RDAP_MODE'] = 'offline';
      const dir = mkdtempSync(path.join(tmpdir(), 'renkei-cli-feed-'));
      const file = path.join(dir, '2026-12-04-scan_telnet-jp.csv');
      writeFileSync(
        file,
        'timestamp,ip,protocol,port,asn,geo\n2026-12-04 01:00:00,1.1.1.1,tcp,23,,\n2026-12-04 01:00:00,1.1.1.1,tcp,23,,\n2026-12-04 01:00:00,300.1.1.1,tcp,23,,\n',
      );
      const result = await run(
        'import',
        'feed',
        file,
        '--format',
        'shadowserver',
        '--workspace',
        'cli-feed',
        '--user',
        'tanaka',
      );
      expect(result.err).toBe('');
      expect(result.out.split('\n')[0]).toMatch(
        /^feed [0-9a-f-]{36}: 2 rows, 1 events \(1 duplicates\), 1 problem rows, 1 parties \(1 without an address\)$/,
      );
      expect(result.out).toMatch(/\n {2}store: 1 in [\d.]+ s \(\d+\/s\)/);
      const refused = await run(
        'import',
        'feed',
        file,
        '--format',
        'xml',
        '--workspace',
        'cli-feed',
        '--user',
        'tanaka',
      ).catch((error: unknown) => ({ out: '', err: String(error), exitCode: 1 }));
      expect(refused.err).toContain('--format must be one of shadowserver, intelmq, csv, json');
      rmSync(dir, { recursive: true, force: true });
    });

    it('verifies the audit chain and reports tampering with a non-zero exit', async () => {
      const intact = await run('audit', 'verify');
      expect(intact.exitCode).toBe(0);
      expect(intact.out).toMatch(/^audit chain intact: \d+ records, \d+ signed checkpoints hold$/);
      // Retention by hand: nothing in this fresh trail is a day old.
      expect((await run('audit', 'prune', '--older-than', '1')).out).toBe('no record is that old');
      const handle = openDatabase(loadRenkeiConfig());
      try {
        await sql`UPDATE audit_event SET actor_id = 'someone-else' WHERE seq = 2`.execute(handle.db);
      } finally {
        await handle.close();
      }
      const broken = await run('audit', 'verify');
      expect(broken.exitCode).toBe(1);
      expect(broken.err).toContain('audit chain BROKEN at record 2: record content was altered');
    });
  });
}
