// End-to-end test of the browser console against a running gateway, with Debian's Chromium
// driven by playwright-core. Prints one "ok - …" / "not ok - …" line per check and exits 1
// on any failure, uncaught error, console error logged by a page or CSP violation.
//
// Environment: CC_CONSOLE_URL (https://127.0.0.1:8444), CC_ASSOCIATION_USER/_PASSWORD,
// CC_INVESTIGATOR_USER/_PASSWORD, CC_LOCKOUT_USER/_PASSWORD (a user this test locks),
// CC_LEAD_ID (a planted lead), CC_MONTH (YYYY-MM with data), CC_ARTIFACTS (output directory),
// optionally CC_CHROMIUM (default /usr/bin/chromium).
//
// The C++ harness checks the audit row of the reveal after this script exits; the reason
// used is printed as "# reveal reason: …".

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, request as playwrightRequest } from 'playwright-core';

const REVEAL_REASON = 'CASE-E2E-1';
const ASSOCIATION_PAGES = ['overview', 'sla', 'assists', 'clearing', 'fraud', 'deliveries', 'monthly'];
// The report each association page shows (its data-figure prefix).
const PAGE_REPORT = { overview: 'summary', sla: 'sla', assists: 'assists', clearing: 'clearing', fraud: 'fraud', monthly: 'monthly' };
const TIMEOUT = 20000;

// ---- inputs ----

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.log(`not ok - environment variable ${name} is not set`);
    process.exit(1);
  }
  return value;
}

const env = {
  url: required('CC_CONSOLE_URL').replace(/\/+$/, ''),
  associationUser: required('CC_ASSOCIATION_USER'),
  associationPassword: required('CC_ASSOCIATION_PASSWORD'),
  investigatorUser: required('CC_INVESTIGATOR_USER'),
  investigatorPassword: required('CC_INVESTIGATOR_PASSWORD'),
  lockoutUser: required('CC_LOCKOUT_USER'),
  lockoutPassword: required('CC_LOCKOUT_PASSWORD'),
  leadId: required('CC_LEAD_ID'),
  month: required('CC_MONTH'),
  artifacts: required('CC_ARTIFACTS'),
  chromium: process.env.CC_CHROMIUM || '/usr/bin/chromium',
};
mkdirSync(env.artifacts, { recursive: true });

// ---- reporting ----

let failures = 0;

function check(name, passed, detail = '') {
  if (passed) {
    console.log(`ok - ${name}`);
  } else {
    failures += 1;
    console.log(`not ok - ${name}${detail ? ` — ${detail}` : ''}`);
  }
  return passed;
}

// Console errors and CSP violations of every page. A failed API response (4xx the test
// asks for on purpose) is logged by Chromium as "Failed to load resource"; those are part
// of the protocol and checked explicitly, so only they are let through.
const pageErrors = [];

function watch(page, label) {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const from = message.location()?.url || '';
    if (text.startsWith('Failed to load resource: the server responded with a status of') && from.includes('/console/api/')) return;
    pageErrors.push(`${label}: console error: ${text}${from ? ` (${from})` : ''}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${label}: uncaught: ${error.message}`));
}

const reportViolations = () => {
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
  });
};

// ---- how the console writes figures (independently of console/js/format.js) ----

function withSign(text) {
  if (/^-?0(\.0+)?$/.test(text)) return text.replace(/^-/, '');
  return text.startsWith('-') ? text : `+${text}`;
}

function expectedText(value, format) {
  if (value === null || value === undefined) return '—';
  if (format === 'share') return `${(Number(value) * 100).toFixed(1)}%`;
  if (format === 'points') return withSign((Number(value) * 100).toFixed(1));
  if (format === 'signed') return withSign(String(value));
  return String(value);
}

function valueAt(object, path) {
  return path.split('.').reduce((o, key) => (o === null || o === undefined ? undefined : o[key]), object);
}

// ---- page helpers ----

async function fetchJson(page, path) {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return { status: response.status, body: response.ok ? await response.json() : null };
  }, path);
}

async function fetchStatus(page, method, path, headers = {}, body = undefined) {
  return page.evaluate(async ({ method: m, path: p, headers: h, body: b }) => {
    const response = await fetch(p, { method: m, headers: h, body: b, credentials: 'same-origin' });
    return response.status;
  }, { method, path, headers, body });
}

async function csrfToken(page) {
  const me = await fetchJson(page, '/console/api/me');
  return me.body?.csrf_token;
}

