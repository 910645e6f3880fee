/**
 * Plant instances for a Range course: one per trainee or group, created by an instructor; every
 * operator action (API or Modbus) is logged; SIS bypasses are explicit and logged.
 * @module
 */
import * as repository from './plant.repository.js';
import { plantConfig } from './plant.config.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { scenarioEventOptionsSchema } from '@renkei/contracts';
import {
  AppError,
  accessRepository,
  assertPermission,
  authenticateApiToken,
  authRepository,
  hasPermission,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { alarmTopic, telemetryTopic, type PlantInstance } from './plant-instance.js';
import { PlantRuntime } from './plant-runtime.js';
import type { PlantInstanceRow } from './plant.table.js';
import { HISTORY_COLUMNS, readHistory } from './historian.js';
import { syntheticXlsx, XLSX_MAX_ROWS } from './synthetic-xlsx.js';
import { TRIPS, createPlant, resetTrip, type Setpoints, type Trip } from './water-plant.js';
import { SCENARIO_EVENTS } from './scenario-events.js';
import { processKpis, SPECIFICATION } from './kpis.js';

const runtimes = new WeakMap<AppContext, PlantRuntime>();

/** Starts the plant runtime of this process (serve does; tests may, without the clock). */
export async function startPlantRuntime(
  ctx: AppContext,
  options: { startClock?: boolean } = {},
): Promise<PlantRuntime> {
  const runtime = new PlantRuntime(
    ctx,
    async (instance, change) => {
      // Changes through the API (and the agent, which uses it) are audited by the service (plant.operate).
      if (change.source === 'api' || change.source === 'agent') return;
      await recordAudit(ctx.db, {
        actorId: change.actorId ?? null,
        action: 'plant.setpoint',
        objectType: 'plant_instance',
        objectId: instance.id,
        workspaceId: instance.workspaceId,
        detail: { source: change.source, channel: change.channel ?? null, changes: change.changes },
      });
    },
    (actor, instanceId) => plantVisibleTo(ctx, actor, instanceId),
  );
  await runtime.start(options);
  runtimes.set(ctx, runtime);
  return runtime;
}

export function plantRuntime(ctx: AppContext): PlantRuntime {
  const runtime = runtimes.get(ctx);
  if (!runtime) throw new AppError('CONFLICT', 'The range runtime is not running in this process');
  return runtime;
}

const notFound = () => new AppError('NOT_FOUND', 'Plant instance not found');

/** May this actor see the plant (for other modules: the gateway's plant header, the assistant)? */
export async function plantVisibleTo(ctx: AppContext, actor: Actor, instanceId: string): Promise<boolean> {
  const row = await repository.findInstance(ctx.db, instanceId);
  return row !== undefined && canSee(actor, row);
}

/** Trainees see their own instance; instructors, assistants and admins see every instance of the course. */
function canSee(actor: Actor, row: PlantInstanceRow): boolean {
  if (!actor.memberships.has(row.workspace_id)) return false;
  return isCourseStaff(actor, row.workspace_id) || row.owner_user_id === actor.userId;
}

/** Admins, instructors and assistants of the course: they see every plant and run the exercise. */
export function isCourseStaff(actor: Actor, workspaceId: string): boolean {
  return ['admin', 'instructor', 'assistant'].includes(actor.memberships.get(workspaceId)?.role ?? '');
}

/** A plant the actor may see, or the same 404 as a plant that does not exist (other modules and files use it). */
export async function loadVisiblePlant(ctx: AppContext, actor: Actor, id: string): Promise<PlantInstanceRow> {
  const row = await repository.findInstance(ctx.db, id);
  if (!row || !canSee(actor, row)) throw notFound();
  return row;
}

/** Time and injected events are the instructor's: course staff only (not the trainee who owns the plant). */
function assertCourseStaff(actor: Actor, workspaceId: string): void {
  if (!isCourseStaff(actor, workspaceId))
    throw new AppError('FORBIDDEN', 'Only the course staff control time and inject events');
}

/** 403 unless the actor's role may operate the plant. */
export function assertCanOperatePlant(actor: Actor, row: PlantInstanceRow): void {
  if (!hasPermission(actor, row.workspace_id, 'content.write'))
    throw new AppError('FORBIDDEN', 'Your role may not operate this plant');
}

/** The seed of a plant model run (a plant instance, a data set): a positive 31-bit integer. */
export const plantSeedSchema = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

export const createPlantSchema = z.object({
  name: z.string().trim().min(1).max(100),
  ownerUsername: z.string().max(64).optional(),
  seed: plantSeedSchema.optional(),
});

export async function createPlantInstance(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: z.infer<typeof createPlantSchema>,
) {
  assertPermission(actor, workspaceId, 'workspace.manage');
  let ownerId: string | null = null;
  if (input.ownerUsername) {
    const owner = await authRepository.findUserByUsername(ctx.db, input.ownerUsername.toLowerCase());
    if (!owner || !(await accessRepository.findMembership(ctx.db, workspaceId, owner.id))) {
      throw new AppError('USER_NOT_FOUND', `${input.ownerUsername} is not a member of this course`);
    }
    ownerId = owner.id;
  }
  const { rangeMaxPlantsPerWorkspace, rangeModbusBasePort } = plantConfig.of(ctx.config);
  if ((await repository.countInstancesOf(ctx.db, workspaceId)) >= rangeMaxPlantsPerWorkspace)
    throw new AppError(
      'CONFLICT',
      `A course may run at most ${rangeMaxPlantsPerWorkspace} plants (RENKEI_RANGE_MAX_PLANTS)`,
    );
  const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
  const port = Math.max(rangeModbusBasePort, (await repository.highestModbusPort(ctx.db)) + 1);
  const now = nowIso();
  const row: PlantInstanceRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    name: input.name,
    owner_user_id: ownerId,
    scenario: 'water-treatment',
    seed,
    modbus_port: port,
    tlp: 'GREEN',
    run: 1,
    state: JSON.stringify(createPlant(seed)),
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertInstance(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'plant.create',
      objectType: 'plant_instance',
      objectId: row.id,
      workspaceId,
      after: { ...row, state: undefined },
    });
  });
  await plantRuntime(ctx).load(row);
  return describe(ctx, row);
}

