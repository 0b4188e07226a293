// The login page: name and password. 401 and 423 (locked, with Retry-After) get their own
// messages; anything else shows the problem document.

import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear } from './dom.js';

export function renderLogin(root, { onLoggedIn }) {
  const message = h('div', { class: 'login-message', id: 'login-message', 'aria-live': 'polite' });
  const name = h('input', { class: 'input', id: 'login-name', name: 'name', autocomplete: 'username', required: true });
  const password = h('input', {
    class: 'input', id: 'login-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true,
  });
  const submit = h('button', { type: 'submit', class: 'button', id: 'login-submit', text: t('login.submit') });

  const form = h('form', { class: 'login-form', id: 'login-form' },
    h('h1', { text: t('login.title') }),
    h('p', { class: 'muted', text: t('login.intro') }),
    h('label', { class: 'field', for: 'login-name' }, h('span', { text: t('login.name') }), name),
    h('label', { class: 'field', for: 'login-password' }, h('span', { text: t('login.password') }), password),
    submit,
    message);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(message);
    submit.disabled = true;
    try {
      onLoggedIn(await api.login(name.value.trim(), password.value));
    } catch (error) {
      message.appendChild(loginError(error));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });

  root.appendChild(h('div', { class: 'login-page' }, form));
  name.focus();
}

function loginError(error) {
  if (error instanceof api.ApiError && error.status === 401) {
    return h('div', { class: 'alert error', role: 'alert', dataset: { error: 'wrong' }, text: t('login.wrong') });
  }
  if (error instanceof api.ApiError && error.status === 423) {
    const seconds = Number.parseInt(error.headers.get('Retry-After') || '', 10);
    const text = Number.isFinite(seconds)
      ? t('login.locked_for', { minutes: Math.max(1, Math.ceil(seconds / 60)), seconds })
      : t('login.locked');
    return h('div', { class: 'alert error', role: 'alert', dataset: { error: 'locked' }, text });
  }
  return api.errorView(error);
}
