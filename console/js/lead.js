// One lead: its details, identifiers (masked unless revealed with a case reference), rules
// with their evidence and matches, the link graph, the update form (status, assignee,
// confirmed amount, note) and the referral export.

import * as api from './api.js';
import { t, label } from './i18n.js';
import { h, clear, card, table, definitionList, pageHeader, loading } from './dom.js';
import { chartBox } from './charts.js';
import { drawGraph } from './graph.js';
import { formatInstant, NONE } from './format.js';
import { STATUSES } from './leads.js';

// A case reference as the API accepts it: 1–64 visible ASCII characters, no spaces.
const REASON_PATTERN = '[!-~]{1,64}';

function leadPath(id, suffix = '') {
  return `leads/${encodeURIComponent(id)}${suffix}`;
}

function reasonField(id) {
  return h('label', { class: 'field', for: id },
    h('span', { text: t('lead.reason') }),
    h('input', {
      class: 'input', id, name: 'reason', required: true, pattern: REASON_PATTERN, maxlength: 64,
      placeholder: t('lead.reason_placeholder'), title: t('lead.reason_hint'),
    }));
}

function detailsCard(lead) {
  return card(t('lead.details'), definitionList([
    [t('lead.status'), h('span', { class: `badge status-${lead.status}`, id: 'lead-status', text: label('status', lead.status) })],
    [t('lead.score'), h('span', { id: 'lead-score', text: String(lead.score) })],
    [t('common.region'), lead.region || NONE],
    [t('lead.assignee'), lead.assignee || NONE],
    [t('lead.confirmed_amount'), lead.confirmed_amount || NONE],
    [t('lead.reward'), lead.reward || NONE],
    [t('lead.merged_into'), lead.merged_into
      ? h('a', { href: `#/leads/${encodeURIComponent(lead.merged_into)}`, text: lead.merged_into }) : NONE],
    [t('lead.reported_by'), lead.reported_by ? `${lead.reported_by.member} / ${lead.reported_by.adjuster_id}` : NONE],
    [t('lead.rule_set_version'), String(lead.rule_set_version)],
    [t('lead.created_at'), formatInstant(lead.created_at)],
    [t('lead.updated_at'), formatInstant(lead.updated_at)],
    [t('lead.claims'), h('span', {}, lead.claims.map((c) => h('code', { class: 'tag', text: c })))],
  ]));
}

function entitiesCard(lead, reveal, onReveal) {
  const revealed = lead.entities.some((e) => e.value !== undefined);
  const form = h('form', { class: 'inline-form', id: 'reveal-form' },
    reasonField('reveal-reason'),
    h('button', { type: 'submit', class: 'button', id: 'reveal-submit', text: t('lead.reveal') }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    onReveal(new FormData(form).get('reason'));
  });
  return card(t('lead.entities'),
    revealed
      ? h('div', { class: 'alert warning', id: 'revealed-notice', text: t('lead.revealed_for', { reason: reveal }) })
      : h('p', { class: 'muted', text: t('lead.masked_note') }),
    table([
      { key: 'kind', label: t('lead.kind'), code: 'entity' },
      { key: 'masked', label: t('lead.masked'), render: (e) => h('code', { dataset: { masked: e.kind }, text: e.masked }) },
      {
        key: 'value', label: t('lead.value'),
        render: (e) => (e.value === undefined ? NONE : h('code', { class: 'revealed', dataset: { value: e.kind }, text: e.value })),
      },
    ], lead.entities, { className: 'entities' }),
    revealed ? null : form);
}

function rulesCard(lead) {
  return card(t('lead.rules'), lead.rules.map((rule) => h('article', { class: 'rule', dataset: { rule: rule.code } },
    h('h3', {}, label('rule', rule.code), ' ', h('span', { class: 'muted', text: t('lead.weight', { weight: rule.weight }) })),
    h('p', { class: 'evidence', text: rule.evidence }),
    table([
      { key: 'claim_id', label: t('common.claim'), render: (m) => h('code', { text: m.claim_id }) },
      { key: 'kind', label: t('lead.kind'), code: 'entity' },
      { key: 'occurred_at', label: t('lead.occurred_at'), render: (m) => formatInstant(m.occurred_at) },
      { key: 'masked', label: t('lead.masked'), render: (m) => h('code', { text: m.masked || NONE }) },
    ], rule.matches || [], { empty: t('lead.no_matches') }))));
}

