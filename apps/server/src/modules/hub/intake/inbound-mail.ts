/**
 * Inbound mail as intake stores it: the row of a message as it arrives, where it goes (the
 * intake workspace), and the job that files it. Shared by the SMTP/IMAP receipt, bulk import
 * and the quarantine.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, accessRepository, nowIso, type AppContext, type JobSpec } from '../../../platform/index.js';
import { intakeConfig } from './intake.config.js';
import type { InboundMailRow } from './intake.table.js';

export type MailSource = 'smtp' | 'imap' | 'import';
export type Envelope = { source: MailSource; from?: string | undefined; to?: string[] };

// Workspace ids never change, so the intake workspace is looked up once per process, not on
// every accepted message (it sits on the path between DATA and the 250 reply).
const intakeWorkspaceIds = new WeakMap<AppContext, string>();

export async function intakeWorkspaceId(ctx: AppContext): Promise<string> {
  const cached = intakeWorkspaceIds.get(ctx);
  if (cached) return cached;
  const { hubIntakeWorkspace } = intakeConfig.of(ctx.config);
  const workspace = await accessRepository.findWorkspaceBySlug(ctx.db, hubIntakeWorkspace);
  if (!workspace)
    throw new AppError('WORKSPACE_NOT_FOUND', `The intake workspace ${hubIntakeWorkspace} does not exist`);
  intakeWorkspaceIds.set(ctx, workspace.id);
  return workspace.id;
}

/** A stored message's row, as it arrives: received, not yet filed. */
export function newInboundMail(
  workspaceId: string,
  rawSha256: string,
  size: number,
  envelope: { source: MailSource; from?: string | undefined; to?: string[] | undefined },
): InboundMailRow {
  const now = nowIso();
  return {
    id: randomUUID(),
    workspace_id: workspaceId,
    source: envelope.source,
    raw_sha256: rawSha256,
    size,
    envelope_from: envelope.from ?? null,
    envelope_to: JSON.stringify(envelope.to ?? []),
    status: 'received',
    reason: null,
    report_id: null,
    received_at: now,
    updated_at: now,
  };
}

const processMailPayload = z.object({ inboundId: z.string() });

/** Job: parse an inbound message and file it as a report (or quarantine it). Idempotent. */
export const processMailJob: JobSpec<z.infer<typeof processMailPayload>> = {
  name: 'intake.process-mail',
  payload: processMailPayload,
  maxAttempts: 5,
  backoffMs: 2000,
};
