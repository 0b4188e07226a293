// Every response the integration suite received (recorded by the harness, one JSON line per
// exchange in BUILD/test-responses/) is one the OpenAPI document describes: its operation
// lists the status, the status lists the content type, and a JSON body validates against the
// schema. Exchanges with paths the document does not have (the bad-input suite's probes) are
// counted, not checked. Usage: node tests/openapi/check_responses.mjs api/openapi.yaml DIR
// Exits 77 (skipped) when nothing was recorded.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOperation, loadDocument, pointer, resolve, validatorAt } from './document.mjs';

const [docPath, dir] = process.argv.slice(2);
const { doc, ajv } = loadDocument(docPath);

const exchanges = [];
if (existsSync(dir))
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')))
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n'))
      if (line.trim()) exchanges.push(JSON.parse(line));
if (exchanges.length === 0) {
  console.log(`# no exchanges recorded in ${dir}; skipped`);
  process.exit(77);
}

const problems = new Map();  // one line per distinct problem, with a count
const problem = (what) => problems.set(what, (problems.get(what) || 0) + 1);
const seen = new Set();
let checked = 0;
let bodies = 0;
let unknown = 0;

for (const x of exchanges) {
  const found = findOperation(doc, x.method, x.target);
  if (!found) {
    unknown += 1;
    continue;
  }
  checked += 1;
  const name = `${x.method} ${found.path}`;
  seen.add(`${found.method} ${found.path}`);
  // Any request may get these, whatever its operation (the document's description says so).
  const global = [400, 404, 405, 431].includes(x.status) && !found.op.responses[String(x.status)];
  const response = global ? { content: { 'application/problem+json': { schema: true } } }
    : resolve(doc, found.op.responses[String(x.status)]);
  if (!response) {
    problem(`${name}: status ${x.status} is not documented`);
    continue;
  }
  if (x.status === 304 || x.status === 204 || !x.content_type) continue;
  const type = x.content_type.split(';')[0].trim();
  const content = response.content || {};
  const mediaKey = Object.keys(content).find((k) => k.split(';')[0].trim() === type) ??
    (content['*/*'] ? '*/*' : undefined);
  if (!mediaKey) {
    problem(`${name}: ${x.status} answered ${type}, which is not documented`);
    continue;
  }
  if (global) {
    const validate = validatorAt(ajv, pointer('components', 'schemas', 'Problem'));
    bodies += 1;
    if (!validate(JSON.parse(x.body))) problem(`${name}: ${x.status} is not a problem: ${ajv.errorsText(validate.errors)}`);
    continue;
  }
  // Files (`*/*`) are served as they are; only JSON media types have schemas to check.
  if (mediaKey === '*/*' || !type.endsWith('json') || !content[mediaKey].schema) continue;
  let body;
  try {
    body = JSON.parse(x.body);
  } catch {
    problem(`${name}: ${x.status} body is not JSON`);
    continue;
  }
  // The schema of a $ref'd response lives under components/responses.
  const status = String(x.status);
  const at = typeof found.op.responses[status].$ref === 'string'
    ? found.op.responses[status].$ref.slice(1) + pointer('content', mediaKey, 'schema')
    : pointer('paths', found.path, found.method, 'responses', status, 'content', mediaKey, 'schema');
  const validate = validatorAt(ajv, at);
  bodies += 1;
  if (!validate(body))
    problem(`${name}: ${x.status} body does not match the schema: ${ajv.errorsText(validate.errors)}`);
}

const operations = [];
for (const [p, item] of Object.entries(doc.paths))
  for (const m of Object.keys(item)) if (item[m]?.responses) operations.push(`${m} ${p}`);
const unexercised = operations.filter((o) => !seen.has(o));

console.log(`# ${exchanges.length} exchanges: ${checked} of documented operations (${bodies} JSON bodies validated), ${unknown} to undocumented paths`);
console.log(`# ${operations.length - unexercised.length} of ${operations.length} operations exercised; not exercised: ${unexercised.join(', ') || 'none'}`);
for (const [what, n] of problems) console.log(`not ok - ${what}${n > 1 ? ` (${n} times)` : ''}`);
if (problems.size === 0) console.log('ok - every response matches the document');
process.exit(problems.size ? 1 : 0);
