/**
 * Configuration: read once from the environment (and an optional JSON config file named by
 * `RENKEI_CONFIG`), validated with zod, frozen. This is the only file that reads `process.env`
 * for settings; everything else receives a `Config`.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1');

export const configSchema = z.object({
  /** HTTP port of the API and web UI. */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address to bind; loopback by default so a fresh install is not exposed. */
  host: z.string().default('127.0.0.1'),
  /** Folder for the SQLite database, blobs and other local state. */
  dataDir: z.string().default('./data'),
  /** `postgres://…` runs on PostgreSQL; empty means SQLite in `dataDir`. */
  databaseUrl: z.string().optional(),
  /** PostgreSQL schema for Renkei's tables (lets several installations share a database). */
  databaseSchema: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('public'),
  /** Connections in the PostgreSQL pool. */
  databasePoolSize: z.coerce.number().int().min(1).max(200).default(10),
  /** Public base URL (used in links and to decide whether cookies are `Secure`). */
  publicUrl: z.string().url().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Password of the first admin; when unset a one-time password is generated and printed. */
  adminPassword: z.string().min(12).optional(),
  sessionTtlHours: z.coerce.number().int().min(1).max(24 * 90).default(12),
  /** Failed logins before an account is locked, and for how long. */
  lockoutThreshold: z.coerce.number().int().min(1).default(5),
  lockoutMinutes: z.coerce.number().int().min(1).default(15),
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
  /** Workspace (slug) that receives reports from the public web form and e-mail. */
  hubIntakeWorkspace: z.string().default('hub-ops'),
  /** SMTP listener for incoming reports: port (0 = off), size limit, accepted recipients. */
  smtpPort: z.coerce.number().int().min(0).max(65535).default(2525),
  smtpHost: z.string().default('127.0.0.1'),
  smtpMaxBytes: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /**
   * Worker threads that parse incoming mail and extract observables (0: on the main thread).
   * Default: one per core but one (the writer's).
   */
  intakeWorkers: z.coerce.number().int().min(0).max(64).default(Math.max(1, availableParallelism() - 1)),
  /**
   * Heap limit of a parse worker, MiB: a message that needs more is quarantined. A 25 MB message
   * needs ~300 MiB; below ~2 GiB V8 collects more often (+17 % CPU at 512 MiB in bench/intake.ts).
   */
  intakeReadMemoryMb: z.coerce.number().int().min(16).max(65_536).default(2048),
  /** Time a parse worker may take for one message, ms: a message that takes longer is quarantined. */
  intakeReadTimeoutMs: z.coerce.number().int().min(100).default(60_000),
  /** Comma-separated recipient addresses accepted by the SMTP listener; empty accepts any. */
  smtpRecipients: z.string().default(''),
  /**
   * IMAP mailbox polled for reports: imap://user:password@host:143/INBOX (imaps:// for TLS);
   * empty: no polling. Processed mail is moved to `imapProcessedFolder`.
   */
  imapUrl: z.string().default(''),
  imapProcessedFolder: z.string().min(1).default('Processed'),
  imapPollSeconds: z.coerce.number().int().min(1).default(60),
  /**
   * Passphrase that encrypts the team's OpenPGP private key at rest (S2K in the key itself);
   * without it no team key can be created or used, and encrypted mail is quarantined.
   */
  pgpPassphrase: z.string().min(12).optional(),
  /** Outbound mail relay for acknowledgements (smtp://host:port); empty: none are sent. */
  smtpRelayUrl: z.string().default(''),
  /** Sender of acknowledgements. */
  ackFrom: z.string().default('Renkei <report@renkei.invalid>'),
  /** Range: first Modbus/TCP port of plant instances (one port each), and where they listen. */
  rangeModbusBasePort: z.coerce.number().int().min(1).max(65000).default(15020),
  rangeModbusHost: z.string().default('127.0.0.1'),
  /** Range: external MQTT broker for plant telemetry (e.g. mqtt://127.0.0.1:1883); empty: the embedded broker. */
  rangeMqttUrl: z.string().default(''),
  /** Range: port of the embedded MQTT broker (API-token sign-in, per-instance topic ACLs); 0: off. */
  rangeMqttPort: z.coerce.number().int().min(0).max(65535).default(1884),
  /** Range: simulation step (10 Hz) and how often telemetry is published and state persisted. */
  rangeTickMs: z.coerce.number().int().min(10).default(100),
  rangePublishEveryTicks: z.coerce.number().int().min(1).default(1),
  rangePersistEveryMs: z.coerce.number().int().min(100).default(5000),
  /** Range historian: raw 1 Hz samples and minute rows kept for this much simulated time; how often maintenance runs. */
  rangeRawRetentionHours: z.coerce.number().min(0.1).default(48),
  rangeRollupRetentionDays: z.coerce.number().min(1).default(90),
  rangeHistorianMaintenanceMs: z.coerce.number().int().min(1000).default(60_000),
  /** Range: per-instance limits — Modbus clients at once, register/coil operations per second; plants per course. */
  rangeModbusMaxClients: z.coerce.number().int().min(1).default(8),
  rangeModbusOpsPerSecond: z.coerce.number().int().min(1).default(2000),
  rangeMaxPlantsPerWorkspace: z.coerce.number().int().min(1).default(60),
  /** Folder of the built web app; empty disables serving it. */
  webDistDir: z.string().optional(),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Environment variable → config key. Documented in README and `.env.example`. */
