/**
 * Access patterns over the audit log: queries per user per day, refused requests, unusual spikes, and failed or
 * refused real queries per researcher (probing), with rows past the project's alert threshold marked.
 */
import type { ApiAuditList, ApiProbingDays } from '../../../enclave-api/index.ts';
import { api, peopleNames } from '../api.ts';
import { chartOn } from '../charts.ts';
import { dataTable, h, mount } from '../dom.ts';
import { perUserPerDay, spikes, type AuditEntryLike } from '../lib/access-patterns.ts';
import type { PageContext } from '../main.ts';

export async function renderAccess({ main }: PageContext): Promise<void> {
  const raw = (await api.get<ApiAuditList>('/api/v1/audit?limit=1000')).entries;
  const probing = (await api.get<ApiProbingDays>('/api/v1/access-patterns/probing?days=7')).rows;
  const names = await peopleNames();
  const entries: AuditEntryLike[] = raw.map((e) => ({
    at: e.at,
    user: (e.userId && names[e.userId]) ?? e.userId?.slice(0, 8) ?? 'anonymous',
    method: e.method,
    route: e.route,
    status: e.status,
  }));
  const days = perUserPerDay(entries);
  const unusual = spikes(days);
  const users = [...new Set(days.map((d) => d.user))];
  const dayList = [...new Set(days.map((d) => d.day))].sort();
  const chartEl = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': 'Queries per user per day; the table below has the figures',
  });
  mount(
    main,
    h('h1', {}, 'Access patterns'),
    h(
      'p',
      { class: 'muted' },
      `From the last ${entries.length} audit entries. A spike is a day with at least 20 queries and more than three times the user’s usual day.`,
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Queries per user per day'), chartEl),
    probingSection(probing, names),
    h(
      'div',
      { class: 'grid2' },
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Per user per day'),
        dataTable(['day', 'user', 'queries', 'refused'], days, { caption: 'Query submissions and refused requests' }),
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Unusual spikes'),
        unusual.length
          ? dataTable(['day', 'user', 'queries', 'typical'], unusual)
          : h('p', { id: 'no-spikes' }, 'No unusual spikes.'),
        h('h2', {}, 'Refused requests'),
        dataTable(
          ['at', 'user', 'method', 'route', 'status'],
          entries
            .filter((e) => e.status >= 400 && e.status < 500)
            .slice(0, 50)
            .map((e) => ({ ...e, at: e.at.replace('T', ' ').slice(0, 19) })),
          { caption: 'Latest refusals (4xx)' },
        ),
      ),
    ),
  );
  chartOn(chartEl).setOption(
    {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 16, top: 36, bottom: 36 },
      xAxis: { type: 'category', data: dayList },
      yAxis: { type: 'value', name: 'queries' },
      series: users.map((u) => ({
        name: u,
        type: 'bar',
        stack: 'q',
        barMaxWidth: 48,
        data: dayList.map((d) => days.find((x) => x.user === u && x.day === d)?.queries ?? 0),
      })),
    },
    true,
  );
}

/** Failed or refused real queries per researcher per day; an alert row says so in words as well as colour. */
function probingSection(rows: ApiProbingDays['rows'], names: Record<string, string>): HTMLElement {
  const shown = rows.map((r) => ({
    day: r.day,
    researcher: r.userName ?? names[r.user] ?? r.user.slice(0, 8),
    failed: r.failed,
    refused: r.refused,
    threshold: r.threshold,
    alert: r.alert ? 'Alert: above threshold' : 'no',
  }));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'probing-heading' },
    h('h2', { id: 'probing-heading' }, 'Failed or refused real queries per researcher'),
    h(
      'p',
      { class: 'muted' },
      'Last 7 days (UTC). Many failures or refusals in a day can mean someone is probing the real data through errors.',
    ),
    shown.length
      ? dataTable(['day', 'researcher', 'failed', 'refused', 'threshold', 'alert'], shown, {
          caption:
            'Failed or refused real queries per researcher per day; alert rows are above the project’s threshold',
          cellClass: (i) => (shown[i]!.alert === 'no' ? undefined : 'v-fail'),
        })
      : h('p', { id: 'no-probing' }, 'No failed or refused real queries.'),
  );
}
