/** `renkei serve` and `renkei worker`: long-running processes with graceful shutdown. @module */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.js';
import { MODULES } from '../modules/index.js';
import type { Config } from '../platform/config/config.js';
import {
  defaultArchiveFile,
  pruneAuditTrail,
  retentionCutoff,
  writeAuditCheckpoint,
  type AppContext,
  type RunningService,
} from '../platform/index.js';
import { bootstrapInstallation, createRuntime } from '../runtime.js';

/** The built web app beside this package (apps/web/dist), unless configured otherwise. */
function defaultWebDist(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
}

function onShutdown(close: () => Promise<void>): void {
  let isClosing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (isClosing) return;
      isClosing = true;
      close()
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(0));
    });
  }
}

/**
 * Signed checkpoints of the audit chain's head, written at intervals and once more on shutdown
 * (decision 0015). A failed write is logged, never fatal: the trail itself is in the database.
 */
function anchorAuditTrail(ctx: AppContext): { stop(): Promise<void> } {
  const write = () =>
    writeAuditCheckpoint(ctx.db, ctx.config).catch((error: unknown) =>
      ctx.logger.error({ err: error }, 'audit checkpoint could not be written'),
    );
  const seconds = ctx.config.auditCheckpointSeconds;
  const timer = seconds > 0 ? setInterval(() => void write(), seconds * 1000) : undefined;
  timer?.unref();
  // Retention (decision 0017): archive and remove records older than the configured days, daily.
  const days = ctx.config.auditRetentionDays;
  const prune = () => {
    const now = new Date();
    return pruneAuditTrail(ctx.db, ctx.config, {
      before: retentionCutoff(days, now),
      archiveFile: defaultArchiveFile(ctx.config, now),
    })
      .then((pruned) => {
        if (pruned.removed > 0) ctx.logger.info(pruned, 'audit records archived and removed (retention)');
      })
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'audit retention could not run'));
  };
  const daily = days > 0 ? setInterval(() => void prune(), 86_400_000) : undefined;
  daily?.unref();
  if (days > 0) void prune();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      if (daily) clearInterval(daily);
      await write();
    },
  };
}

export async function serve(baseConfig: Config): Promise<void> {
  const config: Config = Object.freeze({ ...baseConfig, webDistDir: baseConfig.webDistDir ?? defaultWebDist() });
  const runtime = await createRuntime(config);
  const { ctx } = runtime;
  const bootstrap = await bootstrapInstallation(ctx);
  if (bootstrap?.generatedPassword) {
    // Printed once, to the console only: it is stored as an argon2id hash and must be changed at first sign-in.
    console.log(
      `\n  First start: created user "${bootstrap.adminUsername}" with one-time password: ${bootstrap.generatedPassword}\n`,
    );
  }
  const app = await buildApp(ctx);
  if (config.runWorkerInProcess || ctx.dialect === 'sqlite') ctx.jobs.start();
  const address = await app.listen({ port: config.port, host: config.host });
  ctx.logger.info({ address, database: ctx.dialect }, `Renkei is serving on ${address}`);
  const running: { name: string; service: RunningService }[] = [];
  for (const module of MODULES) {
    for (const moduleService of module.services ?? []) {
      const service = await moduleService.start(ctx);
      if (service) running.push({ name: `${module.name}:${moduleService.name}`, service });
    }
  }
  const anchor = anchorAuditTrail(ctx);
  onShutdown(async () => {
    await anchor.stop();
    for (const { name, service } of running.reverse()) {
      await service
        .stop()
        .catch((error: unknown) => ctx.logger.error({ err: error, service: name }, 'service did not stop cleanly'));
    }
    await app.close();
    await runtime.close();
  });
}

export async function runWorker(config: Config): Promise<void> {
  const runtime = await createRuntime(config);
  runtime.ctx.jobs.start();
  runtime.ctx.logger.info({ workerId: runtime.ctx.jobs.workerId, database: runtime.ctx.dialect }, 'job worker started');
  const anchor = anchorAuditTrail(runtime.ctx);
  onShutdown(async () => {
    await anchor.stop();
    await runtime.close();
  });
}
