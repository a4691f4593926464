/** Project administration: members, dataset grants and access windows (read from the projects API). */
import type { ApiDatasetList, ApiProject, ApiProjectList } from '../../../enclave-api/index.ts';
import { api, peopleNames } from '../api.ts';
import { dataTable, errorBox, h, mount, toast } from '../dom.ts';
import type { PageContext } from '../main.ts';

export async function renderProjects(ctx: PageContext): Promise<void> {
  const { main, session } = ctx;
  const admin = session.user.role === 'custodian' || session.user.role === 'admin';
  const names = admin ? await peopleNames() : {};
  const datasetIds = admin ? (await api.get<ApiDatasetList>('/api/v1/datasets')).datasets.map((d) => d.id) : [];
  const { projects } = await api.get<ApiProjectList>('/api/v1/projects');
  const details = await Promise.all(
    projects.map((p) => api.get<ApiProject>(`/api/v1/projects/${encodeURIComponent(p.id)}`)),
  );
  const today = new Date().toISOString().slice(0, 10);
  mount(
    main,
    h('h1', {}, 'Projects'),
    h('p', { class: 'muted' }, 'Who may see which data, for what purpose, and when.'),
    admin ? h('p', {}, h('a', { href: '#/projects/new', id: 'new-project-link' }, 'New project')) : null,
    details.length === 0
      ? h('p', {}, 'No projects yet.')
      : details.map((p) => {
          const start = p.startsOn.slice(0, 10);
          const end = p.endsOn.slice(0, 10);
          const open = start <= today && today <= end;
          return h(
            'section',
            { class: 'card' },
            h('h2', {}, h('a', { href: admin ? `#/projects/${p.id}` : `#/workbench/${p.id}` }, p.title)),
            h('p', {}, p.purpose),
            h(
              'dl',
              { class: 'kv' },
              h('dt', {}, 'Access window'),
              h(
                'dd',
                {},
                `${start} to ${end} `,
                h('span', { class: `badge ${open ? 'v-pass' : 'v-fail'}` }, open ? 'open' : 'closed'),
              ),
              h('dt', {}, 'Legal basis'),
              h('dd', {}, p.legalBasis || '—'),
              h('dt', {}, 'Two custodians'),
              h('dd', {}, p.requiresTwoCustodians ? 'required for every release' : 'one custodian decides'),
              h('dt', {}, 'Auto-release of passing outputs'),
              h('dd', {}, p.autoReleasePass ? 'on' : 'off'),
            ),
            h(
              'div',
              { class: 'grid2' },
              h(
                'div',
                {},
                h('h3', {}, `Members (${p.members.length})`),
                dataTable(
                  ['name', 'role'],
                  p.members.map((m) => ({ name: m.name, role: m.role })),
                  { caption: 'Project members' },
                ),
              ),
              h(
                'div',
                {},
                h('h3', {}, `Dataset grants (${p.datasets.length})`),
                dataTable(
                  ['dataset', 'granted by', 'reason', 'granted'],
                  p.datasets.map((g) => ({
                    dataset: g.id,
                    'granted by': (g.grantedBy && names[g.grantedBy]) ?? g.grantedBy,
                    reason: g.reason,
                    granted: g.grantedAt.slice(0, 10),
                  })),
                  { caption: 'Datasets granted to the project' },
                ),
              ),
            ),
            admin
              ? adminForms(
                  ctx,
                  p.id,
                  names,
                  p.members.map((m) => m.id),
                  datasetIds,
                )
              : null,
          );
        }),
  );
}

/** Add a member or grant a dataset (custodians and admins); each change is audited by the API. */
function adminForms(
  ctx: PageContext,
  projectId: string,
  names: Record<string, string>,
  memberIds: string[],
  datasetIds: string[],
): HTMLElement {
  const out = h('div', { 'aria-live': 'polite' });
  const after = async (what: string) => {
    toast(what);
    await renderProjects(ctx);
  };
  const person = h(
    'select',
    { id: `member-${projectId}` },
    ...Object.entries(names)
      .filter(([id]) => !memberIds.includes(id))
      .map(([id, n]) => h('option', { value: id }, n)),
  );
  const dataset = h('select', { id: `dataset-${projectId}` }, ...datasetIds.map((d) => h('option', { value: d }, d)));
  const reason = h('input', { id: `reason-${projectId}`, required: true, size: 40 });
  const submit = (fn: () => Promise<void>) => async (e: Event) => {
    e.preventDefault();
    try {
      await fn();
    } catch (error) {
      mount(out, errorBox(error));
    }
  };
  return h(
    'div',
    { class: 'row', style: 'margin-top: 10px' },
    h(
      'form',
      {
        class: 'row',
        onsubmit: submit(async () => {
          await api.post(`/api/v1/projects/${projectId}/members`, { userId: person.value });
          await after('Member added');
        }),
      },
      h('label', { for: `member-${projectId}` }, 'Add member', person),
      h('button', { type: 'submit' }, 'Add'),
    ),
    h(
      'form',
      {
        class: 'row',
        onsubmit: submit(async () => {
          await api.post(`/api/v1/projects/${projectId}/grants`, { dataset: dataset.value, reason: reason.value });
          await after('Dataset granted');
        }),
      },
      h('label', { for: `dataset-${projectId}` }, 'Grant dataset', dataset),
      h('label', { for: `reason-${projectId}` }, 'Reason', reason),
      h('button', { type: 'submit' }, 'Grant'),
    ),
    out,
  );
}
