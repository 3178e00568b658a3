// The result panel: total, eligibility, the ten lines, history, advice, the sticky total
// on phones, and (records mode) the timeline picture.

import { buildTimeline } from "./timeline.js";
import { timelineModel } from "./timeline-model.js";

const $ = (selector, scope) => scope.querySelector(selector);
const $$ = (selector, scope) => Array.from(scope.querySelectorAll(selector));

const cents = (x) => Math.round(x * 100);
const showCents = (c) => (Math.abs(c) / 100).toFixed(2).replace(/\.?0+$/, "");

export class ResultPanel {
  constructor(root, data) {
    this.root = root;
    this.data = data;
    this.total = $('[data-testid="total"]', root);
    this.gap = $('[data-testid="gap"]', root);
    this.eligibility = $('[data-testid="eligibility"]', root);
    this.sticky = $(".calc-sticky", root);
    this.timeline = $('[data-testid="timeline"]', root);
    this.verified = data.history.filter((y) => y.verified).sort((a, b) => a.year - b.year);
    this.latest = this.verified[this.verified.length - 1];
    if ("IntersectionObserver" in window) {
      new IntersectionObserver((entries) => {
        for (const entry of entries) this.sticky.classList.toggle("calc-sticky--off", entry.isIntersecting);
      }).observe($(".calc-results", root));
    }
  }

  clear(reason) {
    const { latest } = this;
    this.total.textContent = "—";
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
    this.gap.textContent = `与${latest.year}年最低落户分值${latest.text}分的差距：${reason === "输入有误" ? "请先修改输入" : "填写后显示"}`;
    delete this.gap.dataset.gap;
    $(".calc-history-list", this.root).replaceChildren();
    this.showAdvice(null);
    this.showTimeline(null);
    this.root.classList.toggle("calc-has-result", false);
    this.updateSticky(null, reason);
  }

  show(result, applicant) {
    const { total } = result;
    this.total.textContent = total.toFixed(2);
    this.eligibility.dataset.eligible = String(result.eligible);
    $(".calc-elig-verdict", this.eligibility).textContent = result.eligible ? "全部满足，可以申报" : "未全部满足，不能申报（分数仅供参考）";
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
    this.showGap(total);
    this.showAdvice(result.advice);
    this.showTimeline(result.derivation ? timelineModel(applicant, result, this.data) : null);
    this.root.classList.toggle("calc-has-result", true);
    this.updateSticky(total.toFixed(2), result.eligible ? "" : "不符合资格");
  }

  showGap(total) {
    const { latest } = this;
    const gap = cents(total) - cents(latest.score);
    this.gap.textContent =
      gap === 0
        ? `与${latest.year}年最低落户分值${latest.text}分持平（已核实的最近一年）。`
        : `比${latest.year}年最低落户分值${latest.text}分${gap > 0 ? "高" : "低"} ${showCents(gap)} 分（已核实的最近一年；分数线逐年上升）。`;
    this.gap.dataset.gap = (gap / 100).toFixed(2);
    $(".calc-history-list", this.root).replaceChildren(
      ...this.verified.map((y) => {
        const diff = cents(total) - cents(y.score);
        const li = document.createElement("li");
        li.dataset.year = String(y.year);
        li.dataset.above = String(diff >= 0);
        li.className = diff >= 0 ? "calc-above" : "calc-below";
        li.textContent = `${y.year}年 ${y.text}分：${diff > 0 ? `高出 ${showCents(diff)} 分` : diff === 0 ? "持平" : `低 ${showCents(diff)} 分`}`;
        return li;
      }),
    );
  }

  // What would raise the score (the engine's advice).
  showAdvice(advice) {
    const next = advice && advice.next_year;
    const nextEl = $(".calc-next-year", this.root);
    if (next) {
      const change = next.change > 0 ? `，比现在高 ${next.change} 分` : next.change < 0 ? `，比现在低 ${-next.change} 分` : "，与现在相同";
      nextEl.textContent = `${next.application_year}年申报的估算：${next.total.toFixed(2)} 分${change}（${next.assumptions.join("；")}）。`;
    } else {
      nextEl.textContent = "";
    }
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
