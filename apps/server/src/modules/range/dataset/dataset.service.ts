/**
 * Range data sets (R3): generated from the plant model as a job with progress, or imported —
 * only with a declaration that the data is synthetic or de-identified, and only after the
 * personal-data check. A flagged import is kept (nothing accepted is lost) but only course
 * staff may download it, to review it. Downloads are CSV or XLSX, both marked synthetic.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { DATASET_EVENTS, scenarioEventOptionsSchema, tlpSchema, type DatasetDto, type Role } from '@renkei/contracts';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import {
  accessRepository,
  AppError,
  assertCanLabel,
  assertPermission,
  defineJob,
  getBlob,
  hasPermission,
  nowIso,
  putBlob,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
  type JobContext,
  type JobSpec,
} from '../../../platform/index.js';
import { plantSeedSchema, syntheticXlsx } from '../plant/index.js';
import { DATASET_COLUMNS, defaultEvents, generateDataset, type DatasetSpec } from './dataset-generator.js';
import * as repository from './dataset.repository.js';
import type { RangeDatasetRow } from './dataset.table.js';
import { findPersonalData, type PiiFinding } from './pii-check.js';

/** Largest data set: a million rows (30 days at one row per 3 s). */
const MAX_ROWS = 1_000_000;
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const generateDatasetSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    seed: plantSeedSchema.optional(),
    durationHours: z
      .number()
      .min(0.1)
      .max(24 * 31),
    everyS: z.number().int().min(1).max(3600).default(10),
    events: z
      .array(
        scenarioEventOptionsSchema.extend({
          kind: z.enum(DATASET_EVENTS),
          startS: z.number().int().min(0),
          durationS: z.number().int().min(1),
        }),
      )
      .max(50)
      .optional(),
    tlp: tlpSchema.default('GREEN'),
  })
  .refine((input) => (input.durationHours * 3600) / input.everyS <= MAX_ROWS, {
    message: `at most ${MAX_ROWS} rows: raise everyS or shorten the run`,
  });

export const importDatasetSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** R3: outside data enters only as synthetic or de-identified, and the importer says which. */
  declaration: z.enum(['synthetic', 'de-identified']),
  csv: z.string().min(1).max(MAX_IMPORT_BYTES),
  tlp: tlpSchema.default('AMBER'),
});

function toDto(row: RangeDatasetRow): DatasetDto {
  return {
    id: row.id,
    name: row.name,
    origin: row.origin as DatasetDto['origin'],
    provenance: row.provenance as DatasetDto['provenance'],
    status: row.status as DatasetDto['status'],
    columns: JSON.parse(row.columns) as string[],
    rowCount: row.row_count,
    spec: row.spec ? (JSON.parse(row.spec) as DatasetSpec) : null,
    piiFindings: JSON.parse(row.pii_findings) as PiiFinding[],
    tlp: row.tlp,
    createdAt: row.created_at,
  };
}

const payload = z.object({ datasetId: z.string() });
export const generateDatasetJob: JobSpec<z.infer<typeof payload>> = {
  name: 'range.generate-dataset',
  payload,
  maxAttempts: 2,
  backoffMs: 5000,
};

export async function requestDataset(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: z.infer<typeof generateDatasetSchema>,
): Promise<DatasetDto> {
  assertPermission(actor, workspaceId, 'content.write');
  assertCanLabel(actor, workspaceId, input.tlp);
  const durationS = Math.round(input.durationHours * 3600);
  const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
  const spec: DatasetSpec = {
    seed,
    durationS,
    everyS: input.everyS,
    events: input.events ?? defaultEvents(durationS, seed),
  };
  const now = nowIso();
  const row: RangeDatasetRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    name: input.name,
    origin: 'generated',
    provenance: 'synthetic',
    spec: JSON.stringify(spec),
    columns: JSON.stringify(DATASET_COLUMNS),
    row_count: 0,
    sha256: null,
    status: 'generating',
    pii_findings: '[]',
    tlp: input.tlp,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertDataset(trx, row);
    await ctx.jobs.enqueue(generateDatasetJob, { datasetId: row.id }, { idempotencyKey: row.id, trx });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'dataset.generate',
      objectType: 'range_dataset',
      objectId: row.id,
      workspaceId,
      detail: { spec },
    });
  });
  return toDto(row);
}

