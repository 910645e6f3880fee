import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { makeWorkspace } from '../../../../test/factories.js';
import { createTestRuntime, type TestRuntime } from '../../../../test/test-runtime.js';
import { HISTORY_COLUMNS, maintainHistory, readHistory } from './historian.js';

const level = HISTORY_COLUMNS.indexOf('tank_level');
const trip = HISTORY_COLUMNS.indexOf('trip_high_level');

for (const dialect of DIALECTS) {
  describe(`${dialect}: historian downsampling and retention`, () => {
    let test: TestRuntime;
    const instanceId = 'historian-test';

    beforeAll(async () => {
      test = await createTestRuntime(dialect);
      const workspace = await makeWorkspace(test.ctx, 'range_course');
      const now = new Date().toISOString();
      await test.ctx.db
        .insertInto('plant_instance')
        .values({
          id: instanceId,
          workspace_id: workspace.id,
          name: 'h',
          owner_user_id: null,
          scenario: 'water-treatment',
          seed: 1,
          modbus_port: 1,
          tlp: 'GREEN',
          state: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
      // Three simulated hours at 1 Hz: the level is the second within its minute; one trip at t = 7325.
      const rows = Array.from({ length: 3 * 3600 }, (_, t) => ({
        instance_id: instanceId,
        run: 1,
        sim_time_s: t,
        recorded_at: new Date().toISOString(),
        tag_values: JSON.stringify({ tank_level: t % 60, trip_high_level: t === 7325, synthetic: true }),
      }));
      for (let i = 0; i < rows.length; i += 1000)
        await test.ctx.db
          .insertInto('plant_sample')
          .values(rows.slice(i, i + 1000))
          .execute();
    });
    afterAll(() => test.destroy());

    it('stores one row per simulated minute, then prunes raw samples and old minutes', async () => {
      const result = await maintainHistory(test.ctx.db, instanceId, 1, 3 * 3600, { rawS: 3600, rollupS: 2 * 3600 });
      expect(result.rolledUp).toBe(180);
      expect(result.prunedRaw).toBe(2 * 3600);
      expect(result.prunedRollups).toBe(60);
      const remainingRaw = await test.ctx.db
        .selectFrom('plant_sample')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('instance_id', '=', instanceId)
        .executeTakeFirstOrThrow();
      expect(Number(remainingRaw.n)).toBe(3600);
      // Idempotent: nothing more to roll up.
      expect(
        (await maintainHistory(test.ctx.db, instanceId, 1, 3 * 3600, { rawS: 3600, rollupS: 2 * 3600 })).rolledUp,
      ).toBe(0);
    });

    it('reads minute rows for coarse views and raw samples for fine ones', async () => {
      const minutes = await readHistory(test.ctx.db, instanceId, { run: 1, fromS: 0, everyS: 60 });
      expect(minutes[0]?.[0]).toBe(3600);
      expect(minutes).toHaveLength(120);
      expect(minutes.every((row) => row[level] === 29.5)).toBe(true);
      expect(minutes.find((row) => row[0] === 7320)?.[trip]).toBe(true);
      expect(minutes.filter((row) => row[trip] === true)).toHaveLength(1);
      const fine = await readHistory(test.ctx.db, instanceId, { run: 1, fromS: 7200, toS: 7259, everyS: 10 });
      expect(fine.map((row) => row[0])).toEqual([7200, 7210, 7220, 7230, 7240, 7250]);
      expect(fine.map((row) => row[level])).toEqual([0, 10, 20, 30, 40, 50]);
    });
  });
}
