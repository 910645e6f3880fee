/**
 * A real runtime on a real database for one test file: SQLite in a temp file, or PostgreSQL in
 * a schema of its own (so parallel files and runs never collide). No mocks.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/platform/config/config.js';
import type { AppContext } from '../src/platform/context.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.js';
import type { AppInstance } from '../src/platform/http/types.js';
import { createRuntime, loadRenkeiConfig, renkeiMigrations, type Runtime } from '../src/runtime.js';
import { TEST_DATABASE_URL, type TestDialect } from './dialects.js';

export interface TestRuntime {
  ctx: AppContext;
  runtime: Runtime;
  dialect: TestDialect;
  /** Closes the runtime and drops the database. */
  destroy(): Promise<void>;
}

/** Config for tests: cheap argon2 (the hash is still argon2id), quiet logs. */
export function testConfig(overrides: Record<string, unknown> = {}, dataDir?: string): Config {
  return loadRenkeiConfig(
    {},
    {
      argon2MemoryKib: 1024,
      argon2TimeCost: 1,
      logLevel: 'silent',
      dataDir: dataDir ?? tmpdir(),
      jobPollIntervalMs: 20,
      rangeMqttPort: 0,
      smtpPort: 0,
      ...overrides,
    },
  );
}

export async function createTestRuntime(
  dialect: TestDialect,
  overrides: Record<string, unknown> = {},
): Promise<TestRuntime> {
  let config: Config;
  let dropStorage: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-test-'));
    config = testConfig(overrides, dir);
    dropStorage = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = await createTestDatabase();
    config = testConfig({ databaseUrl: database.url, databasePoolSize: 5, ...overrides });
    dropStorage = database.drop;
  }
  const runtime = await createRuntime(config, { logger: pino({ level: config.logLevel }) });
  return {
    ctx: runtime.ctx,
    runtime,
    dialect,
    async destroy() {
      await runtime.close();
      await dropStorage();
    },
  };
}

export interface MigratingDatabase {
  handle: DatabaseHandle;
  /** Over Renkei's migrations; none has run yet. */
  migrator: Migrator;
  /** Closes the connection and drops the database. */
  destroy(): Promise<void>;
}

/** An empty database and a migrator, for tests that migrate it step by step (down and up). */
export async function createMigratingDatabase(dialect: TestDialect): Promise<MigratingDatabase> {
  let handle: DatabaseHandle;
  let dropStorage: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-migrate-'));
    handle = openDatabase(testConfig({}, dir));
    dropStorage = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = await createTestDatabase();
    handle = openDatabase(testConfig({ databaseUrl: database.url }));
    dropStorage = database.drop;
  }
  const migrator = new Migrator({
    db: handle.db,
    provider: renkeiMigrations,
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
  return {
    handle,
    migrator,
    async destroy() {
      await handle.close();
      await dropStorage();
    },
  };
}

/**
 * A PostgreSQL database of its own for one test file. A database, not a schema: Kysely's
 * migrator lists the tables of every schema, which fails when another test file drops its
 * schema at that moment.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `renkei_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface TestApp extends TestRuntime {
  app: AppInstance;
}

export async function createTestApp(dialect: TestDialect, overrides: Record<string, unknown> = {}): Promise<TestApp> {
  const test = await createTestRuntime(dialect, overrides);
  const app = await buildApp(test.ctx);
  return {
    ...test,
    app,
    async destroy() {
      await app.close();
      await test.destroy();
    },
  };
}
