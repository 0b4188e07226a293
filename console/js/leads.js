// The investigator's lead queue: filters (status, rule, minimum score, region) and paging by
// next_cursor. Filters and the cursor live in the hash, so Back returns to the previous page.

import * as api from './api.js';
import { t, label } from './i18n.js';
import { h, clear, card, table, pageHeader, loading } from './dom.js';
import { navigate, hashFor } from './route.js';
import { formatInstant } from './format.js';

export const STATUSES = ['NEW', 'ASSIGNED', 'INVESTIGATING', 'CONFIRMED', 'DISMISSED', 'MERGED'];
export const RULES = [
  'FREQUENT_VEHICLE', 'FREQUENT_DRIVER', 'SAME_ID_48H', 'NEAR_POLICY_EDGE', 'DUPLICATE_EVIDENCE',
  'REPEAT_PAIR', 'SHARED_PHONE', 'AMOUNT_OUTLIER', 'DOUBLE_REPORT', 'NIGHT_SINGLE_LARGE', 'SHOP_CLUSTER',
];
const FILTERS = ['status', 'rule', 'min_score', 'region'];
const PAGE_SIZE = 25;

function select(id, name, values, prefix, current) {
  return h('select', { class: 'input', id, name },
    h('option', { value: '', text: t('common.any') }),
    values.map((v) => h('option', { value: v, selected: v === current, text: label(prefix, v) })));
}

function filterForm(query) {
  const form = h('form', { class: 'filters', id: 'lead-filters' },
    h('label', { class: 'field', for: 'filter-status' }, h('span', { text: t('lead.status') }),
      select('filter-status', 'status', STATUSES, 'status', query.get('status'))),
    h('label', { class: 'field', for: 'filter-rule' }, h('span', { text: t('fraud.rule') }),
      select('filter-rule', 'rule', RULES, 'rule', query.get('rule'))),
    h('label', { class: 'field', for: 'filter-min-score' }, h('span', { text: t('leads.min_score') }),
      h('input', { class: 'input', id: 'filter-min-score', name: 'min_score', type: 'number', min: 0, step: 1, value: query.get('min_score') || '' })),
    h('label', { class: 'field', for: 'filter-region' }, h('span', { text: t('common.region') }),
      h('input', { class: 'input', id: 'filter-region', name: 'region', inputmode: 'numeric', pattern: '[0-9]{6}', placeholder: '621200', value: query.get('region') || '' })),
    h('div', { class: 'field actions' },
      h('button', { type: 'submit', class: 'button', text: t('leads.apply') }),
      h('a', { class: 'button secondary', href: '#/leads', text: t('leads.reset') })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const name of FILTERS) next[name] = String(data.get(name) || '').trim();
    navigate('/leads', next);
  });
  return form;
}

export async function renderLeads(root, route) {
  const query = route.query;
  root.appendChild(pageHeader(t('nav.leads')));
  root.appendChild(card(null, filterForm(query)));
  const body = root.appendChild(h('div', { class: 'page-body' }, loading()));

  const params = { limit: PAGE_SIZE, cursor: query.get('cursor') };
  for (const name of FILTERS) params[name] = query.get(name);
  const { leads, next_cursor: nextCursor } = await api.get('leads', params);

  const filters = {};
  for (const name of FILTERS) filters[name] = query.get(name);
  clear(body).appendChild(card(t('leads.queue'),
    table([
      {
        key: 'lead_id', label: t('lead.lead_id'),
        render: (r) => h('a', { href: hashFor(`/leads/${encodeURIComponent(r.lead_id)}`), dataset: { leadId: r.lead_id }, text: r.lead_id }),
      },
      { key: 'status', label: t('lead.status'), render: (r) => h('span', { class: `badge status-${r.status}`, text: label('status', r.status) }) },
      { key: 'score', label: t('lead.score'), numeric: true },
      { key: 'region', label: t('common.region') },
      { key: 'claims', label: t('lead.claims'), numeric: true, render: (r) => String(r.claims.length) },
      { key: 'rules', label: t('lead.rules'), render: (r) => r.rules.map((x) => h('span', { class: 'tag', title: x.code, text: label('rule', x.code) })) },
      { key: 'assignee', label: t('lead.assignee') },
      { key: 'updated_at', label: t('lead.updated_at'), render: (r) => formatInstant(r.updated_at) },
    ], leads, { className: 'leads', empty: t('leads.none') }),
    h('div', { class: 'pager' },
      query.get('cursor') ? h('a', { class: 'button secondary', href: hashFor('/leads', filters), text: t('leads.first_page') }) : null,
      nextCursor ? h('a', { class: 'button', id: 'next-page', href: hashFor('/leads', { ...filters, cursor: nextCursor }), text: t('leads.next_page') }) : null)));
}
