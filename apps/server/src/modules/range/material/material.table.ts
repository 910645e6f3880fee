/** Lecture modules (Markdown decks, Japanese and English) and their images. @module */
import type { Selectable } from 'kysely';

export interface MaterialTable {
  id: string;
  workspace_id: string;
  /** Short code used in the timetable (`L1`). */
  code: string;
  title: string;
  title_en: string | null;
  markdown_ja: string;
  markdown_en: string;
  created_by: string | null;
  updated_at: string;
}
export type MaterialRow = Selectable<MaterialTable>;

export interface MaterialImageTable {
  material_id: string;
  /** As the Markdown names it: `![…](diagram.png)`. */
  name: string;
  sha256: string;
  content_type: string;
}
export type MaterialImageRow = Selectable<MaterialImageTable>;

declare module '../../../platform/index.js' {
  interface Database {
    material: MaterialTable;
    material_image: MaterialImageTable;
  }
}
