/** Wire schemas of users, workspaces and memberships (administration). @module */
import { z } from 'zod';
import { localeSchema } from './auth.js';
import { roleSchema, workspaceKindSchema } from './roles.js';
import { tlpSchema } from './tlp.js';

export const usernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" and "-"');

export const userDtoSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  locale: localeSchema,
  isSystemAdmin: z.boolean(),
  hasTotp: z.boolean(),
  isLocked: z.boolean(),
  isDisabled: z.boolean(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userDtoSchema>;

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().min(1).max(200),
  email: z.email().max(320).optional(),
  locale: localeSchema.default('ja'),
  password: z.string().min(12).max(1000),
  isSystemAdmin: z.boolean().default(false),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  displayName: z.string().min(1).max(200).optional(),
  email: z.email().max(320).nullable().optional(),
  locale: localeSchema.optional(),
  isDisabled: z.boolean().optional(),
  unlock: z.boolean().optional(),
});

export const resetPasswordSchema = z.object({ password: z.string().min(12).max(1000) });

export const workspaceSlugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/);

export const workspaceDtoSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: workspaceKindSchema,
  createdAt: z.string(),
});
export type WorkspaceDto = z.infer<typeof workspaceDtoSchema>;

export const createWorkspaceSchema = z.object({
  slug: workspaceSlugSchema,
  name: z.string().min(1).max(200),
  kind: workspaceKindSchema,
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceSchema>;

export const memberDtoSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  clearance: tlpSchema,
});
export type MemberDto = z.infer<typeof memberDtoSchema>;

export const putMemberSchema = z.object({
  role: roleSchema,
  /** Defaults to the role's clearance; may only lower it. */
  clearance: tlpSchema.optional(),
});
export type PutMemberInput = z.infer<typeof putMemberSchema>;
