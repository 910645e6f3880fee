/**
 * The `Database` type: every table of Renkei. Module tables are imported as types only — the
 * one place where the platform names modules, because Kysely needs the whole schema in one type.
 * @module
 */
import type { MembershipTable, WorkspaceTable } from '../access/access.table.js';
import type { AuditChainHeadTable, AuditEventTable } from '../audit/audit.table.js';
import type { ApiTokenTable, SessionTable, UserTable } from '../auth/auth.table.js';
import type { JobTable } from '../jobs/job.table.js';
import type { SearchDocumentTable } from '../search/search.table.js';
import type { NoticeTable } from '../../modules/core/notice/notice.table.js';
import type {
  IncidentEntryTable,
  IncidentLinkTable,
  IncidentObservableTable,
  IncidentTable,
  ObservableTable,
  ReportAttachmentTable,
  ReportTable,
  SavedViewTable,
  TrackingSequenceTable,
} from '../../modules/hub/incident/incident.table.js';
import type { InboundMailTable } from '../../modules/hub/intake/intake.table.js';
import type { PgpKeyTable } from '../../modules/hub/keyring/keyring.table.js';
import type { BlobTable } from '../storage/blob.table.js';
import type { PlantInstanceTable, PlantSampleRollupTable, PlantSampleTable, PlantSnapshotTable } from '../../modules/range/plant/plant.table.js';
import type { RangeDatasetTable } from '../../modules/range/dataset/dataset.table.js';

export interface Database {
  user_account: UserTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  workspace: WorkspaceTable;
  membership: MembershipTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  job: JobTable;
  search_document: SearchDocumentTable;
  notice: NoticeTable;
  blob: BlobTable;
  tracking_sequence: TrackingSequenceTable;
  incident: IncidentTable;
  report: ReportTable;
  report_attachment: ReportAttachmentTable;
  observable: ObservableTable;
  incident_observable: IncidentObservableTable;
  incident_link: IncidentLinkTable;
  inbound_mail: InboundMailTable;
  pgp_key: PgpKeyTable;
  saved_view: SavedViewTable;
  incident_entry: IncidentEntryTable;
  plant_instance: PlantInstanceTable;
  plant_snapshot: PlantSnapshotTable;
  plant_sample: PlantSampleTable;
  plant_sample_rollup: PlantSampleRollupTable;
  range_dataset: RangeDatasetTable;
}
