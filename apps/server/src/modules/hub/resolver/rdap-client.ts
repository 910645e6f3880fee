/**
 * RDAP over HTTP with a database cache: each answer (and each "not found") is kept for the
 * configured time; offline mode answers from the cache only. Redirects between registries are
 * followed (fetch follows up to 20; RIRs answer 301 for space another RIR holds).
 * @module
 */
import type { Db } from '../../../platform/index.js';
import * as repository from './resolver.repository.js';

export interface RdapAnswer {
  url: string;
  status: number;
  body: unknown;
  /** network: asked now; cache: a stored answer; offline: not asked (offline mode, nothing cached). */
  from: 'network' | 'cache' | 'offline';
  fetchedAt: string | null;
  error?: string;
}

export interface RdapClientOptions {
  mode: 'online' | 'offline';
  timeoutMs: number;
  cacheHours: number;
  now?: () => Date;
}

export class RdapClient {
  constructor(
    private readonly db: Db,
    private readonly options: RdapClientOptions,
  ) {}

  async get(url: string): Promise<RdapAnswer> {
    const now = this.options.now?.() ?? new Date();
    const cached = await repository.findCachedAnswer(this.db, url);
    const fresh = cached && now.getTime() - Date.parse(cached.fetched_at) < this.options.cacheHours * 3_600_000;
    if (cached && (fresh || this.options.mode === 'offline'))
      return {
        url,
        status: cached.status,
        body: cached.body ? (JSON.parse(cached.body) as unknown) : null,
        from: 'cache',
        fetchedAt: cached.fetched_at,
      };
    if (this.options.mode === 'offline') return { url, status: 0, body: null, from: 'offline', fetchedAt: null };
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/rdap+json, application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'follow',
      });
      const text = await response.text();
      let body: unknown = null;
      if (response.ok) {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          return {
            url,
            status: response.status,
            body: null,
            from: 'network',
            fetchedAt: now.toISOString(),
            error: 'the answer is not JSON',
          };
        }
      }
      // Answers and "not found" are cached; server errors and rate limits are not.
      if (response.ok || response.status === 404)
        await repository.cacheAnswer(this.db, {
          url,
          status: response.status,
          body: body === null ? null : JSON.stringify(body),
          fetched_at: now.toISOString(),
        });
      return { url, status: response.status, body, from: 'network', fetchedAt: now.toISOString() };
    } catch (error) {
      const message =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : String((error as Error).message ?? error);
      // A stale cached answer is better than none.
      if (cached)
        return {
          url,
          status: cached.status,
          body: cached.body ? (JSON.parse(cached.body) as unknown) : null,
          from: 'cache',
          fetchedAt: cached.fetched_at,
          error: message,
        };
      return { url, status: 0, body: null, from: 'network', fetchedAt: null, error: message };
    }
  }
}
