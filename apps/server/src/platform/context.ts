/** What every service receives: configuration, database, job queue and logger. @module */
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Db } from './db/database.js';
import type { DialectName } from './db/dialects/index.js';
import type { JobQueue } from './jobs/job-queue.js';

export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: DialectName;
  readonly jobs: JobQueue;
  readonly logger: Logger;
}