function describe(ctx: AppContext, row: PlantInstanceRow) {
  const instance = plantRuntime(ctx).get(row.id);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    ownerUserId: row.owner_user_id,
    scenario: row.scenario,
    seed: row.seed,
    modbus: modbusEndpoints(ctx, row),
    mqtt: { telemetryTopic: telemetryTopic(row.id), alarmTopic: alarmTopic(row.id) },
    isRunning: instance !== undefined,
    ...(instance ? live(instance) : {}),
  };
}

/** How to reach the instance's Modbus/TCP: the tunnel always, a direct port where the organiser allows it. */
function modbusEndpoints(ctx: AppContext, row: PlantInstanceRow) {
  const settings = plantConfig.of(ctx.config);
  return {
    unitId: 1,
    tunnel: `/api/plants/${row.id}/modbus`,
    connect: `renkei range connect ${row.id}`,
    ...(settings.rangeModbusDirect ? { host: settings.rangeModbusHost, port: row.modbus_port } : {}),
  };
}

function live(instance: PlantInstance) {
  return {
    run: instance.run,
    speed: instance.speed,
    label: instance.label(),
    scenario: instance.scenario.map((event) => ({
      id: event.id,
      kind: event.kind,
      startS: event.startS,
      endS: event.endS,
      state: event.isOver ? 'over' : event.started ? 'active' : 'scheduled',
    })),
    simTimeS: Math.round(instance.state.process.timeS),
    tags: instance.telemetry(),
    setpoints: { ...instance.state.setpoints },
    trips: { ...instance.state.safety.tripped },
    bypassed: { ...instance.state.safety.bypassed },
    alarms: [...instance.alarms.values()],
  };
}

