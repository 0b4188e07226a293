// The association's fraud page: leads by status, per-rule hits and precision, the amount
// confirmed and the rewards per member. Section builders are shared with the monthly report.

import * as api from './api.js';
import { t, label } from './i18n.js';
import { h, clear, card, figure, figureCard, table, pageHeader, loading } from './dom.js';
import { chartBox, draw, barOption, pieOption } from './charts.js';
import { monthPicker, selectedMonth } from './route.js';

export function fraudCards(fraud, prefix) {
  return h('div', { class: 'cards' },
    figureCard(t('fraud.leads_total'), figure(`${prefix}.leads.total`, fraud.leads.total)),
    figureCard(t('fraud.confirmed_amount'), figure(`${prefix}.confirmed_amount`, fraud.confirmed_amount)));
}

export function statusTable(fraud, prefix) {
  return table([
    { key: 'status', label: t('lead.status'), code: 'status' },
    { key: 'leads', label: t('fraud.leads'), numeric: true, figure: true },
  ], fraud.leads.by_status, { figurePrefix: `${prefix}.leads.by_status` });
}

export function rulesTable(fraud, prefix) {
  return table([
    { key: 'rule', label: t('fraud.rule'), render: (r) => h('span', { title: r.rule }, label('rule', r.rule)) },
    { key: 'hits', label: t('fraud.hits'), numeric: true, figure: true },
    { key: 'leads', label: t('fraud.leads'), numeric: true, figure: true },
    { key: 'confirmed', label: t('fraud.confirmed'), numeric: true, figure: true },
    { key: 'dismissed', label: t('fraud.dismissed'), numeric: true, figure: true },
    { key: 'precision', label: t('fraud.precision'), numeric: true, figure: true, format: 'share' },
  ], fraud.rules, { figurePrefix: `${prefix}.rules` });
}

export function rewardsTable(fraud, prefix) {
  return table([
    { key: 'member', label: t('common.member') },
    { key: 'reports', label: t('fraud.reports'), numeric: true, figure: true },
    { key: 'confirmed_leads', label: t('fraud.confirmed_leads'), numeric: true, figure: true },
    { key: 'reward', label: t('fraud.reward'), numeric: true, figure: true },
  ], fraud.rewards, { figurePrefix: `${prefix}.rewards` });
}

export async function renderFraud(root, route) {
  const month = selectedMonth(route.query);
  root.appendChild(pageHeader(t('nav.fraud'), monthPicker(route)));
  const body = root.appendChild(h('div', { class: 'page-body' }, loading()));
  const fraud = await api.report('fraud', month);
  clear(body);

  body.appendChild(fraudCards(fraud, 'fraud'));
  const byStatus = chartBox('fraud-status');
  const byRule = chartBox('fraud-rules', 'large');
  body.appendChild(h('div', { class: 'grid two' },
    card(t('fraud.by_status'), byStatus),
    card(t('fraud.status_table'), statusTable(fraud, 'fraud'))));
  body.appendChild(card(t('fraud.rules'), byRule, rulesTable(fraud, 'fraud')));
  body.appendChild(card(t('fraud.rewards'), rewardsTable(fraud, 'fraud')));

  draw(byStatus, pieOption(fraud.leads.by_status
    .filter((r) => r.leads > 0)
    .map((r) => ({ name: label('status', r.status), value: r.leads }))));
  draw(byRule, barOption(fraud.rules.map((r) => ({ name: label('rule', r.rule), value: r.hits })),
    { horizontal: true, seriesName: t('fraud.hits') }));
}
