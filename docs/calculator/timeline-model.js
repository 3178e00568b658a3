// What the timeline picture shows, from the applicant's records and the engine's answer.
//
// Every number, every "scored / capped" and every word comes from the engine's `derivation`
// (the month ranges each record counted and scored, and `text`, the sentences:
// calculator/records.py); the records themselves give only where each bar starts and ends.
// No rule is computed and nothing is worded here: this lays out what the engine says.

import { monthNumber } from "./months.js";

function ranges(list) {
  return (list || []).map(([from, to]) => [monthNumber(from), monthNumber(to)]);
}

// The months of [from, to] that fall in `runs`, as parts in `state`, and the rest in `otherwise`.
function split(from, to, runs, state, otherwise) {
  const parts = [];
  let at = from;
  for (const [a, b] of runs) {
    const start = Math.max(a, from);
    const end = Math.min(b, to);
    if (start > end) continue;
    if (start > at) parts.push({ from: at, to: start - 1, state: otherwise });
    parts.push({ from: start, to: end, state });
    at = end + 1;
  }
  if (at <= to) parts.push({ from: at, to, state: otherwise });
  return parts;
}

export function timelineModel(applicant, result) {
  const d = result.derivation;
  const words = d.text;
  const cutoff = monthNumber(d.cutoff_month);
  const records = (applicant && applicant.records) || {};
  const lines = [];
  const lanes = [];
  let open = false;

  // 社保: each record; its months before counting starts or after the cut-off are outside
  const counted = ranges(d.social_insurance.normal).concat(ranges(d.social_insurance.backpay))
    .sort((a, b) => a[0] - b[0]);
  const siBars = [];
  (records.social_insurance || []).forEach((record, n) => {
    const from = monthNumber(record.from);
    const to = monthNumber(record.to);
    if (from === null || to === null || to < from) return;
    const kind = record.kind === "backpay" ? "backpay" : "si";
    const parts = split(from, to, counted, kind === "si" ? "scored" : "counted", "outside");
    const label = words.social_insurance[n];
    siBars.push({ from, to, kind, parts, open: to > cutoff, label });
    lines.push(label);
    open = open || to > cutoff;
  });
  const run = d.continuity && d.continuity.from
    ? { from: monthNumber(d.continuity.from), to: cutoff, label: `连续缴纳${d.continuity.months}个月` } : null;
  if (run) lines.push(words.continuity);
  lanes.push({ id: "social_insurance", label: "社保缴纳", bars: siBars, span: run });

  // 住房: each record with what scored and what the 就业 months capped, in the engine's order
  const housingBars = [];
  for (const [k, line] of (d.housing || []).entries()) {
    const scored = ranges(line.scored);
    const capped = ranges(line.capped);
    let from;
    let to;
    if (line.record === null || line.record === undefined) {
      const all = scored.concat(capped);
      if (!all.length) continue;
      from = Math.min(...all.map((r) => r[0]));
      to = Math.max(...all.map((r) => r[1]));
    } else {
      const record = (records.housing || [])[line.record] || {};
      from = monthNumber(record.from);
      to = monthNumber(record.to);
      if (from === null || to === null || to < from) continue;
    }
    const kind = line.record === null || line.record === undefined ? "inferred"
      : line.kind === "owned" ? "owned" : "rented";
    let parts = split(from, to, capped, "capped", "outside");
    parts = parts.flatMap((p) => (p.state === "outside" ? split(p.from, p.to, scored, "scored", kind === "inferred" ? "gap" : "outside") : [p]))
      .filter((p) => p.state !== "gap");
    const text = words.housing[k];
    housingBars.push({ from, to, kind, parts, open: kind !== "inferred" && to > cutoff, label: text });
    lines.push(text);
    open = open || to > cutoff;
  }
  if (housingBars.length) lanes.push({ id: "housing", label: "住房", bars: housingBars });

  // 学历: the deduction window, and which of its months were 就业 months (those deduct)
  let window = null;
  if (d.deduction_window) {
    const from = monthNumber(d.deduction_window.from);
    const to = monthNumber(d.deduction_window.to);
    window = { from, to, label: "扣减期" };
    const parts = split(from, to, ranges(d.social_insurance.normal), "deducted", "window");
    const text = words.deduction_window;
    lanes.push({ id: "education", label: "学历（扣减期）",
      bars: [{ from, to, kind: "study", parts, open: false, label: text }] });
    lines.push(text);
  }

  // the axis: from January of the first year shown to a year past the cut-off
  const starts = lanes.flatMap((lane) => lane.bars.map((bar) => bar.from));
  const first = Math.min(cutoff - 11, ...starts);
  const from = first - (first % 12);
  const to = cutoff + 12;
  const markers = [];
  const employmentFrom = monthNumber(d.employment_from);
  if (employmentFrom > from) markers.push({ at: employmentFrom, label: words.employment_from });
  const rental = monthNumber(d.rental_declared_from); // the applicant's own round's (2017-01 or 2020-08)
  if (housingBars.length && rental > from && rental <= cutoff) {
    markers.push({ at: rental, label: words.rental_declared_from });
  }
  return {
    from, to, cutoff, window, markers, lanes, open,
    title: words.title,
    description: `${lines.join("；")}。`,
  };
}
