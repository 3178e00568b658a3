// What-if, side by side: the form saved as scenarios (up to data-max), compared in columns:
// the total, each of the ten lines, eligibility and the first likely year, all as the engine
// scored them when the scenario was saved (or restored: calculator.score scores it again).

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

export function firstLikelyText(projection) {
  if (!projection) return "—";
  if (projection.first_likely_year) return `${projection.first_likely_year}年`;
  if (projection.first_possible_year) return `${projection.within_years}年内难以确定（${projection.first_possible_year}年起有机会）`;
  return projection.within_years ? `${projection.within_years}年内难以达到` : "无法推算";
}

export class Scenarios {
  constructor(section, data, calculator) {
    this.section = section;
    this.data = data;
    this.calculator = calculator;
    this.max = Number(section.dataset.max);
    this.list = []; // {name, applicant, result}
    this.table = section.querySelector('[data-testid="scenario-compare"]');
    this.status = section.querySelector(".calc-scn-status");
    this.saveButton = section.querySelector('[data-testid="scenario-save"]');
    this.onChange = () => {};
    this.saveButton.addEventListener("click", () => this.saveCurrent());
    this.table.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const index = Number(button.dataset.index);
      if (button.dataset.action === "remove") this.remove(index);
      else this.calculator.fill(this.list[index].applicant);
    });
  }

  nextName() {
    const used = new Set(this.list.map((s) => s.name));
    for (let n = 1; ; n += 1) if (!used.has(`方案${n}`)) return `方案${n}`;
  }

  async saveCurrent() {
    const last = this.calculator.last;
    const root = this.section.closest('[data-testid="calculator"]');
    if (this.list.length >= this.max) {
      this.status.textContent = `最多比较${this.max}个方案：请先删除一个。`;
    } else if (!last || String(last.id) !== root.dataset.request) {
      this.status.textContent = "正在计算，请稍候再保存。";
    } else if (!last.ok) {
      this.status.textContent = "当前填写有错误或没有填完，请先按提示修改再保存。";
    } else {
      this.saveButton.disabled = true;
      const name = this.nextName();
      this.list.push({ name, applicant: last.applicant, result: last.result }); // the name is taken at once
      const answer = await this.calculator.score(last.applicant, { projection: true });
      const saved = this.list.find((s) => s.name === name);
      if (saved && answer.ok) saved.result = answer.result;
      this.status.textContent = `已保存为“${name}”。可以修改表单后再保存一个方案来比较。`;
      this.render();
      this.onChange();
    }
  }

  remove(index) {
    const [gone] = this.list.splice(index, 1);
    this.status.textContent = `已删除“${gone.name}”。`;
    this.render();
    this.onChange();
  }

  // Saved scenarios from this device (keep.js): scored again, in order.
  async restore(saved) {
    const answers = await Promise.all(saved.slice(0, this.max).map((s) =>
      this.calculator.score(s.applicant, { projection: true })));
    this.list = saved.slice(0, this.max).flatMap((s, n) =>
      answers[n].ok ? [{ name: s.name, applicant: s.applicant, result: answers[n].result }] : []);
    this.render();
  }

  render() {
    const { list } = this;
    this.saveButton.disabled = list.length >= this.max;
    this.table.hidden = list.length === 0;
    if (!list.length) {
      this.table.tHead.replaceChildren();
      this.table.tBodies[0].replaceChildren();
      return;
    }
    const best = Math.max(...list.map((s) => s.result.total));
    const head = element("tr");
    head.append(element("th", "", { scope: "col" }));
    list.forEach((s, index) => {
      const th = element("th", undefined, { scope: "col" });
      th.dataset.testid = "scenario-column";
      th.dataset.index = String(index);
      th.dataset.total = String(s.result.total);
      th.dataset.firstLikelyYear = String((s.result.projection && s.result.projection.first_likely_year) || "");
      th.append(element("span", s.name, { class: "calc-scn-name" }),
        element("span", `${s.applicant.application_year}年申报`, { class: "calc-scn-year" }),
        element("button", "载入", { type: "button", class: "calc-button calc-scn-act", "data-action": "load",
          "data-index": String(index), "aria-label": `把${s.name}载入表单` }),
        element("button", "删除", { type: "button", class: "calc-button calc-scn-act", "data-action": "remove",
          "data-index": String(index), "aria-label": `删除${s.name}` }));
      head.append(th);
    });
    const rows = [["总分", (s) => s.result.total.toFixed(2), "total", (s) => s.result.total === best && list.length > 1]];
    rows.push(["资格条件", (s) => (s.result.eligible ? "✓ 满足" : "✗ 不满足"), "eligible"]);
    for (const item of this.data.items) {
      rows.push([`${item.number} ${item.label}`, (s) => {
        const found = s.result.items.find((i) => i.id === item.id);
        return found ? String(found.points) : "—";
      }, `item-${item.id}`]);
    }
    rows.push(["最早多半能达到分数线", (s) => firstLikelyText(s.result.projection), "first-likely"]);
    const body = rows.map(([label, value, key, strong]) => {
      const tr = element("tr");
      tr.dataset.row = key;
      tr.append(element("th", label, { scope: "row" }));
      for (const s of list) {
        const td = element("td", value(s));
        if (strong && strong(s)) td.className = "calc-scn-best";
        tr.append(td);
      }
      return tr;
    });
    this.table.tHead.replaceChildren(head);
    this.table.tBodies[0].replaceChildren(...body);
  }
}