function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Job: runs the generator and stores the CSV. Progress goes to the job (shown in the UI). */
export async function buildDataset(
  ctx: AppContext,
  datasetId: string,
  job?: Pick<JobContext, 'reportProgress'>,
): Promise<{ rows: number }> {
  const row = await repository.findDataset(ctx.db, datasetId);
  if (!row || row.status !== 'generating' || !row.spec) return { rows: 0 };
  const spec = JSON.parse(row.spec) as DatasetSpec;
  const lines = [DATASET_COLUMNS.join(',')];
  let lastPercent = -1;
  const pending: Promise<void>[] = [];
  for (const values of generateDataset(spec, (fraction) => {
    const percent = Math.floor(fraction * 100);
    if (job && percent !== lastPercent && percent % 5 === 0) {
      lastPercent = percent;
      pending.push(job.reportProgress(percent, `${Math.round(fraction * spec.durationS)} / ${spec.durationS} s`));
    }
  })) {
    lines.push(values.map(csvCell).join(','));
  }
  await Promise.all(pending);
  const csv = Buffer.from(`${lines.join('\n')}\n`);
  await ctx.db.transaction().execute(async (trx) => {
    const sha256 = await putBlob(trx, csv);
    await repository.markDatasetReady(trx, datasetId, { sha256, rowCount: lines.length - 1, at: nowIso() });
  });
  return { rows: lines.length - 1 };
}

export function datasetJobs(ctx: AppContext) {
  return [defineJob({ ...generateDatasetJob, handler: ({ datasetId }, job) => buildDataset(ctx, datasetId, job) })];
}

