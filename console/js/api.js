// The console's JSON API under /console/api/. The session is an HttpOnly cookie the page
// never sees; state changes carry the CSRF token returned by login and by GET me.
// Errors are application/problem+json and become ApiError.

import { t } from './i18n.js';
import { h } from './dom.js';

const BASE = '/console/api/';

let csrfToken = null;
let unauthorizedHandler = () => {};

/** An HTTP error from the API, with the problem document when there is one. */
export class ApiError extends Error {
  constructor(status, problem, headers) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.headers = headers;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** Called when a data call answers 401: the session has ended. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function url(path, query) {
  const u = new URL(BASE + path, window.location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== null && value !== undefined && value !== '') u.searchParams.set(name, value);
  }
  return u.pathname + u.search;
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      // fall through: a body that is not JSON after all
    }
  }
  return { title: response.statusText, status: response.status };
}

/**
 * One call. `session: false` for login and me, whose 401 is an answer, not an ended session.
 * Returns the parsed JSON, null for 204, or the raw Response with `raw: true`.
 */
export async function request(method, path, { query, body, session = true, raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if ((method === 'POST' || method === 'PATCH') && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(url(path, query), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && session) unauthorizedHandler();
    throw new ApiError(response.status, problem, response.headers);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body = {}) => request('POST', path, { body });
export const patch = (path, body) => request('PATCH', path, { body });

export function login(name, password) {
  return request('POST', 'login', { body: { name, password }, session: false });
}

export function logout() {
  return request('POST', 'logout', { session: false });
}

export function me() {
  return request('GET', 'me', { session: false });
}

/** A report for a month, e.g. report('summary', '2026-11'). */
export function report(name, month) {
  return get(`reports/${name}`, { month });
}

/** An alert box for an error: the problem's title and detail, and each errors[] entry. */
export function errorView(error) {
  if (!(error instanceof ApiError)) {
    return h('div', { class: 'alert error', role: 'alert' },
      h('strong', { text: t('error.unexpected') }), h('p', { text: String(error.message || error) }));
  }
  const problem = error.problem || {};
  const details = Array.isArray(problem.errors) ? problem.errors : [];
  return h('div', { class: 'alert error', role: 'alert' },
    h('strong', { text: t('error.status', { status: error.status, title: problem.title || '' }) }),
    problem.detail ? h('p', { class: 'problem-detail', text: problem.detail }) : null,
    details.length === 0 ? null : h('ul', { class: 'problem-errors' }, details.map((e) =>
      h('li', {}, h('code', { text: e.path || '' }), `: ${e.message || e.code || ''}`))));
}
