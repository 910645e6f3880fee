/**
 * The plant assistant, live: a trainee chats beside the HMI; the turn (assistant.pipeline.ts)
 * retrieves from the plant's knowledge base, calls the model through the gateway (traced, under
 * the trainee's budget) and acts on the plant through its service as the trainee — the same
 * access checks and audit as a person, writes marked `agent` — subject to the plant's defence
 * switches; actuations wait in an approval queue when that defence is on. The measurement runner
 * replays the attack suite against a sandboxed copy with any set of defences.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  installationMac,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { assertCourseWorkspace } from '../course/index.js';
import { complete, gatewayConfig, listModels, readTrace, SIMULATOR_MODEL } from '../gateway/index.js';
import { retrieve } from '../knowledge/index.js';
import {
  acknowledgePlantAlarm,
  addNote,
  assertCanOperatePlant,
  getPlantInstance,
  isCourseStaff,
  loadVisiblePlant,
  writeSetpoints,
} from '../plant/index.js';
import { runAssistant } from './assistant.pipeline.js';
import * as repository from './assistant.repository.js';
import { DEFENCES, NO_DEFENCES, type DefenceSettings } from './defences.js';
import { measure } from './runner.js';
import { runTool, SETPOINT_RANGES, type PlantTools } from './tools.js';

export const defencesSchema = z.object(
  Object.fromEntries(DEFENCES.map((defence) => [defence, z.boolean()])) as Record<
    (typeof DEFENCES)[number],
    z.ZodBoolean
  >,
);

export const chatSchema = z.object({
  message: z.string().trim().min(1).max(4000),
  /** A model the gateway serves; the course's upstream if configured, else the simulator. */
  model: z.string().optional(),
});

export const measureSchema = z.object({
  defences: defencesSchema.optional(),
  repeats: z.number().int().min(1).max(50).default(10),
  model: z.string().optional(),
});

const ACTUATIONS_PER_MINUTE = 6;
const recentActuations = new Map<string, number[]>();

function defaultModel(ctx: AppContext): string {
  const settings = gatewayConfig.of(ctx.config);
  return settings.rangeAiUpstreamModel && listModels(ctx).includes(settings.rangeAiUpstreamModel)
    ? settings.rangeAiUpstreamModel
    : SIMULATOR_MODEL;
}

/** The plant's maintenance PIN: the secret in the assistant's prompt that a leak would reveal. */
async function pinOf(ctx: AppContext, plantId: string): Promise<string> {
  const mac = await installationMac(ctx.config, 'assistant-pin', plantId);
  return String((Number.parseInt(mac.slice(0, 8), 16) % 9000) + 1000);
}

export async function getDefences(ctx: AppContext, actor: Actor, plantId: string): Promise<DefenceSettings> {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  return defencesOf(ctx, plantId, plant.workspace_id);
}

const parsedDefences = (saved: string | undefined): Partial<DefenceSettings> =>
  saved ? (JSON.parse(saved) as Partial<DefenceSettings>) : {};

/** The lab's (course's) default switches; none where the course has not set them. */
async function courseDefencesOf(ctx: AppContext, workspaceId: string): Promise<DefenceSettings> {
  return { ...NO_DEFENCES, ...parsedDefences(await repository.findCourseDefences(ctx.db, workspaceId)) };
}

/** A plant's defences: its own switches where it has them, else its lab's (course's), else none. */
async function defencesOf(ctx: AppContext, plantId: string, workspaceId: string): Promise<DefenceSettings> {
  const own = await repository.findDefences(ctx.db, plantId);
  return own ? { ...NO_DEFENCES, ...parsedDefences(own) } : courseDefencesOf(ctx, workspaceId);
}

/** Course members read the lab's defaults. */
export async function getCourseDefences(ctx: AppContext, actor: Actor, workspaceId: string): Promise<DefenceSettings> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  return courseDefencesOf(ctx, workspaceId);
}

/** The lab's defaults: every plant of the course that has not switched its own follows them. */
export async function setCourseDefences(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  settings: DefenceSettings,
): Promise<DefenceSettings> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  if (!isCourseStaff(actor, workspaceId)) throw new AppError('FORBIDDEN', 'Only course staff set the lab’s defences');
  const before = await courseDefencesOf(ctx, workspaceId);
  await repository.saveCourseDefences(ctx.db, workspaceId, JSON.stringify(settings), actor.userId, nowIso());
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'assistant.course-defences',
    objectType: 'workspace',
    objectId: workspaceId,
    workspaceId,
    detail: { before, after: settings },
  });
  return settings;
}

export async function setDefences(ctx: AppContext, actor: Actor, plantId: string, settings: DefenceSettings) {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  assertCanOperatePlant(actor, plant);
  const before = await defencesOf(ctx, plantId, plant.workspace_id);
  await repository.saveDefences(ctx.db, plantId, JSON.stringify(settings), actor.userId, nowIso());
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'assistant.defences',
    objectType: 'plant_instance',
    objectId: plantId,
    workspaceId: plant.workspace_id,
    detail: { before, after: settings },
  });
  return settings;
}

