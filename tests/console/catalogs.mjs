// Checks the console's message catalogues: zh.json and en.json have exactly the same keys,
// no value is empty, and every key used as t('key') or t("key") in console/js/*.js exists in
// both. Prints the problems and exits 1 when there are any.
//
//   node tests/console/catalogs.mjs

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console');
const languages = ['zh', 'en'];
const problems = [];

function loadCatalogue(lang) {
  const file = join(consoleDir, 'i18n', `${lang}.json`);
  try {
    const catalogue = JSON.parse(readFileSync(file, 'utf8'));
    if (catalogue === null || typeof catalogue !== 'object' || Array.isArray(catalogue)) {
      problems.push(`${lang}.json: not a flat object`);
      return {};
    }
    return catalogue;
  } catch (error) {
    problems.push(`${lang}.json: ${error.message}`);
    return {};
  }
}

const catalogues = Object.fromEntries(languages.map((lang) => [lang, loadCatalogue(lang)]));

// Same keys in both.
for (const lang of languages) {
  for (const other of languages) {
    if (other === lang) continue;
    for (const key of Object.keys(catalogues[lang])) {
      if (!(key in catalogues[other])) problems.push(`${other}.json: missing ${key} (present in ${lang}.json)`);
    }
  }
}

// No empty or non-string values.
for (const lang of languages) {
  for (const [key, value] of Object.entries(catalogues[lang])) {
    if (typeof value !== 'string') problems.push(`${lang}.json: ${key} is not a string`);
    else if (value.trim() === '') problems.push(`${lang}.json: ${key} is empty`);
  }
}

// Every literal key used in the code.
const jsDir = join(consoleDir, 'js');
const used = /\bt\(\s*(['"])([^'"]+)\1/g;
for (const name of readdirSync(jsDir).filter((f) => f.endsWith('.js')).sort()) {
  const source = readFileSync(join(jsDir, name), 'utf8');
  for (const match of source.matchAll(used)) {
    const key = match[2];
    for (const lang of languages) {
      if (!(key in catalogues[lang])) problems.push(`js/${name}: t('${key}') is not in ${lang}.json`);
    }
  }
}

if (problems.length > 0) {
  for (const p of [...new Set(problems)]) console.log(`not ok - ${p}`);
  console.log(`${new Set(problems).size} problem(s)`);
  process.exit(1);
}
console.log(`ok - ${Object.keys(catalogues.zh).length} keys in ${languages.join(', ')}; every t('…') key exists`);
