/**
 * Access patterns from the audit log (pure): queries per user per day, refused requests, and unusual spikes
 * (a user-day well above that user's typical day), in the spirit of dashboards over logged requests.
 */
export interface AuditEntryLike {
  at: string;
  user?: string | null;
  userId?: string | null;
  method?: string;
  route?: string;
  status: number;
}

export interface UserDay {
  user: string;
  day: string;
  queries: number;
  refused: number;
}

export interface Spike extends UserDay {
  /** The user's median queries per active day. */
  typical: number;
}

const isQuery = (e: AuditEntryLike) => e.method === 'POST' && /\/api\/v1\/queries\/?$/.test(e.route ?? '');
const who = (e: AuditEntryLike) => e.user ?? e.userId ?? 'anonymous';

/** Query submissions and refusals (HTTP 4xx on any route) per user per UTC day, newest day first. */
export function perUserPerDay(entries: AuditEntryLike[]): UserDay[] {
  const map = new Map<string, UserDay>();
  for (const e of entries) {
    const refused = e.status >= 400 && e.status < 500;
    if (!isQuery(e) && !refused) continue;
    const day = e.at.slice(0, 10);
    const key = `${who(e)}|${day}`;
    const row = map.get(key) ?? { user: who(e), day, queries: 0, refused: 0 };
    if (isQuery(e)) row.queries += 1;
    if (refused) row.refused += 1;
    map.set(key, row);
  }
  return [...map.values()].sort((a, b) => b.day.localeCompare(a.day) || a.user.localeCompare(b.user));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * User-days with at least `minQueries` queries and more than `factor` × the user's median day. With a single
 * active day there is no baseline, so only the absolute floor `minQueries * factor` applies.
 */
export function spikes(days: UserDay[], factor = 3, minQueries = 20): Spike[] {
  const byUser = new Map<string, UserDay[]>();
  for (const d of days) byUser.set(d.user, [...(byUser.get(d.user) ?? []), d]);
  const out: Spike[] = [];
  for (const list of byUser.values()) {
    const typical = median(list.map((d) => d.queries));
    for (const d of list) {
      const baseline = list.length > 1 ? typical * factor : minQueries * factor;
      if (d.queries >= minQueries && d.queries > baseline) out.push({ ...d, typical });
    }
  }
  return out.sort((a, b) => b.queries - a.queries);
}
