/**
 * The databases every integration test runs on (Kysely's `DIALECTS` pattern). `TEST_DIALECTS`
 * narrows them: "sqlite", "postgres" or "sqlite,postgres" (what `npm test` uses).
 */
export type TestDialect = 'sqlite' | 'postgres';

const requested = (process.env['TEST_DIALECTS'] ?? 'sqlite').split(',').map((s) => s.trim());
export const DIALECTS: TestDialect[] = (['sqlite', 'postgres'] as const).filter((d) => requested.includes(d));

/** The PostgreSQL server tests use (a fresh schema per test file). */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