/** The agent's tools on the live plant, as `actor`, through the plant's service. */
function liveTools(ctx: AppContext, actor: Actor, plantId: string, channel: string): PlantTools {
  const origin = { source: 'agent' as const, channel };
  const actuate = () => {
    const now = Date.now();
    const recent = (recentActuations.get(plantId) ?? []).filter((at) => at > now - 60_000);
    if (recent.length >= ACTUATIONS_PER_MINUTE) return false;
    recent.push(now);
    recentActuations.set(plantId, recent);
    return true;
  };
  const refusal = (error: unknown) => `refused: ${error instanceof Error ? error.message : 'error'}`;
  return {
    async read() {
      const view = await getPlantInstance(ctx, actor, plantId);
      return { tags: view.tags, setpoints: view.setpoints, trips: view.trips, alarms: view.alarms };
    },
    async setSetpoint(name, value) {
      const [min, max] = SETPOINT_RANGES[name];
      if (!(value >= min && value <= max)) return `refused: ${name} must be ${min}–${max}`;
      if (!actuate()) return `refused: at most ${ACTUATIONS_PER_MINUTE} actuations a minute`;
      return writeSetpoints(ctx, actor, plantId, { [name]: value }, origin).then(() => `${name} = ${value}`, refusal);
    },
    async setPump(pump, on) {
      if (!actuate()) return `refused: at most ${ACTUATIONS_PER_MINUTE} actuations a minute`;
      return writeSetpoints(ctx, actor, plantId, { [pump]: on }, origin).then(() => `${pump} = ${on}`, refusal);
    },
    async acknowledge(code) {
      return acknowledgePlantAlarm(ctx, actor, plantId, code).then(() => `acknowledged ${code}`, refusal);
    },
    async openWorkOrder(subject, body) {
      return addNote(
        ctx,
        actor,
        plantId,
        { kind: 'work_order', subject: subject || 'Work order', body: body || subject },
        {
          source: 'agent',
          channel,
        },
      ).then((note) => `work order opened: ${note.subject}`, refusal);
    },
  };
}

/** One chat turn with the plant's assistant. */
export async function chat(ctx: AppContext, actor: Actor, plantId: string, input: z.infer<typeof chatSchema>) {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  assertCanOperatePlant(actor, plant);
  const defences = await defencesOf(ctx, plantId, plant.workspace_id);
  const model = input.model ?? defaultModel(ctx);
  const reply = await runAssistant(input.message, {
    defences,
    secret: await pinOf(ctx, plantId),
    tools: liveTools(ctx, actor, plantId, 'assistant'),
    retrieve: (question, signedOnly) => retrieve(ctx, plant, question, { k: 4, signedOnly }),
    model: (messages, tools, defenceActions) =>
      complete(ctx, {
        model,
        messages,
        tools: [...tools],
        actor,
        instanceId: plantId,
        caller: 'assistant',
        defenceActions: [...defenceActions],
      }),
    requestApproval: async (tool, args) => {
      const id = randomUUID();
      await repository.insertApproval(ctx.db, {
        id,
        instance_id: plantId,
        tool,
        arguments: JSON.stringify(args),
        requested_by: actor.userId,
        status: 'pending',
        decided_by: null,
        decided_at: null,
        result: null,
        created_at: nowIso(),
      });
      return `${tool} is waiting for a person's approval (${id})`;
    },
  });
  return { ...reply, model, defences };
}

export async function listApprovals(ctx: AppContext, actor: Actor, plantId: string) {
  await loadVisiblePlant(ctx, actor, plantId);
  return (await repository.approvalsOf(ctx.db, plantId)).map((row) => ({
    id: row.id,
    tool: row.tool,
    arguments: JSON.parse(row.arguments) as Record<string, unknown>,
    status: row.status,
    result: row.result,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  }));
}

export const decisionSchema = z.object({ decision: z.enum(['approve', 'reject']) });

/** A person approves (the tool runs, as them) or rejects an actuation the agent asked for. */
export async function decideApproval(
  ctx: AppContext,
  actor: Actor,
  plantId: string,
  approvalId: string,
  decision: 'approve' | 'reject',
) {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  assertCanOperatePlant(actor, plant);
  const row = await repository.findApproval(ctx.db, plantId, approvalId);
  if (!row) throw new AppError('NOT_FOUND', 'No such approval');
  if (row.status !== 'pending') throw new AppError('CONFLICT', `Already ${row.status}`);
  const result =
    decision === 'approve'
      ? await runTool(
          liveTools(ctx, actor, plantId, 'assistant-approved'),
          row.tool,
          JSON.parse(row.arguments) as Record<string, unknown>,
        )
      : null;
  const decided = await repository.decideApproval(ctx.db, approvalId, {
    status: decision === 'approve' ? 'approved' : 'rejected',
    decided_by: actor.userId,
    decided_at: nowIso(),
    result,
  });
  if (!decided) throw new AppError('CONFLICT', 'Decided by someone else meanwhile');
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: `assistant.${decision}`,
    objectType: 'plant_instance',
    objectId: plantId,
    workspaceId: plant.workspace_id,
    detail: { approvalId, tool: row.tool, result },
  });
  return { id: approvalId, status: decision === 'approve' ? 'approved' : 'rejected', result };
}

/** The model calls made for this plant (its assistant's and its trainees' own), newest first. */
export async function assistantTrace(ctx: AppContext, actor: Actor, plantId: string) {
  await loadVisiblePlant(ctx, actor, plantId);
  return readTrace(ctx, plantId, 100);
}

/** Replays the attack suite against a sandboxed copy of the plant with the given defences. */
export async function measureDefences(
  ctx: AppContext,
  actor: Actor,
  plantId: string,
  input: z.infer<typeof measureSchema>,
) {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  assertCanOperatePlant(actor, plant);
  const defences = input.defences ?? (await defencesOf(ctx, plantId, plant.workspace_id));
  const model = input.model ?? defaultModel(ctx);
  return measure(
    (messages, tools, seed) =>
      complete(ctx, {
        model,
        messages,
        tools: [...tools],
        seed,
        actor,
        instanceId: plantId,
        caller: 'runner',
        isMeasurement: true,
      }),
    defences,
    { repeats: input.repeats, plantSeed: plant.seed, secret: await pinOf(ctx, plantId) },
  );
}
