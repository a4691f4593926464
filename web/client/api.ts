/**
 * Same-origin API client: the session cookie authenticates, and every state-changing request carries the
 * session's CSRF token in `X-CSRF-Token`. Errors become `ApiError` with the server's `{ error: { code, message } }`.
 */
export interface SessionInfo {
  user: { name: string; role: 'researcher' | 'custodian' | 'policymaker' | 'admin' };
  csrf: string;
  expiresAt: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
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
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const err = (payload as { error?: { code?: string; message?: string } })?.error;
    throw new ApiError(res.status, err?.code ?? 'http_' + res.status, err?.message ?? `${method} ${path} failed (${res.status})`);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
};

/** Lists come back either bare or wrapped (`{ items }`, `{ datasets }`…); this accepts both. */
export function listOf<T>(payload: unknown, ...keys: string[]): T[] {
  if (Array.isArray(payload)) return payload as T[];
  const obj = (payload ?? {}) as Record<string, unknown>;
  for (const key of [...keys, 'items', 'data', 'results']) if (Array.isArray(obj[key])) return obj[key] as T[];
  return [];
}

/** Reads the first present field among aliases (camelCase or snake_case). */
export function field<T = unknown>(obj: unknown, ...names: string[]): T | undefined {
  const o = (obj ?? {}) as Record<string, unknown>;
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n] as T;
  return undefined;
}

let people: Promise<Record<string, string>> | null = null;

/** id → name of every user (custodians and admins only; others get an empty map). Cached per page load. */
export function peopleNames(): Promise<Record<string, string>> {
  people ??= api.get<{ people: { id: string; name: string }[] }>('/ui/people')
    .then((r) => Object.fromEntries(r.people.map((p) => [p.id, p.name])))
    .catch(() => ({}));
  return people;
}