// The page shown is marked as left before a navigation, and the new one is waited for: until
// the app handles the hash change, the old page is still there, and ready.
async function leave(page) {
  await page.evaluate(() => document.querySelector('#main > .page')?.setAttribute('data-left', ''));
}

async function arrived(page, hash) {
  await page.waitForFunction((h) => {
    const root = document.querySelector('#main > .page');
    return window.location.hash === h && root && !root.hasAttribute('data-left') && root.dataset.ready;
  }, hash, { timeout: TIMEOUT });
  return page.$eval('#main > .page', (root) => root.dataset.ready);
}

/** Goes to a hash route and waits until the page has rendered what it fetched. */
async function open(page, hash) {
  await leave(page);
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  return arrived(page, hash);
}

/** Waits until every chart on the page has rendered; returns [{name, rendered, canvas}]. */
async function charts(page) {
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')]
      .every((c) => c.dataset.rendered === 'true'), null, { timeout: TIMEOUT });
  } catch {
    // reported below, chart by chart
  }
  return page.$$eval('[data-chart]', (all) => all.map((c) => ({
    name: c.dataset.chart, rendered: c.dataset.rendered === 'true', canvas: c.querySelector('canvas') !== null,
  })));
}

async function checkCharts(page, label, expectAny) {
  const list = await charts(page);
  if (expectAny) check(`${label}: has charts`, list.length > 0, 'no [data-chart]');
  for (const c of list) check(`${label}: chart ${c.name} rendered with a canvas`, c.rendered && c.canvas, JSON.stringify(c));
}

/** Compares every [data-figure^="<report>."] with the report fetched from the API. */
async function checkFigures(page, report, label) {
  const api = await fetchJson(page, `/console/api/reports/${report}?month=${env.month}`);
  if (!check(`${label}: GET reports/${report} → 200`, api.status === 200, `status ${api.status}`)) return null;
  const figures = await page.$$eval(`[data-figure^="${report}."]`, (all) => all.map((e) => ({
    path: e.dataset.figure, format: e.dataset.format || 'plain', text: e.textContent,
  })));
  const wrong = [];
  for (const f of figures) {
    const value = valueAt(api.body, f.path.slice(report.length + 1));
    if (value === undefined) wrong.push(`${f.path}: not in the API's answer`);
    else if (f.text !== expectedText(value, f.format)) wrong.push(`${f.path}: page "${f.text}", API ${JSON.stringify(value)}`);
  }
  check(`${label}: ${figures.length} ${report}.* figures match the API`, figures.length > 0 && wrong.length === 0,
    figures.length === 0 ? 'no figures' : wrong.slice(0, 10).join('; '));
  return { api: api.body, paths: new Set(figures.map((f) => f.path)) };
}

async function login(page, name, password) {
  await page.goto(`${env.url}/console/`, { waitUntil: 'load' });
  await page.waitForSelector('#login-form', { timeout: TIMEOUT });
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
}

async function waitForChromium() {
  for (let i = 0; i < 120 && !existsSync(env.chromium); i += 1) {
    if (i === 0) console.log(`# waiting for ${env.chromium}`);
    await sleep(5000);
  }
}

// ---- the checks ----

