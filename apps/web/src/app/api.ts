/**
 * The web app's only way to the server: fetch with the session cookie, the CSRF token on
 * writes, and RFC 9457 problems turned into `ApiError` (the UI translates `code`).
 */
import type { ErrorCode, Problem } from '@renkei/contracts';

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    readonly status: number,
    readonly problem?: Problem,
  ) {
    super(problem?.detail ?? code);
  }
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<T> {
  return (await apiWithHeaders<T>(method, url, body)).data;
}

/** As `api`, with the response's headers (the queue's total and next-page cursor ride in them). */
export async function apiWithHeaders<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<{ data: T; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send<T>(method, url, headers, body !== undefined ? JSON.stringify(body) : undefined);
}

/** Sends a file as the request body as it is (a feed: streamed by the server, never parsed as JSON; an image). */
export async function apiUpload<T>(
  url: string,
  file: Blob,
  contentType: string,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return (await send<T>(method, url, { 'content-type': contentType }, file)).data;
}

async function send<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  body: string | Blob | undefined,
): Promise<{ data: T; headers: Headers }> {
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
    });
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (response.status === 204) return { data: undefined as T, headers: response.headers };
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const payload: unknown = isJson ? await response.json() : await response.text();
  if (!response.ok) {
    const problem = payload as Problem;
    throw new ApiError(problem.code ?? 'INTERNAL_ERROR', response.status, problem);
  }
  return { data: payload as T, headers: response.headers };
}
