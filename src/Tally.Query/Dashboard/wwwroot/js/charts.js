import { h } from './dom.js';
import { describeValue, metricFormats } from './format.js';

// Colour-blind-safe (Okabe-Ito) first, so the usual few series stay distinguishable for everyone.
const palette = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#6a3d9a', '#8c564b', '#7f7f7f'];

const config = { displayModeBar: false, responsive: true };

const baseLayout = {
  margin: { l: 48, r: 12, t: 8, b: 36 },
  height: 240,
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
  font: { family: 'system-ui, sans-serif', size: 12, color: '#3c4257' },
  xaxis: { gridcolor: '#eef0f4', zeroline: false },
  yaxis: { gridcolor: '#eef0f4', zeroline: false, rangemode: 'tozero' },
  legend: { orientation: 'h', y: -0.2 },
  hoverlabel: { bgcolor: '#ffffff' },
};

// Plotly reads ISO strings as local wall time and ignores offsets; the API's buckets are UTC instants.
const plotlyTime = iso => new Date(iso).toISOString().slice(0, 19).replace('T', ' ');

/**
 * One trace per series of a metric answer. Approximate points keep their value but are drawn hollow
 * (lines) or faded (bars), and their tooltip reads "≈ value ±standard error".
 */
export function seriesTraces(series, { format = metricFormats.count, stacked = false, name, colorOffset = 0 } = {}) {
  return series.map((s, i) => {
    const color = palette[(i + colorOffset) % palette.length];
    const approximate = s.points.map(p => p.approximate);
    const trace = {
      name: name ?? s.value,
      x: s.points.map(p => plotlyTime(p.bucket)),
      y: s.points.map(p => p.value),
      text: s.points.map(p => `${describeValue(p, format)} · ${p.source}`),
      customdata: approximate,
      hovertemplate: '%{x}<br>%{text}<extra>%{fullData.name}</extra>',
    };
    return stacked
      // The text is the tooltip's; bars would otherwise print it inside themselves.
      ? { ...trace, type: 'bar', textposition: 'none', marker: { color, opacity: approximate.map(a => (a ? 0.55 : 1)) } }
      : {
          ...trace,
          type: 'scatter',
          mode: 'lines+markers',
          line: { color, width: 2 },
          marker: { color, size: 6, symbol: approximate.map(a => (a ? 'circle-open' : 'circle')) },
        };
  });
}

// Few buckets: one tick per bucket, so plotly does not invent 12:00 ticks between days. Many: plotly's own spacing.
const fewBuckets = 14;
const bucketTicks = { day: 86_400_000, week: 7 * 86_400_000, month: 'M1' };

function timeAxis(interval, traces) {
  if (!interval || interval === 'hour') {
    return baseLayout.xaxis;
  }
  const buckets = Math.max(0, ...traces.map(t => t.x.length));
  const first = traces.find(t => t.x.length)?.x[0];
  return {
    ...baseLayout.xaxis,
    tickformat: interval === 'month' ? '%b %Y' : '%b %-d',
    hoverformat: '%Y-%m-%d',
    ...(buckets <= fewBuckets ? { tick0: first, dtick: bucketTicks[interval] } : {}),
  };
}

/** Draws traces; with an interval (day, week, month) the time axis ticks fall on buckets. */
export async function draw(element, traces, { stacked = false, yFormat, interval } = {}) {
  element.querySelector(':scope > .empty')?.remove();
  if (traces.length === 0) {
    Plotly.purge(element);
    element.replaceChildren(h('p', { class: 'muted empty' }, 'No data in this range.'));
    return;
  }
  const layout = {
    ...baseLayout,
    barmode: stacked ? 'stack' : undefined,
    showlegend: traces.length > 1,
    xaxis: timeAxis(interval, traces),
    yaxis: { ...baseLayout.yaxis, tickformat: yFormat },
  };
  await Plotly.react(element, traces, layout, config);
}

/** Today's hours as bars beside the same hours a week earlier as a line. */
export function hourTraces(today, weekAgo) {
  const hour = p => `${new Date(p.bucket).toISOString().slice(11, 13)}:00`;
  const common = points => ({
    x: points.map(hour),
    y: points.map(p => p.value),
    text: points.map(p => `${describeValue(p)} · ${p.source}`),
    customdata: points.map(p => p.approximate),
    hovertemplate: '%{x} UTC<br>%{text}<extra>%{fullData.name}</extra>',
  });
  return [
    { ...common(today), name: 'Today', type: 'bar', textposition: 'none', marker: { color: palette[0] } },
    { ...common(weekAgo), name: '7 days earlier', type: 'scatter', mode: 'lines+markers', line: { color: palette[1], dash: 'dot' } },
  ];
}
