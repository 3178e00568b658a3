// What the timeline picture shows, from the applicant's records and the engine's answer.
//
// Every number and every "scored / capped" comes from the engine's `derivation` (the month
// ranges each record counted and scored, calculator/records.py); the records themselves give
// only where each bar starts and ends. No rule is computed here.

import { monthNumber, showMonth } from "./months.js";

const SI_KIND = { normal: "正常缴纳", backpay: "补缴" };
const HOUSING_KIND = { owned: "自有住所", rented: "租赁住所", dormitory: "单位宿舍", inferred: "推算的租赁住所" };

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

const period = (from, to) => `${showMonth(from)}至${showMonth(to)}`;
const count = (parts, state) => parts.filter((p) => p.state === state).reduce((n, p) => n + p.to - p.from + 1, 0);

export function timelineModel(applicant, result) {
  const d = result.derivation;
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
    const label = `社保缴纳记录第${n + 1}条（${SI_KIND[record.kind] || SI_KIND.normal}）：${period(from, to)}`;
    const inside = count(parts, kind === "si" ? "scored" : "counted");
    const what = kind === "si" ? `${inside}个月在就业计算期内` : `${inside}个月只算连续缴纳，不计分`;
    siBars.push({ from, to, kind, parts, open: to > cutoff, label: `${label}，${what}` });
    lines.push(`${label}，${what}`);
    open = open || to > cutoff;
  });
  const run = d.continuity && d.continuity.from
    ? { from: monthNumber(d.continuity.from), to: cutoff, label: `连续缴纳${d.continuity.months}个月` } : null;
  if (run) lines.push(`连续缴纳：${period(run.from, run.to)}，${d.continuity.months}个月，其中补缴${d.continuity.backpay_months}个月`);
  lanes.push({ id: "social_insurance", label: "社保缴纳", bars: siBars, span: run });

  // 住房: each record with what scored and what the 就业 months capped, in the engine's order
  const housingBars = [];
  for (const line of d.housing || []) {
    const scored = ranges(line.scored);
    const capped = ranges(line.capped);
    let from;
    let to;
    let name;
    if (line.record === null || line.record === undefined) {
      const all = scored.concat(capped);
      if (!all.length) continue;
      from = Math.min(...all.map((r) => r[0]));
      to = Math.max(...all.map((r) => r[1]));
      name = HOUSING_KIND.inferred;
    } else {
      const record = (records.housing || [])[line.record] || {};
      from = monthNumber(record.from);
      to = monthNumber(record.to);
      if (from === null || to === null || to < from) continue;
      name = `住房记录第${line.record + 1}条（${HOUSING_KIND[line.kind] || line.kind}）`;
    }
    const kind = line.record === null || line.record === undefined ? "inferred"
      : line.kind === "owned" ? "owned" : "rented";
    let parts = split(from, to, capped, "capped", "outside");
    parts = parts.flatMap((p) => (p.state === "outside" ? split(p.from, p.to, scored, "scored", kind === "inferred" ? "gap" : "outside") : [p]))
      .filter((p) => p.state !== "gap");
    let text = `${name}：${period(from, to)}，计分${line.scored_months}个月，${line.points}分`;
    if (line.months > line.scored_months) text += `；${line.months - line.scored_months}个月超出就业月数，不计分`;
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
    const text = `教育背景扣减期：${period(from, to)}（${d.deduction_window.months}个月，到毕业年月为止），`
      + `其中${count(parts, "deducted")}个月有就业积分，要扣减`;
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
  if (employmentFrom > from) markers.push({ at: employmentFrom, label: `就业月数从${showMonth(employmentFrom)}起算` });
  const rental = monthNumber(d.rental_declared_from); // the applicant's own round's (2017-01 or 2020-08)
  if (housingBars.length && rental > from && rental <= cutoff) {
    markers.push({ at: rental, label: `${showMonth(rental)}起租赁住所须登记，之前的按就业月数推算` });
  }
  return {
    from, to, cutoff, window, markers, lanes, open,
    title: `你的社保、住房和学历记录（计算截止${showMonth(cutoff)}）`,
    description: `${lines.join("；")}。`,
  };
}
