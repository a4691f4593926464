/** Project administration: members, dataset grants and access windows (read from the projects API). */
import { api, field, listOf } from '../api.ts';
import { dataTable, h, mount } from '../dom.ts';
import type { PageContext } from '../main.ts';

export async function renderProjects({ main }: PageContext): Promise<void> {
  const projects = listOf<Record<string, unknown>>(await api.get('/api/v1/projects'), 'projects');
  const details = await Promise.all(projects.map((p) => api.get<Record<string, unknown>>(`/api/v1/projects/${encodeURIComponent(String(field(p, 'id')))}`)));
  const today = new Date().toISOString().slice(0, 10);
  mount(main, h('h1', {}, 'Projects'),
    h('p', { class: 'muted' }, 'Who may see which data, for what purpose, and when. Create projects, add members and grant datasets with sdf project add or the projects API.'),
    details.length === 0 ? h('p', {}, 'No projects yet.') : details.map((p) => {
      const start = String(field(p, 'startsOn', 'starts_on', 'start') ?? '').slice(0, 10);
      const end = String(field(p, 'endsOn', 'ends_on', 'end') ?? '').slice(0, 10);
      const open = start <= today && today <= end;
      const members = listOf<Record<string, unknown>>(field(p, 'members') ?? []);
      const grants = listOf<Record<string, unknown>>(field(p, 'datasets', 'grants') ?? []).map((g) => (typeof g === 'string' ? { dataset: g } : g));
      return h('section', { class: 'card' },
        h('h2', {}, String(field(p, 'title') ?? field(p, 'id'))),
        h('p', {}, String(field(p, 'purpose') ?? '')),
        h('dl', { class: 'kv' },
          h('dt', {}, 'Access window'), h('dd', {}, `${start} to ${end} `, h('span', { class: `badge ${open ? 'v-pass' : 'v-fail'}` }, open ? 'open' : 'closed')),
          h('dt', {}, 'Legal basis'), h('dd', {}, String(field(p, 'legalBasis', 'legal_basis') ?? '—')),
          h('dt', {}, 'Two custodians'), h('dd', {}, field(p, 'requiresTwoCustodians', 'requires_two_custodians') ? 'required for every release' : 'one custodian decides'),
          h('dt', {}, 'Auto-release of passing outputs'), h('dd', {}, field(p, 'autoReleasePass', 'auto_release_pass') ? 'on' : 'off')),
        h('div', { class: 'grid2' },
          h('div', {}, h('h3', {}, `Members (${members.length})`), dataTable(['name', 'role'], members.map((m) => ({ name: field(m, 'name'), role: field(m, 'role') })), { caption: 'Project members' })),
          h('div', {}, h('h3', {}, `Dataset grants (${grants.length})`), dataTable(['dataset', 'granted by', 'reason', 'granted'], grants.map((g) => ({
            dataset: field(g, 'datasetId', 'dataset_id', 'dataset', 'id'), 'granted by': field(g, 'grantedByName', 'granted_by_name', 'grantedBy', 'granted_by'),
            reason: field(g, 'reason'), granted: String(field(g, 'grantedAt', 'granted_at') ?? '').slice(0, 10),
          })), { caption: 'Datasets granted to the project' }))));
    }));
}
