#!/usr/bin/env node
// The `renkei` command: runs the built server (npm run build, or npm start, builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('renkei: the server is not built yet; run `npm run build` (or `npm start`) in the repository first.');
  process.exit(1);
}
await import(entry.href);
