// Rows of dated records (社保缴纳记录, 住房记录): add, remove, renumber, 至今.
//
// 至今 sends the cut-off month as the end: the record runs up to the cut-off and on (the projection
// carries it forward). A record that starts after the cut-off (a plan: a job move or a purchase next
// year, CONTRACT 2b) runs on from its start: 至今 sends the last cut-off the rules know, so that it
// counts in every later year it reaches.
//
// Each list is an <ol data-rows="records.housing"> with a <template data-row-template> that
// holds one row, "{i}" standing for its index and "{n}" for its number. A row's controls
// carry their full path (data-field="records.housing[1].from"), so the engine's error paths
// find them; removing a row draws the rows after it again with their new numbers, keeping
// what was typed in them.

import { parseMonth, showMonthPlaceholders } from "./months.js";

const $$ = (selector, scope) => Array.from(scope.querySelectorAll(selector));

// The end month 至今 sends for a record starting at `from` ("YYYY-MM"), all months "YYYY-MM".
export function ongoingEnd(from, cutoff, lastCutoff) {
  return /^\d{4}-\d{2}$/.test(from || "") && from > cutoff ? lastCutoff : cutoff;
}

export class RecordRows {
  // form: the <form>; cutoffMonth(): the "YYYY-MM" that 至今 stands for; lastCutoffMonth(): the last
  // cut-off the rules know (至今 of a plan); onChange(): after a change
  constructor(form, { cutoffMonth, lastCutoffMonth, onChange }) {
    this.form = form;
    this.cutoffMonth = cutoffMonth;
    this.lastCutoffMonth = lastCutoffMonth;
    this.onChange = onChange;
    this.initial = Object.fromEntries(this.lists().map((list) => [list.dataset.rows, this.rows(list.dataset.rows).length]));
    form.addEventListener("click", (event) => this.onClick(event));
    form.addEventListener("change", (event) => {
      if (event.target.matches("[data-ongoing]")) this.setOngoing(event.target, event.target.checked);
    });
    // a start moved past the cut-off (or back) while 至今 is ticked: the end follows
    const follow = (event) => {
      const path = event.target.dataset.field;
      const box = path && this.form.querySelector(`[data-ongoing-from="${CSS.escape(path)}"]`);
      if (box && box.checked) this.setOngoing(box, true);
    };
    form.addEventListener("input", follow);
    form.addEventListener("change", follow);
  }

  // What 至今 stands for in the row of this checkbox.
  ongoingValue(box) {
    const start = this.form.querySelector(`[data-field="${CSS.escape(box.dataset.ongoingFrom)}"]`);
    return ongoingEnd(start ? parseMonth(start.value) : "", this.cutoffMonth(), this.lastCutoffMonth());
  }

  lists() {
    return $$("[data-rows]", this.form);
  }

  list(path) {
    return this.form.querySelector(`[data-rows="${path}"]`);
  }

  rows(path) {
    return $$(":scope > .calc-row", this.list(path));
  }

  template(path) {
    return this.form.querySelector(`template[data-row-template="${path}"]`).innerHTML;
  }

  // One new row at the end, drawn from the template; returns it.
  add(path) {
    const list = this.list(path);
    this.append(list, path, list.children.length, 1);
    return list.lastElementChild;
  }

  // `count` rows from index `from`, parsed in one go: one lookup of the list and its template for
  // all of them (a link of 100 records did 100 whole-form queries, issue 22).
  append(list, path, from, count) {
    const template = this.template(path);
    let html = "";
    for (let index = from; index < from + count; index += 1) {
      html += template.replaceAll("{i}", String(index)).replaceAll("{n}", String(index + 1));
    }
    const holder = document.createElement("template");
    holder.innerHTML = html;
    const rows = [...holder.content.children];
    list.append(holder.content);
    for (const row of rows) showMonthPlaceholders(row);
  }

  remove(row) {
    const list = row.parentElement;
    const path = list.dataset.rows;
    const rows = this.rows(path);
    const at = rows.indexOf(row);
    const kept = rows.slice(at + 1).map(snapshot);
    for (const later of rows.slice(at)) later.remove();
    for (const values of kept) restore(this.add(path), values);
    return at;
  }

  setCount(path, count) {
    const rows = this.rows(path);
    for (const row of rows.slice(count)) row.remove();
    if (rows.length < count) this.append(this.list(path), path, rows.length, count - rows.length);
  }

  onClick(event) {
    const add = event.target.closest("[data-add]");
    if (add) {
      const row = this.add(add.dataset.add);
      row.querySelector("input, select").focus();
      this.onChange();
      return;
    }
    const remove = event.target.closest("[data-remove]");
    if (remove) {
      const row = remove.closest(".calc-row");
      const path = row.parentElement.dataset.rows;
      const at = this.remove(row);
      // the keyboard stays in the list: on the row that took this one's place, or on the add button
      const next = this.rows(path)[at];
      (next ? next.querySelector("[data-remove]") : this.form.querySelector(`[data-add="${path}"]`)).focus();
      this.onChange();
    }
  }

  // 至今: the record runs up to the cut-off month and on (a plan: from its start and on); its end
  // shows the month sent, read-only.
  setOngoing(box, on) {
    box.checked = on;
    const input = this.form.querySelector(`[data-field="${box.dataset.ongoing}"]`);
    input.readOnly = on;
    input.classList.toggle("calc-is-ongoing", on);
    if (on) input.value = this.ongoingValue(box);
  }

  // The application year changed: every 至今 follows its new cut-off.
  refreshOngoing() {
    for (const box of $$("[data-ongoing]", this.form)) if (box.checked) this.setOngoing(box, true);
  }

  // After a link filled the form: an end month at what 至今 sends (the cut-off; a plan's last
  // cut-off) reads as 至今.
  markOngoing() {
    for (const box of $$("[data-ongoing]", this.form)) {
      const input = this.form.querySelector(`[data-field="${box.dataset.ongoing}"]`);
      this.setOngoing(box, input.value !== "" && input.value === this.ongoingValue(box));
    }
  }
}

// What was typed in a row, in control order (all rows of a list have the same controls).
function snapshot(row) {
  return $$("input, select", row).map((el) => ({
    value: el.value, checked: el.checked, touched: el.dataset.touched,
  }));
}

function restore(row, values) {
  $$("input, select", row).forEach((el, n) => {
    const saved = values[n];
    if (!saved) return;
    if (el.type === "checkbox" || el.type === "radio") el.checked = saved.checked;
    else el.value = saved.value;
    if (saved.touched) el.dataset.touched = saved.touched;
    if (el.matches("[data-ongoing]") && el.checked) {
      const input = row.querySelector(`[data-field="${el.dataset.ongoing}"]`);
      input.readOnly = true;
      input.classList.add("calc-is-ongoing");
    }
  });
}
