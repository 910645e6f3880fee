/**
 * Labelled synthetic data sets from the plant model, generated faster than real time: normal
 * operation with faults (predictive maintenance, sensor faults) and attacks (set-point
 * tampering, sensor spoofing, a bypassed safety trip) injected in scheduled windows. Every row
 * carries the event label, an anomaly flag and `synthetic=true`. Pure: no I/O.
 * @module
 */
import { DATASET_EVENTS, type DatasetEventKind } from '@renkei/contracts';
import {
  createPlant,
  INPUT_REGISTERS,
  resetTrip,
  startScenarioEvent,
  stepPlant,
  TRIPS,
  type Measurements,
  type PlantState,
  type StartedScenarioEvent,
} from '../plant/index.js';

export { ATTACK_EVENTS } from '../plant/index.js';

export interface DatasetEvent {
  kind: DatasetEventKind;
  startS: number;
  durationS: number;
}

export interface DatasetSpec {
  seed: number;
  durationS: number;
  /** One row per this many simulated seconds (the plant itself steps every second). */
  everyS: number;
  events: DatasetEvent[];
}

export const DATASET_COLUMNS = [
  'sim_time_s',
  ...INPUT_REGISTERS.map((register) => register.name),
  ...TRIPS.map((trip) => `trip_${trip}`),
  'label',
  'anomaly',
  'synthetic',
] as const;

export type DatasetRow = (string | number | boolean)[];

interface ActiveEvent {
  event: DatasetEvent;
  started: StartedScenarioEvent;
}

/** How often the simulated operator makes a round (simulated seconds). */
const OPERATOR_ROUND_S = 60;
/** The longest an event's after-effects are labelled as such once the event has ended. */
const AFTER_EFFECT_MAX_S = 3600;

/** Is the plant back to normal operation (no trip, values in their normal bands)? */
function isSettled(plant: PlantState, measured: Measurements): boolean {
  return (
    !TRIPS.some((trip) => plant.safety.tripped[trip]) &&
    measured.chlorineMgL >= 0.3 &&
    measured.chlorineMgL <= 0.8 &&
    measured.tankLevelM >= 2 &&
    measured.tankLevelM <= 4 &&
    measured.pressureBar >= 3
  );
}

/**
 * Yields the rows of a data set, oldest first. A simulated operator keeps the plant alive over
 * days, by documented rules: every minute they reset each trip whose reset condition holds (the
 * SIS decides), and when an event ends its set-point changes are undone (the event's own
 * restore). Rows from an event's end until the plant has settled (at most an hour) are labelled
 * `after:<event>` — the consequence, kept apart from the event window. `onProgress` is called about every 1 % so a job
 * can report progress; generation is deterministic for a spec.
 */
export function* generateDataset(spec: DatasetSpec, onProgress?: (fraction: number) => void): Generator<DatasetRow> {
  const plant = createPlant(spec.seed);
  // Let the loops settle before the first recorded row.
  let measured = stepPlant(plant, 600);
  plant.process.timeS = 0;
  const pending = [...spec.events].sort((a, b) => a.startS - b.startS);
  const active: ActiveEvent[] = [];
  let afterEffect: { kind: string; until: number } | undefined;
  const progressEvery = Math.max(1, Math.floor(spec.durationS / 100));
  for (let t = 0; t <= spec.durationS; t += 1) {
    while (pending[0] && pending[0].startS <= t) {
      const event = pending.shift()!;
      active.push({ event, started: startScenarioEvent(plant, event.kind, measured) });
    }
    for (let i = active.length - 1; i >= 0; i -= 1) {
      const current = active[i]!;
      if (t >= current.event.startS + current.event.durationS) {
        current.started.restore();
        active.splice(i, 1);
        afterEffect = { kind: current.event.kind, until: t + AFTER_EFFECT_MAX_S };
      }
    }
    // The operator's round: reset what the SIS lets reset.
    if (t % OPERATOR_ROUND_S === 0)
      for (const trip of TRIPS) if (plant.safety.tripped[trip]) resetTrip(plant, trip, measured);
    measured = stepPlant(plant, 1);
    if (afterEffect && (t >= afterEffect.until || (active.length === 0 && isSettled(plant, measured))))
      afterEffect = undefined;
    const frozen = active.find((a) => a.started.frozen)?.started.frozen;
    const reported: Measurements = frozen ? { ...measured, ...frozen } : measured;
    if (t % spec.everyS === 0) {
      const label = active.map((a) => a.event.kind).join('+') || (afterEffect ? `after:${afterEffect.kind}` : 'normal');
      yield [
        t,
        ...INPUT_REGISTERS.map(
          (register) => Math.round(register.read(reported, plant) * register.scale) / register.scale,
        ),
        ...TRIPS.map((trip) => plant.safety.tripped[trip]),
        label,
        label === 'normal' ? 0 : 1,
        true,
      ];
    }
    if (onProgress && t % progressEvery === 0) onProgress(t / spec.durationS);
  }
}

/** A sensible default schedule: normal first, then each fault and attack once, spread over the run. */
export function defaultEvents(durationS: number): DatasetEvent[] {
  const slot = durationS / (DATASET_EVENTS.length + 1);
  return DATASET_EVENTS.map((kind, index) => ({
    kind,
    startS: Math.round(slot * (index + 1)),
    durationS: Math.round(Math.min(slot * 0.6, 6 * 3600)),
  }));
}
