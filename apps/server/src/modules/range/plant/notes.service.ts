/**
 * Free text about a plant (issue 13, item 9): shift-log entries, work orders, alarm comments and
 * equipment notes, each with its author, source (a person through the HMI or API, the AI agent,
 * the simulated operator, an instructor) and channel. They are shown on the HMI and read by the
 * operator assistant — which is why they are an attack surface the labs use: what someone writes
 * here may try to steer the assistant. Stored and returned as plain text (the web app renders
 * it as text, never as markup).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authRepository, nowIso, type Actor, type AppContext } from '../../../platform/index.js';
import * as repository from './plant.repository.js';
import { assertCanOperatePlant, loadVisiblePlant, plantRuntime } from './plant.service.js';

export const NOTE_KINDS = ['shift_log', 'work_order', 'alarm_comment', 'equipment_note'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const noteSchema = z.object({
  kind: z.enum(NOTE_KINDS),
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(4000),
});

export const notesQuerySchema = z.object({ kind: z.enum(NOTE_KINDS).optional() });

export interface NoteOrigin {
  /** person, agent, operator, instructor */
  source: string;
  channel: string;
}

/** Writes a note on a plant the actor may operate; `origin` says through what (the API by default). */
export async function addNote(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: z.infer<typeof noteSchema>,
  origin: NoteOrigin = { source: 'person', channel: 'api' },
) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  const instance = plantRuntime(ctx).get(id);
  const note = {
    id: randomUUID(),
    instance_id: id,
    kind: input.kind,
    subject: input.subject,
    body: input.body,
    author_id: actor.userId,
    source: origin.source,
    channel: origin.channel,
    sim_time_s: Math.round((instance?.state.process.timeS ?? 0) * 10) / 10,
    created_at: nowIso(),
  };
  await repository.insertNote(ctx.db, note);
  if (instance)
    plantRuntime(ctx).recordEvent(instance, {
      kind: 'note',
      source: origin.source,
      actorId: actor.userId,
      channel: origin.channel,
      detail: { id: note.id, noteKind: input.kind, subject: input.subject },
    });
  return (await describeNotes(ctx, [note]))[0]!;
}

/** Notes of a plant, newest first. */
export async function listNotes(ctx: AppContext, actor: Actor, id: string, kind?: NoteKind) {
  await loadVisiblePlant(ctx, actor, id);
  return describeNotes(ctx, await repository.notesOf(ctx.db, id, kind));
}

async function describeNotes(ctx: AppContext, notes: Awaited<ReturnType<typeof repository.notesOf>>) {
  const names = await authRepository.displayNamesOf(
    ctx.db,
    notes.flatMap((note) => (note.author_id ? [note.author_id] : [])),
  );
  return notes.map((note) => ({
    id: note.id,
    kind: note.kind as NoteKind,
    subject: note.subject,
    body: note.body,
    authorName: note.author_id ? (names.get(note.author_id) ?? null) : null,
    source: note.source,
    channel: note.channel,
    simTimeS: Number(note.sim_time_s),
    createdAt: note.created_at,
  }));
}

/** Notes of a plant for retrieval by its assistant (the caller has checked access to the plant). */
export async function notesForRetrieval(ctx: AppContext, instanceId: string) {
  return repository.notesOf(ctx.db, instanceId);
}
