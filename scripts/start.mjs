#!/usr/bin/env node
// `npm start`: build what is missing or stale, then run `renkei serve` (SQLite in ./data by default).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const outputs = ['apps/server/dist/main.js', 'packages/contracts/dist/index.js', 'apps/web/dist/index.html'].map((p) =>
  path.join(root, p),
);
const sources = ['apps/server/src', 'packages/contracts/src', 'apps/web/src', 'apps/web/index.html'].map((p) =>
  path.join(root, p),
);
const isBuilt = outputs.every(existsSync);
const builtAt = isBuilt ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const changedAt = Math.max(...sources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
if (!isBuilt || changedAt > builtAt) {
  console.log(isBuilt ? 'Sources changed: rebuilding…' : 'First start: building Renkei…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(
  process.execPath,
  [path.join(root, 'apps/server/bin/renkei.js'), 'serve', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
