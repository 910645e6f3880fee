/**
 * The platform's second public entry: pure helpers (no I/O, no database driver, no HTTP) for
 * code that runs in worker threads, which must not load the whole platform (`index.ts` pulls in
 * Fastify, Kysely's drivers and pino). Modules import the platform only through `index.ts` and
 * this file; everything here is also exported from `index.ts`.
 * @module platform
 */
export type { DialectHelpers } from './db/dialects/dialect.js';
export { trigramKeys } from './db/dialects/trigram-keys.js';
export { searchWords } from './search/search-terms.js';
