const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
// A small count's standard error is a fraction of a user: two significant digits keep it from reading "±0".
const error = new Intl.NumberFormat('en', { maximumSignificantDigits: 2 });

/** How each metric's values read: counts, shares (0-1) or durations in seconds. */
export const metricFormats = {
  count: v => integer.format(v),
  countError: v => error.format(v),
  share: v => percent.format(v),
  seconds: v => formatSeconds(v),
};

export function formatSeconds(seconds) {
  if (seconds < 60) {
    return `${decimal.format(seconds)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${decimal.format(minutes / 60)} h`;
}

/** A point as a person reads it: "1,234", or "≈ 1,234 ±12" when it is an estimate. */
export function describeValue(point, format = metricFormats.count) {
  if (point.value === null || point.value === undefined) {
    return '—';
  }
  if (!point.approximate) {
    return format(point.value);
  }
  const errorFormat = format === metricFormats.count ? metricFormats.countError : format;
  const bound = point.standardError ? ` ±${errorFormat(point.standardError)}` : '';
  return `≈ ${format(point.value)}${bound}`;
}

export function formatBucket(iso, interval) {
  const date = new Date(iso);
  const day = date.toISOString().slice(0, 10);
  return interval === 'hour' ? `${day} ${date.toISOString().slice(11, 16)} UTC` : day;
}

export const formatDay = date => date.toISOString().slice(0, 10);

export const formatCount = v => integer.format(v);

export const formatShare = v => percent.format(v);
