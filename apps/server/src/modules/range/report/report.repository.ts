/** SQL of the report's written sections. @module */
import type { Db } from '../../../platform/index.js';
import type { ReportSectionsRow } from './report.table.js';

export function findSections(db: Db, workspaceId: string): Promise<ReportSectionsRow | undefined> {
  return db.selectFrom('report_sections').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function saveSections(db: Db, row: ReportSectionsRow): Promise<void> {
  await db
    .insertInto('report_sections')
    .values(row)
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        insights: row.insights,
        improvements: row.improvements,
        appendix: row.appendix,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
