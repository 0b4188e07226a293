// The hash: "#/<path>?<query>". Pages read their parameters from it and change it to
// navigate; app.js renders the page on every hashchange.

import { h } from './dom.js';
import { t } from './i18n.js';
import { monthOf } from './format.js';

/** The current route: {path: '/leads/L1', query: URLSearchParams}. */
export function currentRoute() {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const at = hash.indexOf('?');
  const path = at < 0 ? hash : hash.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  return { path: path || '/', query };
}

/** "#/path?a=1" from a path and an object or URLSearchParams (empty values dropped). */
export function hashFor(path, query = {}) {
  const params = new URLSearchParams();
  const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query);
  for (const [name, value] of entries) {
    if (value !== null && value !== undefined && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function navigate(path, query = {}) {
  window.location.hash = hashFor(path, query);
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The report month: ?month= in the hash when valid, else the current month. */
export function selectedMonth(query) {
  const month = query.get('month');
  return month && MONTH.test(month) ? month : monthOf(new Date());
}

/** The month picker of report pages; choosing a month rewrites ?month= in the hash. */
export function monthPicker(route) {
  const input = h('input', {
    type: 'month',
    id: 'month',
    class: 'input',
    required: true,
    value: selectedMonth(route.query),
    on: {
      change: (event) => {
        const month = event.target.value;
        if (!MONTH.test(month)) return;
        const query = new URLSearchParams(route.query);
        query.set('month', month);
        navigate(route.path, query);
      },
    },
  });
  return h('label', { class: 'month-picker', for: 'month' },
    h('span', { text: t('common.month') }), input);
}
