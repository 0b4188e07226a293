// Build step: api/openapi.yaml → a C++ file holding the document as compact JSON, which the
// gateway serves at GET /v1/openapi.json and /docs/openapi.json.
// Usage: node api/embed.mjs api/openapi.yaml OUT.cpp
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const [source, out] = process.argv.slice(2);
if (!source || !out) {
  console.error('usage: node api/embed.mjs api/openapi.yaml OUT.cpp');
  process.exit(2);
}
let json;
try {
  json = JSON.stringify(parse(readFileSync(source, 'utf8')));
} catch (e) {
  console.error(`${source}: ${e.message}`);
  process.exit(1);
}
// Pieces under the 65,536 characters a compiler must accept in one literal, cut between
// code points.
const points = Array.from(json);
const pieces = [];
for (let i = 0; i < points.length; i += 16000) pieces.push(points.slice(i, i + 16000).join(''));
const delimiter = 'cc_openapi';  // at most 16 characters
if (json.includes(`)${delimiter}"`)) throw new Error('the document contains the literal delimiter');
writeFileSync(out, `// Generated from api/openapi.yaml by api/embed.mjs; edit the YAML, not this file.
#include "gateway/openapi.hpp"

#include <string>

namespace crossclaim::gateway {

std::string_view openapi_json() {
    static const std::string text = std::string(R"${delimiter}(${pieces.join(`)${delimiter}") +\n        std::string(R"${delimiter}(`)})${delimiter}");
    return text;
}

}  // namespace crossclaim::gateway
`);