async function association(browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  await context.addInitScript(reportViolations);
  const page = await context.newPage();
  watch(page, 'association');

  // a. login through the form, the overview, its charts and figures, every page.
  await login(page, env.associationUser, env.associationPassword);
  try {
    await page.waitForFunction(() => window.location.hash === '#/overview', null, { timeout: TIMEOUT });
  } catch { /* reported next */ }
  check('a. association login lands on #/overview', await page.evaluate(() => window.location.hash) === '#/overview');
  const nav = await page.$$eval('#nav a', (all) => all.map((a) => a.dataset.page));
  check('a. nav shows only the association pages', JSON.stringify(nav) === JSON.stringify(ASSOCIATION_PAGES), nav.join(','));

  for (const name of ASSOCIATION_PAGES) {
    const ready = await open(page, `#/${name}?month=${env.month}`);
    check(`a. ${name} page renders`, ready === 'true', `data-ready=${ready}`);
    await checkCharts(page, `a. ${name}`, name === 'overview' || name === 'sla' || name === 'fraud');
    if (PAGE_REPORT[name]) {
      const result = await checkFigures(page, PAGE_REPORT[name], `a. ${name}`);
      if (name === 'overview' && result) {
        const missing = ['claims', 'party_claims', 'out_of_area.share', 'fast_settle.share', 'mutual_self_settle.share']
          .map((p) => `summary.${p}`).filter((p) => !result.paths.has(p));
        check('a. overview shows the headline figures', missing.length === 0, `missing ${missing.join(', ')}`);
      }
    }
    await page.screenshot({ path: join(env.artifacts, `${name}.png`), fullPage: true });
  }

  // b. the association may not see leads.
  const leadsStatus = await fetchStatus(page, 'GET', '/console/api/leads');
  check('b. association GET /console/api/leads → 403', leadsStatus === 403, `status ${leadsStatus}`);
  const shown = await open(page, '#/leads');
  const leadRows = await page.$$('[data-lead-id], table.leads');
  check('b. #/leads shows no leads data to the association', shown === 'forbidden' && leadRows.length === 0,
    `data-ready=${shown}, ${leadRows.length} lead elements`);

  // c. CSRF: a state change without the token is refused, with it accepted.
  const replay = '/console/api/deliveries/replay';
  const json = { 'Content-Type': 'application/json' };
  const without = await fetchStatus(page, 'POST', replay, json, '{}');
  check('c. POST deliveries/replay without X-CSRF-Token → 403', without === 403, `status ${without}`);
  const token = await csrfToken(page);
  const withToken = await fetchStatus(page, 'POST', replay, { ...json, 'X-CSRF-Token': token }, '{}');
  check('c. POST deliveries/replay with X-CSRF-Token → 200', withToken === 200, `status ${withToken}`);

  // d. the monthly report as PDF.
  const monthly = await fetchJson(page, `/console/api/reports/monthly?month=${env.month}`);
  const pdf = await page.request.get(`${env.url}/console/api/reports/monthly.pdf?month=${env.month}`);
  const type = pdf.headers()['content-type'] || '';
  check('d. monthly.pdf → 200 application/pdf', pdf.status() === 200 && type.startsWith('application/pdf'), `${pdf.status()} ${type}`);
  if (pdf.status() === 200) {
    const file = join(env.artifacts, 'monthly.pdf');
    writeFileSync(file, await pdf.body());
    let text = '';
    try {
      text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    } catch (error) {
      check('d. pdftotext reads monthly.pdf', false, error.message);
    }
    const claims = String(monthly.body?.summary?.claims);
    check(`d. the PDF names the month ${env.month}`, text.includes(env.month));
    check(`d. the PDF shows the month's claims (${claims})`, new RegExp(`(^|\\D)${claims}(\\D|$)`).test(text));
  }

  // g. logout with the token ends the session; the next data call returns to #/login.
  const logout = await fetchStatus(page, 'POST', '/console/api/logout', { 'X-CSRF-Token': token });
  check('g. association POST logout → 204', logout === 204, `status ${logout}`);
  const me = await fetchStatus(page, 'GET', '/console/api/me');
  check('g. after logout GET me → 401', me === 401, `status ${me}`);
  await page.evaluate((m) => { window.location.hash = `#/sla?month=${m}`; }, env.month);
  try {
    await page.waitForFunction(() => window.location.hash === '#/login', null, { timeout: TIMEOUT });
  } catch { /* reported next */ }
  check('g. a 401 from a data call returns to #/login', await page.evaluate(() => window.location.hash) === '#/login');
  await context.close();
}

