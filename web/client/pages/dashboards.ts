/**
 * Policymaker dashboards: every figure comes from `GET /api/v1/dashboards/:id` (published, protected `dash/*`
 * aggregates). Filters change both the chart and the map; each panel has a table view and a CSV download of
 * exactly what it shows; the protection method and lineage are one click away.
 */
import type { ApiDashboard, ApiDashboardList } from '../../../enclave-api/index.ts';
import { api } from '../api.ts';
import { chartOn, loadGeo, type GeoFile } from '../charts.ts';
import { dataTable, h, mount, select } from '../dom.ts';
import {
  aggregate,
  aggregateShare,
  analyseDashboard,
  shareOf,
  distinct,
  filterRows,
  isRate,
  provinceOf,
  suppressedCount,
  timeOf,
  yearOf,
  type Analysis,
  type DashboardData,
  type Filters,
  type Row,
} from '../lib/dashboard-model.ts';
import { toCsv } from '../lib/csv.ts';
import type { PageContext } from '../main.ts';

const LABELS: Record<string, string> = {
  grant_type: 'Grant type',
  programme: 'Programme',
  province: 'Province',
  province_code: 'Province',
};
const label = (column: string) => LABELS[column] ?? column.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

function download(name: string, columns: string[], rows: Row[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(columns, rows)], { type: 'text/csv' }));
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A sum of what a panel shows, so a change is visible to tests and screen readers alike. */
const fingerprint = (rows: Row[], figure: string) =>
  `${rows.length}:${rows.reduce((s, r) => s + (typeof r[figure] === 'number' ? (r[figure] as number) : 0), 0)}`;

export async function renderDashboards({ main }: PageContext): Promise<void> {
  const [{ dashboards }, geo] = await Promise.all([api.get<ApiDashboardList>('/api/v1/dashboards'), loadGeo()]);
  const body = h('div');
  const tabs = h('div', { class: 'tabs', role: 'group', 'aria-label': 'Dashboard' });
  mount(
    main,
    h('h1', {}, 'Programme dashboards'),
    h(
      'p',
      { class: 'muted' },
      'Safe aggregates published by the nightly pipeline. Every figure was protected before publication; see “How these numbers were protected”.',
    ),
    tabs,
    body,
  );
  if (dashboards.length === 0) {
    mount(
      body,
      h('p', {}, 'No dashboards are published yet. They appear after the first pipeline run (sdf pipeline run).'),
    );
    return;
  }
  const show = async (id: string) => {
    tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.id === id)));
    const dashboard: DashboardData = await api.get<ApiDashboard>(`/api/v1/dashboards/${encodeURIComponent(id)}`);
    renderDashboard(body, dashboard, geo);
  };
  mount(
    tabs,
    ...dashboards.map((d) =>
      h(
        'button',
        { type: 'button', 'data-id': d.id, 'aria-pressed': 'false', onclick: () => void show(d.id) },
        d.title,
      ),
    ),
  );
  await show(dashboards[0]!.id);
}

