/**
 * Custodians' project administration in the browser: create a project (`#/projects/new`) and manage one
 * (`#/projects/<id>`): add and remove members, grant and revoke datasets, extend or close the access window,
 * approve a colleague's pending policy change, and read the project's history. Every change goes through the API,
 * which applies its rules (a loosening waits for a second custodian, no custodian as a member) and audits it.
 */
import type {
  ApiAccessWindow,
  ApiDatasetList,
  ApiPolicyChangeList,
  ApiProject,
  ApiProjectCreated,
  ApiProjectHistory,
} from '../../../enclave-api/index.ts';
import { api, peopleNames } from '../api.ts';
import { dataTable, errorBox, h, mount, toast } from '../dom.ts';
import type { PageContext } from '../main.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A submit handler that shows the API's refusal in `out` instead of throwing. */
const guarded = (out: HTMLElement, work: () => Promise<void>) => async (e: Event) => {
  e.preventDefault();
  try {
    mount(out);
    await work();
  } catch (error) {
    mount(out, errorBox(error));
  }
};

const field = (id: string, label: string, control: HTMLElement): HTMLElement[] => [
  h('label', { for: id }, label),
  control,
];

export async function renderNewProject({ main }: PageContext): Promise<void> {
  const [names, datasets] = await Promise.all([peopleNames(), api.get<ApiDatasetList>('/api/v1/datasets')]);
  const out = h('div', { 'aria-live': 'polite' });
  const input = (id: string, value = '', type = 'text') => h('input', { id, type, value, required: true });
  const title = input('np-title');
  const purpose = h('textarea', { id: 'np-purpose', rows: 2, required: true });
  const legal = input('np-legal', 'POPIA section 15 (research)');
  const starts = input('np-starts', day(0), 'date');
  const ends = input('np-ends', day(365), 'date');
  const reason = input('np-reason', 'needed for the stated purpose');
  const two = h('input', { id: 'np-two', type: 'checkbox', checked: true });
  const profile = h('textarea', { id: 'np-profile', rows: 2, placeholder: '{ "threshold": 15 }' });
  const datasetBoxes = datasets.datasets.map((d) => h('input', { type: 'checkbox', id: `np-ds-${d.id}`, value: d.id }));
  const peopleBoxes = Object.entries(names).map(([id]) =>
    h('input', { type: 'checkbox', id: `np-member-${id}`, value: id }),
  );
  const create = async () => {
    const overrides = profile.value.trim() ? (JSON.parse(profile.value) as Record<string, unknown>) : {};
    const created = await api.post<ApiProjectCreated>('/api/v1/projects', {
      title: title.value,
      purpose: purpose.value,
      legalBasis: legal.value,
      startsOn: starts.value,
      endsOn: ends.value,
      requiresTwoCustodians: two.checked,
      disclosureOverrides: overrides,
      datasets: datasetBoxes.filter((b) => b.checked).map((b) => ({ id: b.value, reason: reason.value })),
      members: peopleBoxes.filter((b) => b.checked).map((b) => b.value),
    });
    toast(
      created.pendingPolicyChange
        ? 'Project created; the looser policy waits for a second custodian'
        : 'Project created',
    );
    location.hash = `#/projects/${created.id}`;
  };
  mount(
    main,
    h('h1', {}, 'New project'),
    h(
      'form',
      { class: 'card', id: 'new-project', onsubmit: guarded(out, create) },
      h(
        'div',
        { class: 'form-grid' },
        ...field('np-title', 'Title', title),
        ...field('np-purpose', 'Purpose', purpose),
        ...field('np-legal', 'Legal basis', legal),
        ...field('np-starts', 'Access from', starts),
        ...field('np-ends', 'Access until (inclusive)', ends),
        ...field('np-two', 'Two custodians decide each release', two),
        ...field(
          'np-profile',
          'Disclosure profile overrides (JSON, optional; only stricter than the defaults applies at once)',
          profile,
        ),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Datasets to grant'),
        ...datasets.datasets.map((d, i) =>
          h('label', { for: `np-ds-${d.id}`, class: 'check' }, datasetBoxes[i]!, ` ${d.title} (${d.id})`),
        ),
        h('div', { class: 'form-grid' }, ...field('np-reason', 'Reason for the grants', reason)),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Members (researchers; custodians and admins cannot be members)'),
        ...Object.entries(names).map(([id, name], i) =>
          h('label', { for: `np-member-${id}`, class: 'check' }, peopleBoxes[i]!, ` ${name}`),
        ),
      ),
      h('button', { type: 'submit', id: 'np-create' }, 'Create project'),
      out,
    ),
  );
}

