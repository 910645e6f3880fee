#!/usr/bin/env node
// `npm run reference`: writes the generated reference pages (docs/reference/errors.md) from the modules.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(
  'npx',
  ['tsx', '-e', "import('./apps/server/src/reference.ts').then((m) => process.stdout.write(m.renderErrorReference()))"],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
if (run.status !== 0) process.exit(run.status ?? 1);
writeFileSync(path.join(root, 'docs/reference/errors.md'), run.stdout);
console.log('wrote docs/reference/errors.md');
