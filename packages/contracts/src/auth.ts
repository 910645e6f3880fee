/** Wire schemas of login, session and API tokens. @module */
import { z } from 'zod';
import { roleSchema, workspaceKindSchema } from './roles.js';
import { tlpSchema } from './tlp.js';

export const LOCALES = ['ja', 'en'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

export const loginRequestSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
  totpCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const membershipDtoSchema = z.object({
  workspaceId: z.string(),
  workspaceSlug: z.string(),
  workspaceName: z.string(),
  workspaceKind: workspaceKindSchema,
  role: roleSchema,
  clearance: tlpSchema,
});
export type MembershipDto = z.infer<typeof membershipDtoSchema>;

export const currentUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  locale: localeSchema,
  isSystemAdmin: z.boolean(),
  hasTotp: z.boolean(),
  mustChangePassword: z.boolean(),
  memberships: z.array(membershipDtoSchema),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const sessionResponseSchema = z.object({
  user: currentUserSchema,
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const totpSetupResponseSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export const totpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/) });
/** Changing the second factor needs the password as well as a code: a stolen session or token is not enough. */
export const totpChangeSchema = totpCodeSchema.extend({ password: z.string().min(1).max(1000) });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(12).max(1000),
});

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export const tokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

export const createApiTokenSchema = z.object({
  name: z.string().min(1).max(100),
  scopes: z.array(tokenScopeSchema).min(1),
  /** Default and maximum are the server's (RENKEI_API_TOKEN_DAYS, RENKEI_API_TOKEN_MAX_DAYS); no token lives for ever. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  /** The owner's password, fresh: a session or token alone cannot mint more tokens. */
  password: z.string().min(1).max(1000),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export const apiTokenDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(tokenScopeSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenDto = z.infer<typeof apiTokenDtoSchema>;
/** Returned once, on creation: the secret is never shown again. */
export const createdApiTokenSchema = apiTokenDtoSchema.extend({ token: z.string() });
