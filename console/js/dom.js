// Small DOM helpers: building elements, figures, cards and tables. No innerHTML anywhere,
// so data from the API is always text.

import { t, label } from './i18n.js';
import { formatValue } from './format.js';

/**
 * h('div', {class: 'card', dataset: {chart: 'x'}, on: {click: fn}}, child, 'text', …)
 * Attributes go through setAttribute; `text` sets textContent; children may be nodes,
 * strings, numbers, arrays or null (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (name === 'dataset') {
      for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[key] = v;
    } else if (name === 'text') {
      el.textContent = String(value);
    } else if (name === 'value') {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Removes every child of `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A report figure: its text is exactly the formatted value; data-figure names its path. */
export function figure(path, value, format = 'plain') {
  return h('span', {
    class: 'figure',
    dataset: { figure: path, format: format === 'plain' ? null : format },
    text: formatValue(value, format),
  });
}

/** A card with a big figure, a caption and optional detail lines. */
export function figureCard(caption, figureEl, ...details) {
  return h('div', { class: 'card figure-card' },
    h('div', { class: 'card-caption', text: caption }),
    h('div', { class: 'card-figure' }, figureEl),
    details.map((d) => h('div', { class: 'card-detail' }, d)));
}

/** A titled card holding `body` nodes. */
export function card(title, ...body) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title', text: title }) : null, body);
}

/**
 * A table. columns: [{key, label, format?, figure?: true, code?: 'prefix', render?: (row, i) => node,
 * numeric?: true}]. With `figurePrefix`, cells of `figure` columns get
 * data-figure="<prefix>.<row index>.<key>".
 */
export function table(columns, rows, { figurePrefix = null, className = '', empty = null } = {}) {
  const head = h('thead', {}, h('tr', {}, columns.map((c) =>
    h('th', { class: c.numeric ? 'num' : null, scope: 'col', text: c.label }))));
  const body = h('tbody', {}, rows.map((row, i) => h('tr', {}, columns.map((c) =>
    h('td', { class: c.numeric ? 'num' : null }, cell(c, row, i, figurePrefix))))));
  const tableEl = h('table', { class: `table ${className}`.trim() }, head, body);
  if (rows.length === 0) {
    return h('div', { class: 'table-wrap' }, tableEl,
      h('p', { class: 'empty', text: empty || t('common.no_rows') }));
  }
  return h('div', { class: 'table-wrap' }, tableEl);
}

function cell(column, row, index, figurePrefix) {
  if (column.render) return column.render(row, index);
  const value = row[column.key];
  if (column.figure && figurePrefix) return figure(`${figurePrefix}.${index}.${column.key}`, value, column.format);
  if (column.code) return label(column.code, value);
  return formatValue(value, column.format);
}

/** A row of label: value pairs. */
export function definitionList(pairs) {
  return h('dl', { class: 'pairs' }, pairs.map(([term, value]) =>
    h('div', { class: 'pair' }, h('dt', { text: term }), h('dd', {}, value))));
}

/** A page heading with optional tools on the right. */
export function pageHeader(title, ...tools) {
  return h('div', { class: 'page-header' }, h('h1', { text: title }), h('div', { class: 'tools' }, tools));
}

/** A "loading" line to show while a page fetches. */
export function loading() {
  return h('p', { class: 'loading', text: t('common.loading') });
}