export async function renderManageProject(ctx: PageContext): Promise<void> {
  const { main, params } = ctx;
  const id = params[0]!;
  const [project, names, datasets, changes, history] = await Promise.all([
    api.get<ApiProject>(`/api/v1/projects/${encodeURIComponent(id)}`),
    peopleNames(),
    api.get<ApiDatasetList>('/api/v1/datasets'),
    api.get<ApiPolicyChangeList>(`/api/v1/projects/${encodeURIComponent(id)}/policy-changes`),
    api.get<ApiProjectHistory>(`/api/v1/projects/${encodeURIComponent(id)}/history`),
  ]);
  const out = h('div', { 'aria-live': 'polite', id: 'manage-status' });
  const base = `/api/v1/projects/${encodeURIComponent(id)}`;
  const reload = async (what: string) => {
    toast(what);
    await renderManageProject(ctx);
  };
  const reason = h('input', { id: 'mp-reason', type: 'text', size: 50, value: '' });
  const needReason = () => {
    if (!reason.value.trim()) throw new Error('Give a reason for the change (it goes into the audit log)');
    return reason.value.trim();
  };
  const action = (label: string, aria: string, work: () => Promise<void>) =>
    h('button', { type: 'button', class: 'secondary', 'aria-label': aria, onclick: guarded(out, work) }, label);

  const memberIds = project.members.map((m) => m.id);
  const person = h(
    'select',
    { id: 'mp-member' },
    ...Object.entries(names)
      .filter(([uid]) => !memberIds.includes(uid))
      .map(([uid, n]) => h('option', { value: uid }, n)),
  );
  const granted = project.datasets.map((d) => d.id);
  const dataset = h(
    'select',
    { id: 'mp-dataset' },
    ...datasets.datasets.filter((d) => !granted.includes(d.id)).map((d) => h('option', { value: d.id }, d.id)),
  );
  const endsOn = h('input', { id: 'mp-ends', type: 'date', value: project.endsOn });
  const today = day(0);
  const open = project.startsOn <= today && today <= project.endsOn;

  mount(
    main,
    h('h1', {}, project.title),
    h('p', {}, h('a', { href: '#/projects' }, '← All projects')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'mp-about' },
      h('h2', { id: 'mp-about' }, 'About'),
      h('p', {}, project.purpose),
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, 'Legal basis'),
        h('dd', {}, project.legalBasis),
        h('dt', {}, 'Access window'),
        h(
          'dd',
          { id: 'mp-window' },
          `${project.startsOn} to ${project.endsOn} `,
          h('span', { class: `badge ${open ? 'v-pass' : 'v-fail'}` }, open ? 'open' : 'closed'),
        ),
        h('dt', {}, 'Releases'),
        h(
          'dd',
          {},
          project.requiresTwoCustodians ? 'two custodians decide' : 'one custodian decides',
          project.autoReleasePass ? '; passing outputs release automatically' : '',
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'mp-changes' },
      h('h2', { id: 'mp-changes' }, 'Make a change'),
      h(
        'div',
        { class: 'form-grid' },
        ...field('mp-reason', 'Reason (recorded with removals, revocations and window changes)', reason),
      ),
      h(
        'div',
        { class: 'grid2' },
        h(
          'div',
          {},
          h('h3', {}, `Members (${project.members.length})`),
          h(
            'ul',
            { id: 'mp-members' },
            ...project.members.map((m) =>
              h(
                'li',
                {},
                `${m.name} (${m.role}) `,
                action('Remove', `Remove ${m.name}`, async () => {
                  await api.post(`${base}/members/${m.id}/remove`, { reason: needReason() });
                  await reload('Member removed');
                }),
              ),
            ),
          ),
          h(
            'form',
            {
              class: 'row',
              onsubmit: guarded(out, async () => {
                await api.post(`${base}/members`, { userId: person.value });
                await reload('Member added');
              }),
            },
            h('label', { for: 'mp-member' }, 'Add member', person),
            h('button', { type: 'submit', id: 'mp-add-member' }, 'Add'),
          ),
        ),
        h(
          'div',
          {},
          h('h3', {}, `Datasets (${project.datasets.length})`),
          h(
            'ul',
            { id: 'mp-datasets' },
            ...project.datasets.map((d) =>
              h(
                'li',
                {},
                h('code', {}, d.id),
                ` — ${d.reason} `,
                action('Revoke', `Revoke ${d.id}`, async () => {
                  await api.post(`${base}/grants/${d.id}/revoke`, { reason: needReason() });
                  await reload('Grant revoked');
                }),
              ),
            ),
          ),
          h(
            'form',
            {
              class: 'row',
              onsubmit: guarded(out, async () => {
                await api.post(`${base}/grants`, { dataset: dataset.value, reason: needReason() });
                await reload('Dataset granted');
              }),
            },
            h('label', { for: 'mp-dataset' }, 'Grant dataset', dataset),
            h('button', { type: 'submit', id: 'mp-grant' }, 'Grant'),
          ),
        ),
      ),
      h('h3', {}, 'Access window'),
      h(
        'form',
        {
          class: 'row',
          onsubmit: guarded(out, async () => {
            const w = await api.post<ApiAccessWindow>(`${base}/access-window`, {
              endsOn: endsOn.value,
              reason: needReason(),
            });
            await reload(`Access until ${w.endsOn}`);
          }),
        },
        h('label', { for: 'mp-ends' }, 'Access until', endsOn),
        h('button', { type: 'submit', id: 'mp-extend' }, 'Change end date'),
        action('Close now', 'Close now: end the access window', async () => {
          await api.post(`${base}/access-window`, { close: true, reason: needReason() });
          await reload('Access window closed');
        }),
      ),
      out,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'mp-policy' },
      h('h2', { id: 'mp-policy' }, 'Policy changes waiting for a second custodian'),
      changes.changes.filter((c) => c.status === 'pending').length === 0
        ? h('p', { class: 'muted' }, 'None.')
        : h(
            'ul',
            {},
            ...changes.changes
              .filter((c) => c.status === 'pending')
              .map((c) =>
                h(
                  'li',
                  {},
                  `${c.loosens.join(', ')} — proposed by ${names[c.proposedBy] ?? c.proposedBy} `,
                  action('Approve', `Approve the change to ${c.loosens.join(', ')}`, async () => {
                    await api.post(`${base}/policy-changes/${c.id}/approve`);
                    await reload('Policy change approved');
                  }),
                ),
              ),
          ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'mp-history' },
      h('h2', { id: 'mp-history' }, 'History'),
      dataTable(
        ['when', 'who', 'what', 'details'],
        history.entries.map((e) => ({
          when: e.at.slice(0, 19).replace('T', ' '),
          who: e.actorName ?? 'system',
          what: e.action,
          details: [
            e.details.reason,
            e.details.userId ? (names[String(e.details.userId)] ?? e.details.userId) : null,
            Array.isArray(e.details.datasets) ? e.details.datasets.join(', ') : null,
          ]
            .filter(Boolean)
            .join(' · '),
        })),
        { caption: 'Audited events of this project, newest first' },
      ),
    ),
  );
}