async function investigator(browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  await context.addInitScript(reportViolations);
  const page = await context.newPage();
  watch(page, 'investigator');

  // e. the queue, the planted lead, masked and revealed identifiers, the graph.
  await login(page, env.investigatorUser, env.investigatorPassword);
  try {
    await page.waitForFunction(() => window.location.hash === '#/leads', null, { timeout: TIMEOUT });
    await page.waitForSelector('#main > .page[data-ready]', { timeout: TIMEOUT });
  } catch { /* reported next */ }
  check('e. investigator login lands on #/leads', await page.evaluate(() => window.location.hash) === '#/leads');
  const nav = await page.$$eval('#nav a', (all) => all.map((a) => a.dataset.page));
  check('e. nav shows only the investigator pages', JSON.stringify(nav) === '["leads"]', nav.join(','));
  await page.screenshot({ path: join(env.artifacts, 'leads.png'), fullPage: true });

  const selector = `[data-lead-id="${env.leadId}"]`;
  let found = await page.$(selector);
  for (let pageNo = 1; !found && pageNo < 40; pageNo += 1) {
    const next = await page.$('#next-page');
    if (!next) break;
    const href = await next.getAttribute('href');
    await open(page, href);
    found = await page.$(selector);
  }
  if (!check(`e. ${env.leadId} is in the queue`, found !== null)) {
    await context.close();
    return;
  }
  await leave(page);
  await found.click();
  await arrived(page, `#/leads/${encodeURIComponent(env.leadId)}`);
  const masked = await page.$$eval('[data-masked]', (all) => all.map((e) => e.textContent));
  const shown = await page.$$('[data-value]');
  check('e. the lead shows masked identifiers only', masked.length > 0 && masked.every((m) => m.length > 0) && shown.length === 0,
    `${masked.length} masked, ${shown.length} values`);
  await checkCharts(page, 'e. lead', true);
  check('e. the link graph is drawn', (await page.$('[data-chart="graph"][data-rendered="true"] canvas')) !== null);
  await page.screenshot({ path: join(env.artifacts, 'lead.png'), fullPage: true });

  console.log(`# reveal reason: ${REVEAL_REASON}`);
  await page.fill('#reveal-reason', REVEAL_REASON);
  await page.click('#reveal-submit');
  try {
    await page.waitForSelector('[data-value]', { timeout: TIMEOUT });
  } catch { /* reported next */ }
  const revealed = await page.$$eval('[data-value]', (all) => all.map((e) => e.textContent));
  check('e. reveal with a reason shows the values', revealed.length > 0 && revealed.every((v) => v.length > 0), `${revealed.length} values`);
  const notice = await page.$eval('#revealed-notice', (e) => e.textContent).catch(() => '');
  check('e. the page says what the values were revealed for', notice.includes(REVEAL_REASON), notice);

  // g. logout through the header button.
  await page.click('#logout');
  try {
    await page.waitForFunction(() => window.location.hash === '#/login', null, { timeout: TIMEOUT });
  } catch { /* reported next */ }
  check('g. the logout button returns to #/login', await page.evaluate(() => window.location.hash) === '#/login');
  const me = await fetchStatus(page, 'GET', '/console/api/me');
  check('g. after the logout button GET me → 401', me === 401, `status ${me}`);
  await context.close();
}

async function lockout(browser) {
  // f. five wrong passwords, then the right one is refused: locked.
  const api = await playwrightRequest.newContext({ baseURL: env.url, ignoreHTTPSErrors: true });
  const statuses = [];
  for (let i = 0; i < 5; i += 1) {
    const response = await api.post('/console/api/login', { data: { name: env.lockoutUser, password: `wrong-${i}-${env.lockoutPassword}` } });
    statuses.push(response.status());
  }
  check('f. five wrong passwords → 401 each', statuses.every((s) => s === 401), statuses.join(','));
  const right = await api.post('/console/api/login', { data: { name: env.lockoutUser, password: env.lockoutPassword } });
  check('f. then the right password → 423 locked', right.status() === 423, `status ${right.status()}`);
  check('f. the 423 says when to retry (Retry-After)', /^\d+$/.test(right.headers()['retry-after'] || ''), right.headers()['retry-after']);
  await api.dispose();

  // The login form's messages for both answers.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.addInitScript(reportViolations);
  const page = await context.newPage();
  watch(page, 'login');
  await login(page, `e2e-nobody-${Date.now()}`, 'not-a-password');
  const wrong = await page.waitForSelector('[data-error="wrong"]', { timeout: TIMEOUT }).catch(() => null);
  check('f. the login form says "wrong name or password" on 401', wrong !== null);
  await page.fill('#login-name', env.lockoutUser);
  await page.fill('#login-password', env.lockoutPassword);
  await page.click('#login-submit');
  const locked = await page.waitForSelector('[data-error="locked"]', { timeout: TIMEOUT }).catch(() => null);
  check('f. the login form says "locked" on 423', locked !== null);
  await page.screenshot({ path: join(env.artifacts, 'login-locked.png') });
  await context.close();
}

async function main() {
  await waitForChromium();
  const browser = await chromium.launch({ executablePath: env.chromium, args: ['--no-sandbox'] });
  try {
    await association(browser);
    await investigator(browser);
    await lockout(browser);
  } finally {
    await browser.close();
  }
  check('no console errors, uncaught errors or CSP violations', pageErrors.length === 0, pageErrors.slice(0, 10).join(' | '));
  console.log(failures === 0 ? '# all checks passed' : `# ${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((error) => {
  console.log(`not ok - uncaught error: ${error.stack || error}`);
  process.exit(1);
});
