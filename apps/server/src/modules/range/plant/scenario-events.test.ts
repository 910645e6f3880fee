import { describe, expect, it } from 'vitest';
import { REPLAY_RECORDING_S, startScenarioEvent } from './scenario-events.js';
import { SAFETY_LIMITS, createPlant, stepPlant, type Measurements, type PlantState } from './water-plant.js';

function run(plant: PlantState, seconds: number): Measurements[] {
  const readings: Measurements[] = [];
  for (let t = 0; t < seconds; t += 1) readings.push(stepPlant(plant, 1));
  return readings;
}

function settled(seed: number): PlantState {
  const plant = createPlant(seed);
  run(plant, 1800);
  return plant;
}

describe('faults and attacks on the plant', () => {
  it('makes treated water worse, never better, in a turbidity spike (the dosing pump cannot keep up)', () => {
    const plant = settled(3);
    const before = run(plant, 600).map((m) => m.treatedTurbidityNtu);
    startScenarioEvent(plant, 'turbidity_spike');
    const during = run(plant, 1800).map((m) => m.treatedTurbidityNtu);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(during.slice(-600))).toBeGreaterThan(2 * mean(before));
    // Above Japan's 2 NTU drinking-water standard at full magnitude; weaker storms do less harm.
    expect(mean(during.slice(-600))).toBeGreaterThan(2);
    const weak = settled(3);
    startScenarioEvent(weak, 'turbidity_spike', { magnitude: 0.5 });
    expect(
      mean(
        run(weak, 1800)
          .slice(-600)
          .map((m) => m.treatedTurbidityNtu),
      ),
    ).toBeLessThan(mean(during.slice(-600)));
  });

  it('replays ten minutes of recorded normal readings: a moving signal, looped, that the PLC acts on', () => {
    const plant = settled(4);
    startScenarioEvent(plant, 'sensor_spoofing', { spoofMode: 'replay', spoofReaches: 'plc' });
    const recording = plant.spoof!.recording;
    expect(recording).toHaveLength(REPLAY_RECORDING_S);
    const reported = run(plant, 2 * REPLAY_RECORDING_S).map((m) => m.tankLevelM);
    expect(new Set(reported.map((level) => level.toFixed(3))).size).toBeGreaterThan(10); // not a flat line
    for (let i = 0; i < REPLAY_RECORDING_S; i += 1) expect(reported[i + REPLAY_RECORDING_S]).toBe(reported[i]);
    // The truth leaves what the replay shows: the level loop no longer sees the tank.
    const shown = reported.reduce((sum, level) => sum + level, 0) / reported.length;
    run(plant, 4 * 3600);
    expect(Math.abs(plant.process.tankLevelM - shown)).toBeGreaterThan(0.3);
  });

  it('drifting spoofing that reaches the PLC overfills the tank until the independent SIS trips', () => {
    const plant = settled(5);
    startScenarioEvent(plant, 'sensor_spoofing', { spoofMode: 'drift', spoofReaches: 'plc', magnitude: 1 });
    let maxShown = 0;
    for (let t = 0; t < 8 * 3600 && !plant.safety.tripped.high_level; t += 1)
      maxShown = Math.max(maxShown, stepPlant(plant, 1).tankLevelM);
    expect(plant.safety.tripped.high_level).toBe(true); // the SIS has its own transmitter
    expect(plant.process.tankLevelM).toBeGreaterThanOrEqual(SAFETY_LIMITS.highLevelM - 0.05);
    expect(maxShown).toBeLessThan(3.6); // while SCADA showed a normal level
  });

  it('spoofing on the network to SCADA only fools the screens: the plant itself is untouched', () => {
    const plant = settled(5);
    startScenarioEvent(plant, 'sensor_spoofing', { spoofMode: 'drift', spoofReaches: 'scada' });
    const readings = run(plant, 4 * 3600);
    expect(readings.at(-1)!.tankLevelM).toBeLessThan(plant.process.tankLevelM - 1.5);
    expect(Math.abs(plant.process.tankLevelM - plant.setpoints.tankLevelM)).toBeLessThan(0.5);
    expect(plant.safety.tripped.high_level).toBe(false);
  });

  it('undoes every event on restore, the pump overhauled and the analyser recalibrated', () => {
    const plant = settled(6);
    const wear = plant.process.intakePumpWear;
    const pump = startScenarioEvent(plant, 'pump_degradation');
    const analyser = startScenarioEvent(plant, 'chlorine_sensor_drift', { magnitude: 1.5 });
    const spoof = startScenarioEvent(plant, 'sensor_spoofing');
    run(plant, 3600);
    expect(plant.process.intakePumpWear).toBeGreaterThan(wear + 0.25);
    expect(plant.chlorineSensorOffsetMgL).toBeGreaterThan(0.8);
    pump.restore();
    analyser.restore();
    spoof.restore();
    expect(plant.process.intakePumpWear).toBe(wear);
    expect(plant.chlorineSensorOffsetMgL).toBe(0);
    expect(plant.spoof).toBeUndefined();
  });
});
