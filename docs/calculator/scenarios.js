// What-if, side by side: the form saved as named scenarios (up to data-max), compared in columns:
// the inputs that differ (in the form's words, inputs.js), the total, each of the ten lines,
// eligibility and the first likely year, all as the engine scored them when the scenario was
// saved (or restored: calculator.score scores it again). Where two scenarios score the same,
// a sentence says why: the engine's (calculator/scenarios.py, from its own results), asked for
// whenever the list or a name changes; an answer that a newer change overtook is dropped.

import { InputWords } from "./inputs.js";

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

const cents = (x) => Math.round(x * 100);

// The engine's short answer to "which year" (projection.first_likely_text), or a dash without one.
export function firstLikelyText(projection) {
  return projection ? projection.first_likely_text : "—";
}

// A name as kept and shown: no control characters, spaces collapsed, at most `length` characters
// ("" when nothing is left: the caller gives the default name).
export function cleanName(text, length) {
  const clean = String(text).replace(/\s+/g, " ").replace(/[\p{Cc}\p{Cf}]/gu, "").replace(/ {2,}/g, " ").trim();
  return Array.from(clean).slice(0, length).join("").trim();
}

export class Scenarios {
  constructor(section, data, calculator) {
    this.section = section;
    this.data = data;
    this.words = new InputWords(data);
    this.calculator = calculator;
    this.max = Number(section.dataset.max);
    this.nameLength = Number(section.dataset.nameLength);
    this.list = []; // {name, applicant, result}
    this.table = section.querySelector('[data-testid="scenario-compare"]');
    this.same = section.querySelector('[data-testid="scenario-same"]');
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
    // a name is taken as it is typed (kept at once); an empty or taken one goes back when the field is left
    this.table.addEventListener("input", (event) => {
      const input = event.target.closest("input[data-index]");
      if (input) this.rename(Number(input.dataset.index), input.value, false);
    });
    this.table.addEventListener("change", (event) => {
      const input = event.target.closest("input[data-index]");
      if (input) this.rename(Number(input.dataset.index), input.value, true);
    });
  }

  // 方案N: N one more than the scenarios there are, or the next number not taken.
  nextName(list = this.list) {
    const used = new Set(list.map((s) => s.name));
    for (let n = list.length + 1; ; n += 1) if (!used.has(`方案${n}`)) return `方案${n}`;
  }

