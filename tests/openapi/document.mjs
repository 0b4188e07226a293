// The OpenAPI document as the checks use it: parsed, its schemas compiled with Ajv (JSON
// Schema 2020-12, which OpenAPI 3.1 uses), and each request matched to its operation.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export function loadDocument(path) {
  const doc = parse(readFileSync(path, 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own keywords in schemas; Ajv only needs to know them.
  for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs']) ajv.addKeyword(keyword);
  ajv.addSchema({ $id: 'openapi.json', ...doc });
  return { doc, ajv };
}

// "#/components/responses/NotFound" → the object it names (non-schema references only).
export function resolve(doc, value) {
  let v = value;
  while (v && typeof v === 'object' && typeof v.$ref === 'string') {
    v = v.$ref.slice(2).split('/').map(unescape).reduce((o, k) => o?.[k], doc);
  }
  return v;
}

function unescape(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function escape(segment) {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

// A validator for the schema at a JSON pointer of the document, compiled once.
const compiled = new Map();
export function validatorAt(ajv, pointer) {
  if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `openapi.json#${pointer}` }));
  return compiled.get(pointer);
}

export function pointer(...segments) {
  return '/' + segments.map((s) => escape(String(s))).join('/');
}

// The operation of a request: `{ path, method, op }`, or undefined. Of the templates that
// match, the one with the most literal segments wins (`/console/api/me` before
// `/console/{dir}/{file}`). The console serves the association's and investigators' /v1
// routes again under /console/api/: such a path is that /v1 operation when it lists the console.
export function findOperation(doc, method, target) {
  const path = target.split('?')[0];
  const m = method.toLowerCase();
  if (path.startsWith('/console/api/')) {
    const v1 = best(doc, m, '/v1/' + path.slice('/console/api/'.length));
    if (v1 && (v1.op['x-crossclaim-listeners'] || []).includes('console')) return v1;
  }
  return best(doc, m, path);
}

function best(doc, m, path) {
  let found;
  let literal = -1;
  for (const [template, item] of Object.entries(doc.paths)) {
    const op = item[m];
    if (!op || !matches(template, path)) continue;
    const n = template.split('/').filter((seg) => !seg.startsWith('{')).length;
    if (n > literal) {
      found = { path: template, method: m, op };
      literal = n;
    }
  }
  return found;
}

function matches(template, path) {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return false;
  return t.every((seg, i) => (seg.startsWith('{') && seg.endsWith('}') ? p[i] !== '' : seg === p[i]));
}
