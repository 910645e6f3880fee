/**
 * Intake throughput through the full path — store raw, parse, extract, correlate, store, index —
 * for 10,000 messages of realistic size, on SQLite (main figure) and PostgreSQL; then again with
 * 1,000,000 observables already stored; and SMTP latency (DATA end → 250) for 50 concurrent senders.
 * It runs the built server (bench/built-server.ts), with its parse workers (RENKEI_INTAKE_WORKERS).
 *
 *   BENCH_MAIL_DIR=DIR npm run bench -- intake   (figures on a folder of real .eml files; see realMail)
 *   npm run bench -- intake     (BENCH_MESSAGES=10000, BENCH_DIALECTS=sqlite,postgres, BENCH_PRELOAD=1000000, BENCH_WARMUP=400,
 *                                BENCH_VOCABULARY=repetitive|varied — see mail-corpus.ts)
 *
 * The main figures use the repetitive corpus (five sentences per language), comparable with
 * earlier runs; `varied_text` repeats the empty-database import with text whose words vary from
 * line to line, as real reports' do — it costs full-text indexing what real mail costs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance as perfHooks } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import type { AppContext } from '../apps/server/src/platform/context.js';
import type { Runtime } from '../apps/server/src/runtime.js';
import { builtModule } from './built-server.js';
import { makeMessage, type Vocabulary } from './mail-corpus.js';
import type { ObservableSource, ObservableType } from '@renkei/observables';

const { createWorkspace } =
  await builtModule<typeof import('../apps/server/src/modules/core/admin/index.js')>('modules/core/admin/index.js');
const { importMail, intakeConfig, startSmtpListener } =
  await builtModule<typeof import('../apps/server/src/modules/hub/intake/index.js')>('modules/hub/intake/index.js');
const { loadCorrelationRules } = await builtModule<
  typeof import('../apps/server/src/modules/hub/correlation/index.js')
>('modules/hub/correlation/index.js');
const { isEvidence } = await import('@renkei/observables');
const { createRuntime, loadRenkeiConfig: loadConfig } =
  await builtModule<typeof import('../apps/server/src/runtime.js')>('runtime.js');

const eventLoopUtilization = perfHooks.eventLoopUtilization.bind(perfHooks);

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 10_000);
const PRELOAD = Number(process.env['BENCH_PRELOAD'] ?? 1_000_000);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 400);
const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(',');
const VOCABULARY: Vocabulary = process.env['BENCH_VOCABULARY'] === 'varied' ? 'varied' : 'repetitive';
const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

function progress(label: string, done: number, total: number | undefined): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${label} ${done}/${total ?? '?'}`);
}

/** The import path (`renkei import mail`): parse, extract, correlate, store, index, in batches. */
async function importMessages(
  ctx: AppContext,
  offset: number,
  count: number,
  vocabulary = VOCABULARY,
): Promise<number> {
  const messages = Array.from({ length: count }, (_, i) => makeMessage(offset + i, 42, vocabulary));
  const started = performance.now();
  const counts = await importMail(ctx, messages, {
    source: 'import',
    onProgress: (done, total) => progress('intake', done, total),
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (counts['processed'] !== count) throw new Error(`expected ${count} processed, got ${JSON.stringify(counts)}`);
  return count / ((performance.now() - started) / 1000);
}

/** Stores `count` observables linked to incidents, in bulk SQL (set-up only, not measured). */
async function preloadObservables(ctx: AppContext, workspaceId: string, count: number): Promise<void> {
  const incidents = Math.max(1, Math.floor(count / 10));
  const now = new Date().toISOString();
  const series = (n: number) =>
    ctx.dialect === 'postgres'
      ? sql`SELECT generate_series(1, ${n}) AS x`
      : sql`WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < ${n}) SELECT x FROM s`;
  await sql`INSERT INTO incident (id, workspace_id, tracking_number, title, status, priority, category, is_ics, is_targeted, tlp, tags, report_count, created_at, updated_at)
    SELECT 'pre-' || x, ${workspaceId}, 'PRE-' || x, 'preloaded ' || x, 'new', 'medium', 'other', 0, 0, 'AMBER', '[]', 1, ${now}, ${now} FROM (${series(incidents)}) AS s`.execute(
    ctx.db,
  );
  await sql`INSERT INTO observable (id, workspace_id, type, value, registered_domain, first_seen_at, last_seen_at)
    SELECT 'obs-' || x, ${workspaceId}, 'url', 'https://host' || x || '.preload-' || (x % 50000) || '.com/p', 'preload-' || (x % 50000) || '.com', ${now}, ${now} FROM (${series(count)}) AS s`.execute(
    ctx.db,
  );
  await sql`INSERT INTO incident_observable (incident_id, observable_id, report_id, created_at)
    SELECT 'pre-' || (1 + (x % ${sql.lit(incidents)})), 'obs-' || x, 'pre', ${now} FROM (${series(count)}) AS s`.execute(
    ctx.db,
  );
  if (ctx.dialect === 'postgres') await sql`ANALYZE`.execute(ctx.db);
  else await sql`ANALYZE`.execute(ctx.db);
}

/** DATA end → 250 as measured by the listener (the client's own TCP delays are not the server's). */
async function smtpLatency(ctx: AppContext): Promise<{ p50: number; p99: number }> {
  const listener = await startSmtpListener(ctx, { port: 0 });
  // As in a running server: the job worker files the received mail while more arrives.
  ctx.jobs.start();
  const latencies: number[] = [];
  const senders = 50;
  const perSender = 10;
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'smtp-senders.ts'),
        String(listener.port),
        String(senders),
        String(perSender),
      ],
      { stdio: 'inherit' },
    );
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`SMTP senders exited with ${code}`);
    latencies.push(...listener.acceptLatenciesMs);
  } finally {
    await listener.close();
    await ctx.jobs.stop();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

interface Figures {
  empty: number;
  varied: number;
  preloaded: number;
  smtp: { p50: number; p99: number };
  workers: number;
}

/**
 * Each figure on a database of its own: the empty one, and one holding only the preloaded
 * observables — so the comparison measures the observables, not also the 10,000 reports the
 * first import left behind.
 */
async function run(withRuntime: <T>(use: (runtime: Runtime) => Promise<T>) => Promise<T>): Promise<Figures> {
  // Warm-up on a throwaway database: compiled code and started parse workers, as in a server
  // that has been running for a while.
  await withRuntime(async ({ ctx }) => {
    await createWorkspace(ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
    await importMessages(ctx, 500_000, WARMUP);
  });
  const empty = await withRuntime(async ({ ctx }) => {
    await createWorkspace(ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
    return importMessages(ctx, 0, MESSAGES);
  });
  const varied = await withRuntime(async ({ ctx }) => {
    await createWorkspace(ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
    return importMessages(ctx, 0, MESSAGES, 'varied');
  });
  return withRuntime(async ({ ctx }) => {
    const workspace = await createWorkspace(ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
    await preloadObservables(ctx, workspace.id, PRELOAD);
    const preloaded = await importMessages(ctx, MESSAGES, MESSAGES);
    const smtp = await smtpLatency(ctx);
    return { empty, varied, preloaded, smtp, workers: intakeConfig.of(ctx.config).intakeWorkers };
  });
}

const quiet = pino({ level: 'warn' });
const workers = process.env['RENKEI_INTAKE_WORKERS'];
const base = {
  logLevel: 'warn' as const,
  jobPollIntervalMs: 60_000,
  ...(workers ? { intakeWorkers: Number(workers) } : {}),
};

function print(prefix: string, figures: Figures): void {
  const main = prefix === 'intake';
  console.log(
    `${prefix}${main ? ':' : ''} ${Math.round(figures.empty)} messages/s`.replace(
      /^intake\.postgres /,
      'intake.postgres: ',
    ),
  );
  console.log(`${prefix}.with_${PRELOAD}_observables: ${Math.round(figures.preloaded)} messages/s`);
  console.log(`${prefix}.varied_text: ${Math.round(figures.varied)} messages/s`);
  console.log(
    `${prefix}.slowdown_with_observables: ${Math.round((1 - figures.preloaded / figures.empty) * 1000) / 10} %`,
  );
  console.log(`${prefix}.smtp_p50: ${figures.smtp.p50.toFixed(1)} ms`);
  console.log(`${prefix}.smtp_p99: ${figures.smtp.p99.toFixed(1)} ms`);
  console.log(`${prefix}.parse_workers: ${figures.workers} threads`);
}

async function withSqlite<T>(use: (runtime: Runtime) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'renkei-bench-intake-'));
  const runtime = await createRuntime(loadConfig({}, { ...base, dataDir: dir }), { logger: quiet });
  try {
    return await use(runtime);
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withPostgres<T>(use: (runtime: Runtime) => Promise<T>): Promise<T> {
  const schema = `renkei_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const runtime = await createRuntime(loadConfig({}, { ...base, databaseUrl: POSTGRES_URL, databaseSchema: schema }), {
    logger: quiet,
  });
  try {
    return await use(runtime);
  } finally {
    await runtime.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/** Every .eml file under a folder (any depth), in a fixed order. */
function emlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.toLowerCase().endsWith('.eml'))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Figures on a folder of real mail (BENCH_MAIL_DIR), on SQLite: throughput of the whole path
 * against the synthetic corpus on the same run and against mailparser alone parsing the same
 * files in one process; the share of reports with an empty body and of quarantined messages;
 * URLs by where they were found; and incidents whose reports are held together only by
 * observables that do not correlate (structure, stylesheets, signatures, the reporter's own,
 * excluded or flagged ones) — the figure the issue wants at 0.
 */
async function realMail(dir: string): Promise<void> {
  const files = emlFiles(dir);
  const messages = files.map((file) => readFileSync(file));
  if (messages.length === 0) throw new Error(`no .eml files under ${dir}`);
  console.log(`intake.real.messages: ${messages.length} messages`);

  // mailparser alone, one process, the same files (its text→HTML conversion off, as intake does),
  // warmed up first as the intake path is: compiled code on both sides.
  const { simpleParser } = await import('mailparser');
  const parseAll = async (raws: Buffer[]) => {
    for (const raw of raws) {
      try {
        await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
      } catch {
        // A message mailparser cannot read costs what it cost.
      }
    }
  };
  await parseAll(messages.slice(0, WARMUP));
  // CPU time too (all threads of the process): steadier than the rate on a shared machine.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  let cpuBefore = process.cpuUsage();
  let started = performance.now();
  await parseAll(messages);
  const mailparserRate = messages.length / ((performance.now() - started) / 1000);
  const mailparserCpu = cpuMs(cpuBefore) / messages.length;

  const synthetic = await withSqlite(async ({ ctx }) => {
    await createWorkspace(ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
    await importMessages(ctx, 500_000, Math.min(WARMUP, messages.length));
    return importMessages(ctx, 0, messages.length);
  });

  await withSqlite(async ({ ctx }) => {
    await createWorkspace(ctx, null, { slug: 'hub-ops', name: 'Hub', kind: 'hub_operations' });
    cpuBefore = process.cpuUsage();
    started = performance.now();
    // How busy the writing thread (this one) was: with the parse workers, the two halves of the path.
    const utilisation = eventLoopUtilization();
    const counts = await importMail(ctx, messages, {
      source: 'import',
      onProgress: (done, total) => progress('real mail', done, total),
    });
    const rate = messages.length / ((performance.now() - started) / 1000);
    const writerBusy = eventLoopUtilization(utilisation).utilization;
    const pathCpu = cpuMs(cpuBefore) / messages.length;
    if (process.stderr.isTTY) process.stderr.write('\n');

    const reports = await ctx.db.selectFrom('report').select(['id', 'incident_id', 'body']).execute();
    const empty = reports.filter((report) => report.body.trim() === '').length;
    const quarantined = await ctx.db
      .selectFrom('inbound_mail')
      .select(['reason'])
      .where('status', '=', 'quarantined')
      .execute();
    const reasons = new Map<string, number>();
    for (const row of quarantined) reasons.set(row.reason ?? '', (reasons.get(row.reason ?? '') ?? 0) + 1);

    const links = await ctx.db
      .selectFrom('incident_observable as io')
      .innerJoin('observable as o', 'o.id', 'io.observable_id')
      .select(['io.incident_id', 'io.report_id', 'io.sources', 'o.id', 'o.type', 'o.value', 'o.correlation'])
      .execute();
    const bySource = new Map<string, number>();
    for (const link of links)
      if (link.type === 'url')
        for (const source of (link.sources ?? '').split(',').filter(Boolean))
          bySource.set(source, (bySource.get(source) ?? 0) + 1);

    // Incidents of several reports: are their reports connected by observables that correlate?
    const rules = await loadCorrelationRules(ctx.db, reports[0] ? (await workspaceOf(ctx)).id : '');
    const correlates = (link: (typeof links)[number]) =>
      isEvidence((link.sources ?? '').split(',').filter(Boolean) as ObservableSource[]) &&
      (link.correlation === 'auto' || link.correlation === 'kept') &&
      rules.matcher.match(link.type as ObservableType, link.value) === undefined;
    const reportsOf = new Map<string, string[]>();
    for (const report of reports)
      reportsOf.set(report.incident_id, [...(reportsOf.get(report.incident_id) ?? []), report.id]);
    const evidence = new Map<string, Set<string>>(); // report → correlating observable ids
    for (const link of links)
      if (correlates(link)) evidence.set(link.report_id, (evidence.get(link.report_id) ?? new Set()).add(link.id));
    let multi = 0;
    let glued = 0;
    for (const [, ids] of reportsOf) {
      if (ids.length < 2) continue;
      multi += 1;
      // Union-find over the incident's reports by shared correlating observables.
      const parent = new Map(ids.map((id) => [id, id]));
      const find = (id: string): string => (parent.get(id) === id ? id : find(parent.get(id)!));
      const holder = new Map<string, string>();
      for (const id of ids)
        for (const observable of evidence.get(id) ?? []) {
          const other = holder.get(observable);
          if (other) parent.set(find(id), find(other));
          else holder.set(observable, id);
        }
      if (new Set(ids.map(find)).size > 1) glued += 1;
    }
    const incidents = reportsOf.size;
    console.log(`intake.real: ${Math.round(rate)} messages/s`);
    console.log(`intake.real.synthetic_same_run: ${Math.round(synthetic)} messages/s`);
    console.log(`intake.real.ratio_to_synthetic: ${(rate / synthetic).toFixed(2)} ratio`);
    console.log(`intake.real.mailparser_alone: ${Math.round(mailparserRate)} messages/s`);
    console.log(`intake.real.ratio_to_mailparser: ${(rate / mailparserRate).toFixed(2)} ratio`);
    console.log(`intake.real.cpu_per_message: ${pathCpu.toFixed(2)} ms`);
    console.log(`intake.real.mailparser_cpu_per_message: ${mailparserCpu.toFixed(2)} ms`);
    console.log(`intake.real.writer_thread_busy: ${(writerBusy * 100).toFixed(0)} %`);
    console.log(`intake.real.writer_ms_per_message: ${((writerBusy / rate) * 1000).toFixed(2)} ms`);
    console.log(`intake.real.reports: ${reports.length} reports`);
    console.log(`intake.real.empty_body: ${((100 * empty) / Math.max(1, reports.length)).toFixed(2)} %`);
    console.log(`intake.real.quarantined: ${quarantined.length} messages`);
    for (const [reason, count] of reasons) console.log(`intake.real.quarantine_reason: ${count} messages (${reason})`);
    console.log(`intake.real.duplicates: ${counts['duplicate'] ?? 0} messages`);
    console.log(`intake.real.incidents: ${incidents} incidents`);
    console.log(`intake.real.incidents_with_several_reports: ${multi} incidents`);
    console.log(`intake.real.glued_only_by_excluded_or_structural: ${glued} incidents`);
    for (const [source, count] of [...bySource].sort((a, b) => b[1] - a[1]))
      console.log(`intake.real.urls_from_${source}: ${count} urls`);
  });
}

async function workspaceOf(ctx: AppContext) {
  return ctx.db.selectFrom('workspace').select('id').where('slug', '=', 'hub-ops').executeTakeFirstOrThrow();
}

const MAIL_DIR = process.env['BENCH_MAIL_DIR'];
if (MAIL_DIR) await realMail(MAIL_DIR);
else {
  if (DIALECTS.includes('sqlite')) print('intake', await run(withSqlite));
  if (DIALECTS.includes('postgres')) print('intake.postgres', await run(withPostgres));
}
