/** Sign-in: paste the API token once; the server answers with an HttpOnly session cookie and a CSRF token. */
import { api, type SessionInfo } from '../api.ts';
import { errorBox, h, mount } from '../dom.ts';

export function renderSignIn(main: HTMLElement, onSignedIn: (info: SessionInfo) => Promise<void>): void {
  const status = h('div', { 'aria-live': 'polite' });
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    'aria-describedby': 'token-help',
  });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        mount(status);
        try {
          const info = await api.post<SessionInfo>('/ui/session', { token: input.value });
          input.value = '';
          await onSignedIn(info);
        } catch (error) {
          mount(status, errorBox(error));
        }
      },
    },
    h('label', { for: 'token' }, 'API token', input),
    h(
      'p',
      { id: 'token-help', class: 'note' },
      'Your token was printed once when your account was created (sdf user add), or is in demo.json for the demo. It is exchanged for a session cookie and not kept by the browser.',
    ),
    h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'),
    status,
  );
  mount(main, h('section', { class: 'signin' }, h('h1', {}, 'Sign in'), form));
  input.focus();
}
