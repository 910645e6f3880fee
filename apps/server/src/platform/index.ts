/**
 * The platform's public interface: what modules may use. No domain knowledge lives here.
 * @module platform
 */
export * as accessRepository from './access/access.repository.js';
export type { WorkspaceRow, MembershipRow } from './access/access.table.js';
export {
  assertCanLabel,
  assertCanRead,
  assertPermission,
  assertSystemAdmin,
  canManageWorkspace,
  canRead,
  hasPermission,
  readableScope,
  readableTlps,
  type Actor,
  type Labelled,
  type Membership,
} from './access/policy.js';
export { listAuditEvents, onAuditRecorded, recordAudit, verifyAuditChain, type AuditEntry } from './audit/audit.js';
export { canonicalJson } from './audit/canonical-json.js';
export {
  defaultArchiveFile,
  installationMac,
  pruneAuditTrail,
  retentionCutoff,
  verifyAnchoredAuditTrail,
  writeAuditCheckpoint,
} from './audit/anchor.js';
export * as authRepository from './auth/auth.repository.js';
export type { UserRow } from './auth/auth.table.js';
export { requireActor, requireSystemAdmin } from './auth/auth.hooks.js';
export {
  authenticateApiToken,
  createUser,
  publicUserState,
  reloadActor,
  setPassword,
  startSession,
} from './auth/auth.service.js';
export { answerWithSession } from './auth/auth.routes.js';
export { hashSecret, randomSecret } from './auth/secrets.js';
export { booleanFromEnv, type Config } from './config/config.js';
export type { AppContext } from './context.js';
export { caseById, nowIso, type Db } from './db/database.js';
export { dialectOf, isUniqueViolation } from './db/dialects/index.js';
export { AppError } from './errors/app-error.js';
export type { AppInstance } from './http/types.js';
export { defineJob, type JobContext, type JobDefinition, type JobSpec } from './jobs/job-queue.js';
export {
  findSearchDocument,
  findSearchDocuments,
  indexSearchDocument,
  indexSearchDocuments,
  registerExcerptSource,
  removeSearchDocument,
  searchReadable,
  type ExcerptSource,
  type SearchDocument,
} from './search/search.service.js';
export { blobsInsert, getBlob, getBlobs, putBlob, putBlobs, sha256Of } from './storage/blob.repository.js';
export { defineConfigSection, type ConfigSection } from './config/config-section.js';
export { defineModule, type ModuleService, type RenkeiModule, type RunningService } from './module/renkei-module.js';
export type { Database } from './db/schema.js';
export { trigramKeys, searchWords, type DialectHelpers } from './pure.js';
export { startWorker, workerExecArgv } from './workers/worker-start.js';
