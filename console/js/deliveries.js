// Dead-lettered deliveries: each can be replayed, or all at once. The requeued count is
// shown after a replay and the list is fetched again.

import * as api from './api.js';
import { t, label } from './i18n.js';
import { h, clear, card, table, pageHeader, loading } from './dom.js';

export async function renderDeliveries(root) {
  const status = h('div', { class: 'replay-status', id: 'replay-status', 'aria-live': 'polite' });
  const replayAll = h('button', { type: 'button', class: 'button', id: 'replay-all', text: t('deliveries.replay_all') });
  root.appendChild(pageHeader(t('nav.deliveries'), replayAll));
  root.appendChild(status);
  const body = root.appendChild(h('div', { class: 'page-body' }, loading()));

  async function replay(eventId) {
    clear(status);
    try {
      const result = await api.post('deliveries/replay', eventId ? { event_id: eventId } : {});
      status.appendChild(h('div', { class: 'alert success', role: 'status' },
        t('deliveries.requeued'), ' ', h('span', { id: 'requeued', text: String(result.requeued) })));
      await refresh();
    } catch (error) {
      if (!(error instanceof api.ApiError && error.status === 401)) status.appendChild(api.errorView(error));
    }
  }

  async function refresh() {
    const { dead_letters: rows } = await api.get('deliveries/dead');
    replayAll.disabled = rows.length === 0;
    clear(body).appendChild(card(t('deliveries.title', { count: rows.length }),
      h('p', { class: 'muted', text: t('deliveries.intro') }),
      table([
        { key: 'event_id', label: t('deliveries.event_id'), render: (r) => h('code', { text: r.event_id }) },
        { key: 'branch', label: t('deliveries.branch') },
        { key: 'claim_id', label: t('common.claim'), render: (r) => h('code', { text: r.claim_id }) },
        { key: 'type', label: t('deliveries.type'), code: 'event' },
        { key: 'attempts', label: t('deliveries.attempts'), numeric: true },
        { key: 'last_error', label: t('deliveries.last_error'), render: (r) => h('span', { class: 'error-text', text: r.last_error || '' }) },
        {
          key: 'replay',
          label: t('deliveries.action'),
          render: (r) => h('button', {
            type: 'button', class: 'button small', dataset: { replay: r.event_id },
            text: t('deliveries.replay'), on: { click: () => replay(r.event_id) },
          }),
        },
      ], rows, { empty: t('deliveries.none') })));
  }

  replayAll.addEventListener('click', () => replay(null));
  await refresh();
}
