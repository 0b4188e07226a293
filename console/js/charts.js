// ECharts helpers. ECharts is the global window.echarts (loaded by index.html). A chart's
// container carries data-chart="<name>" and gets data-rendered="true" once ECharts reports
// 'finished'. Tooltips are drawn on the canvas (renderMode 'richText') because the HTML
// tooltip writes inline styles, which the Content-Security-Policy refuses.

import { h } from './dom.js';

const PALETTE = ['#2f6fb3', '#e3873a', '#3f9e6e', '#c4514f', '#7d62b5', '#8a7a5c', '#d16ba5', '#6b7a8f'];
const live = new Set();

// Resizes once per frame, after layout has settled, and only charts with a size: a graph
// series laid out in a zero-width box fails inside ECharts (a singular view transform).
let resizePending = false;
window.addEventListener('resize', () => {
  if (resizePending) return;
  resizePending = true;
  window.requestAnimationFrame(() => {
    resizePending = false;
    for (const chart of live) {
      const box = chart.getDom();
      if (box.isConnected && box.clientWidth > 0 && box.clientHeight > 0) chart.resize();
    }
  });
});

/** A chart container (not yet drawn); put it in the page, then call draw(). */
export function chartBox(name, size = 'medium') {
  return h('div', { class: `chart chart-${size}`, dataset: { chart: name } });
}

/** Draws `option` into `box`, which must already be in the document. */
export function draw(box, option) {
  const chart = window.echarts.init(box, null, { renderer: 'canvas' });
  chart.on('finished', () => {
    box.dataset.rendered = 'true';
  });
  chart.setOption({
    color: PALETTE,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    tooltip: { renderMode: 'richText', confine: true },
    ...option,
  });
  live.add(chart);
  return chart;
}

/** Disposes every chart (before a page is replaced). */
export function disposeCharts() {
  for (const chart of live) chart.dispose();
  live.clear();
}

/** A bar chart of `items` [{name, value}] — horizontal when `horizontal`. */
export function barOption(items, { horizontal = false, percent = false, seriesName = '' } = {}) {
  const categories = items.map((i) => i.name);
  const values = items.map((i) => i.value);
  const valueAxis = {
    type: 'value',
    axisLabel: percent ? { formatter: (v) => `${v}%` } : {},
    max: percent ? 100 : null,
  };
  const categoryAxis = { type: 'category', data: categories, inverse: horizontal };
  return {
    grid: { left: 16, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [{
      type: 'bar',
      name: seriesName,
      data: values,
      barMaxWidth: 36,
      label: {
        show: true,
        position: horizontal ? 'right' : 'top',
        formatter: percent ? ({ value }) => `${value}%` : '{c}',
      },
    }],
  };
}

/** A stacked bar chart: `categories` on x, one stacked series per entry of `series`. */
export function stackedBarOption(categories, series) {
  return {
    grid: { left: 16, right: 24, top: 48, bottom: 8, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', stack: 'total', name: s.name, data: s.data, barMaxWidth: 48 })),
  };
}

/** A doughnut of `items` [{name, value}]. */
export function pieOption(items) {
  return {
    legend: { type: 'scroll', bottom: 0 },
    series: [{
      type: 'pie',
      radius: ['36%', '60%'],
      center: ['50%', '45%'],
      data: items,
      label: { formatter: '{b}\n{c} ({d}%)' },
    }],
  };
}
