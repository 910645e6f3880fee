/**
 * Anomaly detection and predictive maintenance on a plant: train a detector from a window of the
 * plant's history (plus rows someone contributes — the poisoning surface — screened when the
 * validation defence is on), score every historian sample live, raise and clear alerts as plant
 * events (source `detector`), and estimate the intake pump's remaining time to its limits.
 * @module
 */
import * as repository from './detection.repository.js';
import { randomUUID } from 'node:crypto';
import type { DetectionDto, DetectorDto, PumpHealthDto, TrainDetectorInput } from '@renkei/contracts';
import { AppError, nowIso, recordAudit, type Actor, type AppContext } from '../../../platform/index.js';
import type { BaselineModel } from '../dataset/index.js';
import {
  assertCanOperatePlant,
  getHistory,
  INPUT_REGISTERS,
  loadVisiblePlant,
  plantRuntime,
  type PlantInstance,
} from '../plant/index.js';
import type { PlantDetectorRow } from './detection.table.js';
import { measureEvasion, type EvasionMeasurement } from './evasion.js';
import { DetectorWatch } from './hardening.js';
import { pumpHealth } from './maintenance.js';
import { trainDetector } from './training.js';

/** The detector watches the plant's measurements (what SCADA reports), as the data sets carry them. */
export const DETECTOR_TAGS = INPUT_REGISTERS.map((register) => register.name);
const MIN_TRAINING_ROWS = 100;
const RECENT_S = 600;

interface LiveState {
  detectorId: string;
  threshold: number;
  watch: DetectorWatch;
  recent: [number, number][];
}

const live = new WeakMap<AppContext, { states: Map<string, LiveState>; stop: () => void }>();

function toDto(row: PlantDetectorRow): DetectorDto {
  const model = JSON.parse(row.model) as BaselineModel;
  return {
    id: row.id,
    instanceId: row.instance_id,
    tags: model.columns,
    components: model.components.length,
    threshold: row.threshold,
    trainingRows: row.training_rows,
    rejectedRows: row.rejected_rows,
    training: {
      hardened: false,
      ...(JSON.parse(row.training) as Partial<DetectorDto['training']>),
    } as DetectorDto['training'],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Trains and activates a detector for the plant (its owner or course staff who may operate it). */
export async function trainPlantDetector(
  ctx: AppContext,
  actor: Actor,
  instanceId: string,
  input: TrainDetectorInput,
): Promise<DetectorDto> {
  const plant = await loadVisiblePlant(ctx, actor, instanceId);
  assertCanOperatePlant(actor, plant);
  const history = await getHistory(ctx, actor, instanceId, {
    run: input.run,
    fromS: input.fromS,
    toS: input.toS,
    everyS: 1,
  });
  const tagIndex = DETECTOR_TAGS.map((tag) => history.columns.indexOf(tag));
  const tripIndex = history.columns.flatMap((column, index) => (column.startsWith('trip_') ? [index] : []));
  const historyRows = history.rows.flatMap((row) => {
    const values = tagIndex.map((index) => row[index]);
    return values.every((value): value is number => typeof value === 'number')
      ? [{ values, tripped: tripIndex.some((index) => row[index] === true) }]
      : [];
  });
  let contributed: number[][] = [];
  if (input.contributed) {
    const columns = input.contributed.columns;
    const indexes = DETECTOR_TAGS.map((tag) => columns.indexOf(tag));
    if (indexes.some((index) => index < 0))
      throw new AppError(
        'DETECTION_MISSING_TAGS',
        'The contributed data lacks some tags',
        DETECTOR_TAGS.filter((_, i) => indexes[i]! < 0).map((tag) => ({ path: `contributed.columns`, message: tag })),
      );
    contributed = input.contributed.rows.map((row) => indexes.map((index) => row[index] ?? Number.NaN));
    contributed = contributed.filter((row) => row.every(Number.isFinite));
  }
  if (historyRows.length + contributed.length < MIN_TRAINING_ROWS)
    throw new AppError('DETECTION_TOO_FEW_ROWS', 'Too few rows to train on');
  const trained = trainDetector({ tags: DETECTOR_TAGS, history: historyRows, contributed }, input.validate);
  if (trained.trainingRows < MIN_TRAINING_ROWS)
    throw new AppError('DETECTION_TOO_FEW_ROWS', 'Too few rows left after validation');
  const row: PlantDetectorRow = {
    id: randomUUID(),
    instance_id: instanceId,
    workspace_id: plant.workspace_id,
    training: JSON.stringify({
      run: history.run,
      fromS: input.fromS,
      toS: input.toS ?? null,
      contributedRows: contributed.length,
      validate: input.validate,
      hardened: input.hardened,
    }),
    model: JSON.stringify(trained.model),
    threshold: trained.threshold,
    training_rows: trained.trainingRows,
    rejected_rows: trained.rejectedRows,
    created_by: actor.userId,
    created_at: nowIso(),
  };
  await repository.insertDetector(ctx.db, row);
  activate(ctx, row);
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'plant.detector-train',
    objectType: 'plant_instance',
    objectId: instanceId,
    workspaceId: plant.workspace_id,
    detail: {
      detector: row.id,
      trainingRows: row.training_rows,
      rejectedRows: row.rejected_rows,
      validate: input.validate,
    },
  });
  return toDto(row);
}

