// The console's shell: session, header, navigation and the hash router. Each page is a
// function render(root, route, session) that fills `root` (already in the document).

import * as api from './api.js';
import { t, loadLanguage, storedLanguage, currentLanguage } from './i18n.js';
import { h, clear } from './dom.js';
import { disposeCharts } from './charts.js';
import { currentRoute, hashFor, navigate, selectedMonth } from './route.js';
import { renderLogin } from './login.js';
import { renderOverview } from './overview.js';
import { renderSla } from './sla.js';
import { renderAssists, renderClearing } from './association.js';
import { renderFraud } from './fraud.js';
import { renderDeliveries } from './deliveries.js';
import { renderMonthly } from './monthly.js';
import { renderLeads } from './leads.js';
import { renderLead } from './lead.js';

// Every page: its path pattern, who may see it, whether it is in the nav, and whether it
// takes a report month (the month is carried along when moving between report pages).
const PAGES = [
  { name: 'overview', pattern: /^\/overview$/, role: 'association', render: renderOverview, month: true },
  { name: 'sla', pattern: /^\/sla$/, role: 'association', render: renderSla, month: true },
  { name: 'assists', pattern: /^\/assists$/, role: 'association', render: renderAssists, month: true },
  { name: 'clearing', pattern: /^\/clearing$/, role: 'association', render: renderClearing, month: true },
  { name: 'fraud', pattern: /^\/fraud$/, role: 'association', render: renderFraud, month: true },
  { name: 'deliveries', pattern: /^\/deliveries$/, role: 'association', render: renderDeliveries },
  { name: 'monthly', pattern: /^\/monthly$/, role: 'association', render: renderMonthly, month: true },
  { name: 'leads', pattern: /^\/leads$/, role: 'investigator', render: renderLeads },
  { name: 'lead', pattern: /^\/leads\/([^/]+)$/, role: 'investigator', render: renderLead, nav: false },
];

let session = null; // {name, role, organisation, csrf_token} while logged in

function firstPage(role) {
  return PAGES.find((p) => p.role === role);
}

function startSession(who) {
  session = who;
  api.setCsrfToken(who.csrf_token);
}

function endSession() {
  session = null;
  api.setCsrfToken(null);
}

// ---- header and navigation ----

function renderHeader() {
  const topbar = document.getElementById('topbar');
  document.title = t('app.title');
  document.getElementById('brand').textContent = t('app.title');
  document.getElementById('language').textContent = t('header.language');
  document.getElementById('logout').textContent = t('header.logout');
  topbar.hidden = false;
  document.getElementById('logout').hidden = !session;
  document.getElementById('who').textContent = session
    ? t('header.who', { name: session.name, organisation: session.organisation, role: t(`role.${session.role}`) })
    : '';
}

function renderNav(route) {
  const nav = clear(document.getElementById('nav'));
  nav.hidden = !session;
  if (!session) return;
  const month = selectedMonth(route.query);
  const items = PAGES.filter((p) => p.role === session.role && p.nav !== false);
  nav.appendChild(h('ul', {}, items.map((p) => {
    const active = p.pattern.test(route.path) || (p.name === 'leads' && route.path.startsWith('/leads/'));
    return h('li', {}, h('a', {
      href: hashFor(`/${p.name}`, p.month && route.query.has('month') ? { month } : {}),
      class: active ? 'active' : null,
      'aria-current': active ? 'page' : null,
      dataset: { page: p.name },
      text: t(`nav.${p.name}`),
    }));
  })));
}

// ---- router ----

async function render() {
  const route = currentRoute();
  disposeCharts();
  const main = clear(document.getElementById('main'));
  const root = h('div', { class: 'page', dataset: { page: route.path.split('/')[1] || 'login' } });
  main.appendChild(root);
  renderHeader();

  if (!session) {
    renderNav(route);
    if (route.path !== '/login') {
      navigate('/login');
      return;
    }
    renderLogin(root, { onLoggedIn: loggedIn });
    root.dataset.ready = 'true';
    return;
  }
  if (route.path === '/login' || route.path === '/') {
    navigate(`/${firstPage(session.role).name}`);
    return;
  }
  renderNav(route);
  const page = PAGES.find((p) => p.pattern.test(route.path));
  if (!page) {
    root.appendChild(h('div', { class: 'alert', text: t('error.not_found') }));
    root.dataset.ready = 'not-found';
    return;
  }
  if (page.role !== session.role) {
    root.appendChild(h('div', { class: 'alert error', dataset: { forbidden: page.name }, text: t('error.forbidden_page') }));
    root.dataset.ready = 'forbidden';
    return;
  }
  const params = route.path.match(page.pattern).slice(1).map(decodeURIComponent);
  try {
    await page.render(root, route, session, ...params);
    root.dataset.ready = 'true'; // for tests: the page has everything it fetched
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 401) return;
    clear(root).appendChild(api.errorView(error));
    root.dataset.ready = 'error';
  }
}

function loggedIn(who) {
  startSession(who);
  navigate(`/${firstPage(who.role).name}`);
}

async function logout() {
  try {
    await api.logout();
  } catch (error) {
    // The session is over either way; an error here leaves nothing to do.
    console.warn('logout', error);
  }
  endSession();
  navigate('/login');
  render();
}

async function switchLanguage() {
  await loadLanguage(currentLanguage() === 'zh' ? 'en' : 'zh');
  render();
}

async function start() {
  await loadLanguage(storedLanguage());
  document.getElementById('language').addEventListener('click', switchLanguage);
  document.getElementById('logout').addEventListener('click', logout);
  api.onUnauthorized(() => {
    endSession();
    navigate('/login');
  });
  try {
    startSession(await api.me());
  } catch (error) {
    if (!(error instanceof api.ApiError && error.status === 401)) console.warn('me', error);
    endSession();
  }
  window.addEventListener('hashchange', render);
  render();
}

start();
