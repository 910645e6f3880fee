/**
 * Labelled synthetic data sets from the plant model, generated faster than real time: normal
 * operation with faults (predictive maintenance, sensor faults) and attacks (set-point
 * tampering, sensor spoofing, a bypassed safety trip) injected in scheduled windows. Every row
 * carries the event label, an anomaly flag and `synthetic=true`. Pure: no I/O.
 * @module
 */
import { DATASET_EVENTS, type DatasetEventKind, type ScenarioEventOptions } from '@renkei/contracts';
import {
  createPlant,
  Random,
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

export interface DatasetEvent extends ScenarioEventOptions {
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
const AFTER_EFFECT_MAX_S = 3 * 3600;

/** How long the plant must stay settled before the after-effect of an event is over. */
const SETTLED_FOR_S = 600;

/**
 * Is the plant back in normal operation: no trip, no falsified transmitter, values near their
 * set-points and in their normal bands (the first row after an event can still carry its values),
 * and no running pump held at zero by a controller still unwinding.
 */
function isSettled(plant: PlantState, measured: Measurements): boolean {
  const { setpoints, process } = plant;
  return (
    (!setpoints.intakePumpOn || process.intakePumpPct > 5) &&
    (!setpoints.chlorinePumpOn || setpoints.chlorineManual || process.chlorinePumpPct > 2) &&
    (!setpoints.distributionPumpOn || process.distributionPumpPct > 5) &&
    !TRIPS.some((trip) => plant.safety.tripped[trip]) &&
    plant.spoof === undefined &&
    Math.abs(measured.chlorineMgL - setpoints.chlorineMgL) <= 0.1 &&
    Math.abs(measured.tankLevelM - setpoints.tankLevelM) <= 0.4 &&
    measured.pressureBar >= setpoints.pressureBar - 0.5 &&
    measured.rawTurbidityNtu <= 15 &&
    measured.treatedTurbidityNtu <= 1
  );
}

/**
 * Yields the rows of a data set, oldest first. A simulated operator keeps the plant alive over
 * days, by documented rules: every minute they reset each trip whose reset condition holds (the
 * SIS decides), and when an event ends its set-point changes are undone (the event's own
 * restore). Rows from an event's end until the plant has stayed settled for ten minutes (at
 * most three hours) are labelled
 * `after:<event>` — the consequence, kept apart from the event window. `onProgress` is called about every 1 % so a job
 * can report progress; generation is deterministic for a spec.
 */
export function* generateDataset(spec: DatasetSpec, onProgress?: (fraction: number) => void): Generator<DatasetRow> {
  const plant = createPlant(spec.seed);
  // Let the loops settle before the first recorded row.
  stepPlant(plant, 600);
  plant.process.timeS = 0;
  const pending = [...spec.events].sort((a, b) => a.startS - b.startS);
  const active: ActiveEvent[] = [];
  let afterEffect: { kind: string; until: number; settledSince: number | undefined } | undefined;
  const progressEvery = Math.max(1, Math.floor(spec.durationS / 100));
  for (let t = 0; t <= spec.durationS; t += 1) {
    while (pending[0] && pending[0].startS <= t) {
      const event = pending.shift()!;
      active.push({ event, started: startScenarioEvent(plant, event.kind, event) });
    }
    for (let i = active.length - 1; i >= 0; i -= 1) {
      const current = active[i]!;
      if (t >= current.event.startS + current.event.durationS) {
        current.started.restore();
        active.splice(i, 1);
        afterEffect = { kind: current.event.kind, until: t + AFTER_EFFECT_MAX_S, settledSince: undefined };
      }
    }
    // The operator's round: reset what the SIS lets reset.
    if (t % OPERATOR_ROUND_S === 0) for (const trip of TRIPS) if (plant.safety.tripped[trip]) resetTrip(plant, trip);
    // As SCADA records it: a spoofed transmitter is in the row, the truth is not.
    const reported = stepPlant(plant, 1);
    if (afterEffect) {
      afterEffect.settledSince =
        active.length === 0 && isSettled(plant, reported) ? (afterEffect.settledSince ?? t) : undefined;
      if (
        t >= afterEffect.until ||
        (afterEffect.settledSince !== undefined && t - afterEffect.settledSince >= SETTLED_FOR_S)
      )
        afterEffect = undefined;
    }
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

/**
 * The schedule a seed stands for: the first stretch normal, then every fault and attack once per
 * simulated day (at least one round), in an order, at times, for durations and with magnitudes
 * drawn from the seed — so two seeds are two different days of the same plant, and a detector
 * trained on one is tested on another. Spoofing varies in how it is done (replay or drift, at
 * the transmitter or on the network).
 */
export function defaultEvents(durationS: number, seed = 1): DatasetEvent[] {
  const random = new Random(seed ^ 0x5eed);
  const rounds = Math.max(1, Math.floor(durationS / (2 * 86_400)));
  const order: DatasetEventKind[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const kinds = [...DATASET_EVENTS];
    // Fisher–Yates with the seed's own stream.
    for (let i = kinds.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random.next() * (i + 1));
      [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
    }
    order.push(...kinds);
  }
  const slot = durationS / (order.length + 1);
  return order.map((kind, index) => {
    const length = Math.round(Math.min(slot * (0.35 + 0.3 * random.next()), (2 + random.next()) * 3600));
    const start = Math.round(slot * (index + 1) + random.next() * (slot - length) * 0.5);
    const event: DatasetEvent = { kind, startS: start, durationS: Math.max(60, length) };
    event.magnitude = Math.round((0.75 + 0.5 * random.next()) * 100) / 100;
    if (kind === 'sensor_spoofing') {
      event.spoofMode = random.next() < 0.5 ? 'replay' : 'drift';
      event.spoofReaches = random.next() < 0.75 ? 'plc' : 'scada';
    }
    return event;
  });
}