function historyCard(lead) {
  return card(t('lead.notes_history'),
    h('h3', { text: t('lead.notes') }),
    table([
      { key: 'at', label: t('lead.at'), render: (n) => formatInstant(n.at) },
      { key: 'author', label: t('lead.author') },
      { key: 'note', label: t('lead.note') },
    ], lead.notes || [], { empty: t('lead.no_notes') }),
    h('h3', { text: t('lead.history') }),
    table([
      { key: 'at', label: t('lead.at'), render: (n) => formatInstant(n.at) },
      { key: 'actor', label: t('lead.actor') },
      { key: 'change', label: t('lead.change') },
    ], lead.history || []));
}

function updateCard(lead, onPatch) {
  const message = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', id: 'lead-update' },
    h('label', { class: 'field', for: 'update-status' }, h('span', { text: t('lead.status') }),
      h('select', { class: 'input', id: 'update-status', name: 'status' },
        STATUSES.map((s) => h('option', { value: s, selected: s === lead.status, text: label('status', s) })))),
    h('label', { class: 'field', for: 'update-assignee' }, h('span', { text: t('lead.assignee') }),
      h('input', { class: 'input', id: 'update-assignee', name: 'assignee', value: lead.assignee || '' })),
    h('label', { class: 'field', for: 'update-amount' }, h('span', { text: t('lead.confirmed_amount') }),
      h('input', {
        class: 'input', id: 'update-amount', name: 'confirmed_amount', inputmode: 'decimal',
        pattern: '[0-9]+(\\.[0-9]{1,2})?', placeholder: '0.00', value: lead.confirmed_amount || '',
      })),
    h('label', { class: 'field wide', for: 'update-note' }, h('span', { text: t('lead.add_note') }),
      h('textarea', { class: 'input', id: 'update-note', name: 'note', rows: 3 })),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'button', text: t('lead.save') })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    const change = {};
    const status = String(data.get('status'));
    const assignee = String(data.get('assignee')).trim();
    const amount = String(data.get('confirmed_amount')).trim();
    const note = String(data.get('note')).trim();
    if (status !== lead.status) change.status = status;
    if (assignee && assignee !== (lead.assignee || '')) change.assignee = assignee;
    if (amount && amount !== (lead.confirmed_amount || '')) change.confirmed_amount = amount;
    if (note) change.note = note;
    clear(message);
    if (Object.keys(change).length === 0) {
      message.appendChild(h('p', { class: 'muted', text: t('lead.nothing_to_save') }));
      return;
    }
    try {
      await onPatch(change);
    } catch (error) {
      if (!(error instanceof api.ApiError && error.status === 401)) message.appendChild(api.errorView(error));
    }
  });
  return card(t('lead.update'), form, message);
}

function referralCard(id) {
  const message = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form', id: 'referral-form' },
    reasonField('referral-reason'),
    h('button', { type: 'submit', class: 'button', id: 'referral-submit', text: t('lead.export_referral') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    clear(message);
    const reason = String(new FormData(form).get('reason'));
    try {
      const referral = await api.get(leadPath(id, '/referral'), { reason });
      download(`referral-${id}-${reason}.json`, JSON.stringify(referral, null, 2));
      message.appendChild(h('p', { class: 'muted', text: t('lead.referral_saved') }));
    } catch (error) {
      if (!(error instanceof api.ApiError && error.status === 401)) message.appendChild(api.errorView(error));
    }
  });
  return card(t('lead.referral'), h('p', { class: 'muted', text: t('lead.referral_intro') }), form, message);
}

function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = h('a', { href: url, download: filename, class: 'hidden' });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function renderLead(root, route, session, id) {
  root.appendChild(pageHeader(t('lead.title', { id }),
    h('a', { class: 'button secondary', href: '#/leads', text: t('lead.back') })));
  const details = root.appendChild(h('div', { class: 'page-body' }, loading()));
  const graphBox = chartBox('graph', 'large');
  root.appendChild(card(t('lead.graph'), graphBox));
  const work = root.appendChild(h('div', { class: 'page-body' }));
  root.appendChild(referralCard(id));

  let reveal = null; // the case reference the identifiers were revealed for

  async function show() {
    const query = reveal ? { reveal: 'true', reason: reveal } : {};
    const lead = await api.get(leadPath(id), query);
    clear(details).append(
      h('div', { class: 'grid two' }, detailsCard(lead), entitiesCard(lead, reveal, onReveal)),
      rulesCard(lead));
    clear(work).append(h('div', { class: 'grid two' }, updateCard(lead, onPatch), historyCard(lead)));
  }

  async function onReveal(reason) {
    reveal = reason;
    try {
      await show();
    } catch (error) {
      reveal = null;
      if (!(error instanceof api.ApiError && error.status === 401)) details.prepend(api.errorView(error));
    }
  }

  async function onPatch(change) {
    await api.patch(leadPath(id), change);
    await show();
  }

  await show();
  drawGraph(graphBox, await api.get(leadPath(id, '/graph')));
}
