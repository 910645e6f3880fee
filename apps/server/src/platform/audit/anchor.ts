/**
 * Anchoring the audit chain outside the database. The chain alone (SHA-256, head in the same
 * database) cannot tell a faithful trail from one rewritten by someone who holds the database:
 * they can alter a record and recompute every later hash and the head. So the head is also
 * written, at intervals, as a checkpoint `{seq, hash, at, mac}` appended to a file outside the
 * database, signed with HMAC-SHA256 under a key that is not in the database either
 * (`RENKEI_AUDIT_KEY`, or `audit.key` created in the data folder with mode 0600).
 * `verifyAnchoredAuditTrail` checks the chain and then every checkpoint: a signed checkpoint
 * whose record is gone, renumbered or rehashed, or lies beyond the chain's end, is tampering.
 * What it cannot see: a rewrite of records written after the last checkpoint (decision 0015).
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import { nowIso } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { verifyAuditChain, type AuditVerification } from './audit.js';
import { auditEventsFrom, lastAuditEventBefore, readChainHead, removeAuditEventsThrough } from './audit.repository.js';

export interface AuditCheckpoint {
  /** `base`: records up to `seq` were archived and removed (`pruneAuditTrail`); absent: a head checkpoint. */
  kind?: 'base';
  seq: number;
  hash: string;
  at: string;
  mac: string;
}

const KEY_FILE = 'audit.key';
const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

function checkpointPath(config: Config): string {
  return config.auditCheckpointFile || path.join(config.dataDir, CHECKPOINT_FILE);
}

/** The anchoring key: configured, or read from (first created in) the data folder. */
export async function auditKey(config: Config): Promise<Buffer> {
  if (config.auditKey) return Buffer.from(config.auditKey, 'utf8');
  const file = path.join(config.dataDir, KEY_FILE);
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  } catch {
    await mkdir(config.dataDir, { recursive: true });
    const key = randomBytes(32).toString('hex');
    // 'wx': never overwrite a key another process created meanwhile.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  }
}

/**
 * An HMAC of `data` under the installation's key, for one named purpose (domain-separated from
 * the audit checkpoints): e.g. the course's signature on a knowledge-base document.
 */
export async function installationMac(config: Config, purpose: string, data: string): Promise<string> {
  return createHmac('sha256', await auditKey(config))
    .update(`renkei-${purpose}\n${data}`)
    .digest('hex');
}

function macOf(key: Buffer, point: Omit<AuditCheckpoint, 'mac'>): string {
  // A base line is signed under another label, so a head checkpoint cannot be passed off as one.
  const label = point.kind === 'base' ? 'renkei-audit-base' : 'renkei-audit-checkpoint';
  return createHmac('sha256', key).update(`${label}\n${point.seq}\n${point.hash}\n${point.at}`).digest('hex');
}

