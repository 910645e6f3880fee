/** The outbox: every message Renkei sends, with its delivery state (issue 17). @module */
import { z } from 'zod';
import { tlpSchema } from './tlp.js';

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;

export const outboundMessageDtoSchema = z.object({
  id: z.string(),
  /** What it was sent for (`incident`) and its id. */
  ownerType: z.string(),
  ownerId: z.string(),
  /** `acknowledgement`, `message`, … */
  purpose: z.string(),
  tlp: tlpSchema,
  /** Null for roles without need-to-know of reporters. */
  recipients: z.array(z.string()).nullable(),
  subject: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  /** Why the last attempt failed (the relay's or Renkei's words). */
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  protection: z.string().nullable(),
});
export type OutboundMessageDto = z.infer<typeof outboundMessageDtoSchema>;

export const outboxQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
