/**
 * Range plant figures: CPU used by 100 plant instances at 10 Hz with Modbus servers, the 1 Hz
 * historian and MQTT telemetry to the local Mosquitto (every tick); and the time to generate
 * 30 simulated days of 1 Hz data for one instance.
 *
 *   npm run bench -- plant     (BENCH_INSTANCES=100, BENCH_SECONDS=15, BENCH_MQTT_URL=mqtt://127.0.0.1:1883)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createWorkspace } from '../apps/server/src/modules/core/admin/index.js';
import { createPlant, startPlantRuntime, stepPlant } from '../apps/server/src/modules/range/plant/index.js';
import { loadConfig } from '../apps/server/src/platform/config/config.js';
import { createRuntime } from '../apps/server/src/runtime.js';

const INSTANCES = Number(process.env['BENCH_INSTANCES'] ?? 100);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const MQTT_URL = process.env['BENCH_MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';

// 1. 100 instances at 10 Hz in a real runtime.
const dataDir = mkdtempSync(path.join(tmpdir(), 'renkei-bench-plant-'));
const runtime = await createRuntime(
  loadConfig({}, { dataDir, logLevel: 'warn', rangeMqttUrl: MQTT_URL, rangeModbusBasePort: 31_000, rangeTickMs: 100, rangePublishEveryTicks: 1 }),
  { logger: pino({ level: 'warn' }) },
);
try {
  const { ctx } = runtime;
  const workspace = await createWorkspace(ctx, null, { slug: 'bench-course', name: 'Bench course', kind: 'range_course' });
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('plant_instance')
    .values(
      Array.from({ length: INSTANCES }, (_, i) => ({
        id: `bench-${i}`,
        workspace_id: workspace.id,
        name: `Plant ${i}`,
        owner_user_id: null,
        scenario: 'water-treatment',
        seed: i + 1,
        modbus_port: 31_000 + i,
        tlp: 'GREEN',
        state: JSON.stringify(createPlant(i + 1)),
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  const plants = await startPlantRuntime(ctx);
  const startCpu = process.cpuUsage();
  const startWall = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const cpu = process.cpuUsage(startCpu);
  const wallMs = performance.now() - startWall;
  const simulated = plants.get('bench-0')!.state.process.timeS;
  await plants.stop();
  const samples = await ctx.db.selectFrom('plant_sample').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  console.log(`plant: ${((100 * (cpu.user + cpu.system)) / 1000 / wallMs).toFixed(1)} % of one core`);
  console.log(`plant.instances: ${INSTANCES} instances`);
  console.log(`plant.realtime_ratio: ${(simulated / (wallMs / 1000)).toFixed(2)} simulated s per s`);
  console.log(`plant.historian_rows: ${Number(samples.n)} rows`);
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}

// 2. 30 days of 1 Hz data for one instance, faster than real time.
const plant = createPlant(2026);
const rows: string[] = [];
const started = performance.now();
for (let second = 0; second < 30 * 86_400; second++) {
  const m = stepPlant(plant, 1);
  rows.push(`${second},${m.tankLevelM.toFixed(3)},${m.chlorineMgL.toFixed(3)},${m.pressureBar.toFixed(3)},${m.vibrationMmS.toFixed(3)},${m.motorCurrentA.toFixed(2)},${m.motorTempC.toFixed(2)}`);
}
console.log(`plant.generate_30_days: ${((performance.now() - started) / 1000).toFixed(2)} s`);
console.log(`plant.generated_rows: ${rows.length} rows`);
