/** SQL of lecture modules and their images. @module */
import type { Db } from '../../../platform/index.js';
import type { MaterialImageRow, MaterialRow } from './material.table.js';

export function materialsOf(db: Db, workspaceId: string): Promise<MaterialRow[]> {
  return db.selectFrom('material').selectAll().where('workspace_id', '=', workspaceId).orderBy('code').execute();
}

export function findMaterial(db: Db, id: string): Promise<MaterialRow | undefined> {
  return db.selectFrom('material').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMaterial(db: Db, row: MaterialRow): Promise<void> {
  await db.insertInto('material').values(row).execute();
}

export async function updateMaterial(
  db: Db,
  id: string,
  changes: Pick<MaterialRow, 'code' | 'title' | 'title_en' | 'markdown_ja' | 'markdown_en' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('material').set(changes).where('id', '=', id).execute();
}

export function imagesOf(db: Db, materialId: string): Promise<MaterialImageRow[]> {
  return db.selectFrom('material_image').selectAll().where('material_id', '=', materialId).orderBy('name').execute();
}

export async function saveImage(db: Db, row: MaterialImageRow): Promise<void> {
  await db
    .insertInto('material_image')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['material_id', 'name']).doUpdateSet({ sha256: row.sha256, content_type: row.content_type }),
    )
    .execute();
}
