// The timeline picture: dated periods on one month axis, as inline SVG (no library).
//
// buildTimeline(model) draws what it is given and knows no rule. The model (timeline-model.js
// builds it from the applicant and the engine's answer):
//
//   { from, to,                       axis range, month numbers (months.js), both included
//     cutoff,                         the cut-off month: a red line
//     window: {from, to, label}|null  the education-deduction window: a shaded band
//     markers: [{at, label}],         thin dashed lines (e.g. where 就业 months start counting)
//     lanes: [{id, label, span, bars: [{from, to, kind, label, open, parts: [{from, to, state}]}]}],
//     title, description }            the picture's accessible name and its text alternative
//
// A bar's `kind` picks its colour (si, backpay, owned, rented, inferred, study); each part's
// `state` says what those months did: "scored", "counted" (eligibility only: 补缴), "capped"
// (would score but the cap took them), "outside" (before counting starts or after the
// cut-off), "deducted" / "window" (deduction window months with and without 就业 points).
// Overlapping bars in a lane go on rows of their own; a lane's `span` ({from, to, label},
// optional) is a bracket under its bars (the continuous run of social insurance). Sizes are in viewBox units; the SVG scales to its box,
// and at 390 px one unit is about one CSS pixel.

import { showMonth } from "./months.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 340;
const PAD_X = 6;
const TOP = 30; // room for the cut-off and window labels
const LANE_LABEL = 17;
const ROW = 18;
const BAR = 13;
const LANE_GAP = 8;
const AXIS = 24;

const SPAN = 16;

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Bars that share months go on separate rows: each bar takes the first row where none of its
// parts meets a part already there (the inferred rental block fills the gaps between homes).
export function packRows(bars) {
  const taken = []; // per row: [from, to] of the parts on it
  const meets = (row, parts) => parts.some((p) => row.some(([a, b]) => p.from <= b && a <= p.to));
  return bars.map((bar) => {
    const parts = bar.parts.length ? bar.parts : [bar];
    let row = taken.findIndex((spans) => !meets(spans, parts));
    if (row < 0) row = taken.push([]) - 1;
    taken[row].push(...parts.map((p) => [p.from, p.to]));
    return row;
  });
}

function yearStep(years) {
  return [1, 2, 5, 10, 20].find((step) => years / step <= 6) || 50;
}

let counter = 0;

