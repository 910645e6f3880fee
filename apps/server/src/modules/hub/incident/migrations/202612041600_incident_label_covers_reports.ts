/**
 * hub/incident: an incident is never labelled below its reports (decision 0014). Incidents that
 * a handler relabelled below one of their reports before the rule are raised back to their
 * highest report's label, highest level first. Down leaves them raised: lowering them again would
 * re-open the leak.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

const LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;

export async function up(db: AnyDb): Promise<void> {
  for (let rank = LEVELS.length - 1; rank > 0; rank -= 1) {
    const level = LEVELS[rank]!;
    const lower = LEVELS.slice(0, rank);
    await sql`
      UPDATE incident SET tlp = ${level}
      WHERE tlp IN (${sql.join(lower.map((l) => sql`${l}`))})
        AND EXISTS (SELECT 1 FROM report WHERE report.incident_id = incident.id AND report.tlp = ${level})
    `.execute(db);
  }
}

export async function down(): Promise<void> {
  // Nothing to undo (see above).
}
