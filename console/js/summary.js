// The summary report's sections, shared by the overview page and the monthly report:
// headline figure cards and the tables. `prefix` is the data-figure prefix ("summary" on
// the overview, "monthly.summary" in the monthly report).

import { t, label } from './i18n.js';
import { h, figure, figureCard, table, card } from './dom.js';

/** "621200" → "陇南 (621200)" when the region has a name in the catalogue. */
export function regionName(code) {
  const name = label('region', code);
  return name === String(code) ? name : `${name} (${code})`;
}

export function directionName(row) {
  return t('summary.direction', {
    from: label('region', row.accident_region),
    to: label('region', row.underwriting_region),
  });
}

export function summaryCards(summary, prefix) {
  return h('div', { class: 'cards' },
    figureCard(t('summary.claims'), figure(`${prefix}.claims`, summary.claims)),
    figureCard(t('summary.party_claims'), figure(`${prefix}.party_claims`, summary.party_claims)),
    figureCard(t('summary.out_of_area_share'),
      figure(`${prefix}.out_of_area.share`, summary.out_of_area.share, 'share'),
      [t('summary.out_of_area_claims'), ' ', figure(`${prefix}.out_of_area.party_claims`, summary.out_of_area.party_claims)]),
    figureCard(t('summary.fast_settle_share'),
      figure(`${prefix}.fast_settle.share`, summary.fast_settle.share, 'share'),
      [t('summary.eligible'), ' ', figure(`${prefix}.fast_settle.eligible`, summary.fast_settle.eligible)]),
    figureCard(t('summary.mutual_share'),
      figure(`${prefix}.mutual_self_settle.share`, summary.mutual_self_settle.share, 'share'),
      [t('summary.eligible'), ' ', figure(`${prefix}.mutual_self_settle.eligible`, summary.mutual_self_settle.eligible)]));
}

export function directionTable(summary, prefix) {
  return table([
    { key: 'accident_region', label: t('summary.accident_region'), render: (r) => regionName(r.accident_region) },
    { key: 'underwriting_region', label: t('summary.underwriting_region'), render: (r) => regionName(r.underwriting_region) },
    { key: 'party_claims', label: t('summary.party_claims'), numeric: true, figure: true },
  ], summary.by_direction, { figurePrefix: `${prefix}.by_direction` });
}

export function insurerTable(summary, prefix) {
  return table([
    { key: 'insurer', label: t('common.insurer') },
    { key: 'party_claims', label: t('summary.party_claims'), numeric: true, figure: true },
    { key: 'out_of_area', label: t('summary.out_of_area_claims'), numeric: true, figure: true },
  ], summary.by_insurer, { figurePrefix: `${prefix}.by_insurer` });
}

export function reasonTable(summary, prefix) {
  return table([
    { key: 'reason', label: t('summary.reason'), code: 'reason' },
    { key: 'claims', label: t('summary.claims'), numeric: true, figure: true },
  ], summary.ineligibility_reasons, { figurePrefix: `${prefix}.ineligibility_reasons` });
}

export function tierTable(summary, prefix) {
  return table([
    { key: 'tier', label: t('common.tier'), code: 'tier' },
    { key: 'claims', label: t('summary.claims'), numeric: true, figure: true },
  ], summary.tiers, { figurePrefix: `${prefix}.tiers` });
}

/** All the summary's sections as cards (used by the monthly report). */
export function summarySections(summary, prefix) {
  return [
    summaryCards(summary, prefix),
    h('div', { class: 'grid two' },
      card(t('summary.by_direction'), directionTable(summary, prefix)),
      card(t('summary.by_insurer'), insurerTable(summary, prefix))),
    h('div', { class: 'grid two' },
      card(t('summary.ineligibility'), reasonTable(summary, prefix)),
      card(t('summary.tiers'), tierTable(summary, prefix))),
  ];
}