/**
 * May this caller open a Modbus tunnel to the plant? Only with an API token (never a browser
 * session, so no other site can open one with the user's cookie); writes need content.write and
 * a write-scoped token. Throws the same 404 as every read for a plant the caller may not see.
 */
export async function authorizeModbusTunnel(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ row: PlantInstanceRow; mayWrite: boolean }> {
  if (!actor.tokenScopes)
    throw new AppError('AUTH_REQUIRED', 'The Modbus tunnel is opened with an API token (renkei range connect)');
  const row = await loadVisiblePlant(ctx, actor, id);
  if (!plantRuntime(ctx).get(id)) throw new AppError('CONFLICT', 'The plant is not running');
  return {
    row,
    mayWrite: actor.tokenScopes.includes('write') && hasPermission(actor, row.workspace_id, 'content.write'),
  };
}

/** Is this token's actor still allowed the tunnel it opened (token, account, membership, plant)? */
export async function tunnelStillAllowed(ctx: AppContext, token: string, id: string): Promise<boolean> {
  const actor = await authenticateApiToken(ctx, token);
  return actor !== undefined && (await plantVisibleTo(ctx, actor, id));
}

export async function listPlantInstances(ctx: AppContext, actor: Actor, workspaceId: string) {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listInstancesOf(ctx.db, workspaceId);
  return rows.filter((row) => canSee(actor, row)).map((row) => describe(ctx, row));
}

export async function getPlantInstance(ctx: AppContext, actor: Actor, id: string) {
  return describe(ctx, await loadVisiblePlant(ctx, actor, id));
}

export const setpointsSchema = z
  .object({
    tankLevelM: z.number().min(0).max(6),
    chlorineMgL: z.number().min(0).max(4),
    pressureBar: z.number().min(0).max(8),
    intakePumpOn: z.boolean(),
    distributionPumpOn: z.boolean(),
    chlorinePumpOn: z.boolean(),
    chlorineManual: z.boolean(),
    chlorineManualOutputPct: z.number().min(0).max(100),
  })
  .partial();

/** Writes set-points as the actor; `origin` names the channel (the assistant's agent writes with source `agent`). */
export async function writeSetpoints(
  ctx: AppContext,
  actor: Actor,
  id: string,
  changes: Partial<Setpoints>,
  origin: { source: 'api' | 'agent'; channel: string } = { source: 'api', channel: 'api' },
) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  const instance = plantRuntime(ctx).get(id);
  if (!instance) throw new AppError('CONFLICT', 'The plant is not running');
  instance.applySetpoints(changes, { source: origin.source, actorId: actor.userId, channel: origin.channel });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.operate',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { changes, source: origin.source, channel: origin.channel },
  });
  return describe(ctx, row);
}

export const tripSchema = z.enum(TRIPS);

/** Bypassing a trip is an explicit, logged action with a reason. */
export async function setBypass(
  ctx: AppContext,
  actor: Actor,
  id: string,
  trip: Trip,
  isBypassed: boolean,
  reason: string,
) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  const instance = plantRuntime(ctx).get(id);
  if (!instance) throw new AppError('CONFLICT', 'The plant is not running');
  instance.state.safety.bypassed[trip] = isBypassed;
  plantRuntime(ctx).recordEvent(instance, {
    kind: isBypassed ? 'bypass' : 'unbypass',
    source: 'api',
    actorId: actor.userId,
    channel: 'api',
    detail: { trip, reason },
  });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: isBypassed ? 'plant.sis-bypass' : 'plant.sis-unbypass',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { trip, reason },
  });
  return describe(ctx, row);
}

