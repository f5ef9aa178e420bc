import { api } from '../api.js';
import { draw, seriesTraces } from '../charts.js';
import { contextBreakdowns, rangeControls, rangeOf } from '../controls.js';
import { h } from '../dom.js';
import { describeValue, formatBucket, metricFormats } from '../format.js';
import { showFreshness } from '../freshness.js';

/**
 * The overview's cards. headline: 'last' shows the latest bucket (distinct users, medians and shares
 * do not add up over time), 'sum' the range's total. stacked: values of a breakdown add up, so bars stack.
 */
const cards = [
  { metric: 'active_users', title: 'Active users', headline: 'last', format: metricFormats.count },
  { metric: 'wau', title: 'Weekly active users', headline: 'last', format: metricFormats.count, daily: true },
  { metric: 'mau', title: 'Monthly active users', headline: 'last', format: metricFormats.count, daily: true },
  { metric: 'new_users', title: 'New users', headline: 'sum', format: metricFormats.count, stacked: true },
  { metric: 'sessions', title: 'Sessions', headline: 'sum', format: metricFormats.count, stacked: true },
  { metric: 'session_length_median', title: 'Median session length', headline: 'last', format: metricFormats.seconds },
  { metric: 'crash_free_users', title: 'Crash-free users', headline: 'last', format: metricFormats.share, yFormat: '.0%' },
];

export async function render(view, { appId, params, navigate, signal }) {
  const range = rangeOf(params);
  const sections = cards.map(card => {
    const parts = {
      headline: h('div', { class: 'headline', id: `headline-${card.metric}` }, '…'),
      caption: h('div', { class: 'muted caption', id: `caption-${card.metric}` }),
      chart: h('div', { class: 'chart', id: `chart-${card.metric}` }),
    };
    const section = h('section', { class: 'card metric', id: `card-${card.metric}` },
      h('h2', {}, card.title), parts.headline, parts.caption, parts.chart);
    return { card, section, parts };
  });
  view.append(rangeControls(params, navigate, { breakdowns: contextBreakdowns }), h('div', { class: 'cards' }, sections.map(s => s.section)));
  await Promise.all(sections.map(({ card, parts }) => fill(card, parts, appId, range, signal)));
}

async function fill(card, { headline, caption, chart }, appId, range, signal) {
  // Rolling counts are defined per day: an hourly view still shows them daily.
  const interval = card.daily && range.interval === 'hour' ? 'day' : range.interval;
  const query = { from: range.from, to: range.to, interval };
  const [total, broken] = await Promise.all([
    api.metric(appId, card.metric, query, signal),
    range.breakdown ? api.metric(appId, card.metric, { ...query, breakdown: range.breakdown }, signal) : null,
  ]);
  showFreshness(total.freshness);
  const points = total.series[0]?.points ?? [];
  const summary = summarize(points, card.headline);
  headline.textContent = describeValue(summary, card.format);
  headline.classList.toggle('approximate', summary.approximate);
  headline.dataset.value = summary.value ?? '';
  headline.title = summary.approximate ? 'Estimate from the speed layer (± one standard error)' : 'Exact, from batch views';
  caption.textContent = card.headline === 'sum'
    ? `total, ${range.from} to ${range.to}`
    : `latest ${interval}${summary.bucket ? `, ${formatBucket(summary.bucket, interval)}` : ''}`;

  const shown = broken ?? total;
  const stacked = Boolean(broken && card.stacked);
  const name = broken ? undefined : card.title;
  await draw(chart, seriesTraces(shown.series, { format: card.format, stacked, name }), { stacked, yFormat: card.yFormat, interval });
}

function summarize(points, kind) {
  if (kind === 'sum') {
    return {
      value: points.reduce((sum, p) => sum + (p.value ?? 0), 0),
      approximate: points.some(p => p.approximate),
      standardError: null,
    };
  }
  const last = points.findLast(p => p.value !== null) ?? { value: null, approximate: false, standardError: null };
  return last;
}