export async function importDataset(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: z.infer<typeof importDatasetSchema>,
): Promise<DatasetDto> {
  assertPermission(actor, workspaceId, 'content.write');
  assertCanLabel(actor, workspaceId, input.tlp);
  let records: string[][];
  try {
    const parsed: unknown = parse(input.csv, {
      skip_empty_lines: true,
      relax_column_count: false,
      comment: '#',
      bom: true,
      trim: true,
    });
    records = parsed as string[][];
  } catch (error) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`,
      [{ path: 'body.csv', message: 'not CSV' }],
    );
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0)
    throw new AppError('VALIDATION_FAILED', 'The CSV needs a header row and at least one data row', [
      { path: 'body.csv', message: 'empty' },
    ]);
  if (rows.length > MAX_ROWS)
    throw new AppError('VALIDATION_FAILED', `At most ${MAX_ROWS} rows`, [
      { path: 'body.csv', message: 'too many rows' },
    ]);
  const findings = findPersonalData(header, rows);
  const now = nowIso();
  const row: RangeDatasetRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    name: input.name,
    origin: 'imported',
    provenance: input.declaration,
    spec: null,
    columns: JSON.stringify(header),
    row_count: rows.length,
    sha256: null,
    status: findings.length > 0 ? 'flagged' : 'ready',
    pii_findings: JSON.stringify(findings),
    tlp: input.tlp,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    row.sha256 = await putBlob(trx, Buffer.from(input.csv));
    await repository.insertDataset(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'dataset.import',
      objectType: 'range_dataset',
      objectId: row.id,
      workspaceId,
      detail: { declaration: input.declaration, findings: findings.length },
    });
  });
  return toDto(row);
}

/**
 * Data sets follow the plants: a trainee's are their own (they hold their lab work and attack
 * results, as their plant does), while those course staff make are teaching material for the
 * whole course. So a trainee sees their own and the staff's; staff see every one — always within
 * the reader's TLP clearance.
 */
const OWN_ONLY_ROLES: readonly Role[] = ['trainee'];

async function staffOf(ctx: AppContext, workspaceId: string): Promise<Set<string>> {
  const members = await accessRepository.listMembers(ctx.db, workspaceId);
  return new Set(members.filter((m) => !OWN_ONLY_ROLES.includes(m.role)).map((m) => m.userId));
}

function seesOnlyOwn(actor: Actor, workspaceId: string): boolean {
  const role = actor.memberships.get(workspaceId)?.role;
  return role === undefined || OWN_ONLY_ROLES.includes(role);
}

async function loadReadable(ctx: AppContext, actor: Actor, id: string): Promise<RangeDatasetRow> {
  const row = await repository.findDataset(ctx.db, id);
  const notFound = () => new AppError('NOT_FOUND', 'Data set not found');
  if (!row || !actor.memberships.has(row.workspace_id) || !readableTlps(actor, row.workspace_id).includes(row.tlp))
    throw notFound();
  if (seesOnlyOwn(actor, row.workspace_id) && row.created_by !== actor.userId) {
    if (!row.created_by || !(await staffOf(ctx, row.workspace_id)).has(row.created_by)) throw notFound();
  }
  return row;
}

export async function listDatasets(ctx: AppContext, actor: Actor, workspaceId: string): Promise<DatasetDto[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listDatasetsOf(ctx.db, workspaceId, readableTlps(actor, workspaceId));
  if (!seesOnlyOwn(actor, workspaceId)) return rows.map(toDto);
  const staff = await staffOf(ctx, workspaceId);
  return rows
    .filter((row) => row.created_by === actor.userId || (row.created_by !== null && staff.has(row.created_by)))
    .map(toDto);
}

export async function getDataset(ctx: AppContext, actor: Actor, id: string): Promise<DatasetDto> {
  return toDto(await loadReadable(ctx, actor, id));
}

/** The data set as CSV or XLSX; a flagged import goes only to course staff (to review it). */
export async function downloadDataset(
  ctx: AppContext,
  actor: Actor,
  id: string,
  format: 'csv' | 'xlsx',
): Promise<{ name: string; content: Buffer }> {
  const row = await loadReadable(ctx, actor, id);
  if (row.status === 'flagged' && !hasPermission(actor, row.workspace_id, 'workspace.manage'))
    throw new AppError(
      'FORBIDDEN',
      'This import may hold personal data; only course staff can open it until it is cleared',
    );
  if (!row.sha256) throw new AppError('CONFLICT', 'The data set is still being generated');
  const csv = await getBlob(ctx.db, row.sha256);
  if (!csv) throw new AppError('NOT_FOUND', 'The data set content is missing');
  const base = row.name.replace(/[^\w\u3040-\u30ff\u4e00-\u9fff-]+/g, '_');
  const provenance = row.provenance === 'synthetic' ? 'synthetic' : 'de-identified (declared at import)';
  if (format === 'csv') {
    const marker = `# ${row.provenance === 'synthetic' ? 'SYNTHETIC DATA / 合成データ' : 'DE-IDENTIFIED DATA / 匿名加工済みデータ'} — Renkei Range data set "${row.name}" (${provenance})\n`;
    return { name: `${base}.csv`, content: Buffer.concat([Buffer.from(marker), csv]) };
  }
  const parsed: unknown = parse(csv, { skip_empty_lines: true, comment: '#', bom: true });
  const [header, ...rows] = parsed as string[][];
  const spec = row.spec ? (JSON.parse(row.spec) as DatasetSpec) : undefined;
  const content = await syntheticXlsx({
    title: row.name,
    provenance: [
      `provenance: ${provenance}`,
      ...(spec
        ? [
            `generator: Renkei water-treatment plant model, seed ${spec.seed}, ${spec.durationS} s, one row per ${spec.everyS} s`,
            `events: ${spec.events.map((e) => `${e.kind}@${e.startS}s+${e.durationS}s`).join(', ')}`,
          ]
        : []),
      `rows: ${rows.length}`,
    ],
    columns: header ?? [],
    rows: rows.map((values) =>
      values.map((value) => (value !== '' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value)),
    ),
  });
  return { name: `${base}.xlsx`, content };
}