  rename(index, text, done) {
    const scenario = this.list[index];
    if (!scenario) return;
    const name = cleanName(text, this.nameLength);
    const taken = this.list.some((s, n) => n !== index && s.name === name);
    if (name && !taken) {
      scenario.name = name;
      this.onChange();
    }
    if (!done) return;
    const input = this.table.querySelector(`input[data-index="${index}"]`);
    if (!name || taken) {
      this.status.textContent = taken ? `已有名为“${name}”的方案，名称没有修改。` : "方案名称不能为空，名称没有修改。";
    }
    input.value = scenario.name;
    // what shows the name besides the field: the buttons' labels and the sentences below the table
    for (const button of this.table.querySelectorAll(`button[data-index="${index}"]`)) {
      button.setAttribute("aria-label", `${button.dataset.action === "remove" ? "删除" : "载入"}“${scenario.name}”`);
    }
    this.renderSame();
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
      const saved = { name: this.nextName(), applicant: last.applicant, result: last.result };
      this.list.push(saved); // the name is taken at once
      const answer = await this.calculator.score(last.applicant, { projection: true });
      if (answer.ok) saved.result = answer.result;
      this.status.textContent = `已保存为“${saved.name}”（名称可以修改）。可以修改表单后再保存一个方案来比较。`;
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

  // Saved scenarios from this device (keep.js, names already checked): scored again, in order; a
  // scenario without a name, or with one taken before it, gets the next default name.
  async restore(saved) {
    const answers = await Promise.all(saved.slice(0, this.max).map((s) =>
      this.calculator.score(s.applicant, { projection: true })));
    const list = [];
    saved.slice(0, this.max).forEach((s, n) => {
      if (!answers[n].ok) return;
      const name = s.name && !list.some((other) => other.name === s.name) ? s.name : this.nextName(list);
      list.push({ name, applicant: s.applicant, result: answers[n].result });
    });
    this.list = list;
    this.render();
  }

  // The name field of a column: what it shows prints too (decide.css).
  header(s, index) {
    const th = element("th", undefined, { scope: "col" });
    th.dataset.testid = "scenario-column";
    th.dataset.index = String(index);
    th.dataset.total = String(s.result.total);
    th.dataset.firstLikelyYear = String((s.result.projection && s.result.projection.first_likely_year) || "");
    const name = element("input", undefined, { type: "text", class: "calc-scn-name", "data-index": String(index),
      "data-testid": "scenario-name", maxlength: String(this.nameLength), autocomplete: "off", spellcheck: "false",
      "aria-label": `第${index + 1}个方案的名称（可以修改）` });
    name.value = s.name;
    th.append(name,
      element("span", `${s.applicant.application_year}年申报`, { class: "calc-scn-year" }),
      element("button", "载入", { type: "button", class: "calc-button calc-scn-act", "data-action": "load",
        "data-index": String(index), "aria-label": `载入“${s.name}”` }),
      element("button", "删除", { type: "button", class: "calc-button calc-scn-act", "data-action": "remove",
        "data-index": String(index), "aria-label": `删除“${s.name}”` }));
    return th;
  }

  render() {
    const { list } = this;
    this.saveButton.disabled = list.length >= this.max;
    this.table.hidden = list.length === 0;
    if (!list.length) {
      this.table.tHead.replaceChildren();
      this.table.tBodies[0].replaceChildren();
      this.renderSame();
      return;
    }
    const head = element("tr");
    head.append(element("td", "", { class: "calc-scn-corner" }), ...list.map((s, index) => this.header(s, index)));
    const body = [];
    if (list.length > 1) body.push(...this.inputRows());
    body.push(...this.scoreRows());
    this.table.tHead.replaceChildren(head);
    this.table.tBodies[0].replaceChildren(...body);
    this.renderSame();
  }

  group(text) {
    const tr = element("tr", undefined, { class: "calc-scn-group" });
    tr.append(element("th", text, { colspan: String(this.list.length + 1) }));
    return tr;
  }

  // What differs between the scenarios' inputs, one row an input, in the form's words.
  inputRows() {
    const differences = this.words.differences(this.list.map((s) => s.applicant));
    const rows = [this.group("填写的不同之处")];
    if (!differences.length) {
      const tr = element("tr", undefined, { "data-row": "inputs-same" });
      tr.append(element("td", "各方案的填写内容相同", { colspan: String(this.list.length + 1) }));
      rows.push(tr);
    }
    for (const difference of differences) {
      const tr = element("tr", undefined, { "data-row": "input", "data-testid": "scenario-diff" });
      tr.append(element("th", difference.label, { scope: "row" }), ...difference.texts.map((text) => element("td", text)));
      rows.push(tr);
    }
    rows.push(this.group("分数"));
    return rows;
  }

  scoreRows() {
    const { list } = this;
    const best = Math.max(...list.map((s) => s.result.total));
    const rows = [["总分", (s) => s.result.total.toFixed(2), "total", (s) => s.result.total === best && list.length > 1]];
    rows.push(["资格条件", (s) => (s.result.eligible ? "✓ 满足" : "✗ 不满足"), "eligible"]);
    for (const item of this.data.items) {
      rows.push([`${item.number} ${item.label}`, (s) => {
        const found = s.result.items.find((i) => i.id === item.id);
        return found ? String(found.points) : "—";
      }, `item-${item.id}`]);
    }
    rows.push(["最早多半能达到分数线", (s) => firstLikelyText(s.result.projection), "first-likely"]);
    return rows.map(([label, value, key, strong]) => {
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
  }

  // For each scenario whose total an earlier one has: why, compared with the first of them.
  async renderSame() {
    const pairs = [];
    this.list.forEach((s, n) => {
      const first = this.list.slice(0, n).find((other) => cents(other.result.total) === cents(s.result.total));
      // the inputs that differ as the table shows them (its rows' comparison, in the form's words)
      if (first) pairs.push({ first, second: s, differences: this.words.differences([first.applicant, s.applicant]).map((d) => d.key) });
    });
    // data-asked / data-answered: which question the sentences answer (the tests wait on them)
    const asked = Number(this.same.dataset.asked || 0) + 1;
    this.same.dataset.asked = String(asked);
    const answer = pairs.length ? await this.calculator.whySame(pairs) : { ok: true, sentences: [] };
    if (String(asked) !== this.same.dataset.asked) return; // a newer list or name is on its way
    const sentences = answer.ok ? answer.sentences : [];
    this.same.replaceChildren(...sentences.map((text) => element("li", text)));
    this.same.hidden = sentences.length === 0;
    this.same.dataset.answered = String(asked);
  }
}
