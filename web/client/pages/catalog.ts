/** The catalog: datasets, variables with value labels, versions with provenance, DCAT and DDI downloads. */
import type { ApiDatasetList, ApiDatasetRecord } from '../../../enclave-api/index.ts';
import { api } from '../api.ts';
import { dataTable, h, mount } from '../dom.ts';
import type { PageContext } from '../main.ts';

export async function renderCatalog({ main }: PageContext): Promise<void> {
  const { datasets } = await api.get<ApiDatasetList>('/api/v1/datasets');
  mount(
    main,
    h('h1', {}, 'Data catalog'),
    h(
      'p',
      { class: 'muted' },
      'Anonymised releases you can query in the workbench. Each has a synthetic twin with the same columns for trying queries instantly.',
    ),
    datasets.length === 0
      ? h('p', {}, 'No datasets are published yet.')
      : h(
          'div',
          { class: 'grid3' },
          ...datasets.map((d) => {
            const current = d.currentVersion;
            return h(
              'article',
              { class: 'card' },
              h('h2', {}, h('a', { href: `#/catalog/${d.id}` }, d.title)),
              h('p', {}, d.description),
              h(
                'p',
                { class: 'note' },
                `Dataset ${d.id}`,
                current
                  ? ` · version ${current.version} · k = ${current.k ?? '—'} · ${current.rowCount.toLocaleString('en-ZA')} rows`
                  : '',
              ),
            );
          }),
        ),
  );
}

export async function renderDataset({ main, params }: PageContext): Promise<void> {
  const id = params[0]!;
  const d = await api.get<ApiDatasetRecord>(`/api/v1/datasets/${encodeURIComponent(id)}`);
  const current = d.currentVersion;
  const labels = (valueLabels: Record<string, string> | undefined) => {
    const pairs = Object.entries(valueLabels ?? {});
    return (
      pairs
        .slice(0, 12)
        .map(([k, l]) => `${k} = ${l}`)
        .join('; ') + (pairs.length > 12 ? ` … (${pairs.length})` : '')
    );
  };
  mount(
    main,
    h('p', {}, h('a', { href: '#/catalog' }, '← All datasets')),
    h('h1', {}, d.title),
    h('p', {}, d.description),
    h(
      'div',
      { class: 'card row' },
      h(
        'a',
        {
          class: 'button secondary',
          href: `/api/v1/datasets/${encodeURIComponent(id)}/dcat`,
          download: `${id}.dcat.jsonld`,
        },
        'Download DCAT-AP (JSON-LD)',
      ),
      h(
        'a',
        {
          class: 'button secondary',
          href: `/api/v1/datasets/${encodeURIComponent(id)}/ddi`,
          download: `${id}.ddi.xml`,
        },
        'Download DDI Codebook (XML)',
      ),
    ),
    Object.keys(d.study).length
      ? h(
          'details',
          { class: 'card' },
          h('summary', {}, 'Study description'),
          h(
            'dl',
            { class: 'kv' },
            ...Object.entries(d.study).flatMap(([k, v]) => [
              h('dt', {}, k),
              h('dd', {}, typeof v === 'string' ? v : JSON.stringify(v)),
            ]),
          ),
        )
      : null,
    current
      ? h('p', { class: 'note' }, `Current version ${current.version}: k-anonymous to k = ${current.k ?? '—'}.`)
      : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Variables'),
      dataTable(
        ['name', 'label', 'type', 'role', 'value labels', 'anonymisation'],
        d.variables.map((v) => ({
          name: v.name,
          label: v.label,
          type: v.type,
          role: v.role,
          'value labels': labels(v.valueLabels),
          anonymisation: v.anonymisation ?? '',
        })),
        { caption: `Variables of ${id}` },
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Versions'),
      dataTable(
        ['version', 'kind', 'released', 'rows', 'k', 'files'],
        d.versions.map((v) => ({
          version: v.version,
          kind: v.kind,
          released: v.releasedAt.slice(0, 19).replace('T', ' '),
          rows: v.rowCount,
          k: v.k,
          files: v.files.map((f) => f.name).join(', '),
        })),
        { caption: 'Published versions' },
      ),
    ),
  );
}
