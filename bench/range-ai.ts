/**
 * Range AI figures: 25 trainees chatting at once through the gateway's `/v1/chat/completions`
 * (simulator upstream, real HTTP, API tokens, trace written) while their 25 plants run at 10 Hz —
 * the p95 latency of a gateway call, which with the simulator is the gateway's own overhead; the
 * p95 of a full assistant turn (retrieval, prompt, agent tools, trace); and the p95 of BM25
 * retrieval over 10,000 chunks. (The anomaly detector's scoring rate is not measured: the
 * detector is not built yet.)
 *
 * Trainees pause about BENCH_THINK_MS (250 ms — far quicker than people read an answer) between
 * messages: each pause drawn uniformly from half to one and a half of it, and each trainee
 * starting at a random moment of the first pause (seeded), because 25 people do not type in
 * lockstep — in lockstep every message arrives with 24 others and the figure measured the queue
 * behind them. `range-ai.saturated-p95` is the other extreme, no pause at all (25 requests
 * always in flight on a two-core machine: queueing, not overhead).
 *
 *   npm run bench -- range-ai      (BENCH_TRAINEES=25, BENCH_CALLS=40, BENCH_THINK_MS=250)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../apps/server/src/app.js';
import { createWorkspace } from '../apps/server/src/modules/core/admin/index.js';
import {
  Bm25Index,
  BUILTIN_DOCUMENTS,
  chunkText,
  type Chunk,
} from '../apps/server/src/modules/range/knowledge/index.js';
import {
  DATASET_COLUMNS,
  defaultEvents,
  generateDataset,
  rowScore,
  trainBaseline,
} from '../apps/server/src/modules/range/dataset/index.js';
import { createPlant, startPlantRuntime } from '../apps/server/src/modules/range/plant/index.js';
import { upsertMembership } from '../apps/server/src/platform/access/access.repository.js';
import { createApiToken, createUser, loadActor } from '../apps/server/src/platform/auth/auth.service.js';
import { findUserById } from '../apps/server/src/platform/auth/auth.repository.js';
import { createRuntime, loadRenkeiConfig } from '../apps/server/src/runtime.js';

const TRAINEES = Number(process.env['BENCH_TRAINEES'] ?? 25);
const CALLS = Number(process.env['BENCH_CALLS'] ?? 40);
/** A trainee's pause between messages (people read the answer first); 0 sends back to back. */
const THINK_MS = Number(process.env['BENCH_THINK_MS'] ?? 250);

/** A seeded uniform [0, 1) (mulberry32): the same pauses on every run. */
function pauses(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
};

