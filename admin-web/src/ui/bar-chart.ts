// Bar charts as inline SVG (the CSP forbids inline styles: classes and SVG attributes only).
import { h, s } from "./dom.ts";

export interface BarChartOptions {
  title: string;
  summary: string;
  labels: string[];
  /** One or two named value lists over the same labels (two draw grouped bars). */
  series: { name: string; values: number[] }[];
  format?: (value: number) => string;
  /** Label every n-th bar on the axis. */
  labelEvery?: number;
  max?: number;
}

let chartSeq = 0;
/**
 * Each bar carries `data-label`, `data-series` and `data-value` and a tooltip;
 * the chart has a title and a text summary for screen readers.
 */
export function barChart({ title, labels, series, summary, format = (v) => String(v), labelEvery = 1, max }: BarChartOptions): HTMLElement {
  const id = `chart-${++chartSeq}`;
  const width = 560;
  const height = 200;
  const pad = { top: 12, right: 8, bottom: 34, left: 40 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const top = max ?? Math.max(1, ...series.flatMap((sr) => sr.values));
  const slot = innerW / Math.max(1, labels.length);
  const barW = Math.max(2, (slot * 0.75) / series.length);
  const y = (v: number) => pad.top + innerH - (v / top) * innerH;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-labelledby": `${id}-title ${id}-desc` },
    s("title", { id: `${id}-title` }, title),
    s("desc", { id: `${id}-desc` }, summary),
    s("line", { x1: pad.left, y1: pad.top + innerH, x2: width - pad.right, y2: pad.top + innerH, class: "axis" }),
    s("text", { x: pad.left - 6, y: pad.top + 4, class: "tick", "text-anchor": "end" }, format(top)),
    s("text", { x: pad.left - 6, y: pad.top + innerH, class: "tick", "text-anchor": "end" }, format(0)));
  labels.forEach((label, i) => {
    series.forEach((sr, k) => {
      const value = sr.values[i] ?? 0;
      const x = pad.left + i * slot + (slot - barW * series.length) / 2 + k * barW;
      svg.append(s("rect", {
        x: x.toFixed(1), y: y(value).toFixed(1), width: barW.toFixed(1), height: Math.max(0, pad.top + innerH - y(value)).toFixed(1),
        class: `bar bar-${k}`, "data-label": label, "data-series": sr.name, "data-value": value,
      }, s("title", {}, `${label} · ${sr.name}: ${format(value)}`)));
    });
    if (i % labelEvery === 0) svg.append(s("text", { x: (pad.left + i * slot + slot / 2).toFixed(1), y: height - 14, class: "tick", "text-anchor": "middle" }, label));
  });
  const legend = series.length > 1
    ? h("ul", { class: "legend" }, series.map((sr, k) => h("li", {}, h("span", { class: `swatch swatch-${k}`, "aria-hidden": "true" }), sr.name)))
    : null;
  return h("figure", { class: "chart-figure" }, svg, legend);
}
