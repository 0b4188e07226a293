// The API reference page (/docs/ on the console listener) in Debian's Chromium driven by
// playwright-core: Swagger UI draws every operation of the OpenAPI document it is served,
// with no console error, uncaught error or CSP violation. Prints "ok - …"/"not ok - …" lines
// and exits 1 on any failure.
// Environment: CC_DOCS_URL (https://127.0.0.1:8444/docs/), optionally CC_CHROMIUM.
import { chromium } from 'playwright-core';

const url = process.env.CC_DOCS_URL;
if (!url) {
  console.log('not ok - CC_DOCS_URL is not set');
  process.exit(1);
}
let failures = 0;
const check = (name, passed, detail = '') => {
  console.log(`${passed ? 'ok' : 'not ok'} - ${name}${!passed && detail ? ` — ${detail}` : ''}`);
  if (!passed) failures += 1;
};

const browser = await chromium.launch({
  executablePath: process.env.CC_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));

  const response = await page.goto(url);
  check('the page loads', response?.status() === 200, `status ${response?.status()}`);
  const doc = await (await context.request.get(new URL('openapi.json', url).href)).json();
  let operations = 0;
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item)) if (op && typeof op === 'object' && op.responses) operations += 1;

  await page.waitForSelector('.opblock', { timeout: 20000 });
  const drawn = await page.locator('.opblock').count();
  check(`Swagger UI draws every operation (${drawn} of ${operations})`, drawn === operations);
  const title = await page.locator('.info .title').first().innerText();
  check('it names the API', title.includes(doc.info.title), title);
  // Opening an operation shows its responses, the problem types among them.
  await page.locator('.opblock-summary').filter({ hasText: '/v1/claims' }).first().click();
  await page.waitForSelector('.responses-table', { timeout: 10000 });
  check('an opened operation lists its responses', (await page.locator('.responses-table .response').count()) > 3);
  check('no console errors, uncaught errors or CSP violations', errors.length === 0, errors.slice(0, 5).join(' | '));
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
