// The service-level page: attainment per insurer × tier × stage, a chart per insurer, times
// to assessment and payment, the overdue list and escalations by level. The section
// builders are shared with the monthly report (prefix "sla" or "monthly.sla").

import * as api from './api.js';
import { t, label } from './i18n.js';
import { h, clear, card, figure, figureCard, table, pageHeader, loading } from './dom.js';
import { chartBox, draw, barOption } from './charts.js';
import { monthPicker, selectedMonth } from './route.js';
import { formatInstant } from './format.js';

export function slaCards(sla, prefix) {
  const o = sla.overall;
  return h('div', { class: 'cards' },
    figureCard(t('sla.attainment'), figure(`${prefix}.overall.attainment`, o.attainment, 'share')),
    figureCard(t('sla.deadlines'), figure(`${prefix}.overall.deadlines`, o.deadlines)),
    figureCard(t('sla.met_on_time'), figure(`${prefix}.overall.met_on_time`, o.met_on_time)),
    figureCard(t('sla.met_late'), figure(`${prefix}.overall.met_late`, o.met_late)),
    figureCard(t('sla.open_overdue'), figure(`${prefix}.overall.open_overdue`, o.open_overdue)));
}

export function attainmentTable(sla, prefix) {
  return table([
    { key: 'insurer', label: t('common.insurer') },
    { key: 'tier', label: t('common.tier'), code: 'tier' },
    { key: 'stage', label: t('sla.stage'), code: 'stage' },
    { key: 'deadlines', label: t('sla.deadlines'), numeric: true, figure: true },
    { key: 'met_on_time', label: t('sla.met_on_time'), numeric: true, figure: true },
    { key: 'met_late', label: t('sla.met_late'), numeric: true, figure: true },
    { key: 'open_overdue', label: t('sla.open_overdue'), numeric: true, figure: true },
    { key: 'attainment', label: t('sla.attainment'), numeric: true, figure: true, format: 'share' },
  ], sla.attainment, { figurePrefix: `${prefix}.attainment` });
}

export function timesTable(sla, prefix) {
  const rows = ['to_assessment', 'to_payment'].map((key) => ({ key, ...(sla.times[key] || {}) }));
  const cell = (field) => (row) => figure(`${prefix}.times.${row.key}.${field}`, row[field]);
  return table([
    { key: 'key', label: t('sla.interval'), render: (r) => t(`sla.${r.key}`) },
    { key: 'claims', label: t('sla.claims'), numeric: true, render: cell('claims') },
    { key: 'median_hours', label: t('sla.median_hours'), numeric: true, render: cell('median_hours') },
    { key: 'p90_hours', label: t('sla.p90_hours'), numeric: true, render: cell('p90_hours') },
  ], rows);
}

export function overdueTable(sla, prefix) {
  return h('div', {},
    h('p', { class: 'muted' }, t('sla.overdue_total'), ' ', figure(`${prefix}.overdue_total`, sla.overdue_total)),
    table([
      { key: 'claim_id', label: t('common.claim') },
      { key: 'party', label: t('sla.party') },
      { key: 'insurer', label: t('common.insurer') },
      { key: 'tier', label: t('common.tier'), code: 'tier' },
      { key: 'stage', label: t('sla.stage'), code: 'stage' },
      { key: 'due', label: t('sla.due'), render: (r) => formatInstant(r.due) },
      { key: 'level', label: t('sla.level'), numeric: true, figure: true },
    ], sla.overdue, { figurePrefix: `${prefix}.overdue`, empty: t('sla.no_overdue') }));
}

export function escalationTable(sla, prefix) {
  return table([
    { key: 'level', label: t('sla.level'), render: (r) => t('sla.level_name', { level: r.level, target: label('escalation', r.level) }) },
    { key: 'escalations', label: t('sla.escalations'), numeric: true, figure: true },
  ], sla.escalations, { figurePrefix: `${prefix}.escalations` });
}

/** Attainment per insurer: deadlines met on time over all deadlines, across tiers and stages. */
export function attainmentByInsurer(sla) {
  const totals = new Map();
  for (const row of sla.attainment) {
    const total = totals.get(row.insurer) || { deadlines: 0, met: 0 };
    total.deadlines += row.deadlines;
    total.met += row.met_on_time;
    totals.set(row.insurer, total);
  }
  return [...totals.entries()].map(([insurer, total]) => ({
    name: insurer,
    value: total.deadlines === 0 ? 0 : Number(((total.met / total.deadlines) * 100).toFixed(1)),
  }));
}

export async function renderSla(root, route) {
  const month = selectedMonth(route.query);
  root.appendChild(pageHeader(t('nav.sla'), monthPicker(route)));
  const body = root.appendChild(h('div', { class: 'page-body' }, loading()));
  const sla = await api.report('sla', month);
  clear(body);

  body.appendChild(slaCards(sla, 'sla'));
  const byInsurer = chartBox('sla-attainment');
  const escalations = chartBox('escalations');
  body.appendChild(h('div', { class: 'grid two' },
    card(t('sla.attainment_by_insurer'), byInsurer),
    card(t('sla.escalations_by_level'), escalations, escalationTable(sla, 'sla'))));
  body.appendChild(card(t('sla.attainment_table'), attainmentTable(sla, 'sla')));
  body.appendChild(card(t('sla.times'), timesTable(sla, 'sla')));
  body.appendChild(card(t('sla.overdue'), overdueTable(sla, 'sla')));

  draw(byInsurer, barOption(attainmentByInsurer(sla), { percent: true, seriesName: t('sla.attainment') }));
  draw(escalations, barOption(sla.escalations.map((r) => ({
    name: t('sla.level_short', { level: r.level }), value: r.escalations,
  })), { seriesName: t('sla.escalations') }));
}
