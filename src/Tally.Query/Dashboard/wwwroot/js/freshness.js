import { h } from './dom.js';
import { formatSeconds } from './format.js';

const banners = () => document.getElementById('banners');

export function clearBanners() {
  banners().replaceChildren();
}

/**
 * Shows why data may be incomplete, from the freshness every API answer carries. Pages call it with
 * each answer; the banners stay until the next page replaces them.
 */
export function showFreshness(freshness) {
  if (!freshness) {
    return;
  }
  if (freshness.liveStale) {
    const age = freshness.liveAgeSeconds === null ? 'for an unknown time' : `for ${formatSeconds(freshness.liveAgeSeconds)}`;
    upsert('live-stale', 'warning', `Live data is stale: the speed layer has been behind the event log ${age}. Recent numbers are incomplete.`);
  }
  if (freshness.batchLate) {
    const message = freshness.batchWatermark
      ? `Batch is late: exact figures stop before ${freshness.batchWatermark}; later days are speed-layer estimates (marked ≈).`
      : 'Batch has not run yet: every figure is a speed-layer estimate (marked ≈).';
    upsert('batch-late', 'info', message);
  }
}

export function showError(error) {
  console.error(error);
  upsert('error', 'error', error.message);
}

function upsert(id, level, text) {
  const existing = banners().querySelector(`[data-banner="${id}"]`);
  const banner = h('div', { class: `banner ${level}`, dataset: { banner: id } }, text);
  if (existing) {
    existing.replaceWith(banner);
  } else {
    banners().append(banner);
  }
}
