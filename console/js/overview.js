// The overview page: the month's summary figures, volumes over the last twelve months by
// direction, fast-settle shares, ineligibility reasons and tiers.

import * as api from './api.js';
import { t, label } from './i18n.js';
import { h, clear, card, pageHeader, loading } from './dom.js';
import { chartBox, draw, barOption, stackedBarOption, pieOption } from './charts.js';
import { monthPicker, selectedMonth } from './route.js';
import { addMonths, lastDay } from './format.js';
import { summaryCards, directionName, directionTable, insurerTable } from './summary.js';

export async function renderOverview(root, route) {
  const month = selectedMonth(route.query);
  root.appendChild(pageHeader(t('nav.overview'), monthPicker(route)));
  const body = root.appendChild(h('div', { class: 'page-body' }, loading()));

  const summary = await api.report('summary', month);
  const trend = await twelveMonths(month, summary);
  clear(body);

  body.appendChild(summaryCards(summary, 'summary'));

  const volumes = chartBox('volumes', 'large');
  const shares = chartBox('fast-settle');
  const reasons = chartBox('ineligibility', 'large');
  const tiers = chartBox('tiers');
  body.appendChild(card(t('overview.volumes', { from: addMonths(month, -11), to: month }), volumes));
  body.appendChild(h('div', { class: 'grid two' },
    card(t('overview.shares'), shares),
    card(t('summary.tiers'), tiers)));
  body.appendChild(card(t('summary.ineligibility'), reasons));
  body.appendChild(h('div', { class: 'grid two' },
    card(t('summary.by_direction'), directionTable(summary, 'summary')),
    card(t('summary.by_insurer'), insurerTable(summary, 'summary'))));

  draw(volumes, volumeOption(trend.by_month || []));
  draw(shares, barOption([
    { name: t('summary.out_of_area_share'), value: percent(summary.out_of_area.share) },
    { name: t('summary.fast_settle_share'), value: percent(summary.fast_settle.share) },
    { name: t('summary.mutual_share'), value: percent(summary.mutual_self_settle.share) },
  ], { percent: true }));
  draw(reasons, barOption(summary.ineligibility_reasons
    .map((r) => ({ name: label('reason', r.reason), value: r.claims }))
    .sort((a, b) => b.value - a.value), { horizontal: true, seriesName: t('summary.claims') }));
  draw(tiers, pieOption(summary.tiers.map((r) => ({ name: label('tier', r.tier), value: r.claims }))));
}

// The summary of the twelve months ending with `month`, for the volume chart; the month's
// own summary when the longer one cannot be had.
async function twelveMonths(month, summary) {
  try {
    return await api.get('reports/summary', { from: `${addMonths(month, -11)}-01`, to: lastDay(month) });
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 401) throw error;
    console.warn('twelve-month summary', error);
    return summary;
  }
}

// A share as a percentage for the chart; '-' is ECharts' "no value" (nothing to divide).
function percent(share) {
  return share === null || share === undefined ? '-' : Number((share * 100).toFixed(1));
}

// One stacked series per direction, one bar per month.
function volumeOption(byMonth) {
  const months = [...new Set(byMonth.map((r) => r.month))].sort();
  const directions = new Map();
  for (const row of byMonth) {
    const key = `${row.accident_region}>${row.underwriting_region}`;
    if (!directions.has(key)) directions.set(key, { name: directionName(row), data: months.map(() => 0) });
    directions.get(key).data[months.indexOf(row.month)] += row.party_claims;
  }
  return stackedBarOption(months, [...directions.values()]);
}
