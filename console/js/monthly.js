// The monthly progress report: every section for the month and the changes against the
// previous month, laid out to print on A4 (print.css). Figures are "monthly.<section>.<path>".

import * as api from './api.js';
import { t, label } from './i18n.js';
import { h, clear, card, figure, table, pageHeader, loading } from './dom.js';
import { monthPicker, selectedMonth } from './route.js';
import { summarySections } from './summary.js';
import { slaCards, attainmentTable, timesTable, overdueTable, escalationTable } from './sla.js';
import { assistsTable, clearingTable } from './association.js';
import { fraudCards, statusTable, rulesTable, rewardsTable } from './fraud.js';

// Figures of the changes table that are shares: their change is in percentage points.
const SHARE_FIGURES = new Set(['out_of_area_share', 'fast_settle_share', 'sla_attainment']);

export function changesTable(changes, prefix) {
  const formats = (row) => (SHARE_FIGURES.has(row.figure) ? ['share', 'points'] : ['plain', 'signed']);
  return table([
    { key: 'figure', label: t('monthly.figure'), render: (r) => label('change', r.figure) },
    {
      key: 'current', label: t('monthly.current'), numeric: true,
      render: (r, i) => figure(`${prefix}.${i}.current`, r.current, formats(r)[0]),
    },
    {
      key: 'previous', label: t('monthly.previous'), numeric: true,
      render: (r, i) => figure(`${prefix}.${i}.previous`, r.previous, formats(r)[0]),
    },
    {
      key: 'change', label: t('monthly.change'), numeric: true,
      render: (r, i) => [
        figure(`${prefix}.${i}.change`, r.change, formats(r)[1]),
        formats(r)[1] === 'points' && r.change !== null ? h('span', { class: 'unit', text: t('unit.points') }) : null,
      ],
    },
  ], changes, { className: 'changes' });
}

function section(number, title, ...body) {
  return h('section', { class: 'report-section' },
    h('h2', { class: 'section-title', text: t('monthly.section', { number, title }) }), body);
}

export async function renderMonthly(root, route) {
  const month = selectedMonth(route.query);
  const print = h('button', {
    type: 'button', class: 'button', id: 'print', text: t('monthly.print'),
    on: { click: () => window.print() },
  });
  const pdf = h('a', {
    class: 'button secondary', id: 'download-pdf',
    href: `/console/api/reports/monthly.pdf?month=${encodeURIComponent(month)}`,
    download: `crossclaim-monthly-${month}.pdf`,
    text: t('monthly.download_pdf'),
  });
  root.appendChild(pageHeader(t('nav.monthly'), monthPicker(route), print, pdf));
  const body = root.appendChild(h('div', { class: 'page-body report' }, loading()));
  const m = await api.report('monthly', month);
  clear(body);

  body.appendChild(h('header', { class: 'report-title' },
    h('h1', { text: t('monthly.title', { month: m.month }) }),
    h('p', { class: 'muted', text: t('monthly.subtitle', { month: m.month, previous: m.previous_month }) })));

  body.appendChild(section(1, t('monthly.changes_title', { previous: m.previous_month }),
    changesTable(m.changes, 'monthly.changes')));
  body.appendChild(section(2, t('monthly.summary_title'), summarySections(m.summary, 'monthly.summary')));
  body.appendChild(section(3, t('monthly.sla_title'),
    slaCards(m.sla, 'monthly.sla'),
    card(t('sla.attainment_table'), attainmentTable(m.sla, 'monthly.sla')),
    h('div', { class: 'grid two' },
      card(t('sla.times'), timesTable(m.sla, 'monthly.sla')),
      card(t('sla.escalations_by_level'), escalationTable(m.sla, 'monthly.sla'))),
    card(t('sla.overdue'), overdueTable(m.sla, 'monthly.sla'))));
  body.appendChild(section(4, t('monthly.assists_title'), card(null, assistsTable(m.assists, 'monthly.assists'))));
  body.appendChild(section(5, t('monthly.clearing_title'), card(null, clearingTable(m.clearing, 'monthly.clearing'))));
  body.appendChild(section(6, t('monthly.fraud_title'),
    fraudCards(m.fraud, 'monthly.fraud'),
    h('div', { class: 'grid two' },
      card(t('fraud.status_table'), statusTable(m.fraud, 'monthly.fraud')),
      card(t('fraud.rewards'), rewardsTable(m.fraud, 'monthly.fraud'))),
    card(t('fraud.rules'), rulesTable(m.fraud, 'monthly.fraud'))));
}