function renderDashboard(body: HTMLElement, d: DashboardData, geo: GeoFile): void {
  const a = analyseDashboard(d);
  const districtProvince = Object.fromEntries(
    geo.districts.features.map((f) => [f.properties.name, f.properties.province]),
  );
  const placeName = Object.fromEntries(
    [...geo.districts.features, ...geo.provinces.features].map((f) => [f.properties.name, f.properties.label]),
  );
  const state = {
    filters: { year: '', province: '', categories: Object.fromEntries(a.categories.map((c) => [c, ''])) } as Filters,
    figure: a.figures[0] ?? '',
    level: a.district ? 'district' : 'province',
    chartTable: false,
    mapTable: false,
  };
  const filtersEl = h('div', { class: 'row' });
  const chartPanel = h('section', { class: 'card', 'aria-labelledby': 'chart-title' });
  const mapPanel = h('section', { class: 'card', 'aria-labelledby': 'map-title' });
  const meta = h('div');

  const redraw = () => {
    const rows = filterRows(d.data, a, state.filters, districtProvince);
    drawChart(chartPanel, d, a, rows, state, redraw);
    drawMap(mapPanel, d, a, rows, state, districtProvince, placeName, geo, redraw);
  };
  const years = a.time ? [...new Set(distinct(d.data, a.time).map(yearOf))] : [];
  const provinces = [
    ...new Set(d.data.map((r) => provinceOf(r, a, districtProvince)).filter((p): p is string => !!p)),
  ].sort();
  mount(
    filtersEl,
    years.length
      ? select('Year', 'f-year', [['', 'All years'], ...years.map((y): [string, string] => [y, y])], '', (v) => {
          state.filters.year = v;
          redraw();
        })
      : null,
    provinces.length
      ? select(
          'Province',
          'f-province',
          [['', 'All provinces'], ...provinces.map((p): [string, string] => [p, placeName[p] ?? p])],
          '',
          (v) => {
            state.filters.province = v;
            redraw();
          },
        )
      : null,
    ...a.categories.map((c) =>
      select(
        label(c),
        `f-${c}`,
        [['', 'All'], ...distinct(d.data, c).map((v): [string, string] => [v, v])],
        '',
        (v) => {
          state.filters.categories[c] = v;
          redraw();
        },
      ),
    ),
    a.figures.length > 1
      ? select(
          'Indicator',
          'f-figure',
          indicators(a).map((i): [string, string] => [i.id, i.label]),
          state.figure,
          (v) => {
            state.figure = v;
            redraw();
          },
        )
      : null,
  );
  const p = d.protection;
  mount(
    meta,
    h(
      'details',
      { class: 'card', id: 'protection' },
      h('summary', {}, 'How these numbers were protected'),
      h(
        'p',
        {},
        p.method === 'dp'
          ? 'Differential privacy: calibrated random noise was added to every figure before publication, so no single person changes what you see.'
          : 'Suppression and rounding: figures resting on too few people are hidden (shown as —), and the rest are rounded, so no small group can be singled out.',
      ),
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, 'method'),
        h('dd', {}, p.method),
        ...Object.entries(p.params).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]),
      ),
      isRate(state.figure)
        ? h(
            'p',
            { class: 'note' },
            'Rates are averaged across cells when you combine groups; they are not re-weighted.',
          )
        : null,
    ),
    h(
      'details',
      { class: 'card', id: 'lineage' },
      h('summary', {}, 'Lineage: where these figures came from'),
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, 'dashboard'),
        h('dd', {}, d.id),
        h('dt', {}, 'partition'),
        h('dd', {}, d.partition ?? '—'),
        h('dt', {}, 'updated'),
        h('dd', {}, d.updatedAt ?? '—'),
        ...Object.entries(d.lineage).flatMap(([k, v]) => [
          h('dt', {}, k),
          h('dd', {}, h('code', {}, typeof v === 'string' ? v : JSON.stringify(v))),
        ]),
      ),
    ),
  );
  mount(
    body,
    h(
      'div',
      { class: 'card' },
      h('h2', {}, d.title),
      d.description ? h('p', {}, d.description) : null,
      h('p', { class: 'note' }, `Unit: ${d.unit}`),
      filtersEl,
    ),
    h('div', { class: 'grid2' }, chartPanel, mapPanel),
    meta,
  );
  redraw();
}

/** The figures, then each later figure as a share of the first (e.g. later employed per recipient). */
function indicators(a: Analysis): { id: string; label: string }[] {
  const [base, ...rest] = a.figures;
  return [
    ...a.figures.map((f) => ({ id: f, label: label(f) })),
    ...(base
      ? rest
          .filter((f) => !isRate(f))
          .map((f) => ({ id: shareOf(f, base), label: `${label(f)} as a share of ${label(base).toLowerCase()}` }))
      : []),
  ];
}

