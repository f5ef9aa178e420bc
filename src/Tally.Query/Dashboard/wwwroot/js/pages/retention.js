import { api } from '../api.js';
import { rangeControls, rangeOf } from '../controls.js';
import { h } from '../dom.js';
import { formatCount, formatShare } from '../format.js';
import { showFreshness } from '../freshness.js';

export async function render(view, { appId, params, navigate, signal }) {
  const range = rangeOf(params);
  const retention = await api.retention(appId, { from: range.from, to: range.to }, signal);
  showFreshness(retention.freshness);
  const cohorts = [...retention.cohorts].reverse(); // the newest cohort first, as people look for it
  view.append(
    rangeControls(params, navigate, { interval: false }),
    h('section', { class: 'card wide' },
      h('h2', {}, 'Retention: share of each day\'s new users active N days later'),
      h('table', { class: 'table retention', id: 'retention' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Cohort'), h('th', { class: 'n' }, 'New users'),
          retention.days.map(d => h('th', { class: 'n' }, `Day ${d}`)))),
        h('tbody', {}, cohorts.map(cohort => h('tr', { dataset: { day: cohort.day } },
          h('td', {}, cohort.day),
          h('td', { class: 'n', dataset: { value: cohort.size } }, formatCount(cohort.size)),
          cohort.retained.map(shareCell)))))));
}

function shareCell(retained) {
  if (retained.share === null) {
    const why = retained.count === null ? 'not known until that day is batched' : 'empty cohort';
    return h('td', { class: 'n unknown', title: why, dataset: { days: retained.days, share: '' } }, '—');
  }
  const cell = h('td', {
    class: retained.share > 0.5 ? 'n share strong' : 'n share',
    title: `${formatCount(retained.count)} users`,
    dataset: { days: retained.days, share: retained.share },
  }, formatShare(retained.share));
  // The colour scale is a CSS custom property: set through the CSSOM, it needs no inline style in the markup.
  cell.style.setProperty('--share', retained.share);
  return cell;
}
