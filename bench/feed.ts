/**
 * Bulk notification from a feed, end to end on SQLite: 1,000,000 Shadowserver-style scan rows
 * (a CSV file on disk, streamed) → harmonised events → enriched (AS, country, directory
 * constituency) → de-duplicated and stored → grouped per party → one notification per party
 * rendered with its CSV attachment (not sent). Also IP → AS/country look-ups per second on the
 * packaged ip-location-db data, and the peak memory of the whole run.
 *
 *   npm run bench -- feed      (BENCH_ROWS=1000000, BENCH_DUPLICATES=0.05)
 *
 * Prints `feed: <rows/s> rows/s` (read → notifications rendered), then feed.* lines.
 */
import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import { pino } from 'pino';
import { builtModule } from './built-server.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const DUPLICATES = Number(process.env['BENCH_DUPLICATES'] ?? 0.05);

const { createWorkspace } =
  await builtModule<typeof import('../apps/server/src/modules/core/admin/index.js')>('modules/core/admin/index.js');
const { importFeed, renderNotification } =
  await builtModule<typeof import('../apps/server/src/modules/hub/feeds/index.js')>('modules/hub/feeds/index.js');
const { networkData } = await builtModule<typeof import('../apps/server/src/modules/hub/resolver/index.js')>(
  'modules/hub/resolver/index.js',
);
const { createRuntime, loadRenkeiConfig } =
  await builtModule<typeof import('../apps/server/src/runtime.js')>('runtime.js');
const { createUser, loadActor } = await builtModule<typeof import('../apps/server/src/platform/auth/auth.service.js')>(
  'platform/auth/auth.service.js',
);
const { findUserById } = await builtModule<typeof import('../apps/server/src/platform/auth/auth.repository.js')>(
  'platform/auth/auth.repository.js',
);
const { upsertMembership } = await builtModule<
  typeof import('../apps/server/src/platform/access/access.repository.js')
>('platform/access/access.repository.js');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

/** A Shadowserver scan_rdp report as it arrives: quoted fields, real-world columns, some repeats. */
async function writeFeed(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(
    '"timestamp","ip","protocol","port","hostname","tag","asn","geo","region","city","naics","hostname_source","sector","rdp_protocol","cert_length","subject_common_name","issuer_common_name","sha1_fingerprint","severity"\n',
  );
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // Real announced space spread over many networks; a share of rows repeat an earlier host.
    const n = random() < DUPLICATES * 0xffffffff && i > 1000 ? i - 1 - (random() % 1000) : i;
    const a = [
      1, 14, 27, 36, 43, 49, 58, 60, 101, 110, 112, 118, 121, 126, 133, 150, 153, 163, 180, 182, 202, 210, 219, 220,
    ][n % 24]!;
    const ip = `${a}.${(n >>> 3) & 255}.${(n >>> 11) & 255}.${(n * 7) & 255}`;
    const minute = String(n % 60).padStart(2, '0');
    chunk += `"2026-12-04 03:${minute}:12","${ip}","tcp",3389,"host-${n}.example.jp","rdp",,,"TOKYO","CHIYODA",517311,"ptr","Communications, Service Provider","RDP",2048,"WIN-${n}","WIN-${n}","${(n * 2654435761).toString(16).padStart(40, '0').slice(0, 40)}","medium"\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'renkei-bench-feed-'));
const runtime = await createRuntime(
  loadRenkeiConfig({}, { dataDir, logLevel: 'warn', rangeMqttPort: 0, smtpPort: 0 }),
  {
    logger: pino({ level: 'warn' }),
  },
);
try {
  const { ctx } = runtime;
  const file = path.join(dataDir, '2026-12-04-scan_rdp-jp-geo.csv');
  await writeFeed(file, ROWS);
  const workspace = await createWorkspace(ctx, null, {
    slug: 'bench-feed',
    name: 'Bench feed',
    kind: 'hub_operations',
  });
  const user = await createUser(ctx, null, {
    username: 'bench-handler',
    displayName: 'Bench',
    locale: 'ja',
    password: 'bench password for the handler',
    isSystemAdmin: false,
  });
  await upsertMembership(ctx.db, {
    workspace_id: workspace.id,
    user_id: user.id,
    role: 'handler',
    clearance: 'AMBER',
    created_at: new Date().toISOString(),
  });
  const actor = await loadActor(ctx.db, (await findUserById(ctx.db, user.id))!);

  // The network data loads once per process (as in the server); not part of the feed's figure.
  const loadStarted = performance.now();
  const data = networkData(ctx);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  let sink = 0;
  const lookups = 2_000_000;
  const lookupStarted = performance.now();
  for (let i = 0; i < lookups; i++) {
    const address = Math.imul(i, 2654435761) >>> 0;
    if (data.asn.findV4(address)) sink++;
    if (data.country.findV4(address)) sink++;
  }
  const lookupRate = (lookups * 2) / ((performance.now() - lookupStarted) / 1000);

  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const feed = await importFeed(ctx, actor, workspace.id, {
    bytes: createReadStream(file, { highWaterMark: 1 << 16 }),
    format: 'shadowserver',
    fileName: path.basename(file),
  });
  const imported = performance.now();
  const { partiesOf, findImport } = await builtModule<
    typeof import('../apps/server/src/modules/hub/feeds/feeds.repository.js')
  >('modules/hub/feeds/feeds.repository.js');
  const importRow = (await findImport(ctx.db, feed.id))!;
  let rendered = 0;
  let attachmentBytes = 0;
  for (const party of await partiesOf(ctx.db, feed.id, Number.MAX_SAFE_INTEGER)) {
    const notification = await renderNotification(ctx, importRow, party);
    rendered++;
    attachmentBytes += notification.csv.length + notification.body.length;
  }
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  console.log(`feed: ${Math.round(feed.counts.rows / seconds)} rows/s`);
  console.log(`feed.rows: ${feed.counts.rows} rows`);
  console.log(`feed.file: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
  console.log(`feed.events: ${feed.counts.events} events`);
  console.log(`feed.duplicates: ${feed.counts.duplicates} events`);
  console.log(`feed.problems: ${feed.counts.problems} rows`);
  console.log(`feed.parties: ${feed.counts.parties} parties`);
  console.log(`feed.notifications_rendered: ${rendered} notifications`);
  console.log(`feed.rendered_bytes: ${(attachmentBytes / 1e6).toFixed(1)} MB`);
  console.log(`feed.import_seconds: ${((imported - started) / 1000).toFixed(2)} s`);
  console.log(`feed.render_seconds: ${((finished - imported) / 1000).toFixed(2)} s`);
  for (const stage of feed.stages) console.log(`feed.stage_${stage.stage}: ${stage.rate} rows/s`);
  console.log(`feed.ip_lookups: ${Math.round(lookupRate)} lookups/s`);
  console.log(`feed.netdata_load: ${loadSeconds.toFixed(2)} s`);
  console.log(`feed.peak_rss: ${Math.round(peakRss / 1048576)} MiB`);
  console.log(`feed.rss_before_import: ${Math.round(rssBefore / 1048576)} MiB`);
  // What the events take in the database (deflated CSV lines and raw rows).
  const stored = await sql<{
    bytes: number | string;
  }>`SELECT sum(length(csv) + length(raw)) AS bytes FROM feed_chunk`.execute(ctx.db);
  console.log(`feed.stored: ${(Number(stored.rows[0]?.bytes ?? 0) / 1e6).toFixed(1)} MB`);
  if (sink < 0) console.log(sink);
} finally {
  clearInterval(sampler);
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
