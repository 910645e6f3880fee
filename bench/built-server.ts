/**
 * The built server (apps/server/dist, what `renkei` runs), typed by its sources: a benchmark
 * measures the shipped JavaScript, not tsx's on-the-fly transform of the sources (which runs
 * code that makes closures up to 2× slower). `npm run bench` builds the server first.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const DIST = path.resolve(import.meta.dirname, '../apps/server/dist');

export function builtModule<T>(modulePath: string): Promise<T> {
  return import(pathToFileURL(path.join(DIST, modulePath)).href) as Promise<T>;
}
