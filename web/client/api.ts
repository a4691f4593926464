/**
 * Same-origin API client: the session cookie authenticates, and every state-changing request carries the
 * session's CSRF token in `X-CSRF-Token`. Errors become `ApiError` with the server's `{ error: { code, message } }`.
 */
import type { UiPeople, UiSessionInfo } from '../server/ui-contract.ts';

/** The signed-in session as `/ui/session` gives it. */
export type SessionInfo = UiSessionInfo;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrf = '';

/** Remembers the CSRF token of the current session. */
export function setCsrf(token: string): void {
  csrf = token;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const err = (payload as { error?: { code?: string; message?: string } })?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'http_' + res.status,
      err?.message ?? `${method} ${path} failed (${res.status})`,
    );
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
};

let people: Promise<Record<string, string>> | null = null;

/** id → name of every user (custodians and admins only; others get an empty map). Cached per page load. */
export function peopleNames(): Promise<Record<string, string>> {
  people ??= api
    .get<UiPeople>('/ui/people')
    .then((r) => Object.fromEntries(r.people.map((p) => [p.id, p.name])))
    .catch(() => ({}));
  return people;
}