function isSigned(key: Buffer, point: AuditCheckpoint): boolean {
  const expected = Buffer.from(macOf(key, point), 'hex');
  const given = Buffer.from(point.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function readCheckpoints(config: Config): Promise<AuditCheckpoint[]> {
  let text: string;
  try {
    text = await readFile(checkpointPath(config), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AuditCheckpoint);
}

/**
 * The newest checkpoint, read from the file's end: the file grows by a line per interval for as
 * long as the installation runs, and a writer needs only its last line.
 */
async function lastCheckpoint(config: Config): Promise<AuditCheckpoint | undefined> {
  let file;
  try {
    file = await open(checkpointPath(config), 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, 4096); // a line is ~200 bytes
    const tail = Buffer.alloc(length);
    await file.read(tail, 0, length, size - length);
    const line = tail.toString('utf8').trimEnd().split('\n').at(-1);
    return line ? (JSON.parse(line) as AuditCheckpoint) : undefined;
  } finally {
    await file.close();
  }
}

/**
 * Appends a signed checkpoint of the committed head (read outside any transaction), unless the
 * last one already has it. Returns the checkpoint written, if any.
 */
export async function writeAuditCheckpoint(db: Kysely<Database>, config: Config): Promise<AuditCheckpoint | undefined> {
  const head = await readChainHead(db);
  if (head.last_seq === 0) return undefined;
  const last = await lastCheckpoint(config);
  if (last && last.seq === head.last_seq && last.hash === head.last_hash) return undefined;
  const key = await auditKey(config);
  const point = { seq: head.last_seq, hash: head.last_hash, at: nowIso() };
  const checkpoint: AuditCheckpoint = { ...point, mac: macOf(key, point) };
  const file = checkpointPath(config);
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return checkpoint;
}

/**
 * The chain verified, then every checkpoint held against it. A chain that starts after record 0
 * (a prune) must start exactly where the newest signed base line says; head checkpoints of
 * archived records are not checked here (the archive file holds those records and their hashes).
 */
export async function verifyAnchoredAuditTrail(
  db: Kysely<Database>,
  config: Config,
  onProgress?: (checked: number, total: number) => void,
): Promise<AuditVerification & { checkpoints: number }> {
  const chain = await verifyAuditChain(db, onProgress);
  const checkpoints = await readCheckpoints(config);
  if (!chain.ok) return { ...chain, checkpoints: checkpoints.length };
  const key = await auditKey(config);
  const head = await readChainHead(db);
  const end = head.base_seq + chain.checked;
  for (const point of checkpoints)
    if (!isSigned(key, point))
      return broken(
        chain,
        checkpoints,
        point.seq,
        `checkpoint at ${point.at} is not signed with this installation's key`,
      );
  const base = checkpoints.filter((point) => point.kind === 'base').at(-1);
  if (head.base_seq > 0 && (base?.seq !== head.base_seq || base.hash !== head.base_hash))
    return broken(
      chain,
      checkpoints,
      head.base_seq,
      `records up to ${head.base_seq} were removed without a signed prune (the chain's start was moved)`,
    );
  if (base && base.seq > head.base_seq)
    return broken(
      chain,
      checkpoints,
      head.base_seq + 1,
      `a prune of ${base.at} left the chain starting after ${base.seq}, but it now starts after ${head.base_seq}`,
    );
  for (const point of checkpoints) {
    if (point.kind === 'base' || point.seq <= head.base_seq) continue;
    if (point.seq > end)
      return broken(
        chain,
        checkpoints,
        end + 1,
        `the chain ends at ${end} but a checkpoint of ${point.at} saw ${point.seq} records (truncated)`,
      );
    const [row] = await auditEventsFrom(db, point.seq, 1);
    if (row?.hash !== point.hash)
      return broken(
        chain,
        checkpoints,
        point.seq,
        `record ${point.seq} differs from the checkpoint of ${point.at} (rewritten, renumbered or rehashed)`,
      );
  }
  return { ...chain, checkpoints: checkpoints.length };
}

/** Where `serve` and `renkei audit prune` archive: `audit-archive/audit-<date>.jsonl` in the data folder. */
export function defaultArchiveFile(config: Config, at: Date): string {
  return path.join(config.dataDir, 'audit-archive', `audit-${at.toISOString().slice(0, 10)}.jsonl`);
}

/** The cut-off of a retention of `days` at `now`. */
export function retentionCutoff(days: number, now: Date): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

export interface AuditPrune {
  /** Records archived and removed (0: none were old enough). */
  removed: number;
  /** The chain now starts after this record. */
  baseSeq: number;
  archiveFile?: string;
}

/**
 * Retention: archives every record written before `before` to `archiveFile` (JSON lines, each
 * record with its hashes, so the archive verifies on its own), removes them, moves the chain's
 * base and appends a signed base line. The whole chain is verified first: a broken trail is
 * never pruned (that would hide the break). Records after the last checkpoint stay.
 */
export async function pruneAuditTrail(
  db: Kysely<Database>,
  config: Config,
  options: { before: string; archiveFile: string },
): Promise<AuditPrune> {
  const verified = await verifyAnchoredAuditTrail(db, config);
  if (!verified.ok)
    throw new Error(`the audit trail does not verify (${verified.brokenAt?.reason ?? 'broken'}); not pruning it`);
  await writeAuditCheckpoint(db, config);
  const head = await readChainHead(db);
  const last = await lastAuditEventBefore(db, options.before);
  if (!last || last.seq <= head.base_seq) return { removed: 0, baseSeq: head.base_seq };
  await mkdir(path.dirname(options.archiveFile), { recursive: true });
  const archive = await open(options.archiveFile, 'a', 0o600);
  try {
    for (let from = head.base_seq + 1; from <= last.seq;) {
      const rows = (await auditEventsFrom(db, from, 2000)).filter((row) => row.seq <= last.seq);
      if (rows.length === 0) break;
      await archive.appendFile(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      from = rows.at(-1)!.seq + 1;
    }
    await archive.sync();
  } finally {
    await archive.close();
  }
  await db.transaction().execute((trx) => removeAuditEventsThrough(trx, last.seq, last.hash));
  const point = { kind: 'base' as const, seq: last.seq, hash: last.hash, at: nowIso() };
  const file = checkpointPath(config);
  await appendFile(file, `${JSON.stringify({ ...point, mac: macOf(await auditKey(config), point) })}\n`, {
    mode: 0o600,
  });
  return { removed: last.seq - head.base_seq, baseSeq: last.seq, archiveFile: options.archiveFile };
}

function broken(
  chain: AuditVerification,
  checkpoints: readonly AuditCheckpoint[],
  seq: number,
  reason: string,
): AuditVerification & { checkpoints: number } {
  return { ok: false, checked: chain.checked, brokenAt: { seq, reason }, checkpoints: checkpoints.length };
}