export async function resetPlantTrip(ctx: AppContext, actor: Actor, id: string, trip: Trip) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  const instance = plantRuntime(ctx).get(id);
  if (!instance) throw new AppError('CONFLICT', 'The plant is not running');
  const isReset = resetTrip(instance.state, trip);
  plantRuntime(ctx).recordEvent(instance, {
    kind: isReset ? 'trip-reset' : 'trip-reset-refused',
    source: 'api',
    actorId: actor.userId,
    channel: 'api',
    detail: { trip },
  });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.sis-reset',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { trip, isReset },
  });
  if (!isReset) throw new AppError('CONFLICT', `The ${trip} condition has not cleared yet`);
  return describe(ctx, row);
}

export async function acknowledgePlantAlarm(ctx: AppContext, actor: Actor, id: string, code: string) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  const instance = plantRuntime(ctx).get(id);
  if (!instance?.acknowledge(code)) throw new AppError('NOT_FOUND', 'No such alarm');
  plantRuntime(ctx).recordEvent(instance, {
    kind: 'alarm-ack',
    source: 'api',
    actorId: actor.userId,
    channel: 'api',
    detail: { code },
  });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.alarm-ack',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { code },
  });
  return describe(ctx, row);
}

/**
 * Replaces an instance's state (reset, restore) and starts a new run of the historian, so the
 * new run's samples are kept beside the old run's instead of colliding with them.
 */
async function replaceState(
  ctx: AppContext,
  actor: Actor,
  row: PlantInstanceRow,
  state: string,
  why: Record<string, unknown>,
): Promise<void> {
  const runtime = plantRuntime(ctx);
  await runtime.unload(row.id);
  const updatedAt = nowIso();
  const run = await repository.startRun(ctx.db, row.id, state, updatedAt);
  const instance = await runtime.load({ ...row, state, run, updated_at: updatedAt });
  runtime.recordEvent(instance, {
    kind: 'run-start',
    source: 'api',
    actorId: actor.userId,
    channel: 'api',
    detail: { ...why, previousRun: run - 1 },
  });
}

/** Back to the initial state of its seed. */
export async function resetPlantInstance(ctx: AppContext, actor: Actor, id: string) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  await replaceState(ctx, actor, row, JSON.stringify(createPlant(row.seed)), { reason: 'reset' });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.reset',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
  });
  return describe(ctx, row);
}

export async function snapshotPlantInstance(ctx: AppContext, actor: Actor, id: string, name: string) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  const instance = plantRuntime(ctx).get(id);
  const snapshot = {
    id: randomUUID(),
    instance_id: id,
    name,
    state: JSON.stringify(instance?.state ?? JSON.parse(row.state)),
    created_by: actor.userId,
    created_at: nowIso(),
  };
  await repository.insertSnapshot(ctx.db, snapshot);
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.snapshot',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { snapshotId: snapshot.id, name },
  });
  return { id: snapshot.id, name, createdAt: snapshot.created_at };
}

export async function listSnapshots(ctx: AppContext, actor: Actor, id: string) {
  await loadVisiblePlant(ctx, actor, id);
  const rows = await repository.listSnapshotsOf(ctx.db, id);
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
}

export async function restoreSnapshot(ctx: AppContext, actor: Actor, id: string, snapshotId: string) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCanOperatePlant(actor, row);
  const snapshot = await repository.findSnapshot(ctx.db, id, snapshotId);
  if (!snapshot) throw new AppError('NOT_FOUND', 'Snapshot not found');
  await replaceState(ctx, actor, row, snapshot.state, { reason: 'restore', snapshotId });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.restore',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { snapshotId },
  });
  return describe(ctx, row);
}

export const historyQuerySchema = z.object({
  /** The run (each reset or restore starts one); the current run when absent. */
  run: z.coerce.number().int().min(1).optional(),
  fromS: z.coerce.number().int().min(0).default(0),
  toS: z.coerce.number().int().min(0).optional(),
  /** Downsampling: one row per this many simulated seconds (the first sample of each bucket). */
  everyS: z.coerce.number().int().min(1).max(86_400).default(1),
});

