/** Wire schemas of workspace notices (お知らせ): TLP-labelled posts to a workspace. @module */
import { z } from 'zod';
import { tlpSchema } from './tlp.js';

export const noticeDtoSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  tlp: tlpSchema,
  title: z.string(),
  body: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NoticeDto = z.infer<typeof noticeDtoSchema>;

export const createNoticeSchema = z.object({
  tlp: tlpSchema,
  title: z.string().trim().min(1).max(300),
  body: z.string().max(100_000),
});
export type CreateNoticeInput = z.infer<typeof createNoticeSchema>;

export const updateNoticeSchema = createNoticeSchema.partial();

export const listQuerySchema = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
