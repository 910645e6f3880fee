/**
 * Range plant figures: CPU used by 100 plant instances at 10 Hz with Modbus servers (each polled
 * once a second, so the pcap recorder captures), the OPC UA server (one session monitoring four
 * tags of every plant), the 1 Hz historian and MQTT telemetry to the local Mosquitto (every
 * tick) — the clients in a process of their own (bench/plant-clients.ts); and the time to generate
 * 30 simulated days of 1 Hz labelled data for one instance (the data-set generator); and how well
 * the data sets train detectors: the baseline detector (PCA, range/dataset) trained on one seed's
 * 72 h set and scored on another's, ROC AUC per event kind (BENCH_TRAIN_SEED, BENCH_TEST_SEED).
 *
 *   npm run bench -- plant     (BENCH_INSTANCES=100, BENCH_SECONDS=15, BENCH_MQTT_URL=mqtt://127.0.0.1:1883)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createWorkspace } from '../apps/server/src/modules/core/admin/index.js';
import { DATASET_EVENTS } from '@renkei/contracts';
import {
  DATASET_COLUMNS,
  defaultEvents,
  generateDataset,
  rocAuc,
  scoreBaseline,
  trainBaseline,
} from '../apps/server/src/modules/range/dataset/index.js';
import { createPlant, startPlantRuntime } from '../apps/server/src/modules/range/plant/index.js';
import { upsertMembership } from '../apps/server/src/platform/access/access.repository.js';
import { findUserById } from '../apps/server/src/platform/auth/auth.repository.js';
import { createApiToken, createUser, loadActor } from '../apps/server/src/platform/auth/auth.service.js';
import { createRuntime, loadRenkeiConfig as loadConfig } from '../apps/server/src/runtime.js';

const INSTANCES = Number(process.env['BENCH_INSTANCES'] ?? 100);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const MQTT_URL = process.env['BENCH_MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';
const OPCUA_PORT = Number(process.env['BENCH_OPCUA_PORT'] ?? 34_840);
const WARM_UP_S = 5;

// 1. 100 instances at 10 Hz in a real runtime.
const dataDir = mkdtempSync(path.join(tmpdir(), 'renkei-bench-plant-'));
const runtime = await createRuntime(
  loadConfig(
    {},
    {
      dataDir,
      logLevel: 'warn',
      rangeMqttUrl: MQTT_URL,
      rangeModbusBasePort: 31_000,
      rangeModbusDirect: true,
      rangeTickMs: 100,
      rangePublishEveryTicks: 1,
      rangeOpcuaPort: OPCUA_PORT,
    },
  ),
  { logger: pino({ level: 'warn' }) },
);
try {
  const { ctx } = runtime;
  const workspace = await createWorkspace(ctx, null, {
    slug: 'bench-course',
    name: 'Bench course',
    kind: 'range_course',
  });
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
  // The instructor whose OPC UA session watches every plant.
  const instructor = await createUser(ctx, null, {
    username: 'bench-instructor',
    displayName: 'Bench instructor',
    locale: 'ja',
    password: 'bench password for the instructor',
    isSystemAdmin: false,
  });
  await upsertMembership(ctx.db, {
    workspace_id: workspace.id,
    user_id: instructor.id,
    role: 'instructor',
    clearance: 'AMBER',
    created_at: now,
  });
  const { token } = await createApiToken(ctx, await loadActor(ctx.db, (await findUserById(ctx.db, instructor.id))!), {
    name: 'bench',
    scopes: ['read'],
  });
  const plants = await startPlantRuntime(ctx);
  const clients = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'plant-clients.ts'),
      '31000',
      String(INSTANCES),
      plants.opcua!.endpointUrl,
      'bench-instructor',
      token,
      String(SECONDS + WARM_UP_S + 2),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let clientReport = '';
  clients.stdout.on('data', (chunk: Buffer) => (clientReport += chunk.toString()));
  const clientsDone = new Promise((resolve) => clients.on('exit', resolve));
  // The clients connect and subscribe first; the figure is the steady state.
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_S * 1000));
  const captured = plants.get('bench-0')!.modbusCapture().length;
  const simulatedAtStart = plants.get('bench-0')!.state.process.timeS;
  const startCpu = process.cpuUsage();
  const startWall = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const cpu = process.cpuUsage(startCpu);
  const wallMs = performance.now() - startWall;
  const simulated = plants.get('bench-0')!.state.process.timeS - simulatedAtStart;
  const capturedBytes = plants.get('bench-0')!.modbusCapture().length - captured;
  await clientsDone;
  // node-opcua logs to stdout too: the report is the line the client marks.
  const reportLine = /^plant-clients: (.*)$/m.exec(clientReport)?.[1] ?? '{}';
  const answered = JSON.parse(reportLine) as { modbusAnswers?: number; opcuaChanges?: number };
  await plants.stop();
  const samples = await ctx.db
    .selectFrom('plant_sample')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  console.log(`plant: ${((100 * (cpu.user + cpu.system)) / 1000 / wallMs).toFixed(1)} % of one core`);
  console.log(`plant.instances: ${INSTANCES} instances`);
  console.log(`plant.realtime_ratio: ${(simulated / (wallMs / 1000)).toFixed(2)} simulated s per s`);
  console.log(`plant.historian_rows: ${Number(samples.n)} rows`);
  console.log(`plant.modbus_answers: ${answered.modbusAnswers ?? 0} answers`);
  console.log(`plant.pcap_growth_one_plant: ${capturedBytes} bytes`);
  console.log(`plant.opcua_changes: ${answered.opcuaChanges ?? 0} notifications`);
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}

// 2. 30 days of 1 Hz data for one instance, faster than real time, through the product's own
//    generator (range/dataset): every row has all tags, the trips, the label and the anomaly flag.
const started = performance.now();
let rows = 0;
let columns = 0;
for (const row of generateDataset({
  seed: 2026,
  durationS: 30 * 86_400 - 1,
  everyS: 1,
  events: defaultEvents(30 * 86_400),
})) {
  rows += 1;
  columns = row.length;
}
console.log(`plant.generate_30_days: ${((performance.now() - started) / 1000).toFixed(2)} s`);
console.log(`plant.generated_rows: ${rows} rows`);
console.log(`plant.generated_columns: ${columns} columns`);

// 3. Detectors that generalise across seeds: train on one seed's 72 h set, score another's.
const HOURS_72 = 72 * 3600;
const tags = DATASET_COLUMNS.slice(1, DATASET_COLUMNS.indexOf('trip_high_level'));
const labelColumn = DATASET_COLUMNS.indexOf('label');
function load(seed: number) {
  const tagRows: number[][] = [];
  const labels: string[] = [];
  for (const row of generateDataset({ seed, durationS: HOURS_72, everyS: 10, events: defaultEvents(HOURS_72, seed) })) {
    tagRows.push(row.slice(1, 1 + tags.length) as number[]);
    labels.push(String(row[labelColumn]));
  }
  return { tagRows, labels };
}
const trainSeed = Number(process.env['BENCH_TRAIN_SEED'] ?? 7);
const testSeed = Number(process.env['BENCH_TEST_SEED'] ?? 11);
const train = load(trainSeed);
const test = load(testSeed);
const scores = scoreBaseline(trainBaseline([...tags], train.tagRows, train.labels), test.tagRows);
const normal = test.labels.map((label) => label === 'normal');
console.log(`plant.auc_seeds: ${trainSeed} -> ${testSeed} seeds`);
console.log(`plant.auc_normal_share: ${((100 * normal.filter(Boolean).length) / normal.length).toFixed(1)} %`);
for (const kind of DATASET_EVENTS) {
  const auc = rocAuc(
    scores,
    test.labels.map((label) => label.split('+').includes(kind)),
    normal,
  );
  // Sensor spoofing is designed to evade: it shows recorded normal readings (replay) or a drift
  // inside the normal band, so a detector of single rows cannot tell it from normal operation.
  console.log(`plant.auc.${kind}: ${auc.toFixed(3)} AUC${kind === 'sensor_spoofing' ? ' (designed to evade)' : ''}`);
}
