// The OpenAPI document is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator), every
// schema in it compiles (Ajv, JSON Schema 2020-12), and every example validates against the
// schema beside it. Usage: node tests/openapi/validate.mjs api/openapi.yaml
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { loadDocument, pointer, resolve, validatorAt } from './document.mjs';

const path = process.argv[2];
let failures = 0;
const fail = (what) => {
  failures += 1;
  console.log(`not ok - ${what}`);
};

const result = await new Validator().validate(path);
if (result.valid) console.log('ok - the document is valid OpenAPI 3.1');
else fail(`the document is not valid OpenAPI 3.1: ${JSON.stringify(result.errors, null, 1)}`);

const { doc, ajv } = loadDocument(path);
let schemas = 0;
for (const name of Object.keys(doc.components?.schemas || {})) {
  try {
    validatorAt(ajv, pointer('components', 'schemas', name));
    schemas += 1;
  } catch (e) {
    fail(`schema ${name} does not compile: ${e.message}`);
  }
}
console.log(`ok - ${schemas} component schemas compile`);

// Examples of request bodies and responses: media-type `example` and `examples`.
let examples = 0;
for (const [p, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (typeof op !== 'object' || !op.responses) continue;
    const media = [];
    if (op.requestBody?.content)
      for (const [type, m] of Object.entries(op.requestBody.content))
        media.push([pointer('paths', p, method, 'requestBody', 'content', type), m]);
    for (const [status, r] of Object.entries(op.responses))
      for (const [type, m] of Object.entries(r.content || {}))
        media.push([pointer('paths', p, method, 'responses', status, 'content', type), m]);
    for (const [at, m] of media) {
      if (!m.schema) continue;
      const samples = [];
      if ('example' in m) samples.push(['example', m.example]);
      for (const [name, ref] of Object.entries(m.examples || {})) {
        const e = resolve(doc, ref);
        if (e && 'value' in e) samples.push([name, e.value]);
      }
      for (const [name, value] of samples) {
        const validate = validatorAt(ajv, `${at}/schema`);
        examples += 1;
        if (!validate(value)) fail(`${method.toUpperCase()} ${p} example ${name}: ${ajv.errorsText(validate.errors)}`);
      }
    }
  }
}
console.log(`ok - ${examples} examples checked against their schemas`);
// The README lists the same field-error codes as the document, with the same meanings.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const rows = (text) => text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('| `'));
const documented = rows(doc.components.schemas.FieldErrorCode.description);
const section = readme.slice(readme.indexOf('<summary>All'), readme.indexOf('</details>', readme.indexOf('<summary>All')));
const listed = rows(section);
const codes = doc.components.schemas.FieldErrorCode.enum;
if (documented.length !== codes.length) fail(`FieldErrorCode describes ${documented.length} of its ${codes.length} codes`);
for (const row of documented) if (!listed.includes(row)) fail(`README does not list: ${row}`);
for (const row of listed) if (!documented.includes(row)) fail(`README lists what the document does not: ${row}`);
console.log(`ok - the README lists the ${codes.length} field-error codes as the document does`);
process.exit(failures ? 1 : 0);
