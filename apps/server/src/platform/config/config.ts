/**
 * Configuration: read once from the environment (and an optional JSON config file named by
 * `RENKEI_CONFIG`), validated with zod, frozen. This is the only file that reads `process.env`
 * for settings; everything else receives a `Config`.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ConfigSection } from './config-section.js';

/** A boolean set from the environment as true/false/1/0 (modules' config sections use it too). */
export const booleanFromEnv = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1');

export const configSchema = z.object({
  /** HTTP port of the API and web UI. */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address to bind; loopback by default so a fresh install is not exposed. */
  host: z.string().default('127.0.0.1'),
  /** Folder for the SQLite database, blobs and other local state. */
  dataDir: z.string().default('./data'),
  /**
   * Key that signs audit checkpoints (HMAC-SHA256); empty: `audit.key` in the data folder,
   * created on first use. Keep it away from the database (decision 0015).
   */
  auditKey: z.string().default(''),
  /** Append-only file of signed audit checkpoints; empty: `audit-checkpoints.jsonl` in the data folder. */
  auditCheckpointFile: z.string().default(''),
  /** Seconds between audit checkpoints written by `serve` and `worker` (0 = only on shutdown and by the CLI). */
  auditCheckpointSeconds: z.coerce.number().int().min(0).default(60),
  /**
   * Audit retention in days (0 = keep for ever): `serve` archives older records (reads included)
   * once a day to `audit-archive/` in the data folder and removes them (decision 0017).
   */
  auditRetentionDays: z.coerce.number().int().min(0).default(0),
  /** `postgres://…` runs on PostgreSQL; empty means SQLite in `dataDir`. */
  databaseUrl: z.string().optional(),
  /** PostgreSQL schema for Renkei's tables (lets several installations share a database). */
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  /** Connections in the PostgreSQL pool. */
  databasePoolSize: z.coerce.number().int().min(1).max(200).default(10),
  /** Public base URL (used in links and to decide whether cookies are `Secure`). */
  publicUrl: z.string().url().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Password of the first admin; when unset a one-time password is generated and printed. */
  adminPassword: z.string().min(12).optional(),
  sessionTtlHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /**
   * Failed sign-ins for one name from one address before each further one makes it wait (1 s,
   * doubling, up to 15 minutes). Accounts are no longer locked; `lockoutMinutes` is read and
   * ignored so that existing settings still start.
   */
  lockoutThreshold: z.coerce.number().int().min(1).default(5),
  lockoutMinutes: z.coerce.number().int().min(1).default(15),
  /** Lifetime of a new API token when none is asked for, and the longest that may be asked for (days). */
  apiTokenDefaultDays: z.coerce.number().int().min(1).default(90),
  apiTokenMaxDays: z.coerce.number().int().min(1).default(365),
  /** Login attempts per minute from one address. */
  loginRateLimitPerMinute: z.coerce.number().int().min(1).default(20),
  /** Largest accepted JSON request body. */
  bodyLimitBytes: z.coerce.number().int().min(1024).default(1_048_576),
  /** argon2id cost; lower only in tests. */
  argon2MemoryKib: z.coerce.number().int().min(1024).default(65_536),
  argon2TimeCost: z.coerce.number().int().min(1).default(3),
  /** Run the job worker inside the API process (always on for SQLite). */
  runWorkerInProcess: booleanFromEnv.default(true),
  jobPollIntervalMs: z.coerce.number().int().min(10).default(1000),
  /** A job's lease: a worker that stops heart-beating loses its job to another after this long. */
  jobLockMs: z.coerce.number().int().min(100).default(60_000),
  /** Folder of the built web app; empty disables serving it. */
  webDistDir: z.string().optional(),
});

/** The platform's settings, and each module's section by module name (read with `section.of(config)`). */
export type Config = Readonly<z.infer<typeof configSchema>> & { readonly sections: Readonly<Record<string, unknown>> };

/** Configuration input: platform keys and modules' keys side by side, by key name (they are unique). */
export type ConfigInput = Partial<z.input<typeof configSchema>> & Record<string, unknown>;

