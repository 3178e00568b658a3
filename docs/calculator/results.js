// The result panel: total, eligibility, the ten lines, history, advice, the sticky total
// on phones, and (records mode) the timeline picture.

import { buildTimeline } from "./timeline.js";
import { timelineModel } from "./timeline-model.js";

const $ = (selector, scope) => scope.querySelector(selector);
const $$ = (selector, scope) => Array.from(scope.querySelectorAll(selector));


const SVG = "http://www.w3.org/2000/svg";

// One year's totals in one-point bins (page data), the applicant's total marked; below the
// lowest total the mark sits at the left edge, in red.
function standingChart(row, bins, total) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 204 30");
  svg.setAttribute("class", "calc-standing-bar");
  svg.setAttribute("aria-hidden", "true");
  const put = (tag, attrs) => {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.append(el);
  };
  if (!bins) return svg;
  const peak = Math.max(...bins.counts);
  const step = 200 / bins.counts.length;
  bins.counts.forEach((n, i) => {
    if (n) put("rect", { x: 2 + i * step, y: 26 - (24 * n) / peak, width: Math.max(step - 0.4, 0.4), height: (24 * n) / peak, class: "all" });
  });
  const at = Math.min(Math.max(2 + ((total - bins.low) / bins.counts.length) * 200, 1), 202);
  put("rect", { x: at - 1, y: 0, width: 2, height: 30, class: row.rank === null ? "below" : "you" });
  return svg;
}

export class ResultPanel {
  constructor(root, data) {
    this.root = root;
    this.data = data;
    this.total = $('[data-testid="total"]', root);
    this.gap = $('[data-testid="gap"]', root);
    this.eligibility = $('[data-testid="eligibility"]', root);
    this.sticky = $(".calc-sticky", root);
    this.timeline = $('[data-testid="timeline"]', root);
    if ("IntersectionObserver" in window) {
      new IntersectionObserver((entries) => {
        for (const entry of entries) this.sticky.classList.toggle("calc-sticky--off", entry.isIntersecting);
      }).observe($(".calc-results", root));
    }
  }

  clear(reason) {
    this.total.textContent = "—";
    $('[data-testid="rule-set"]', this.root).hidden = true;
    this.eligibility.dataset.eligible = "";
    $(".calc-elig-verdict", this.eligibility).textContent = "";
    for (const li of $$("li[data-condition]", this.eligibility)) {
      li.dataset.met = "";
      $(".calc-mark", li).textContent = "·";
      $(".calc-cond-detail", li).textContent = "";
    }
    for (const row of $$(".calc-item", this.root)) {
      row.dataset.points = "";
      $(".calc-points", row).textContent = "—";
      $(".calc-detail", row).textContent = "";
      $(".calc-source", row).textContent = "";
    }
    // the engine's words, written by the build (comparison.waiting_sentence)
    this.gap.textContent = reason === "输入有误" ? this.gap.dataset.invalid : this.gap.dataset.waiting;
    delete this.gap.dataset.gap;
    $(".calc-history-list", this.root).replaceChildren();
    this.showStanding(null);
    this.showAdvice(null);
    this.showTimeline(null);
    this.root.classList.toggle("calc-has-result", false);
    this.updateSticky(null, reason);
  }

  show(result, applicant) {
    const { total } = result;
    this.total.textContent = total.toFixed(2);
    const ruleSet = $('[data-testid="rule-set"]', this.root); // CONTRACT 2c: which law scored this year
    ruleSet.textContent = `计分规则：${result.rule_set.title}`;
    ruleSet.hidden = false;
    this.eligibility.dataset.eligible = String(result.eligible);
    $(".calc-elig-verdict", this.eligibility).textContent = result.eligibility_verdict; // the engine's words
    for (const condition of result.eligibility) {
      const li = $(`li[data-condition="${condition.id}"]`, this.eligibility);
      if (!li) continue;
      li.dataset.met = String(condition.met);
      $(".calc-mark", li).textContent = condition.met ? "✓" : "✗";
      $(".calc-cond-label", li).textContent = condition.label;
      $(".calc-cond-detail", li).textContent = `${condition.met ? "满足" : "不满足"}：${condition.detail}`;
    }
    for (const item of result.items) {
      const row = $(`[data-testid="item-${item.id}"]`, this.root);
      if (!row) continue;
      row.dataset.points = JSON.stringify(item.points);
      $(".calc-points", row).textContent = `${JSON.stringify(item.points)} 分`;
      $(".calc-detail", row).textContent = item.detail;
      $(".calc-source", row).textContent = `依据：${item.source}`;
    }
    this.showGap(result.comparison);
    this.showStanding(result);
    this.showAdvice(result.advice);
    this.showTimeline(result.derivation ? timelineModel(applicant, result) : null);
    this.root.classList.toggle("calc-has-result", true);
    this.updateSticky(total.toFixed(2), result.eligible ? "" : "不符合资格");
  }

