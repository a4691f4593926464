/** Client entry: session bootstrap, role-aware navigation and a small hash router. */
import { api, ApiError, setCsrf, type SessionInfo } from './api.ts';
import { errorBox, h, mount } from './dom.ts';
import { renderSignIn } from './pages/signin.ts';
import { renderDashboards } from './pages/dashboards.ts';
import { renderReviewQueue } from './pages/review-queue.ts';
import { renderReviewRequest } from './pages/review-request.ts';
import { renderProjects } from './pages/projects.ts';
import { renderAudit } from './pages/audit.ts';
import { renderAccess } from './pages/access.ts';
import { renderCatalog, renderDataset } from './pages/catalog.ts';
import { renderWorkbench } from './pages/workbench.ts';
import { renderMyRequests } from './pages/my-requests.ts';
import { renderManageProject, renderNewProject } from './pages/project-admin.ts';
import { startNotifications, stopNotifications } from './notifications.ts';

type Role = SessionInfo['user']['role'];
export interface PageContext {
  main: HTMLElement;
  session: SessionInfo;
  params: string[];
}
type Page = (ctx: PageContext) => Promise<void> | void;

interface Route {
  pattern: RegExp;
  title: string;
  page: Page;
  roles: readonly Role[];
  nav?: string;
  /** An old address kept for links stored elsewhere (notifications): the page it now is, from the match's groups. */
  movedTo?: (params: string[]) => string;
}

const none: Page = () => undefined;

const ALL: readonly Role[] = ['researcher', 'custodian', 'policymaker', 'admin'];
const ROUTES: Route[] = [
  {
    pattern: /^dashboards$/,
    title: 'Dashboards',
    page: renderDashboards,
    roles: ['policymaker', 'custodian', 'admin'],
    nav: 'Dashboards',
  },
  {
    pattern: /^review$/,
    title: 'Review queue',
    page: renderReviewQueue,
    roles: ['custodian', 'admin'],
    nav: 'Review queue',
  },
  { pattern: /^review\/([\w-]+)$/, title: 'Release request', page: renderReviewRequest, roles: ['custodian', 'admin'] },
  {
    pattern: /^projects$/,
    title: 'Projects',
    page: renderProjects,
    roles: ['custodian', 'admin', 'researcher'],
    nav: 'Projects',
  },
  { pattern: /^projects\/new$/, title: 'New project', page: renderNewProject, roles: ['custodian', 'admin'] },
  {
    pattern: /^projects\/([\w-]+)$/,
    title: 'Manage project',
    page: renderManageProject,
    roles: ['custodian', 'admin'],
  },
  { pattern: /^audit$/, title: 'Audit log', page: renderAudit, roles: ['custodian', 'admin'], nav: 'Audit log' },
  {
    pattern: /^access$/,
    title: 'Access patterns',
    page: renderAccess,
    roles: ['custodian', 'admin'],
    nav: 'Access patterns',
  },
  { pattern: /^catalog$/, title: 'Catalog', page: renderCatalog, roles: ALL, nav: 'Catalog' },
  { pattern: /^catalog\/([\w-]+)$/, title: 'Dataset', page: renderDataset, roles: ALL },
  { pattern: /^workbench$/, title: 'Workbench', page: renderWorkbench, roles: ['researcher'], nav: 'Workbench' },
  { pattern: /^workbench\/([\w-]+)$/, title: 'Workbench', page: renderWorkbench, roles: ['researcher'] },
  // The SQL editor was a page of its own before it became the workbench; notifications stored then link here.
  {
    pattern: /^editor(?:\/([\w-]+))?$/,
    title: 'Workbench',
    page: none,
    roles: ['researcher'],
    movedTo: ([id]) => (id ? `workbench/${id}` : 'workbench'),
  },
  {
    pattern: /^requests$/,
    title: 'My release requests',
    page: renderMyRequests,
    roles: ['researcher'],
    nav: 'My requests',
  },
];

/** Where each role lands after signing in. */
const HOME: Record<Role, string> = {
  policymaker: 'dashboards',
  custodian: 'review',
  admin: 'projects',
  researcher: 'workbench',
};

let session: SessionInfo | null = null;

async function loadSession(): Promise<void> {
  const info = await api.get<SessionInfo | { user: null }>('/ui/session');
  session = info.user ? (info as SessionInfo) : null;
  setCsrf(session?.csrf ?? '');
}

function renderChrome(current: string): void {
  const nav = document.getElementById('nav')!;
  const who = document.getElementById('who')!;
  const bell = document.getElementById('notifications')!;
  if (!session) {
    mount(nav);
    mount(who);
    stopNotifications(bell);
    return;
  }
  startNotifications(bell);
  const role = session.user.role;
  mount(
    nav,
    ...ROUTES.filter((r) => r.nav && r.roles.includes(role)).map((r) => {
      const path = r.pattern.source.replace(/^\^|\$$/g, '');
      return h('a', { href: `#/${path}`, 'aria-current': current.split('/')[0] === path ? 'page' : undefined }, r.nav!);
    }),
  );
  mount(
    who,
    h('span', {}, `${session.user.name} · ${role}`),
    h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out'),
  );
}

async function signOut(): Promise<void> {
  await api.post('/ui/session/end');
  session = null;
  setCsrf('');
  location.hash = '#/signin';
}

async function route(): Promise<void> {
  const main = document.getElementById('main')!;
  const path = location.hash.replace(/^#\/?/, '');
  delete main.dataset.ready;
  if (!session || path === 'signin') {
    if (session && path === 'signin') {
      location.hash = `#/${HOME[session.user.role]}`;
      return;
    }
    renderChrome('');
    document.title = 'Sign in · Secure Data Facility';
    main.dataset.ready = 'signin';
    renderSignIn(main, async (info) => {
      session = info;
      setCsrf(info.csrf);
      location.hash = `#/${HOME[info.user.role]}`;
      if (path === HOME[info.user.role]) await route();
    });
    return;
  }
  const found = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find(
    (x) => x.m && x.r.roles.includes(session!.user.role),
  );
  if (!found) {
    location.hash = `#/${HOME[session.user.role]}`;
    return;
  }
  if (found.r.movedTo) {
    location.replace(`#/${found.r.movedTo(found.m!.slice(1))}`);
    return;
  }
  renderChrome(path);
  document.title = `${found.r.title} · Secure Data Facility`;
  mount(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    await found.r.page({ main, session, params: found.m!.slice(1) });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session = null;
      location.hash = '#/signin';
      return;
    }
    mount(main, h('h1', {}, found.r.title), errorBox(error));
  }
  main.dataset.ready = path;
  // Keyboard and screen-reader users start on the new page's content, not where the old page left focus.
  if (!main.contains(document.activeElement) || document.activeElement === document.body)
    main.focus({ preventScroll: true });
}

async function start(): Promise<void> {
  await loadSession();
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
