/**
 * Starts a worker thread on a module of the server, from the build or — in tests and benchmarks,
 * which run the TypeScript sources — from its source through tsx, as the caller runs.
 * @module
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Options of the parent's that a worker takes too: how modules load, and how warnings show. */
const WORKER_OPTIONS_WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
const WORKER_FLAGS = new Set([
  '--enable-source-maps',
  '--no-warnings',
  '--trace-warnings',
  '--no-deprecation',
  '--trace-deprecation',
]);

/**
 * The parent's command-line options to start a parse worker with. Node refuses to start a worker
 * given a V8 or process-wide option (`--max-old-space-size`, often set for large imports, would
 * make every message fail to be read), so only module loading and warning options are passed;
 * `--conditions` is dropped so that built code loads the built packages. The heap limit is the
 * worker's own (`resourceLimits`).
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    // execArgv holds only Node's options: a token not starting with '-' is the value of the one before.
    const value =
      !arg.includes('=') && i + 1 < execArgv.length && !execArgv[i + 1]!.startsWith('-') ? execArgv[++i] : undefined;
    if (WORKER_FLAGS.has(arg) || WORKER_OPTIONS_WITH_VALUE.has(arg.split('=')[0]!))
      kept.push(arg, ...(value === undefined ? [] : [value]));
  }
  return kept;
}

/**
 * A worker on `entry` (the built module's URL, `new URL('./x.worker.js', import.meta.url)`); when
 * the caller runs from sources, the `.ts` beside it.
 */
export function startWorker(entry: URL, options: { resourceLimits?: ResourceLimits } = {}): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  if (fromSources) {
    const source = new URL(entry.href.replace(/\.js$/, '.ts'));
    // From TypeScript sources the worker registers tsx's loader first.
    return new Worker(
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })`,
      { eval: true, execArgv: ['--conditions=source'], ...options },
    );
  }
  // Built code resolves the built packages, whatever conditions the parent was started with.
  return new Worker(entry, { execArgv: workerExecArgv(process.execArgv), ...options });
}
