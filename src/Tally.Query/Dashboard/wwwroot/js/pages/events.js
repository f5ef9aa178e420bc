import { api } from '../api.js';
import { draw, seriesTraces } from '../charts.js';
import { contextBreakdowns, rangeControls, rangeOf } from '../controls.js';
import { h } from '../dom.js';
import { formatCount, metricFormats } from '../format.js';
import { showFreshness } from '../freshness.js';
import { appLink } from '../links.js';

const topEvents = 50;

export async function render(view, { appId, params, navigate, signal }) {
  const range = rangeOf(params);
  const selected = params.get('event');
  const top = await api.events(appId, { from: range.from, to: range.to, limit: topEvents }, signal);
  showFreshness(top.freshness);

  const link = name => {
    const next = new URLSearchParams(params);
    next.set('event', name);
    return appLink(appId, 'events', next);
  };
  const estimate = (value, approximate) => (approximate ? `≈ ${formatCount(value)}` : formatCount(value));
  const rows = top.events.map(e => h('tr', { class: e.name === selected ? 'selected' : null, dataset: { event: e.name } },
    h('td', {}, h('a', { href: link(e.name) }, e.name)),
    h('td', { class: 'n', dataset: { value: e.count } }, estimate(e.count, e.approximate)),
    h('td', { class: 'n', dataset: { value: e.users } }, estimate(e.users, e.approximate))));
  const shown = selected ? await detail(appId, selected, range, signal) : null;
  view.append(
    rangeControls(params, navigate, { breakdowns: selected ? contextBreakdowns : null, properties: true }),
    h('div', { class: 'split' },
      h('section', { class: 'card' }, h('h2', {}, 'Top events'),
        top.events.length
          ? h('table', { class: 'table', id: 'top-events' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Event'), h('th', { class: 'n' }, 'Count'), h('th', { class: 'n' }, 'Users'))),
            h('tbody', {}, rows))
          : h('p', { class: 'muted' }, 'No events in this range.')),
      shown?.section ?? h('p', { class: 'muted hint' }, 'Pick an event to see its series and breakdowns.')));
  // Drawn once the charts are in the page, so plotly can measure their width.
  await shown?.drawCharts();
}

/** The event's count and users over time, and, with a breakdown picked, its count per value (a property's or the context's). */
async function detail(appId, event, range, signal) {
  const query = { from: range.from, to: range.to, interval: range.interval, event };
  const [count, users, broken] = await Promise.all([
    api.metric(appId, 'events', query, signal),
    api.metric(appId, 'event_users', query, signal),
    range.breakdown ? api.metric(appId, 'events', { ...query, breakdown: range.breakdown }, signal) : null,
  ]);
  showFreshness(count.freshness);
  const seriesChart = h('div', { class: 'chart', id: 'chart-event' });
  const section = h('section', { class: 'card', id: 'event-detail' }, h('h2', {}, event), seriesChart);
  const breakdownChart = broken ? h('div', { class: 'chart', id: 'chart-event-breakdown' }) : null;
  if (broken) {
    section.append(h('h3', {}, `Count by ${range.breakdown.replace(/^property:/, 'property ')}`), breakdownChart);
  } else {
    section.append(h('p', { class: 'muted' }, 'Pick a breakdown above (a property of the event, or app version, OS, device, country).'));
  }
  const drawCharts = async () => {
    await draw(seriesChart, [
      ...seriesTraces(count.series, { name: 'Count' }),
      ...seriesTraces(users.series, { name: 'Users', colorOffset: 1 }),
    ], { interval: range.interval });
    if (broken) {
      await draw(breakdownChart, seriesTraces(broken.series, { format: metricFormats.count, stacked: true }), { stacked: true, interval: range.interval });
    }
  };
  return { section, drawCharts };
}