export function buildTimeline(model) {
  counter += 1;
  const id = `calc-tl-${counter}`;
  const span = model.to - model.from + 1;
  const x = (month) => PAD_X + ((month - model.from) / span) * (WIDTH - 2 * PAD_X);
  const rows = model.lanes.map((lane) => packRows(lane.bars));
  const laneHeights = model.lanes.map((lane, n) =>
    LANE_LABEL + Math.max(1, ...rows[n].map((row) => row + 1)) * ROW + (lane.span ? SPAN : 0));
  const lanesHeight = laneHeights.reduce((a, b) => a + b + LANE_GAP, 0);
  const height = TOP + lanesHeight + AXIS;
  const bottom = TOP + lanesHeight;

  const svg = el("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`, width: "100%", role: "img", class: "calc-timeline-svg",
    "aria-labelledby": `${id}-title ${id}-desc`, "data-from": model.from, "data-to": model.to,
  });
  svg.append(el("title", { id: `${id}-title` }, model.title), el("desc", { id: `${id}-desc` }, model.description));
  const hatch = el("pattern", { id: `${id}-hatch`, width: 4, height: 4, patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)" });
  hatch.append(el("rect", { width: 4, height: 4, fill: "#eeeeee" }), el("rect", { width: 2, height: 4, fill: "#9e9e9e" }));
  const defs = el("defs");
  defs.append(hatch);
  svg.append(defs);

  if (model.window) {
    const w = model.window;
    svg.append(el("rect", { class: "tl-window", "data-from": w.from, "data-to": w.to, x: x(w.from), y: TOP - 6,
      width: Math.max(1, x(w.to + 1) - x(w.from)), height: lanesHeight + 6 }));
    svg.append(el("text", { class: "tl-window-label", x: x(w.from) + 2, y: TOP - 9 }, w.label));
  }

  // year grid and axis labels
  const firstYear = Math.ceil(model.from / 12);
  const lastYear = Math.floor(model.to / 12);
  const step = yearStep(lastYear - firstYear + 1);
  for (let year = Math.ceil(firstYear / step) * step; year <= lastYear; year += step) {
    const at = x(year * 12);
    svg.append(el("line", { class: "tl-grid", x1: at, x2: at, y1: TOP - 4, y2: bottom + 3 }));
    const anchor = at < PAD_X + 14 ? "start" : at > WIDTH - PAD_X - 14 ? "end" : "middle"; // never cut at the edges
    svg.append(el("text", { class: "tl-year", x: at, y: bottom + 15, "text-anchor": anchor }, String(year)));
  }
  svg.append(el("line", { class: "tl-axis", x1: PAD_X, x2: WIDTH - PAD_X, y1: bottom + 3, y2: bottom + 3 }));

  for (const marker of model.markers || []) {
    const at = x(marker.at);
    const group = el("g", { class: "tl-marker", "data-month": marker.at });
    group.append(el("title", {}, marker.label), el("line", { x1: at, x2: at, y1: TOP, y2: bottom }));
    svg.append(group);
  }

  let top = TOP;
  model.lanes.forEach((lane, laneIndex) => {
    const group = el("g", { class: "tl-lane", "data-lane": lane.id || String(laneIndex) });
    group.append(el("text", { class: "tl-lane-label", x: PAD_X, y: top + 12 }, lane.label));
    lane.bars.forEach((bar, barIndex) => {
      const y = top + LANE_LABEL + rows[laneIndex][barIndex] * ROW;
      const barGroup = el("g", { class: `tl-bar tl-${bar.kind}`, "data-kind": bar.kind,
        "data-from": bar.from, "data-to": bar.to });
      barGroup.append(el("title", {}, bar.label));
      for (const part of bar.parts) {
        const left = x(Math.max(part.from, model.from));
        const right = x(Math.min(part.to, model.to) + 1);
        if (right <= left) continue;
        const rect = el("rect", { class: `tl-part tl-${part.state}`, "data-state": part.state,
          "data-from": part.from, "data-to": part.to, x: left, y, width: Math.max(1.5, right - left), height: BAR });
        if (part.state === "capped") rect.style.fill = `url(#${id}-hatch)`; // hatched: the cap took these months
        barGroup.append(rect);
      }
      if (bar.open) { // runs on past the cut-off (至今): an arrow at the end
        const end = x(Math.min(bar.to, model.to) + 1);
        barGroup.append(el("path", { class: "tl-open", d: `M${end} ${y} l5 ${BAR / 2} l-5 ${BAR / 2} z` }));
      }
      group.append(barGroup);
    });
    if (lane.span) {
      const barRows = Math.max(1, ...rows[laneIndex].map((row) => row + 1));
      const y = top + LANE_LABEL + barRows * ROW + 2;
      const left = x(Math.max(lane.span.from, model.from));
      const right = x(lane.span.to + 1);
      const span = el("g", { class: "tl-span", "data-from": lane.span.from, "data-to": lane.span.to });
      span.append(el("title", {}, lane.span.label),
        el("path", { d: `M${left} ${y - 3} v3 H${right} v-3` }),
        el("text", { x: Math.max(left, Math.min(right - 2, WIDTH - PAD_X)), y: y + 11, "text-anchor": "end" }, lane.span.label));
      group.append(span);
    }
    svg.append(group);
    top += laneHeights[laneIndex] + LANE_GAP;
  });

  const cut = x(model.cutoff + 1);
  svg.append(el("line", { class: "tl-cutoff", "data-month": model.cutoff, x1: cut, x2: cut, y1: TOP - 18, y2: bottom + 3 }));
  const anchor = cut > WIDTH - 70 ? "end" : "start";
  svg.append(el("text", { class: "tl-cutoff-label", x: anchor === "end" ? cut - 3 : cut + 3, y: TOP - 20,
    "text-anchor": anchor }, `截止 ${showMonth(model.cutoff)}`));
  return svg;
}
