/**
 * Crash safety of SMTP intake: the server process is killed (SIGKILL) in the middle of a burst
 * of deliveries; after a restart every message that was answered 250 is present, exactly once.
 * Runs on SQLite and on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRenkeiConfig as loadConfig } from '../apps/server/src/runtime.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import { ROOT, freePort } from './server.js';

const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const DIALECTS = (process.env['TEST_DIALECTS'] ?? 'sqlite,postgres').split(',');

async function start(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'apps/server/bin/renkei.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      RENKEI_ADMIN_PASSWORD: 'crash test password',
      RENKEI_JOB_POLL_MS: '50',
      RENKEI_JOB_LOCK_MS: '1000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${env['PORT']}/healthz`)).ok) return child;
    } catch {
      // starting
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

function message(index: number): Buffer {
  return Buffer.from(
    `From: reporter@crash-test.example.jp\r\nTo: report@renkei.example\r\nSubject: crash test ${index}\r\nMessage-ID: <crash-${index}@renkei-test.example>\r\n\r\nPhishing at https://crash-${index}.renkei-crash-test.com/login\r\n`,
  );
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: SMTP intake survives a crash`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it('keeps every message that was answered 250, once, after the server is killed mid-burst', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'renkei-crash-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const httpPort = await freePort();
      let smtpPort = await freePort();
      while (smtpPort === httpPort) smtpPort = await freePort();
      const env: Record<string, string> = {
        RENKEI_DATA_DIR: dataDir,
        PORT: String(httpPort),
        RENKEI_SMTP_PORT: String(smtpPort),
      };
      if (dialect === 'postgres') {
        const schema = `renkei_crash_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        cleanups.push(async () => {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        });
        Object.assign(env, { DATABASE_URL: POSTGRES_URL, RENKEI_DB_SCHEMA: schema });
      }

      let server = await start(env);
      const accepted = new Set<number>();
      const total = 200;
      let sent = 0;
      const senders = Array.from({ length: 10 }, async () => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: Number(env['RENKEI_SMTP_PORT']),
          secure: false,
          ignoreTLS: true,
          connectionTimeout: 2000,
          socketTimeout: 2000,
        });
        while (sent < total) {
          const index = sent++;
          try {
            const info = await transport.sendMail({
              envelope: { from: 'r@crash-test.example.jp', to: ['report@renkei.example'] },
              raw: message(index),
            });
            if (info.response.startsWith('250')) accepted.add(index);
          } catch {
            // The server is gone: the sender keeps the message (not accepted).
          }
        }
      });
      // Kill the server without warning once part of the burst is through.
      const burstDeadline = Date.now() + 30_000;
      while (accepted.size < 60 && server.exitCode === null && Date.now() < burstDeadline)
        await new Promise((resolve) => setTimeout(resolve, 5));
      const killed = exited(server);
      server.kill('SIGKILL');
      await Promise.all(senders);
      await killed;
      expect(accepted.size).toBeGreaterThanOrEqual(60);
      expect(accepted.size).toBeLessThan(total);

      server = await start(env);
      const config = loadConfig(
        {},
        {
          dataDir,
          ...(dialect === 'postgres' ? { databaseUrl: POSTGRES_URL, databaseSchema: env['RENKEI_DB_SCHEMA'] } : {}),
        },
      );
      const handle = openDatabase(config);
      try {
        // The restarted worker files whatever was accepted but not yet processed.
        const deadline = Date.now() + 30_000;
        for (;;) {
          const pending = await handle.db
            .selectFrom('inbound_mail')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'received')
            .executeTakeFirstOrThrow();
          if (Number(pending.n) === 0 || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const reports = await handle.db
          .selectFrom('report')
          .select('message_id')
          .where('message_id', 'like', '<crash-%')
          .execute();
        const filed = reports.map((r) => Number(/crash-(\d+)@/.exec(r.message_id ?? '')?.[1]));
        expect(filed.length).toBe(new Set(filed).size); // once
        for (const index of accepted) expect(filed).toContain(index); // every accepted message
      } finally {
        await handle.close();
        const stopped = exited(server);
        server.kill('SIGTERM');
        await stopped;
      }
    });
  });
}
