/**
 * Group work (issue 16): each group's risk-assessment worksheet — AI use case, asset, threat,
 * vulnerability, likelihood × impact = risk, controls, and the frameworks each row maps to.
 * Everyone in the course reads every worksheet (groups present them to each other); a group's
 * members and the staff edit it. Edits carry the row's version: when two members change the
 * same row, the second is told to reload instead of silently overwriting the first.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  riskRowInputSchema,
  type FrameworkReference,
  type RiskRow,
  type RiskRowInput,
  type Worksheet,
} from '@renkei/contracts';
import ExcelJS from 'exceljs';
import {
  AppError,
  assertPermission,
  authRepository,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { findGroup, groupOfUser, isCourseStaff } from '../course/index.js';
import { FRAMEWORK_REFERENCES, isKnownReference, riskOf } from './frameworks.js';
import * as repository from './worksheet.repository.js';
import type { RiskRowRow } from './worksheet.table.js';

const notFound = () => new AppError('NOT_FOUND', 'Worksheet not found');

async function loadGroup(ctx: AppContext, actor: Actor, groupId: string) {
  const group = await findGroup(ctx.db, groupId);
  if (!group || !actor.memberships.has(group.workspace_id)) throw notFound();
  assertPermission(actor, group.workspace_id, 'content.read');
  return group;
}

async function mayEdit(ctx: AppContext, actor: Actor, workspaceId: string, groupId: string): Promise<boolean> {
  if (isCourseStaff(actor, workspaceId)) return true;
  return (await groupOfUser(ctx.db, workspaceId, actor.userId)) === groupId;
}

async function toRows(ctx: AppContext, rows: readonly RiskRowRow[]): Promise<RiskRow[]> {
  const names = await authRepository.displayNamesOf(
    ctx.db,
    rows.flatMap((row) => (row.updated_by ? [row.updated_by] : [])),
  );
  return rows.map((row) => ({
    id: row.id,
    groupId: row.group_id,
    useCase: row.use_case,
    asset: row.asset,
    threat: row.threat,
    vulnerability: row.vulnerability,
    likelihood: row.likelihood,
    impact: row.impact,
    ...riskOf(row.likelihood, row.impact),
    controls: row.controls,
    frameworks: JSON.parse(row.frameworks) as string[],
    version: row.version,
    updatedBy: row.updated_by ? (names.get(row.updated_by) ?? null) : null,
    updatedAt: row.updated_at,
  }));
}

export async function getWorksheet(ctx: AppContext, actor: Actor, groupId: string): Promise<Worksheet> {
  const group = await loadGroup(ctx, actor, groupId);
  return {
    groupId,
    groupName: group.name,
    mayEdit: await mayEdit(ctx, actor, group.workspace_id, groupId),
    rows: await toRows(ctx, await repository.rowsOfGroup(ctx.db, groupId)),
  };
}

function parse(input: RiskRowInput) {
  const parsed = riskRowInputSchema.parse(input);
  const unknown = parsed.frameworks.filter((id) => !isKnownReference(id));
  if (unknown.length)
    throw new AppError('VALIDATION_FAILED', 'Unknown framework references', [
      { path: 'body.frameworks', message: unknown.join(', ') },
    ]);
  return parsed;
}

async function assertEditor(ctx: AppContext, actor: Actor, workspaceId: string, groupId: string): Promise<void> {
  assertPermission(actor, workspaceId, 'content.write');
  if (!(await mayEdit(ctx, actor, workspaceId, groupId)))
    throw new AppError('FORBIDDEN', "Only the group's members and the staff edit its worksheet");
}

export async function addRow(ctx: AppContext, actor: Actor, groupId: string, input: RiskRowInput): Promise<RiskRow> {
  const group = await loadGroup(ctx, actor, groupId);
  await assertEditor(ctx, actor, group.workspace_id, groupId);
  const parsed = parse(input);
  const existing = await repository.rowsOfGroup(ctx.db, groupId);
  const row: RiskRowRow = {
    id: randomUUID(),
    workspace_id: group.workspace_id,
    group_id: groupId,
    use_case: parsed.useCase,
    asset: parsed.asset,
    threat: parsed.threat,
    vulnerability: parsed.vulnerability,
    likelihood: parsed.likelihood,
    impact: parsed.impact,
    controls: parsed.controls,
    frameworks: JSON.stringify([...new Set(parsed.frameworks)]),
    version: 1,
    position: existing.length,
    updated_by: actor.userId,
    updated_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertRow(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'risk-row.create',
      objectType: 'risk_row',
      objectId: row.id,
      workspaceId: row.workspace_id,
    });
  });
  return (await toRows(ctx, [row]))[0]!;
}

async function loadRow(ctx: AppContext, actor: Actor, id: string): Promise<RiskRowRow> {
  const row = await repository.findRow(ctx.db, id);
  if (!row || !actor.memberships.has(row.workspace_id)) throw notFound();
  await assertEditor(ctx, actor, row.workspace_id, row.group_id);
  return row;
}

export async function updateRow(ctx: AppContext, actor: Actor, id: string, input: RiskRowInput): Promise<RiskRow> {
  const row = await loadRow(ctx, actor, id);
  const parsed = parse(input);
  const base = parsed.version ?? row.version;
  const next: RiskRowRow = {
    ...row,
    use_case: parsed.useCase,
    asset: parsed.asset,
    threat: parsed.threat,
    vulnerability: parsed.vulnerability,
    likelihood: parsed.likelihood,
    impact: parsed.impact,
    controls: parsed.controls,
    frameworks: JSON.stringify([...new Set(parsed.frameworks)]),
    version: base + 1,
    updated_by: actor.userId,
    updated_at: nowIso(),
  };
  const written = await ctx.db.transaction().execute(async (trx) => {
    if (!(await repository.updateRow(trx, next, base))) return false;
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'risk-row.update',
      objectType: 'risk_row',
      objectId: id,
      workspaceId: row.workspace_id,
    });
    return true;
  });
  if (!written)
    throw new AppError(
      'CONFLICT',
      'Someone in your group changed this row meanwhile: reload it and apply your change again',
    );
  return (await toRows(ctx, [next]))[0]!;
}

export async function deleteRow(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const row = await loadRow(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.deleteRow(trx, id);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'risk-row.delete',
      objectType: 'risk_row',
      objectId: id,
      workspaceId: row.workspace_id,
    });
  });
}

export function frameworkReferences(): readonly FrameworkReference[] {
  return FRAMEWORK_REFERENCES;
}

/** Every group's worksheet as XLSX: one sheet per group, frameworks by their titles. */
export async function worksheetsXlsx(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  groups: readonly { id: string; name: string }[],
): Promise<Buffer> {
  assertPermission(actor, workspaceId, 'content.read');
  const titles = new Map(
    FRAMEWORK_REFERENCES.map((reference) => [reference.id, `${reference.framework}: ${reference.title}`]),
  );
  const rows = await repository.rowsOfCourse(ctx.db, workspaceId);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Renkei';
  for (const group of groups) {
    const sheet = workbook.addWorksheet(group.name.slice(0, 31));
    sheet.addRow([
      'AI ユースケース',
      '資産',
      '脅威',
      '脆弱性',
      '発生可能性',
      '影響度',
      'リスク',
      'レベル',
      '対策',
      'フレームワーク',
    ]).font = { bold: true };
    for (const row of rows.filter((r) => r.group_id === group.id)) {
      const { risk, level } = riskOf(row.likelihood, row.impact);
      sheet.addRow([
        row.use_case,
        row.asset,
        row.threat,
        row.vulnerability,
        row.likelihood,
        row.impact,
        risk,
        level,
        row.controls,
        (JSON.parse(row.frameworks) as string[]).map((id) => titles.get(id) ?? id).join('\n'),
      ]);
    }
    sheet.columns.forEach((column) => (column.width = 22));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
