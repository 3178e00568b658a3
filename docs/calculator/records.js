// Rows of dated records (社保缴纳记录, 住房记录): add, remove, renumber, 至今.
//
// Each list is an <ol data-rows="records.housing"> with a <template data-row-template> that
// holds one row, "{i}" standing for its index and "{n}" for its number. A row's controls
// carry their full path (data-field="records.housing[1].from"), so the engine's error paths
// find them; removing a row draws the rows after it again with their new numbers, keeping
// what was typed in them.

import { showMonthPlaceholders } from "./months.js";

const $$ = (selector, scope) => Array.from(scope.querySelectorAll(selector));

export class RecordRows {
  // form: the <form>; cutoffMonth(): the "YYYY-MM" that 至今 stands for; onChange(): after a change
  constructor(form, { cutoffMonth, onChange }) {
    this.form = form;
    this.cutoffMonth = cutoffMonth;
    this.onChange = onChange;
    this.initial = Object.fromEntries(this.lists().map((list) => [list.dataset.rows, this.rows(list.dataset.rows).length]));
    form.addEventListener("click", (event) => this.onClick(event));
    form.addEventListener("change", (event) => {
      if (event.target.matches("[data-ongoing]")) this.setOngoing(event.target, event.target.checked);
    });
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
    const index = list.children.length;
    const holder = document.createElement("template");
    holder.innerHTML = this.template(path).replaceAll("{i}", String(index)).replaceAll("{n}", String(index + 1));
    list.append(holder.content);
    showMonthPlaceholders(list.lastElementChild);
    return list.lastElementChild;
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
    for (let n = rows.length; n < count; n += 1) this.add(path);
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

  // 至今: the record runs up to the cut-off month and on; its end shows that month, read-only.
  setOngoing(box, on) {
    box.checked = on;
    const input = this.form.querySelector(`[data-field="${box.dataset.ongoing}"]`);
    input.readOnly = on;
    input.classList.toggle("calc-is-ongoing", on);
    if (on) input.value = this.cutoffMonth();
  }

  // The application year changed: every 至今 follows its new cut-off.
  refreshOngoing() {
    for (const box of $$("[data-ongoing]", this.form)) if (box.checked) this.setOngoing(box, true);
  }

  // After a link filled the form: an end month at the cut-off reads as 至今.
  markOngoing() {
    const cutoff = this.cutoffMonth();
    for (const box of $$("[data-ongoing]", this.form)) {
      const input = this.form.querySelector(`[data-field="${box.dataset.ongoing}"]`);
      this.setOngoing(box, input.value === cutoff);
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
