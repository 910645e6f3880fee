/**
 * Composition root: the configuration of the platform and every module, the one migration set,
 * the database, the job queue with every module's jobs, and the first-start bootstrap. Used by
 * `serve`, `worker` and the CLI commands. Everything module-specific comes from `MODULES`.
 * @module
 */
import { pino, type Logger } from 'pino';
import { createWorkspace } from './modules/core/admin/index.js';
import { MODULES } from './modules/index.js';
import { upsertMembership } from './platform/access/access.repository.js';
import { recordAudit } from './platform/audit/audit.js';
import { countUsers } from './platform/auth/auth.repository.js';
import { createUser, generatePassword } from './platform/auth/auth.service.js';
import { loadConfig, type Config, type ConfigInput } from './platform/config/config.js';
import type { AppContext } from './platform/context.js';
import { migrateToLatest, nowIso, openDatabase, type OpenDatabaseOptions } from './platform/db/database.js';
import { JobQueue } from './platform/jobs/job-queue.js';
import { composeMigrations } from './platform/db/migrations/index.js';

/** The configuration of the platform and of every listed module (environment, config file, overrides). */
export function loadRenkeiConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Config {
  return loadConfig(
    env,
    overrides,
    MODULES.flatMap((module) => (module.config ? [module.config] : [])),
  );
}

/** Every migration: the platform's and every listed module's, in name order. */
export const renkeiMigrations = composeMigrations(MODULES);

export interface Runtime {
  ctx: AppContext;
  close(): Promise<void>;
}

export interface RuntimeOptions extends OpenDatabaseOptions {
  logger?: Logger;
  /** Skip migrations (the CLI's `migrate` runs them itself, reporting each). */
  skipMigrations?: boolean;
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const handle = openDatabase(config, options);
  if (!options.skipMigrations) {
    const { applied } = await migrateToLatest(handle, renkeiMigrations);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  }
  const jobs = new JobQueue(handle.db, { pollIntervalMs: config.jobPollIntervalMs, lockMs: config.jobLockMs, logger });
  const ctx: AppContext = { config, db: handle.db, dialect: handle.dialect, jobs, logger };
  for (const module of MODULES) for (const job of module.jobs?.(ctx) ?? []) jobs.register(job);
  return {
    ctx,
    async close() {
      await jobs.stop();
      await handle.close();
    },
  };
}

export interface BootstrapResult {
  adminUsername: string;
  /** Present when Renkei generated the password: print it once, it is never stored in clear. */
  generatedPassword?: string;
}

/**
 * On a database with no users: creates the `admin` system administrator and the Hub's two
 * workspaces (operations, training), with the admin as their admin. Does nothing otherwise.
 */
export async function bootstrapInstallation(ctx: AppContext): Promise<BootstrapResult | undefined> {
  if ((await countUsers(ctx.db)) > 0) return undefined;
  const generatedPassword = ctx.config.adminPassword ? undefined : generatePassword();
  const admin = await createUser(ctx, null, {
    username: 'admin',
    displayName: 'Administrator',
    locale: 'ja',
    password: ctx.config.adminPassword ?? generatedPassword ?? '',
    isSystemAdmin: true,
    mustChangePassword: generatedPassword !== undefined,
  });
  const workspaces = [
    { slug: 'hub-ops', name: 'Hub 運用 / Hub operations', kind: 'hub_operations' as const },
    { slug: 'hub-training', name: 'Hub 訓練 / Hub training', kind: 'hub_training' as const },
  ];
  for (const spec of workspaces) {
    const workspace = await createWorkspace(ctx, null, spec);
    await ctx.db.transaction().execute(async (trx) => {
      await upsertMembership(trx, {
        workspace_id: workspace.id,
        user_id: admin.id,
        role: 'admin',
        clearance: 'RED',
        created_at: nowIso(),
      });
      await recordAudit(trx, {
        actorId: null,
        action: 'membership.create',
        objectType: 'membership',
        objectId: `${workspace.id}:${admin.id}`,
        workspaceId: workspace.id,
        after: { role: 'admin', clearance: 'RED' },
      });
    });
  }
  return { adminUsername: admin.username, ...(generatedPassword ? { generatedPassword } : {}) };
}
