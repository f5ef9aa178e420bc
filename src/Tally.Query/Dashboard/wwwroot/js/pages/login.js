import { api } from '../api.js';
import { h } from '../dom.js';
import { signIn, signOut } from '../session.js';

export function render(view) {
  const token = h('input', {
    type: 'password', id: 'token', name: 'token', required: true, autocomplete: 'off', placeholder: 'read key or admin token',
  });
  const error = h('p', { class: 'error', id: 'login-error', role: 'alert' });
  const form = h('form', { class: 'login card' },
    h('h1', {}, 'Sign in to Tally'),
    h('p', { class: 'muted' }, 'Paste an app\'s read key, or the admin token to see every app. It is kept for this tab only.'),
    h('label', { for: 'token' }, 'Token'),
    token,
    h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'),
    error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.textContent = '';
    signIn(token.value.trim());
    window.dispatchEvent(new Event('tally:signed-in'));
    try {
      const { apps } = await api.apps();
      location.hash = apps.length === 1 ? `#/apps/${encodeURIComponent(apps[0].id)}/overview` : '#/apps';
    } catch (failure) {
      signOut();
      error.textContent = failure.status === 401
        ? 'That token is neither a read key nor the admin token.'
        : `Cannot sign in: ${failure.message}`;
    }
  });
  view.append(form);
  token.focus();
}
