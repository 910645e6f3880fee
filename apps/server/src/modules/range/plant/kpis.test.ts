import { describe, expect, it } from 'vitest';
import { HISTORY_COLUMNS } from './historian.js';
import { processKpis } from './kpis.js';
import { demandAt } from './water-plant.js';

/** A history row from a few tags (the rest null), as the historian returns them. */
function row(time: number, tags: Record<string, number | boolean>): (number | boolean | null)[] {
  return HISTORY_COLUMNS.map((column) => (column === 'sim_time_s' ? time : (tags[column] ?? null)));
}

describe('process KPIs from a run history', () => {
  it('counts minutes out of specification, unmet demand, trips once per latching, and energy', () => {
    const rows = Array.from({ length: 600 }, (_, t) =>
      row(t, {
        chlorine_residual: t < 120 ? 0.5 : 1.9, // 8 minutes overdosed
        pressure: t >= 300 && t < 360 ? 0.5 : 4, // 1 minute without pressure
        tank_level: 3,
        // Nothing delivered during the pressure loss: that minute's demand is unmet.
        distribution_flow: t >= 300 && t < 360 ? 0 : demandAt(t),
        intake_pump_output: 100,
        trip_chlorine_overdose: t >= 150 && t < 200 ? true : t >= 400,
      }),
    );
    const kpis = processKpis(rows);
    expect(kpis.simulatedMinutes).toBe(10);
    expect(kpis.chlorineOutOfSpecMinutes).toBe(8);
    expect(kpis.pressureOutOfSpecMinutes).toBe(1);
    expect(kpis.levelOutOfSpecMinutes).toBe(0);
    const expectedUnmet = Array.from({ length: 60 }, (_, i) => demandAt(300 + i) / 3600).reduce((a, b) => a + b, 0);
    expect(kpis.unmetDemandM3).toBeCloseTo(expectedUnmet, 0);
    expect(kpis.trips).toEqual({ high_level: 0, chlorine_overdose: 2, low_level: 0, low_pressure: 0 });
    expect(kpis.energyKWh).toBeCloseTo((75 * 600) / 3600, 1); // the intake pump at full output for 10 minutes
  });
});