/** The published figure an indicator is computed from. */
function sourceFigure(indicator: string, a: Analysis): string {
  return a.figures.find((f) => a.figures[0] && indicator === shareOf(f, a.figures[0])) ?? indicator;
}

/** The panel's table for an indicator: summed (or averaged) figures, or a share of sums. */
function tableOf(
  rows: Row[],
  keys: { name: string; value: (r: Row) => string | null }[],
  indicator: string,
  a: Analysis,
): Row[] {
  const figure = sourceFigure(indicator, a);
  return figure === indicator ? aggregate(rows, keys, indicator) : aggregateShare(rows, keys, figure, a.figures[0]!);
}

/** Says how many published cells behind the panel were suppressed, since totals leave them out. */
function suppressionNote(rows: Row[], figure: string): HTMLElement | null {
  const hidden = suppressedCount(rows, figure);
  if (hidden === 0) return null;
  return h(
    'p',
    { class: 'note' },
    `${hidden.toLocaleString('en-ZA')} of ${rows.length.toLocaleString('en-ZA')} published cells are suppressed (too few people) and are left out of the totals shown.`,
  );
}

type State = { filters: Filters; figure: string; level: string; chartTable: boolean; mapTable: boolean };

function panelHeader(id: string, title: string, tableOn: boolean, toggle: () => void, csv: () => void): HTMLElement {
  return h(
    'div',
    { class: 'row', style: 'justify-content: space-between' },
    h('h2', { id }, title),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        { type: 'button', class: 'secondary', 'aria-pressed': String(tableOn), onclick: toggle },
        tableOn ? 'Show chart' : 'Show table',
      ),
      h('button', { type: 'button', class: 'secondary', onclick: csv }, 'Download CSV'),
    ),
  );
}

function drawChart(panel: HTMLElement, d: DashboardData, a: Analysis, rows: Row[], s: State, redraw: () => void): void {
  // Years across the whole range; the months of one year once a year is chosen.
  const byYear = !s.filters.year;
  const x = a.time ? (a.month && !byYear ? 'month' : a.time) : (a.categories[0] ?? a.province ?? a.district ?? '');
  const seriesBy = a.time ? (a.categories[0] ?? null) : null;
  const keys = [
    {
      name: x,
      value: (r: Row) => (a.time ? timeOf(r, a, byYear) : r[x] === null || r[x] === undefined ? null : String(r[x])),
    },
  ];
  if (seriesBy) keys.push({ name: seriesBy, value: (r: Row) => (r[seriesBy] === null ? null : String(r[seriesBy])) });
  const table = tableOf(rows, keys, s.figure, a);
  // Periods or groups where every cell is suppressed carry nothing to draw; they stay listed in the table view.
  const xs = distinct(
    table.filter((r) => r[s.figure] !== null),
    x,
  );
  const series = seriesBy ? distinct(table, seriesBy) : [s.figure];
  const title = a.time ? `${label(s.figure)} over time` : `${label(s.figure)} by ${label(x).toLowerCase()}`;
  const columns = seriesBy ? [x, seriesBy, s.figure] : [x, s.figure];
  const chartEl = h('div', {
    class: 'chart',
    id: 'chart',
    role: 'img',
    'aria-label': `${title}; use “Show table” for the figures`,
    'data-fingerprint': fingerprint(table, s.figure),
  });
  mount(
    panel,
    panelHeader(
      'chart-title',
      title,
      s.chartTable,
      () => {
        s.chartTable = !s.chartTable;
        redraw();
      },
      () => download(`${d.id}-chart.csv`, columns, table),
    ),
    s.chartTable ? dataTable(columns, table, { caption: title }) : chartEl,
    suppressionNote(rows, sourceFigure(s.figure, a)),
  );
  if (s.chartTable) return;
  const value = (xv: string, sv: string) => {
    const row = table.find((r) => String(r[x]) === xv && (!seriesBy || String(r[seriesBy]) === sv));
    return (row?.[s.figure] as number | null | undefined) ?? null;
  };
  const chart = chartOn(chartEl);
  chart.setOption(
    {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 16, top: 60, bottom: 36 },
      xAxis: { type: 'category', data: xs },
      yAxis: { type: 'value', name: d.unit, nameGap: 14 },
      // Lines need a few points to read as a trend; one or two periods read better as bars.
      series: series.map((sv) => ({
        name: sv,
        type: a.time && xs.length > 2 ? 'line' : 'bar',
        showSymbol: true,
        connectNulls: false,
        data: xs.map((xv) => value(xv, sv)),
      })),
    },
    true,
  );
}

