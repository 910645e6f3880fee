import { describe, expect, it } from 'vitest';
import {
  PLANT,
  SAFETY_LIMITS,
  createPlant,
  resetTrip,
  stepPlant,
  type Measurements,
  type PlantState,
} from './water-plant.js';

function run(plant: PlantState, seconds: number, dtS = 1): Measurements {
  let measured: Measurements | undefined;
  for (let t = 0; t < seconds; t += dtS) measured = stepPlant(plant, dtS);
  return measured!;
}

describe('water-treatment plant model', () => {
  it('holds its set-points in normal operation over a day', () => {
    const plant = createPlant(1);
    for (let hour = 0; hour < 24; hour++) {
      const m = run(plant, 3600);
      expect(m.tankLevelM).toBeGreaterThan(2.3);
      expect(m.tankLevelM).toBeLessThan(3.7);
      expect(m.chlorineMgL).toBeGreaterThan(0.3);
      expect(m.chlorineMgL).toBeLessThan(0.8);
      expect(m.pressureBar).toBeGreaterThan(3.4);
    }
    expect(Object.values(plant.safety.tripped).some(Boolean)).toBe(false);
  });

  it('conserves mass in the clear-water tank', () => {
    const plant = createPlant(2);
    const before = plant.process.tankLevelM;
    let netInM3 = 0;
    for (let i = 0; i < 600; i++) {
      stepPlant(plant, 1);
      netInM3 += ((plant.process.intakeFlowM3h - plant.process.distributionFlowM3h) * 1) / 3600;
    }
    expect((plant.process.tankLevelM - before) * PLANT.tankAreaM2).toBeCloseTo(netInM3, 6);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = createPlant(42);
    const b = createPlant(42);
    const c = createPlant(43);
    expect(run(a, 500)).toEqual(run(b, 500));
    expect(run(c, 500)).not.toEqual(run(createPlant(42), 500));
  });

  it('trips the intake on high level and keeps it tripped until reset', () => {
    const plant = createPlant(3);
    plant.setpoints.tankLevelM = 5.95; // an operator (or an AI agent) asks for an unsafe level
    plant.setpoints.distributionPumpOn = false;
    let maxLevel = 0;
    for (let i = 0; i < 4 * 3600 && !plant.safety.tripped.high_level; i++)
      maxLevel = Math.max(maxLevel, stepPlant(plant, 1).tankLevelM);
    expect(plant.safety.tripped.high_level).toBe(true);
    expect(maxLevel).toBeGreaterThanOrEqual(SAFETY_LIMITS.highLevelM - 0.05);
    const afterTrip = run(plant, 120);
    expect(plant.process.intakePumpPct).toBe(0);
    expect(afterTrip.tankLevelM).toBeLessThan(PLANT.tankHeightM);
    expect(resetTrip(plant, 'high_level')).toBe(false); // condition not cleared
  });

  it('starts up from every stopped state without a trip (start-up inhibit of the low-pressure trip)', () => {
    const stops: { name: string; stop: Partial<PlantState['setpoints']> }[] = [
      { name: 'distribution pumps', stop: { distributionPumpOn: false } },
      { name: 'intake pump', stop: { intakePumpOn: false } },
      { name: 'chlorine dosing', stop: { chlorinePumpOn: false } },
      { name: 'everything', stop: { distributionPumpOn: false, intakePumpOn: false, chlorinePumpOn: false } },
    ];
    for (const { name, stop } of stops) {
      const plant = createPlant(8);
      run(plant, 600);
      Object.assign(plant.setpoints, stop);
      run(plant, 900); // stopped for 15 minutes: pressure gone, pumps at 0 %
      Object.assign(plant.setpoints, { distributionPumpOn: true, intakePumpOn: true, chlorinePumpOn: true });
      const restarted = run(plant, 1800);
      expect({ name, tripped: plant.safety.tripped }).toEqual({
        name,
        tripped: { high_level: false, chlorine_overdose: false, low_level: false, low_pressure: false },
      });
      expect(restarted.pressureBar).toBeGreaterThan(3);
    }
  });

  it('resets every trip once its reset condition holds, and restarts without tripping again', () => {
    // Low pressure: a burst main (simulated by a low set-point the pumps cannot hold) trips it.
    const plant = createPlant(9);
    run(plant, 300);
    plant.setpoints.pressureBar = 0.5;
    for (let i = 0; i < 3600 && !plant.safety.tripped.low_pressure; i++) stepPlant(plant, 1);
    expect(plant.safety.tripped.low_pressure).toBe(true);
    plant.setpoints.pressureBar = 4;
    run(plant, 30); // the trip stops the pumps; they run down
    expect(plant.process.distributionPumpPct).toBeLessThan(5);
    expect(resetTrip(plant, 'low_pressure')).toBe(true);
    expect(run(plant, 1200).pressureBar).toBeGreaterThan(3);
    expect(plant.safety.tripped.low_pressure).toBe(false);

    // High level and chlorine overdose: reset once the stopped pump lets the value recover.
    const high = createPlant(10);
    high.setpoints.tankLevelM = 5.95;
    for (let i = 0; i < 6 * 3600 && !high.safety.tripped.high_level; i++) stepPlant(high, 1);
    high.setpoints.tankLevelM = 3;
    run(high, 60);
    for (let i = 0; i < 3 * 3600 && !resetTrip(high, 'high_level'); i += 60) run(high, 60);
    expect(high.safety.tripped.high_level).toBe(false);

    const chlorine = createPlant(11);
    chlorine.setpoints.chlorineManual = true;
    chlorine.setpoints.chlorineManualOutputPct = 100;
    for (let i = 0; i < 6 * 3600 && !chlorine.safety.tripped.chlorine_overdose; i++) stepPlant(chlorine, 1);
    chlorine.setpoints.chlorineManual = false;
    run(chlorine, 60);
    for (let i = 0; i < 6 * 3600 && !resetTrip(chlorine, 'chlorine_overdose'); i += 60) run(chlorine, 60);
    expect(chlorine.safety.tripped.chlorine_overdose).toBe(false);
  });

  it('trips chlorine dosing on overdose', () => {
    const plant = createPlant(4);
    plant.setpoints.chlorineManual = true;
    plant.setpoints.chlorineManualOutputPct = 100;
    for (let i = 0; i < 6 * 3600 && !plant.safety.tripped.chlorine_overdose; i++) stepPlant(plant, 1);
    expect(plant.safety.tripped.chlorine_overdose).toBe(true);
    run(plant, 20);
    expect(plant.process.chlorinePumpPct).toBe(0);
  });

  it('does not trip when the trip is explicitly bypassed', () => {
    const plant = createPlant(4);
    plant.safety.bypassed.chlorine_overdose = true;
    plant.setpoints.chlorineManual = true;
    plant.setpoints.chlorineManualOutputPct = 100;
    run(plant, 3 * 3600);
    expect(plant.process.chlorineMgL).toBeGreaterThan(SAFETY_LIMITS.chlorineOverdoseMgL);
    expect(plant.safety.tripped.chlorine_overdose).toBe(false);
  });

  it('shows a degrading pump in its vibration trend', () => {
    const healthy = createPlant(5);
    const degrading = createPlant(5);
    degrading.faults.intakePumpWearPerHour = 0.02;
    const healthyVibration: number[] = [];
    const degradingVibration: number[] = [];
    for (let hour = 0; hour < 24; hour++) {
      healthyVibration.push(run(healthy, 3600, 5).vibrationMmS);
      degradingVibration.push(run(degrading, 3600, 5).vibrationMmS);
    }
    expect(degradingVibration[23]! - degradingVibration[0]!).toBeGreaterThan(2);
    expect(Math.abs(healthyVibration[23]! - healthyVibration[0]!)).toBeLessThan(0.5);
    expect(degrading.process.motorTempC).toBeGreaterThan(healthy.process.motorTempC);
  });
});