/** Environment variable → config key. Documented in README and `.env.example`. */
const ENV_KEYS: Record<string, keyof z.input<typeof configSchema>> = {
  PORT: 'port',
  HOST: 'host',
  RENKEI_DATA_DIR: 'dataDir',
  RENKEI_AUDIT_KEY: 'auditKey',
  RENKEI_AUDIT_CHECKPOINT_FILE: 'auditCheckpointFile',
  RENKEI_AUDIT_CHECKPOINT_SECONDS: 'auditCheckpointSeconds',
  RENKEI_AUDIT_RETENTION_DAYS: 'auditRetentionDays',
  DATABASE_URL: 'databaseUrl',
  RENKEI_DB_POOL_SIZE: 'databasePoolSize',
  RENKEI_DB_SCHEMA: 'databaseSchema',
  RENKEI_PUBLIC_URL: 'publicUrl',
  LOG_LEVEL: 'logLevel',
  RENKEI_ADMIN_PASSWORD: 'adminPassword',
  RENKEI_SESSION_TTL_HOURS: 'sessionTtlHours',
  RENKEI_LOCKOUT_THRESHOLD: 'lockoutThreshold',
  RENKEI_LOCKOUT_MINUTES: 'lockoutMinutes',
  RENKEI_API_TOKEN_DAYS: 'apiTokenDefaultDays',
  RENKEI_API_TOKEN_MAX_DAYS: 'apiTokenMaxDays',
  RENKEI_LOGIN_RATE_LIMIT: 'loginRateLimitPerMinute',
  RENKEI_BODY_LIMIT_BYTES: 'bodyLimitBytes',
  RENKEI_ARGON2_MEMORY_KIB: 'argon2MemoryKib',
  RENKEI_ARGON2_TIME_COST: 'argon2TimeCost',
  RENKEI_WORKER_IN_PROCESS: 'runWorkerInProcess',
  RENKEI_JOB_POLL_MS: 'jobPollIntervalMs',
  RENKEI_JOB_LOCK_MS: 'jobLockMs',
  RENKEI_WEB_DIST: 'webDistDir',
};

export class ConfigError extends Error {}

/**
 * Builds the configuration from a config file, then environment variables, then explicit
 * overrides (later wins), for the platform and every given module section. Keys are flat and
 * unique across sections (`smtpPort`, `rangeTickMs`); a config file may also nest a module's
 * keys under its name (`{"hub/intake": {"smtpPort": 2526}}`). Lists every problem at once.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigInput = {},
  sections: readonly ConfigSection[] = [],
): Config {
  const owner = new Map<string, ConfigSection>();
  for (const section of sections) {
    for (const key of Object.keys(section.schema.shape)) {
      if (key in configSchema.shape || owner.has(key))
        throw new ConfigError(`configuration key ${key} of ${section.name} is declared twice`);
      owner.set(key, section);
    }
  }
  const input: Record<string, unknown> = {};
  const sectionInput = new Map<string, Record<string, unknown>>(sections.map((section) => [section.name, {}]));
  const put = (key: string, value: unknown) => {
    const section = owner.get(key);
    if (section) sectionInput.get(section.name)![key] = value;
    else input[key] = value;
  };
  const configFile = env['RENKEI_CONFIG'];
  if (configFile) {
    if (!existsSync(configFile)) throw new ConfigError(`RENKEI_CONFIG: ${configFile} does not exist`);
    const fromFile = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(fromFile)) {
      const nested = sectionInput.get(key);
      if (nested && typeof value === 'object' && value !== null) Object.assign(nested, value);
      else put(key, value);
    }
  }
  const envKeys: [string, string][] = [
    ...Object.entries(ENV_KEYS),
    ...sections.flatMap((section) => Object.entries(section.env)),
  ];
  for (const [name, key] of envKeys) {
    const value = env[name];
    if (value !== undefined && value !== '') put(key, value);
  }
  for (const [key, value] of Object.entries(overrides)) put(key, value);

  const problems: string[] = [];
  const parsed = configSchema.safeParse(input);
  if (!parsed.success)
    problems.push(...parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`));
  const parsedSections: Record<string, unknown> = {};
  for (const section of sections) {
    const result = section.schema.safeParse(sectionInput.get(section.name));
    if (result.success) parsedSections[section.name] = Object.freeze(result.data);
    else
      problems.push(
        ...result.error.issues.map((issue) => `  ${section.name}: ${issue.path.join('.')}: ${issue.message}`),
      );
  }
  if (!parsed.success || problems.length > 0)
    throw new ConfigError(`Configuration is invalid:\n${problems.join('\n')}`);
  const config = parsed.data;
  return Object.freeze({ ...config, dataDir: path.resolve(config.dataDir), sections: Object.freeze(parsedSections) });
}

/** Which database a config selects; only the db layer should care. */
export function isPostgresConfig(config: Config): boolean {
  return /^postgres(ql)?:\/\//.test(config.databaseUrl ?? '');
}
