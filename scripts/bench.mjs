#!/usr/bin/env node
// `npm run bench -- NAME`: runs bench/NAME.ts (after building the server it measures).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
const available = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${available.join(', ')})`);
  process.exit(2);
}
// Benchmarks measure the built server: build it now, so that it is never older than the sources
// (the web app only when missing — no benchmark measures its build).
const build = existsSync(path.join(root, 'apps/web/dist/index.html'))
  ? spawnSync(
      'npm',
      [
        'run',
        'build',
        '-w',
        '@renkei/contracts',
        '-w',
        '@renkei/observables',
        '-w',
        '@renkei/pcap',
        '-w',
        '@renkei/ip-index',
        '-w',
        '@renkei/feeds',
        '-w',
        '@renkei/server',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    )
  : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('npx', ['tsx', path.join('bench', `${name}.ts`), ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