function liveOf(ctx: AppContext) {
  let entry = live.get(ctx);
  if (!entry) {
    const states = new Map<string, LiveState>();
    const stop = plantRuntime(ctx).onSample((instance, sample) => {
      const state = states.get(instance.id);
      if (state) observe(ctx, instance, state, sample);
    });
    entry = { states, stop };
    live.set(ctx, entry);
  }
  return entry;
}

function activate(ctx: AppContext, row: PlantDetectorRow): LiveState {
  const state: LiveState = {
    detectorId: row.id,
    threshold: row.threshold,
    watch: new DetectorWatch(JSON.parse(row.model) as BaselineModel, row.threshold, {
      hardened: (JSON.parse(row.training) as { hardened?: boolean }).hardened === true,
    }),
    recent: [],
  };
  liveOf(ctx).states.set(row.instance_id, state);
  return state;
}

/** Scores one historian sample; raises or clears the plant's detector alerts. */
function observe(
  ctx: AppContext,
  instance: PlantInstance,
  state: LiveState,
  sample: Record<string, number | boolean | string>,
): void {
  const values = DETECTOR_TAGS.map((tag) => sample[tag]);
  if (!values.every((value): value is number => typeof value === 'number')) return;
  const second = Number(sample['t']);
  const step = state.watch.observe(second, values);
  state.recent.push([second, Math.round(step.smoothed * 1000) / 1000]);
  while (state.recent.length > 0 && state.recent[0]![0] <= second - RECENT_S) state.recent.shift();
  const record = (kind: 'raise' | 'clear', detail: Record<string, unknown>) =>
    plantRuntime(ctx).recordEvent(instance, {
      kind: kind === 'raise' ? 'detector-alert' : 'detector-clear',
      source: 'detector',
      channel: 'detector',
      detail: { detector: state.detectorId, ...detail },
    });
  if (step.statistical) record(step.statistical, { score: step.smoothed, threshold: state.threshold });
  if (step.replay)
    record(step.replay, {
      check: 'replay',
      ...(step.replayedTag >= 0 ? { tag: DETECTOR_TAGS[step.replayedTag] } : {}),
    });
}

/** The plant's detector, its live score and recent scores (anyone who may see the plant). */
export async function getDetection(ctx: AppContext, actor: Actor, instanceId: string): Promise<DetectionDto> {
  await loadVisiblePlant(ctx, actor, instanceId);
  const row = await repository.latestDetector(ctx.db, instanceId);
  if (!row) return { detector: null, score: null, alerting: false, recent: [] };
  const entry = liveOf(ctx);
  const state =
    entry.states.get(instanceId)?.detectorId === row.id ? entry.states.get(instanceId)! : activate(ctx, row);
  return {
    detector: toDto(row),
    score: state.watch.smoothed ?? null,
    alerting: state.watch.alerting,
    recent: state.recent,
  };
}

/** The intake pump's health from the last two simulated hours of history. */
export async function getPumpHealth(ctx: AppContext, actor: Actor, instanceId: string): Promise<PumpHealthDto | null> {
  const instance = plantRuntime(ctx).get(instanceId);
  const now = Math.floor(instance?.state.process.timeS ?? 0);
  const history = await getHistory(ctx, actor, instanceId, { fromS: Math.max(0, now - 7200), everyS: 10 });
  const column = (name: string) => history.columns.indexOf(name);
  const [t, vibration, temperature, current] = [
    column('sim_time_s'),
    column('intake_pump_vibration'),
    column('intake_pump_temperature'),
    column('intake_pump_current'),
  ];
  const samples = history.rows.flatMap((row) =>
    [row[t], row[vibration], row[temperature], row[current]].every((value) => typeof value === 'number')
      ? [
          {
            t: row[t] as number,
            vibrationMmS: row[vibration] as number,
            motorTemperatureC: row[temperature] as number,
            currentA: row[current] as number,
          },
        ]
      : [],
  );
  return pumpHealth(samples) ?? null;
}

/** Loads every plant's active detector so scoring resumes after a restart (the runtime must run). */
export async function startDetection(ctx: AppContext): Promise<{ stop: () => Promise<void> }> {
  const entry = liveOf(ctx);
  for (const instance of plantRuntime(ctx).instances()) {
    const row = await repository.latestDetector(ctx.db, instance.id);
    if (row) activate(ctx, row);
  }
  return {
    stop: async () => {
      entry.stop();
      live.delete(ctx);
    },
  };
}

/**
 * Evasion of the detector measured on copies of the plant (its seed; nothing real changes): each
 * attack's success with the statistical detector alone and with hardened detection, and the false
 * alerts of both (the plant's owner or course staff who may operate it).
 */
export async function measurePlantEvasion(
  ctx: AppContext,
  actor: Actor,
  instanceId: string,
  input: { repeats: number },
): Promise<EvasionMeasurement> {
  const plant = await loadVisiblePlant(ctx, actor, instanceId);
  assertCanOperatePlant(actor, plant);
  return measureEvasion({ repeats: input.repeats, plantSeed: plant.seed });
}
