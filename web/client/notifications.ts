/**
 * The notifications badge and list in the shell's header: the unread count on a button that opens the list; a
 * line links to what it is about and is marked read when followed. Refreshed on every page change and each
 * half-minute while signed in.
 */
import type { ApiNotification, ApiNotificationList } from '../../enclave-api/index.ts';
import { api } from './api.ts';
import { h, mount } from './dom.ts';

let timer: ReturnType<typeof setInterval> | null = null;

function item(n: ApiNotification, close: () => void): HTMLElement {
  const follow = async (e: Event) => {
    e.preventDefault();
    if (!n.readAt) await api.post(`/api/v1/notifications/${encodeURIComponent(n.id)}/read`).catch(() => undefined);
    close();
    location.hash = n.link;
  };
  return h(
    'li',
    { class: n.readAt ? 'read' : 'unread', 'data-kind': n.kind },
    h(
      'a',
      { href: n.link, onclick: follow },
      n.readAt ? '' : h('span', { class: 'visually-hidden' }, 'Unread: '),
      n.title,
    ),
    h('span', { class: 'muted' }, ` · ${new Date(n.createdAt).toLocaleString('en-ZA')}`),
  );
}

/** Renders the badge (and the list, when open) into `el`. */
export async function renderNotifications(el: HTMLElement): Promise<void> {
  let list: ApiNotificationList;
  try {
    list = await api.get<ApiNotificationList>('/api/v1/notifications');
  } catch {
    return;
  }
  const panel = h(
    'div',
    { id: 'notifications-panel', class: 'notifications-panel', hidden: true },
    h('h2', { class: 'visually-hidden' }, 'Notifications'),
    list.notifications.length === 0
      ? h('p', { class: 'muted' }, 'Nothing yet.')
      : h(
          'ul',
          { id: 'notifications-list' },
          ...list.notifications.slice(0, 20).map((n) =>
            item(n, () => {
              panel.hidden = true;
              button.setAttribute('aria-expanded', 'false');
            }),
          ),
        ),
  );
  const button = h(
    'button',
    {
      type: 'button',
      id: 'notifications-button',
      class: 'secondary',
      'aria-expanded': 'false',
      'aria-controls': 'notifications-panel',
      onclick: () => {
        panel.hidden = !panel.hidden;
        button.setAttribute('aria-expanded', String(!panel.hidden));
      },
    },
    'Notifications ',
    h('span', { class: list.unread ? 'badge v-review' : 'badge', id: 'notifications-unread' }, String(list.unread)),
    h('span', { class: 'visually-hidden' }, ' unread'),
  );
  mount(el, button, panel);
}

/** Starts (or restarts) the refresh for a signed-in session; `stopNotifications` ends it. */
export function startNotifications(el: HTMLElement): void {
  void renderNotifications(el);
  timer ??= setInterval(() => {
    if (document.getElementById('notifications-panel')?.hidden !== false) void renderNotifications(el);
  }, 30_000);
}

export function stopNotifications(el: HTMLElement): void {
  if (timer) clearInterval(timer);
  timer = null;
  mount(el);
}