  // The engine's comparison (calculator/comparison.py): the gap to the latest known year, the
  // chosen round's own cut-off when it has been held, one line per known year; laid out here.
  showGap(comparison) {
    const { latest, past, years } = comparison;
    this.gap.textContent = latest.text + (past ? ` ${past}` : "");
    this.gap.dataset.gap = latest.gap.toFixed(2);
    this.gap.dataset.year = String(latest.year);
    $(".calc-history-list", this.root).replaceChildren(
      ...years.map((y) => {
        const li = document.createElement("li");
        li.dataset.year = String(y.year);
        li.dataset.above = String(y.gap >= 0);
        li.dataset.verified = String(y.verified);
        li.className = y.gap >= 0 ? "calc-above" : "calc-below";
        if (y.chosen) li.dataset.selected = "true";
        li.textContent = y.text;
        return li;
      }),
    );
  }

  // Where the total would have stood among those admitted each year (CONTRACT 4d), from the
  // engine's result.standing; for the years whose lists give every item, the typical items beside.
  showStanding(result) {
    const { standing, items, total } = result || {};
    const box = $('[data-testid="standing"]', this.root);
    if (!box) return;
    const list = $(".calc-standing-list", box);
    const age = $('[data-testid="standing-age"]', box);
    if (!standing) {
      list.replaceChildren();
      age.textContent = "";
      return;
    }
    age.textContent = result.standing_age || ""; // the engine's sentence
    const distributions = this.data.distributions || {};
    list.replaceChildren(
      ...standing.map((row, index) => {
        const li = document.createElement("li");
        li.dataset.testid = "standing-year";
        li.dataset.year = String(row.year);
        li.dataset.admitted = String(row.admitted);
        li.dataset.rank = row.rank === null ? "" : String(row.rank);
        const text = document.createElement("span");
        text.textContent = result.standing_text[index]; // the engine's line, with the figure's status
        li.append(text, standingChart(row, distributions[row.year], total));
        return li;
      }),
    );
    const typical = this.data.typical || {};
    const own = Object.fromEntries((items || []).map((i) => [i.id, i.points]));
    const table = $(".calc-typical", box);
    if (table) {
      const body = $("tbody", table);
      body.replaceChildren(
        ...this.data.items.map((item) => {
          const tr = document.createElement("tr");
          const cells = [item.label, own[item.id] === undefined ? "—" : String(own[item.id])]
            .concat(Object.keys(typical).map((year) => String(typical[year][item.id])));
          for (const value of cells) {
            const td = document.createElement("td");
            td.textContent = value;
            tr.append(td);
          }
          return tr;
        }),
      );
    }
  }

  // What would raise the score (the engine's advice).
  showAdvice(advice) {
    const next = advice && advice.next_year;
    const nextEl = $(".calc-next-year", this.root);
    nextEl.textContent = next ? next.text : ""; // the engine's sentence
    $(".calc-levers", this.root).replaceChildren(
      ...((advice && advice.levers) || []).map((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        return li;
      }),
    );
  }

  showTimeline(model) {
    const box = $(".calc-timeline-box", this.timeline);
    if (!model) {
      this.timeline.hidden = true;
      box.replaceChildren();
      return;
    }
    const svg = buildTimeline(model);
    box.replaceChildren(svg);
    for (const key of $$("[data-key-for]", this.timeline)) key.hidden = !svg.querySelector(key.dataset.keyFor);
    this.timeline.hidden = false;
  }

  updateSticky(total, note) {
    $(".calc-sticky-total", this.sticky).textContent = total ? `${total} 分${note ? `（${note}）` : ""}` : note || "—";
  }
}
