/** The catalog: datasets, variables with value labels, versions with provenance, DCAT and DDI downloads. */
import { api, field, listOf } from '../api.ts';
import { dataTable, h, mount } from '../dom.ts';
import type { PageContext } from '../main.ts';

export async function renderCatalog({ main }: PageContext): Promise<void> {
  const datasets = listOf<Record<string, unknown>>(await api.get('/api/v1/datasets'), 'datasets');
  mount(main, h('h1', {}, 'Data catalog'),
    h('p', { class: 'muted' }, 'Anonymised releases you can query in the workbench. Each has a synthetic twin with the same columns for trying queries instantly.'),
    datasets.length === 0 ? h('p', {}, 'No datasets are published yet.') :
      h('div', { class: 'grid3' }, ...datasets.map((d) => {
        const id = String(field(d, 'id'));
        const current = field<Record<string, unknown>>(d, 'currentVersion', 'current_version');
        return h('article', { class: 'card' },
          h('h2', {}, h('a', { href: `#/catalog/${id}` }, String(field(d, 'title') ?? id))),
          h('p', {}, String(field(d, 'description') ?? '')),
          h('p', { class: 'note' }, `Dataset ${id}`, current ? ` · version ${field(current, 'version') ?? ''} · k = ${field(current, 'k') ?? '—'}` : '',
            field(d, 'rowCount', 'row_count', 'rows') !== undefined ? ` · ${Number(field(d, 'rowCount', 'row_count', 'rows')).toLocaleString('en-ZA')} rows` : ''));
      })));
}

export async function renderDataset({ main, params }: PageContext): Promise<void> {
  const id = params[0]!;
  const d = await api.get<Record<string, unknown>>(`/api/v1/datasets/${encodeURIComponent(id)}`);
  const variables = listOf<Record<string, unknown>>(field(d, 'variables') ?? []);
  const versions = listOf<Record<string, unknown>>(field(d, 'versions') ?? []);
  const current = field<Record<string, unknown>>(d, 'currentVersion', 'current_version');
  const study = field<Record<string, unknown>>(d, 'study') ?? {};
  const labels = (v: Record<string, unknown>) => {
    const vl = field<unknown>(v, 'valueLabels', 'value_labels');
    if (!vl) return '';
    const pairs = Array.isArray(vl) ? vl.map((x) => [field(x, 'value', 'code'), field(x, 'label')]) : Object.entries(vl as object);
    return pairs.slice(0, 12).map(([k, l]) => `${k} = ${l}`).join('; ') + (pairs.length > 12 ? ` … (${pairs.length})` : '');
  };
  mount(main, h('p', {}, h('a', { href: '#/catalog' }, '← All datasets')),
    h('h1', {}, String(field(d, 'title') ?? id)),
    h('p', {}, String(field(d, 'description') ?? '')),
    h('div', { class: 'card row' },
      h('a', { class: 'button secondary', href: `/api/v1/datasets/${encodeURIComponent(id)}/dcat`, download: `${id}.dcat.jsonld` }, 'Download DCAT-AP (JSON-LD)'),
      h('a', { class: 'button secondary', href: `/api/v1/datasets/${encodeURIComponent(id)}/ddi`, download: `${id}.ddi.xml` }, 'Download DDI Codebook (XML)')),
    Object.keys(study).length ? h('details', { class: 'card' }, h('summary', {}, 'Study description'),
      h('dl', { class: 'kv' }, ...Object.entries(study).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'string' ? v : JSON.stringify(v))]))) : null,
    current ? h('p', { class: 'note' }, `Current version ${field(current, 'version') ?? ''}: k-anonymous to k = ${field(current, 'k') ?? '—'}.`) : null,
    h('section', { class: 'card' }, h('h2', {}, 'Variables'),
      dataTable(['name', 'label', 'type', 'role', 'value labels', 'anonymisation'], variables.map((v) => ({
        name: field(v, 'name'), label: field(v, 'label'), type: field(v, 'type'), role: field(v, 'role'),
        'value labels': labels(v), anonymisation: (() => { const a = field<unknown>(v, 'anonymisation'); return a === undefined ? '' : typeof a === 'string' ? a : JSON.stringify(a); })(),
      })), { caption: `Variables of ${id}` })),
    h('section', { class: 'card' }, h('h2', {}, 'Versions'),
      dataTable(['version', 'kind', 'released', 'rows', 'k', 'files'], versions.map((v) => ({
        version: field(v, 'version'), kind: field(v, 'kind'), released: String(field(v, 'releasedAt', 'released_at') ?? '').slice(0, 19).replace('T', ' '),
        rows: field(v, 'rowCount', 'row_count'), k: field(v, 'k'),
        files: listOf<Record<string, unknown>>(field(v, 'files') ?? []).map((f) => String(field(f, 'name'))).join(', '),
      })), { caption: 'Published versions' })));
}
