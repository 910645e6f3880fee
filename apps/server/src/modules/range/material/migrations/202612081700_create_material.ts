/** range/material (issue 16): lecture modules in Markdown and their images. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('material')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('title_en', 'text')
    .addColumn('markdown_ja', 'text', (column) => column.notNull())
    .addColumn('markdown_en', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('material_code', ['workspace_id', 'code'])
    .execute();
  await db.schema
    .createTable('material_image')
    .addColumn('material_id', 'text', (column) => column.notNull().references('material.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('sha256', 'text', (column) => column.notNull())
    .addColumn('content_type', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('material_image_pk', ['material_id', 'name'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('material_image').execute();
  await db.schema.dropTable('material').execute();
}
