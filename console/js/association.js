// The assists page (per member and region) and the clearing page (net statement). The
// section builders are shared with the monthly report.

import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear, card, figure, table, pageHeader, loading } from './dom.js';
import { monthPicker, selectedMonth } from './route.js';
import { regionName } from './summary.js';

export function assistsTable(assists, prefix) {
  return table([
    { key: 'member', label: t('common.member') },
    { key: 'region', label: t('common.region'), render: (r) => regionName(r.region) },
    { key: 'assists', label: t('assists.assists'), numeric: true, figure: true },
  ], assists.assists, { figurePrefix: `${prefix}.assists` });
}

export function clearingTable(clearing, prefix) {
  return h('div', {},
    h('p', { class: 'muted' }, t('clearing.entries_total'), ' ', figure(`${prefix}.entries`, clearing.entries)),
    table([
      { key: 'debtor', label: t('clearing.debtor') },
      { key: 'creditor', label: t('clearing.creditor') },
      { key: 'amount', label: t('clearing.amount'), numeric: true, figure: true },
      { key: 'gross_debtor_to_creditor', label: t('clearing.gross_debtor_to_creditor'), numeric: true, figure: true },
      { key: 'gross_creditor_to_debtor', label: t('clearing.gross_creditor_to_debtor'), numeric: true, figure: true },
      { key: 'entries', label: t('clearing.entries'), numeric: true, figure: true },
    ], clearing.statement, { figurePrefix: `${prefix}.statement` }));
}

export async function renderAssists(root, route) {
  const month = selectedMonth(route.query);
  root.appendChild(pageHeader(t('nav.assists'), monthPicker(route)));
  const body = root.appendChild(h('div', { class: 'page-body' }, loading()));
  const assists = await api.report('assists', month);
  clear(body).appendChild(card(t('assists.title', { month: assists.month }),
    h('p', { class: 'muted', text: t('assists.intro') }),
    assistsTable(assists, 'assists')));
}

export async function renderClearing(root, route) {
  const month = selectedMonth(route.query);
  root.appendChild(pageHeader(t('nav.clearing'), monthPicker(route)));
  const body = root.appendChild(h('div', { class: 'page-body' }, loading()));
  const clearing = await api.report('clearing', month);
  clear(body).appendChild(card(t('clearing.title', { month: clearing.month }),
    h('p', { class: 'muted', text: t('clearing.intro') }),
    clearingTable(clearing, 'clearing')));
}
