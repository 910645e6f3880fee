/**
 * A small client of Renkei's own HTTP API for CLI commands that act on a running server (the
 * Range runtime lives in the server process, so plant commands go through it, with an API token
 * and the same access checks as the web app).
 * @module
 */

export interface ApiTarget {
  url: string;
  token: string;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

export async function callApi(
  target: ApiTarget,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Response> {
  const response = await fetch(new URL(path, target.url), {
    method,
    headers: {
      authorization: `Bearer ${target.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const text = await response.text();
    let detail = text;
    try {
      const problem = JSON.parse(text) as { detail?: string; title?: string };
      detail = problem.detail ?? problem.title ?? text;
    } catch {
      // not a problem document: show the body as it is
    }
    throw new ApiRequestError(response.status, `${method} ${path}: ${response.status} ${detail}`);
  }
  return response;
}

export async function callJson<T>(
  target: ApiTarget,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await callApi(target, method, path, body);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