const ENV_KEYS: Record<string, keyof z.input<typeof configSchema>> = {
  PORT: 'port',
  HOST: 'host',
  RENKEI_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  RENKEI_DB_POOL_SIZE: 'databasePoolSize',
  RENKEI_DB_SCHEMA: 'databaseSchema',
  RENKEI_PUBLIC_URL: 'publicUrl',
  LOG_LEVEL: 'logLevel',
  RENKEI_ADMIN_PASSWORD: 'adminPassword',
  RENKEI_SESSION_TTL_HOURS: 'sessionTtlHours',
  RENKEI_LOCKOUT_THRESHOLD: 'lockoutThreshold',
  RENKEI_LOCKOUT_MINUTES: 'lockoutMinutes',
  RENKEI_LOGIN_RATE_LIMIT: 'loginRateLimitPerMinute',
  RENKEI_BODY_LIMIT_BYTES: 'bodyLimitBytes',
  RENKEI_ARGON2_MEMORY_KIB: 'argon2MemoryKib',
  RENKEI_ARGON2_TIME_COST: 'argon2TimeCost',
  RENKEI_WORKER_IN_PROCESS: 'runWorkerInProcess',
  RENKEI_JOB_POLL_MS: 'jobPollIntervalMs',
  RENKEI_JOB_LOCK_MS: 'jobLockMs',
  RENKEI_WEB_DIST: 'webDistDir',
  RENKEI_HUB_INTAKE_WORKSPACE: 'hubIntakeWorkspace',
  RENKEI_SMTP_RELAY_URL: 'smtpRelayUrl',
  RENKEI_ACK_FROM: 'ackFrom',
  RENKEI_RANGE_MODBUS_BASE_PORT: 'rangeModbusBasePort',
  RENKEI_RANGE_MODBUS_HOST: 'rangeModbusHost',
  RENKEI_RANGE_MQTT_URL: 'rangeMqttUrl',
  RENKEI_RANGE_MQTT_PORT: 'rangeMqttPort',
  RENKEI_RANGE_TICK_MS: 'rangeTickMs',
  RENKEI_RANGE_PUBLISH_EVERY_TICKS: 'rangePublishEveryTicks',
  RENKEI_RANGE_PERSIST_MS: 'rangePersistEveryMs',
  RENKEI_RANGE_RAW_RETENTION_HOURS: 'rangeRawRetentionHours',
  RENKEI_RANGE_ROLLUP_RETENTION_DAYS: 'rangeRollupRetentionDays',
  RENKEI_RANGE_HISTORIAN_MAINTENANCE_MS: 'rangeHistorianMaintenanceMs',
  RENKEI_RANGE_MODBUS_MAX_CLIENTS: 'rangeModbusMaxClients',
  RENKEI_RANGE_MODBUS_OPS: 'rangeModbusOpsPerSecond',
  RENKEI_RANGE_MAX_PLANTS: 'rangeMaxPlantsPerWorkspace',
  RENKEI_SMTP_PORT: 'smtpPort',
  RENKEI_SMTP_HOST: 'smtpHost',
  RENKEI_SMTP_MAX_BYTES: 'smtpMaxBytes',
  RENKEI_SMTP_RECIPIENTS: 'smtpRecipients',
  RENKEI_INTAKE_WORKERS: 'intakeWorkers',
  RENKEI_INTAKE_READ_MEMORY_MB: 'intakeReadMemoryMb',
  RENKEI_INTAKE_READ_TIMEOUT_MS: 'intakeReadTimeoutMs',
  RENKEI_PGP_PASSPHRASE: 'pgpPassphrase',
  RENKEI_IMAP_URL: 'imapUrl',
  RENKEI_IMAP_PROCESSED_FOLDER: 'imapProcessedFolder',
  RENKEI_IMAP_POLL_SECONDS: 'imapPollSeconds',
};

export class ConfigError extends Error {}

/**
 * Builds the configuration from a config file, then environment variables, then explicit
 * overrides (later wins). Lists every problem at once.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<z.input<typeof configSchema>> = {},
): Config {
  const fromFile: Record<string, unknown> = {};
  const configFile = env['RENKEI_CONFIG'];
  if (configFile) {
    if (!existsSync(configFile)) throw new ConfigError(`RENKEI_CONFIG: ${configFile} does not exist`);
    Object.assign(fromFile, JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const parsed = configSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Configuration is invalid:\n${problems.join('\n')}`);
  }
  const config = parsed.data;
  return Object.freeze({ ...config, dataDir: path.resolve(config.dataDir) });
}

/** Which database a config selects; only the db layer should care. */
export function isPostgresConfig(config: Config): boolean {
  return /^postgres(ql)?:\/\//.test(config.databaseUrl ?? '');
}
