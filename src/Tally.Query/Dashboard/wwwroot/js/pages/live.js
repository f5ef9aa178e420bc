import { api } from '../api.js';
import { draw, hourTraces } from '../charts.js';
import { h } from '../dom.js';
import { describeValue } from '../format.js';
import { clearBanners, showError, showFreshness } from '../freshness.js';

const defaultRefreshSeconds = 30;

// Below this the page would mostly measure its own requests.
const minimumRefreshSeconds = 2;

/** Refreshes every 30 s (or ?refresh=N seconds) until the user leaves the page. */
export function render(view, { appId, params, signal }) {
  const refreshSeconds = Math.max(minimumRefreshSeconds, Number(params.get('refresh')) || defaultRefreshSeconds);
  const figure = (id, title) => h('section', { class: 'card metric' },
    h('h2', {}, title), h('div', { class: 'headline big', id }, '…'));
  const updated = h('p', { class: 'muted', id: 'live-updated' });
  view.append(
    h('div', { class: 'cards two' }, figure('live-5', 'Active users, last 5 minutes'), figure('live-30', 'Active users, last 30 minutes')),
    h('section', { class: 'card wide' }, h('h2', {}, 'Today by hour (UTC), beside the same hours 7 days earlier'),
      h('div', { class: 'chart', id: 'chart-live' })),
    updated);

  let timer = null;
  const refresh = async () => {
    try {
      const live = await api.live(appId, signal);
      if (signal.aborted) {
        return;
      }
      clearBanners();
      showFreshness(live.freshness);
      show('live-5', live.activeLast5Minutes);
      show('live-30', live.activeLast30Minutes);
      await draw(document.getElementById('chart-live'), hourTraces(live.today, live.weekAgo));
      updated.textContent = `Updated ${new Date(live.now).toISOString().slice(11, 19)} UTC · refreshes every ${refreshSeconds} s`;
      updated.dataset.refreshes = String(Number(updated.dataset.refreshes ?? 0) + 1);
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      showError(error);
    }
    if (!signal.aborted) {
      timer = setTimeout(refresh, refreshSeconds * 1000);
    }
  };
  refresh();
  return () => clearTimeout(timer);
}

function show(id, point) {
  const element = document.getElementById(id);
  element.textContent = describeValue(point);
  element.dataset.value = point.value ?? '';
  element.classList.toggle('approximate', point.approximate);
}