/**
 * The historian as CSV, marked synthetic in its first line and in a column of its own, so the
 * file cannot be mistaken for real plant data once it leaves Renkei.
 */
export async function exportHistoryCsv(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: z.infer<typeof historyQuerySchema>,
): Promise<string> {
  const row = await loadVisiblePlant(ctx, actor, id);
  const run = currentRun(ctx, row, query);
  const rows = await readHistory(ctx.db, id, { ...query, run });
  const lines = [
    `# SYNTHETIC DATA / 合成データ — Renkei Range simulator, plant "${row.name}", seed ${row.seed}, run ${run}; not real plant data`,
    ['run', ...HISTORY_COLUMNS, 'synthetic'].join(','),
  ];
  for (const values of rows)
    lines.push([run, ...values.map((value) => (value === null ? '' : String(value))), 'true'].join(','));
  return `${lines.join('\n')}\n`;
}

/** The same history as an XLSX workbook with a README sheet saying it is synthetic. */
export async function exportHistoryXlsx(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: z.infer<typeof historyQuerySchema>,
): Promise<Buffer> {
  const row = await loadVisiblePlant(ctx, actor, id);
  const run = currentRun(ctx, row, query);
  const rows = await readHistory(ctx.db, id, { ...query, run }, XLSX_MAX_ROWS);
  return syntheticXlsx({
    title: `Renkei Range — ${row.name}`,
    provenance: [
      `generator: Renkei water-treatment plant simulator, seed ${row.seed}, run ${run}`,
      `simulated seconds ${query.fromS}–${query.toS ?? 'now'}, one row per ${query.everyS} s`,
    ],
    columns: ['run', ...HISTORY_COLUMNS, 'synthetic'],
    rows: rows.map((values) => [run, ...values, true]),
  });
}

/** History for the HMI's trends: the columns and rows, downsampled. */
export async function getHistory(ctx: AppContext, actor: Actor, id: string, query: z.infer<typeof historyQuerySchema>) {
  const row = await loadVisiblePlant(ctx, actor, id);
  const run = currentRun(ctx, row, query);
  return { run, columns: [...HISTORY_COLUMNS], rows: await readHistory(ctx.db, id, { ...query, run }, 20_000) };
}

/** The run asked for, or the one running now. */
function currentRun(ctx: AppContext, row: PlantInstanceRow, query: { run?: number | undefined }): number {
  return query.run ?? plantRuntime(ctx).get(row.id)?.run ?? Number(row.run);
}

/** The runs of a plant (each reset or restore starts one) with the simulated time each covers. */
export async function listRuns(ctx: AppContext, actor: Actor, id: string) {
  const row = await loadVisiblePlant(ctx, actor, id);
  return { current: currentRun(ctx, row, {}), runs: await repository.runsOf(ctx.db, id) };
}

export const eventsQuerySchema = z.object({ run: z.coerce.number().int().min(1).optional() });

/** What changed the plant in a run, with source, user and channel, oldest first. */
export async function listEvents(ctx: AppContext, actor: Actor, id: string, query: z.infer<typeof eventsQuerySchema>) {
  const row = await loadVisiblePlant(ctx, actor, id);
  await plantRuntime(ctx).logged();
  const run = currentRun(ctx, row, query);
  const events = await repository.eventsOf(ctx.db, id, run);
  const names = await authRepository.displayNamesOf(
    ctx.db,
    events.flatMap((event) => (event.actor_id ? [event.actor_id] : [])),
  );
  return {
    run,
    events: events.map((event) => ({
      simTimeS: Number(event.sim_time_s),
      at: event.at,
      kind: event.kind,
      source: event.source,
      actorId: event.actor_id,
      actorName: event.actor_id ? (names.get(event.actor_id) ?? null) : null,
      channel: event.channel,
      detail: JSON.parse(event.detail) as Record<string, unknown>,
    })),
  };
}

