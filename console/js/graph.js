// A lead's link graph: claims and the identifiers they share, drawn as an ECharts force
// layout from GET leads/{id}/graph.

import { label } from './i18n.js';
import { draw } from './charts.js';

const KINDS = ['claim', 'vehicle', 'person', 'phone', 'account', 'shop', 'evidence'];
const SIZES = { claim: 34, vehicle: 26, person: 26 };

export function graphOption(graph) {
  const kinds = [...new Set([...KINDS, ...graph.nodes.map((n) => n.kind)])];
  return {
    legend: { data: kinds.map((k) => label('node', k)), top: 0 },
    tooltip: { renderMode: 'richText', confine: true },
    series: [{
      type: 'graph',
      layout: 'force',
      top: 48,
      bottom: 16,
      roam: true,
      draggable: true,
      force: { repulsion: 600, edgeLength: [90, 180], gravity: 0.05 },
      categories: kinds.map((k) => ({ name: label('node', k) })),
      label: { show: true, position: 'right', formatter: '{b}' },
      edgeLabel: { show: false },
      lineStyle: { color: 'source', opacity: 0.7, width: 1.5 },
      emphasis: { focus: 'adjacency' },
      data: graph.nodes.map((n) => ({
        id: n.id,
        name: n.label || n.id,
        category: kinds.indexOf(n.kind),
        symbol: n.kind === 'claim' ? 'roundRect' : 'circle',
        symbolSize: SIZES[n.kind] || 20,
      })),
      links: graph.edges.map((e) => ({ source: e.from, target: e.to, name: label('entity', e.kind) })),
    }],
  };
}

/** Draws the graph into `box` (already in the document). */
export function drawGraph(box, graph) {
  return draw(box, graphOption(graph));
}
