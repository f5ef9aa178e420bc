import { api } from '../api.js';
import { h } from '../dom.js';
import { formatDay } from '../format.js';

export async function render(view, { signal }) {
  const { apps } = await api.apps(signal);
  const items = apps.map(app => h('li', {},
    h('a', { href: `#/apps/${encodeURIComponent(app.id)}/overview`, class: 'app-link', dataset: { appId: app.id } },
      h('strong', {}, app.name),
      h('span', { class: 'muted' }, `${app.id} · created ${formatDay(new Date(app.createdAt))}`))));
  view.append(
    h('h1', {}, 'Apps'),
    apps.length ? h('ul', { class: 'app-list', id: 'app-list' }, items) : h('p', { class: 'muted' }, 'No apps yet.'));
}
