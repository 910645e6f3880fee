/** Wire schemas of the audit trail and the job queue. @module */
import { z } from 'zod';

export const auditEventDtoSchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  /** The actor's display name (null: the system, or an account since removed). */
  actorName: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  workspaceId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEventDto = z.infer<typeof auditEventDtoSchema>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'dead'] as const;
export const jobDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number(),
  maxAttempts: z.number(),
  progress: z.number(),
  progressMessage: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobDto = z.infer<typeof jobDtoSchema>;
