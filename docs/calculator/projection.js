// Which year: the engine's projection (calculator/projection.py, CONTRACT 4b) as a table,
// a sentence and an inline SVG chart of the score line against the cut-off band.
// Every number and word shown is the engine's (each row's cutoff_text and verdict); this module
// only lays them out.

const SVG = "http://www.w3.org/2000/svg";

function cell(text, tag = "td") {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

function tableRow(row, current) {
  const tr = document.createElement("tr");
  if (current) {
    tr.className = "calc-proj-current";
  } else {
    tr.dataset.testid = "projection-year";
    tr.dataset.year = String(row.application_year);
    tr.dataset.points = String(row.total);
    tr.dataset.cutoffLow = row.cutoff_low === null ? "" : String(row.cutoff_low);
    tr.dataset.cutoffHigh = row.cutoff_high === null ? "" : String(row.cutoff_high);
  }
  tr.dataset.position = row.position || "";
  tr.append(cell(current ? `${row.application_year}（本次）` : String(row.application_year), "th"),
    cell(row.total.toFixed(2)), cell(row.cutoff_text), cell(row.verdict));
  tr.firstChild.scope = "row";
  return tr;
}

// ---------------------------------------------------------------- the chart
function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function chart(projection) {
  const rows = [projection.current, ...projection.years];
  const banded = rows.filter((r) => r.cutoff_low !== null);
  const values = rows.map((r) => r.total).concat(banded.flatMap((r) => [r.cutoff_low, r.cutoff_high]));
  const step = Math.max(...values) - Math.min(...values) > 80 ? 20 : 10;
  const low = Math.floor(Math.min(...values) / step) * step;
  const high = Math.ceil(Math.max(...values) / step) * step || step;
  const width = 360;
  const height = 230;
  const [left, right, top, bottom] = [34, 18, 12, 52];
  const first = rows[0].application_year;
  const span = Math.max(1, rows.length - 1);
  const x = (year) => left + ((year - first) * (width - left - right)) / span;
  const y = (value) => top + ((high - value) * (height - top - bottom)) / Math.max(1, high - low);
  const f = (n) => n.toFixed(1);

  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "calc-proj-svg",
    "aria-labelledby": "calc-proj-svg-title calc-proj-svg-desc" });
  root.append(svg("title", { id: "calc-proj-svg-title" }, "你的总分与估算分数线区间"));
  root.append(svg("desc", { id: "calc-proj-svg-desc" }, rows.map((r) =>
    `${r.application_year}年：总分${r.total.toFixed(2)}，分数线${r.cutoff_text}`).join("；")));
  for (let tick = low; tick <= high; tick += step) {
    root.append(svg("line", { class: "grid", x1: left, x2: width - right, y1: f(y(tick)), y2: f(y(tick)) }));
    root.append(svg("text", { class: "axis", x: left - 4, y: f(y(tick) + 3.5), "text-anchor": "end" }, tick));
  }
  const every = rows.length > 7 ? 2 : 1;
  rows.forEach((r, n) => {
    if (n % every === 0 || n === rows.length - 1) {
      root.append(svg("text", { class: "axis", x: f(x(r.application_year)), y: height - bottom + 14,
        "text-anchor": "middle" }, r.application_year));
    }
  });
  if (banded.length) {
    const upper = banded.map((r) => `${f(x(r.application_year))},${f(y(r.cutoff_high))}`);
    const lower = banded.slice().reverse().map((r) => `${f(x(r.application_year))},${f(y(r.cutoff_low))}`);
    root.append(svg("polygon", { class: "band", points: upper.concat(lower).join(" ") }));
  }
  root.append(svg("polyline", { class: "score", points: rows.map((r) =>
    `${f(x(r.application_year))},${f(y(r.total))}`).join(" ") }));
  for (const r of rows) {
    root.append(svg("circle", { class: `dot ${r.likely ? "likely" : ""}`, cx: f(x(r.application_year)),
      cy: f(y(r.total)), r: 3.5 }));
  }
  const ly = height - 14;
  root.append(svg("line", { class: "score", x1: left, x2: left + 22, y1: ly - 4, y2: ly - 4 }));
  root.append(svg("text", { class: "axis", x: left + 27, y: ly }, "你的总分"));
  root.append(svg("rect", { class: "band", x: left + 96, y: ly - 10, width: 22, height: 11 }));
  root.append(svg("text", { class: "axis", x: left + 123, y: ly }, "估算分数线区间"));
  root.append(svg("circle", { class: "dot likely", cx: left + 230, cy: ly - 4, r: 3.5 }));
  root.append(svg("text", { class: "axis", x: left + 237, y: ly }, "多半能达到"));
  return root;
}

// ---------------------------------------------------------------- the section
export class ProjectionView {
  constructor(section) {
    this.section = section;
    this.tbody = section.querySelector("tbody");
    this.conclusion = section.querySelector('[data-testid="projection-conclusion"]');
    this.figure = section.querySelector(".calc-proj-chart");
    this.assumptions = section.querySelector(".calc-proj-assumptions");
  }

  // `request`: the calculator's answer (its data-result) this projection belongs to.
  show(projection, request) {
    this.section.dataset.request = String(request);
    this.section.classList.remove("calc-stale");
    if (!projection) {
      this.section.hidden = true;
      this.tbody.replaceChildren();
      this.figure.replaceChildren();
      return;
    }
    this.section.dataset.firstLikelyYear = projection.first_likely_year || "";
    this.conclusion.textContent = projection.conclusion;
    this.tbody.replaceChildren(tableRow(projection.current, true),
      ...projection.years.map((row) => tableRow(row, false)));
    this.figure.replaceChildren(chart(projection));
    this.assumptions.replaceChildren(...projection.assumptions.map((text) => cell(text, "li")));
    this.section.hidden = false;
  }
}
