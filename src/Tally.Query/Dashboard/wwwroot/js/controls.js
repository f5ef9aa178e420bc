import { h } from './dom.js';
import { formatDay } from './format.js';

export const contextBreakdowns = ['app_version', 'os', 'os_version', 'device_model', 'country'];

const intervals = ['hour', 'day', 'week', 'month'];

const defaultDays = 30;

/** The range a page shows: from its URL, else the last 30 days (UTC) up to today, included. */
export function rangeOf(params) {
  const today = new Date();
  const to = params.get('to') ?? formatDay(today);
  const from = params.get('from') ?? formatDay(new Date(Date.parse(to) - (defaultDays - 1) * 86_400_000));
  return { from, to, interval: params.get('interval') ?? 'day', breakdown: params.get('breakdown') ?? '' };
}

/**
 * A form of range, interval and breakdown pickers. Changing any of them navigates (the URL holds
 * the page's state, so a reload or a shared link shows the same view).
 */
export function rangeControls(params, navigate, { interval = true, breakdowns = null, properties = false } = {}) {
  const range = rangeOf(params);
  const field = (label, control) => h('label', { class: 'field' }, h('span', {}, label), control);
  const from = h('input', { type: 'date', name: 'from', value: range.from, required: true });
  const to = h('input', { type: 'date', name: 'to', value: range.to, required: true });
  const fields = [field('From', from), field('To', to)];

  if (interval) {
    fields.push(field('Interval', select('interval', intervals, range.interval)));
  }
  if (breakdowns) {
    const isProperty = range.breakdown.startsWith('property:');
    const options = ['', ...breakdowns, ...(properties ? ['property'] : [])];
    const breakdown = select('breakdown', options, isProperty ? 'property' : range.breakdown, v => (v ? v.replace('_', ' ') : 'none'));
    fields.push(field('Breakdown', breakdown));
    if (properties) {
      const property = h('input', {
        type: 'text', name: 'property', placeholder: 'property name', value: isProperty ? range.breakdown.slice(9) : '',
      });
      property.hidden = !isProperty;
      breakdown.addEventListener('change', () => { property.hidden = breakdown.value !== 'property'; });
      fields.push(property);
    }
  }
  const form = h('form', { class: 'controls' }, ...fields, h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = new FormData(form);
    const next = { from: data.get('from'), to: data.get('to') };
    if (interval) {
      next.interval = data.get('interval');
    }
    if (breakdowns) {
      const chosen = data.get('breakdown');
      next.breakdown = chosen === 'property' ? (data.get('property') ? `property:${data.get('property')}` : '') : chosen;
    }
    navigate(next);
  });
  // Pickers apply at once; only the free-text property waits for Enter or Apply.
  form.addEventListener('change', event => {
    if (event.target.name !== 'property' && !(event.target.name === 'breakdown' && event.target.value === 'property')) {
      form.requestSubmit();
    }
  });
  return form;
}

function select(name, values, selected, label = v => v) {
  return h('select', { name }, ...values.map(v => h('option', { value: v, selected: v === selected }, label(v))));
}
