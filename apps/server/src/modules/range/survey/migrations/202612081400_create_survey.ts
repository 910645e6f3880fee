/** range/survey (issue 16): surveys, responses, and receipts of who answered. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('survey')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('anonymous', 'integer', (column) => column.notNull())
    .addColumn('closes_at', 'text')
    .addColumn('questions', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('survey_workspace').on('survey').columns(['workspace_id', 'created_at']).execute();
  await db.schema
    .createTable('survey_response')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('survey_id', 'text', (column) => column.notNull().references('survey.id').onDelete('cascade'))
    .addColumn('respondent_id', 'text')
    .addColumn('answers', 'text', (column) => column.notNull())
    .addColumn('submitted_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('survey_response_survey')
    .on('survey_response')
    .columns(['survey_id', 'submitted_at'])
    .execute();
  await db.schema
    .createTable('survey_receipt')
    .addColumn('survey_id', 'text', (column) => column.notNull().references('survey.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('survey_receipt_pk', ['survey_id', 'user_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('survey_receipt').execute();
  await db.schema.dropTable('survey_response').execute();
  await db.schema.dropTable('survey').execute();
}