export const clockSchema = z.object({
  /** Simulated seconds per real second: 0 pauses, up to 60 (an hour a minute). */
  speed: z.number().min(0).max(60),
});

/** Sets the pace of one plant (course staff). */
export async function setPlantClock(ctx: AppContext, actor: Actor, id: string, speed: number) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCourseStaff(actor, row.workspace_id);
  const instance = plantRuntime(ctx).get(id);
  if (!instance) throw new AppError('CONFLICT', 'The plant is not running');
  const before = instance.speed;
  instance.speed = speed;
  plantRuntime(ctx).recordEvent(instance, {
    kind: 'clock',
    source: 'instructor',
    actorId: actor.userId,
    channel: 'api',
    detail: { before, speed },
  });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.clock',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { before, speed },
  });
  return describe(ctx, row);
}

/** Sets the pace of every plant of a course at once (course staff): 25 plants, one click. */
export async function setCourseClock(ctx: AppContext, actor: Actor, workspaceId: string, speed: number) {
  assertCourseStaff(actor, workspaceId);
  const rows = await repository.listInstancesOf(ctx.db, workspaceId);
  for (const row of rows) await setPlantClock(ctx, actor, row.id, speed);
  return { plants: rows.length, speed };
}

export const scenarioEventSchema = scenarioEventOptionsSchema.extend({
  kind: z.enum(SCENARIO_EVENTS),
  /** Simulated seconds from now (0: now). */
  startInS: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(0),
  durationS: z
    .number()
    .int()
    .min(10)
    .max(7 * 86_400),
});

/** Puts a fault or attack on a running plant, now or later (course staff); recorded with its label. */
export async function injectScenarioEvent(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: z.infer<typeof scenarioEventSchema>,
) {
  const row = await loadVisiblePlant(ctx, actor, id);
  assertCourseStaff(actor, row.workspace_id);
  const instance = plantRuntime(ctx).get(id);
  if (!instance) throw new AppError('CONFLICT', 'The plant is not running');
  const event = instance.scheduleScenarioEvent(randomUUID(), input.kind, {
    startInS: input.startInS,
    durationS: input.durationS,
    actorId: actor.userId,
    magnitude: input.magnitude,
    spoofMode: input.spoofMode,
    spoofReaches: input.spoofReaches,
  });
  plantRuntime(ctx).recordEvent(instance, {
    kind: 'scenario-scheduled',
    source: 'instructor',
    actorId: actor.userId,
    channel: 'api',
    detail: { id: event.id, event: event.kind, startS: event.startS, endS: event.endS, ...event.options },
  });
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.inject',
    objectType: 'plant_instance',
    objectId: id,
    workspaceId: row.workspace_id,
    detail: { id: event.id, kind: event.kind, startS: event.startS, endS: event.endS, ...event.options },
  });
  // The plant as it now is: its `scenario` lists the new event (the HMI shows it at once).
  return describe(ctx, row);
}

/** The plant's recent Modbus/TCP traffic as a pcap file (owner or course staff). */
export async function modbusCapture(ctx: AppContext, actor: Actor, id: string): Promise<Buffer> {
  await loadVisiblePlant(ctx, actor, id);
  const instance = plantRuntime(ctx).get(id);
  if (!instance) throw new AppError('CONFLICT', 'The plant is not running');
  return Buffer.from(instance.modbusCapture());
}

/** Process KPIs of a run (minutes out of specification, unmet demand, trips, energy), from its history. */
export async function getKpis(ctx: AppContext, actor: Actor, id: string, query: { run?: number | undefined }) {
  const row = await loadVisiblePlant(ctx, actor, id);
  const run = currentRun(ctx, row, query);
  const rows = await readHistory(ctx.db, id, { run, fromS: 0, everyS: 1 }, 500_000);
  return { run, specification: SPECIFICATION, ...processKpis(rows) };
}