function drawMap(
  panel: HTMLElement,
  d: DashboardData,
  a: Analysis,
  rows: Row[],
  s: State,
  districtProvince: Record<string, string>,
  placeName: Record<string, string>,
  geo: GeoFile,
  redraw: () => void,
): void {
  if (!a.province && !a.district) {
    mount(
      panel,
      h('h2', { id: 'map-title' }, 'Map'),
      h('p', { class: 'muted' }, 'This dashboard has no province or district breakdown.'),
    );
    return;
  }
  const byDistrict = s.level === 'district' && !!a.district;
  const column = byDistrict ? 'district' : 'province';
  const table = tableOf(
    rows,
    [{ name: column, value: (r) => (byDistrict ? String(r[a.district!]) : provinceOf(r, a, districtProvince)) }],
    s.figure,
    a,
  ).map((r): Row => ({ ...r, name: placeName[String(r[column])] ?? String(r[column]) }));
  const values = table.map((r) => r[s.figure]).filter((v): v is number => typeof v === 'number');
  const title = `${label(s.figure)} by ${column}`;
  const mapEl = h('div', {
    class: 'map',
    id: 'map',
    role: 'img',
    'aria-label': `Map of ${title.toLowerCase()}; use “Show table” for the figures`,
    'data-fingerprint': fingerprint(table, s.figure),
  });
  mount(
    panel,
    panelHeader(
      'map-title',
      title,
      s.mapTable,
      () => {
        s.mapTable = !s.mapTable;
        redraw();
      },
      () => download(`${d.id}-map.csv`, [column, 'name', s.figure], table),
    ),
    a.district
      ? h(
          'div',
          { class: 'row' },
          select(
            'Map level',
            'map-level',
            [
              ['province', 'Provinces'],
              ['district', 'Districts'],
            ],
            s.level,
            (v) => {
              s.level = v;
              redraw();
            },
          ),
        )
      : null,
    s.mapTable ? dataTable([column, 'name', s.figure], table, { caption: title }) : mapEl,
    suppressionNote(rows, sourceFigure(s.figure, a)),
    h('p', { class: 'note' }, geo.note),
  );
  if (s.mapTable) return;
  const chart = chartOn(mapEl);
  chart.setOption(
    {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number }) =>
          `${placeName[p.name] ?? p.name}: ${Number.isFinite(p.value) ? p.value.toLocaleString('en-ZA') : 'suppressed / no data'}`,
      },
      visualMap: {
        min: values.length ? Math.min(...values) : 0,
        max: values.length ? Math.max(...values) : 1,
        calculable: false,
        left: 8,
        bottom: 8,
        text: values.length
          ? [Math.max(...values).toLocaleString('en-ZA'), Math.min(...values).toLocaleString('en-ZA')]
          : ['', ''],
        inRange: { color: ['#e0ecf4', '#8c96c6', '#6e016b'] },
      },
      series: [
        {
          type: 'map',
          map: byDistrict ? 'za-districts' : 'za-provinces',
          roam: false,
          aspectScale: 0.9,
          itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#f0f0f0' },
          emphasis: { label: { show: false } },
          data: table.map((r) => ({ name: String(r[column]), value: r[s.figure] })),
        },
      ],
    },
    true,
  );
}