const dataDir = mkdtempSync(path.join(tmpdir(), 'renkei-bench-ai-'));
const runtime = await createRuntime(
  loadRenkeiConfig(
    {},
    {
      dataDir,
      logLevel: 'warn',
      rangeMqttPort: 0,
      rangeAiRequestsPerMinute: 100_000,
      rangeAiTokensPerDay: 1_000_000_000,
    },
  ),
  { logger: pino({ level: 'warn' }) },
);
try {
  const { ctx } = runtime;
  const course = await createWorkspace(ctx, null, { slug: 'bench-ai', name: 'Bench AI', kind: 'range_course' });
  const now = new Date().toISOString();
  const trainees: { token: string; plant: string }[] = [];
  for (let i = 0; i < TRAINEES; i++) {
    const user = await createUser(ctx, null, {
      username: `trainee${i}`,
      displayName: `Trainee ${i}`,
      locale: 'ja',
      password: 'bench password for trainees',
      isSystemAdmin: false,
    });
    await upsertMembership(ctx.db, {
      workspace_id: course.id,
      user_id: user.id,
      role: 'trainee',
      clearance: 'AMBER',
      created_at: now,
    });
    const plant = `bench-ai-${i}`;
    await ctx.db
      .insertInto('plant_instance')
      .values({
        id: plant,
        workspace_id: course.id,
        name: `Plant ${i}`,
        owner_user_id: user.id,
        scenario: 'water-treatment',
        seed: i + 1,
        modbus_port: 32_000 + i,
        tlp: 'GREEN',
        state: JSON.stringify(createPlant(i + 1)),
        created_at: now,
        updated_at: now,
      })
      .execute();
    const row = await findUserById(ctx.db, user.id);
    const actor = await loadActor(ctx.db, row!);
    const { token } = await createApiToken(ctx, actor, { name: 'bench', scopes: ['read', 'write'] });
    trainees.push({ token, plant });
  }
  const plants = await startPlantRuntime(ctx); // the plants run at 10 Hz meanwhile
  const app = await buildApp(ctx);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const questions = [
    '残留塩素の設定値はいくつですか',
    'What is the operating range of the tank level?',
    '配水ポンプを停止するには誰の承認が必要か',
    'What is the current status of the plant?',
  ];
  const timed = async (request: () => Promise<Response>, into: number[]) => {
    const started = performance.now();
    const response = await request();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    into.push(performance.now() - started);
  };
  const gateway: number[] = [];
  const turns: number[] = [];
  const saturated: number[] = [];
  const chatting = (think: number, into: number[], withTurns: boolean) =>
    Promise.all(
      trainees.map(async ({ token, plant }, index) => {
        const headers = {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-renkei-plant': plant,
        };
        const random = pauses(index + 1);
        if (think > 0) await new Promise((resolve) => setTimeout(resolve, think * random()));
        for (let call = 0; call < CALLS; call++) {
          const question = questions[(index + call) % questions.length]!;
          await timed(
            () =>
              fetch(`${url}/v1/chat/completions`, {
                method: 'POST',
                headers,
                body: JSON.stringify({ model: 'renkei-simulator', messages: [{ role: 'user', content: question }] }),
              }),
            into,
          );
          if (think > 0) await new Promise((resolve) => setTimeout(resolve, think * (0.5 + random())));
          if (withTurns && call % 4 === 0)
            await timed(
              () =>
                fetch(`${url}/api/plants/${plant}/assistant/chat`, {
                  method: 'POST',
                  headers,
                  body: JSON.stringify({ message: question }),
                }),
              turns,
            );
        }
      }),
    );
  // The HTTP floor on this machine, same client, same process: an authenticated GET that does nothing.
  const floor: number[] = [];
  for (let i = 0; i < 200; i++)
    await timed(() => fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${trainees[0]!.token}` } }), floor);
  console.log(`range-ai.http-floor-p95: ${p95(floor).toFixed(1)} ms`);
  await chatting(THINK_MS, gateway, true);
  await chatting(0, saturated, false);
  await app.close();
  await plants.stop();

  // Retrieval over 10,000 chunks: the built-in corpus's paragraphs, varied.
  const paragraphs = BUILTIN_DOCUMENTS.flatMap((doc) => chunkText(doc.body).map((text) => ({ doc, text })));
  const chunks: Chunk[] = Array.from({ length: 10_000 }, (_, i) => {
    const { doc, text } = paragraphs[i % paragraphs.length]!;
    return {
      id: `c${i}`,
      documentId: `${doc.id}-${i}`,
      title: `${doc.title} #${i}`,
      text: `${text} 設備番号 ${i} unit ${i % 97}`,
      isSigned: i % 3 !== 0,
      origin: 'bench',
    };
  });
  const index = new Bm25Index(chunks);
  const retrieval: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    index.search(questions[i % questions.length]!, 5, i % 2 === 0 ? (chunk) => chunk.isSigned : undefined);
    retrieval.push(performance.now() - started);
  }

  console.log(`range-ai: ${p95(gateway).toFixed(1)} ms`);
  console.log(`range-ai.gateway-calls: ${gateway.length} calls`);
  console.log(`range-ai.saturated-p95: ${p95(saturated).toFixed(1)} ms`);
  console.log(`range-ai.assistant-turn-p95: ${p95(turns).toFixed(1)} ms`);
  console.log(`range-ai.retrieval-p95: ${p95(retrieval).toFixed(2)} ms`);
  console.log(`range-ai.retrieval-chunks: ${index.size} chunks`);
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}

// The anomaly detector's scoring rate (range/detection scores every historian sample with it):
// trained on a day of one seed's data, scoring a day of another's, one row at a time as live.
{
  const DAY = 86_400;
  const tags = DATASET_COLUMNS.slice(1, DATASET_COLUMNS.indexOf('trip_high_level'));
  const rowsOf = (seed: number) => {
    const rows: number[][] = [];
    const labels: string[] = [];
    for (const row of generateDataset({ seed, durationS: DAY, everyS: 1, events: defaultEvents(DAY, seed) })) {
      rows.push(row.slice(1, 1 + tags.length) as number[]);
      labels.push(String(row[DATASET_COLUMNS.indexOf('label')]));
    }
    return { rows, labels };
  };
  const train = rowsOf(7);
  const model = trainBaseline([...tags], train.rows, train.labels);
  const { rows } = rowsOf(11);
  const started = performance.now();
  let sum = 0;
  for (const row of rows) sum += rowScore(model, row);
  const seconds = (performance.now() - started) / 1000;
  if (!Number.isFinite(sum)) throw new Error('scores are not numbers');
  console.log(`range-ai.detector-scoring: ${Math.round(rows.length / seconds)} samples/s`);
}
