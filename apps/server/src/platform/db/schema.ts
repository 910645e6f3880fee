/**
 * The `Database` type: Kysely's view of every table. The platform declares its own tables here;
 * each module adds its tables to the same interface from its `*.table.ts` (TypeScript
 * declaration merging: `declare module '…/platform/index.js' { interface Database { … } }`), so
 * the whole schema is composed from the modules the program includes and the platform imports
 * none of them (decision 0012).
 * @module
 */
import type { MembershipTable, WorkspaceTable } from '../access/access.table.js';
import type { AuditChainHeadTable, AuditEventTable } from '../audit/audit.table.js';
import type { ApiTokenTable, LoginThrottleTable, SessionTable, UserTable } from '../auth/auth.table.js';
import type { JobTable } from '../jobs/job.table.js';
import type { SearchDocumentTable } from '../search/search.table.js';
import type { BlobTable } from '../storage/blob.table.js';

export interface Database {
  user_account: UserTable;
  session: SessionTable;
  login_throttle: LoginThrottleTable;
  api_token: ApiTokenTable;
  workspace: WorkspaceTable;
  membership: MembershipTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  job: JobTable;
  search_document: SearchDocumentTable;
  blob: BlobTable;
}
