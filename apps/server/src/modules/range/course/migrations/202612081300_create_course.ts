/** range/course (issue 16): the course plan, timetable blocks, participants and groups. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('course')
    .addColumn('workspace_id', 'text', (column) => column.primaryKey().references('workspace.id').onDelete('cascade'))
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('title_en', 'text')
    .addColumn('organiser', 'text')
    .addColumn('venue', 'text')
    .addColumn('days', 'text', (column) => column.notNull())
    .addColumn('goals', 'text')
    .addColumn('staffing', 'text')
    .addColumn('services', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('course_block')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('day', 'integer', (column) => column.notNull())
    .addColumn('start_time', 'text', (column) => column.notNull())
    .addColumn('end_time', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('title_en', 'text')
    .addColumn('material', 'text')
    .addColumn('labs', 'text', (column) => column.notNull())
    .addColumn('instructors', 'text', (column) => column.notNull())
    .addColumn('assistants', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('course_block_day')
    .on('course_block')
    .columns(['workspace_id', 'day', 'start_time'])
    .execute();
  await db.schema
    .createTable('participant_group')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('position', 'integer', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('participant')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('organisation', 'text')
    .addColumn('sector', 'text')
    .addColumn('email', 'text')
    .addColumn('group_id', 'text', (column) => column.references('participant_group.id').onDelete('set null'))
    .addColumn('attendance', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('participant_email', ['workspace_id', 'email'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('participant').execute();
  await db.schema.dropTable('participant_group').execute();
  await db.schema.dropTable('course_block').execute();
  await db.schema.dropTable('course').execute();
}
