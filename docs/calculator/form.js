// The form <-> the applicant JSON of CONTRACT.md sections 2 and 2b, driven by the field table.
//
// The table (DATA.fields: calculator/schema.py's fields, as the build exports them) says each
// field's path, widget, input mode, default and when it applies; the HTML generated from it
// (build_tools/calculator_form.py) carries data-field="<path>" on every control. Nothing here
// lists fields: a new field in the table is collected and filled without a change here.

import { InputWords } from "./inputs.js";
import { halfWidth, parseMonth, showMonthPlaceholders } from "./months.js";
import { RecordRows } from "./records.js";

const $$ = (selector, scope) => Array.from(scope.querySelectorAll(selector));
const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const MAX_NOTES = 10;

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export class ApplicantForm {
  constructor(form, data) {
    this.form = form;
    this.data = data;
    this.fields = data.fields;
    this.byPath = new Map(this.fields.map((field) => [field.path, field]));
    this.order = new Map(this.fields.map((field, n) => [field.path, n]));
    this.modes = data.modes;
    this.words = new InputWords(data);
    this.rows = new RecordRows(form, {
      cutoffMonth: () => this.cutoffMonth(),
      lastCutoffMonth: () => this.lastCutoffMonth(),
      onChange: () => this.onChange(),
    });
    showMonthPlaceholders(form);
    this.onChange = () => {};
  }

  // ------------------------------------------------------------ controls
  controls(path, scope = this.form) {
    return $$(`[data-field="${CSS.escape(path)}"]`, scope);
  }

  control(path) {
    const all = this.controls(path);
    return all.find(isShown) || all[0];
  }

  mode() {
    const checked = this.form.querySelector('input[name="calc-mode"]:checked');
    return checked ? checked.value : this.modes[0];
  }

  setMode(mode) {
    const radio = this.form.querySelector(`input[name="calc-mode"][value="${mode}"]`);
    if (radio) radio.checked = true;
    this.updateVisibility();
  }

  year() {
    return this.control("application_year").value;
  }

  cutoffMonth() {
    const values = this.data.years[this.year()];
    return values ? values.cutoff_month : "";
  }

  // The last cut-off month the rules know (至今 of a record that starts after the cut-off).
  lastCutoffMonth() {
    return this.words.lastCutoff;
  }

  // The field's label in the form's own words, for any path ("住房记录第2条的起始年月").
  labelOf(path) {
    return this.words.labelOf(path);
  }

  // ------------------------------------------------------------ form -> applicant
  collect() {
    const mode = this.mode();
    const applicant = {};
    for (const field of this.fields) {
      if (field.parent.includes("[]") || !inMode(field, mode)) continue;
      if (field.widget === "group") setPath(applicant, field.path, getPath(applicant, field.path) || {});
      else if (field.widget === "rows") {
        setPath(applicant, field.path, this.rows.rows(field.path).map((row, n) => this.collectRow(field, row, n)));
      } else {
        const value = this.read(field, field.path, this.form);
        if (value !== undefined) setPath(applicant, field.path, value);
      }
    }
    return applicant;
  }

  collectRow(field, row, index) {
    const item = {};
    for (const child of this.fields) {
      if (child.parent !== `${field.path}[]`) continue;
      const value = this.read(child, `${field.path}[${index}].${child.key}`, row);
      if (value !== undefined) item[child.key] = value;
    }
    return item;
  }

  // One field's value as the contract writes it; undefined: left out (empty, or not shown).
  read(field, path, scope) {
    const shown = this.controls(path, scope).filter(isShown);
    if (!shown.length) return undefined;
    const element = shown[0];
    switch (field.widget) {
      case "checkbox":
        return element.checked; // sent even when unticked: the contract's default may be true
      case "radio": {
        const checked = shown.find((el) => el.checked);
        return checked ? checked.value : undefined;
      }
      case "select":
        if (element.value === "") return undefined; // nothing chosen yet: the engine asks for it
        return NUMBER.test(element.value) ? Number(element.value) : element.value;
      case "month":
        return parseMonth(element.value);
      case "date":
        return dateValue(element.value);
      default:
        return numberValue(element.value);
    }
  }

  // ------------------------------------------------------------ applicant -> form
  // The form as the applicant says, every field it leaves out at the engine's default.
  // Returns notes (Chinese) about what could not be filled in.
  fill(applicant) {
    const notes = [];
    this.filling = true; // one visibility pass at the end, not one per value (a long link stays linear)
    try {
      this.fillAll(applicant, notes);
    } finally {
      this.filling = false;
    }
    this.updateVisibility();
    if (notes.length > MAX_NOTES) { // a link of junk must not fill the page with notes
      const more = notes.length - MAX_NOTES;
      notes.splice(MAX_NOTES, more, `另有 ${more} 条类似的说明未列出`);
    }
    return notes;
  }

  fillAll(applicant, notes) {
    const year = this.year();
    this.form.reset();
    this.control("application_year").value = year;
    for (const box of $$("[data-ongoing]", this.form)) this.rows.setOngoing(box, false);
    if (!isObject(applicant)) {
      notes.push("不是一位申请人的数据（应为 JSON 对象），表单未填写");
      return;
    }
    const counts = this.fields.some((f) => f.mode === "counts" && !f.path.includes(".") && f.path in applicant);
    const records = "records" in applicant;
    if (records && counts) notes.push("链接里同时有记录和月数：按记录填写，月数没有使用");
    this.setMode(records || !counts ? this.modes[0] : "counts");
    // a list the link gives is filled below; in a month-count link the lists start as a new form's
    for (const list of this.rows.lists()) this.rows.setCount(list.dataset.rows, records ? 0 : this.rows.initial[list.dataset.rows]);
    this.applyDefaults(this.form, "");
    this.fillObject(applicant, "", "", notes);
    this.rows.markOngoing();
    // What the link shows counts as answered: a required field it lacks is an error, not "still to
    // fill in". Fields that appear only after a later choice (an award's points) stay untouched.
    this.updateVisibility();
    for (const element of $$("[data-field]", this.form)) {
      if (isShown(element)) element.dataset.touched = "link";
      else delete element.dataset.touched;
    }
  }

  // Controls of the fields under `parent` set to the engine's default (absent = default).
  applyDefaults(scope, parent, prefix = parent) {
    for (const field of this.fields) {
      if (field.parent !== parent || field.default === null || ["group", "rows"].includes(field.widget)) continue;
      if (["number", "date", "month"].includes(field.widget)) continue; // empty shows the default
      const path = prefix ? `${prefix}.${field.key}` : field.key;
      this.set(field, path, field.default, scope, null);
    }
    for (const field of this.fields) {
      if (field.parent === parent && field.widget === "group") {
        const path = prefix ? `${prefix}.${field.key}` : field.key;
        this.applyDefaults(scope, field.path, path);
      }
    }
  }

  fillObject(object, parent, prefix, notes, scope = this.form) {
    const entries = Object.entries(object).sort(([a], [b]) => this.rank(parent, a) - this.rank(parent, b));
    for (const [key, value] of entries) {
      const tablePath = parent ? `${parent}.${key}` : key;
      const path = prefix ? `${prefix}.${key}` : key;
      const field = this.byPath.get(tablePath);
      if (!field) {
        notes.push(`不认识的字段 ${path}，已忽略`);
      } else if (field.widget === "group") {
        if (isObject(value)) this.fillObject(value, tablePath, path, notes, scope);
        else notes.push(`“${this.labelOf(path)}”应为对象，已使用默认值`);
      } else if (field.widget === "rows") {
        this.fillRows(field, path, value, notes);
      } else {
        this.set(field, path, value, scope, notes);
      }
    }
  }

  rank(parent, key) {
    const n = this.order.get(parent ? `${parent}.${key}` : key);
    return n === undefined ? Infinity : n;
  }

  fillRows(field, path, value, notes) {
    if (!Array.isArray(value)) {
      notes.push(`“${this.labelOf(path)}”应为数组，未填写`);
      return;
    }
    const most = this.data.records.max_records; // the engine's own bound: more rows could only be refused
    if (value.length > most) {
      notes.push(`“${this.labelOf(path)}”有 ${value.length} 条，只填入前 ${most} 条（最多 ${most} 条）`);
      value = value.slice(0, most);
    }
    this.rows.setCount(path, value.length);
    const rows = this.rows.rows(path);
    value.forEach((item, n) => {
      const prefix = `${path}[${n}]`;
      this.applyDefaults(rows[n], `${field.path}[]`, prefix);
      if (isObject(item)) this.fillObject(item, `${field.path}[]`, prefix, notes, rows[n]);
      else notes.push(`“${this.labelOf(prefix)}”应为对象，未填写`);
    });
  }

  // Put one value into its control; a value the control cannot show is noted (notes: null = quiet).
  set(field, path, value, scope, notes) {
    const bad = () => notes && notes.push(`“${this.labelOf(path)}”的值 ${JSON.stringify(value)} 无法填入表单，已使用默认值`);
    let controls = this.controls(path, scope);
    if (field.options_by) { // one select per value of the field that picks the options
      const by = this.rawValue(field.options_by, scope);
      controls = controls.filter((el) => el.closest("[data-when-in]").dataset.whenIn.split(" ").includes(by));
    }
    const element = controls[0];
    if (!element) return bad();
    const text = typeof value === "number" || typeof value === "string" ? String(value) : null;
    switch (field.widget) {
      case "checkbox":
        if (typeof value === "boolean") element.checked = value;
        else bad();
        break;
      case "radio": {
        const radio = controls.find((el) => el.value === text);
        if (radio) radio.checked = true;
        else bad();
        break;
      }
      case "select":
        if (text !== null && [...element.options].some((o) => o.value === text)) element.value = text;
        else bad();
        break;
      default:
        if (text === null) return bad();
        element.value = text; // a month that is not one ("2015-13") stays: the engine names the field
    }
    if (!this.filling) this.updateVisibility();
  }

  rawValue(path, scope = this.form) {
    const controls = this.controls(path, scope);
    const radio = controls.find((el) => el.type === "radio" && el.checked);
    if (radio) return radio.value;
    const other = controls.find((el) => el.type !== "radio");
    return other ? other.value : "";
  }

  // ------------------------------------------------------------ what is shown when
  ruleSet() {
    const values = this.data.years[this.year()];
    return values ? values.rule_set : "";
  }

  updateVisibility() {
    const mode = this.mode();
    const ruleSet = this.ruleSet();
    const ofYear = (element) => !element.dataset.ruleSets || element.dataset.ruleSets.split(" ").includes(ruleSet);
    for (const option of $$("option[data-rule-sets]", this.form)) { // a choice of one rule set only
      option.hidden = option.disabled = !ofYear(option);
    }
    for (const element of $$("[data-mode], [data-when], [data-rule-sets]:not(option)", this.form)) {
      let shown = (!element.dataset.mode || element.dataset.mode === mode) && ofYear(element);
      const path = element.dataset.when;
      if (shown && path) { // shown while that field (the same row's, for a record field) has one of these values
        const row = path.includes("[]") ? element.closest(".calc-row") : null;
        const concrete = row ? path.replace("[]", `[${row.dataset.row}]`) : path;
        shown = element.dataset.whenIn.split(" ").includes(this.rawValue(concrete, row || this.form));
      }
      element.hidden = !shown;
    }
    const year = this.year();
    const level = this.rawValue("education.level");
    const windows = this.data.deduction_windows[level] || {};
    const values = { ...(this.data.years[year] || {}), year,
      deduction_window: windows[this.rawValue("education.certificates")] ?? "—" };
    for (const span of $$("[data-dyn]", this.form.closest("[data-testid=calculator]") || this.form)) {
      const value = values[span.dataset.dyn];
      if (value !== undefined) span.textContent = String(value);
    }
  }
}

// ---------------------------------------------------------------- helpers
function isShown(element) {
  return !element.closest("[hidden]");
}

function inMode(field, mode) {
  return field.mode === "both" || field.mode === mode;
}

function setPath(object, path, value) {
  const keys = path.split(".");
  let at = object;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(at[key])) at[key] = {};
    at = at[key];
  }
  at[keys[keys.length - 1]] = value;
}

function getPath(object, path) {
  return path.split(".").reduce((at, key) => (isObject(at) ? at[key] : undefined), object);
}

function numberValue(raw) {
  const text = halfWidth(raw).trim();
  if (text === "") return undefined;
  return NUMBER.test(text) ? Number(text) : text; // the engine says, in Chinese, why this is not a number
}

function dateValue(raw) {
  const text = halfWidth(raw).trim();
  if (text === "") return undefined;
  let m = text.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
  if (!m) m = text.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (m) return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  return text;
}
