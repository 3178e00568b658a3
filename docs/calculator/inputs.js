// What an applicant says, in the form's own words: the labels, option texts and units of the page
// data's field table (calculator/schema.py's fields, as the build exports them), never a path or
// a code. The printed report (report.js) lists an applicant's inputs with it; the scenario
// comparison (scenarios.js) shows where scenarios differ; form.js names a field in its notes.

import { ongoingEnd } from "./records.js";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// "records.housing[1].from" -> "records.housing[].from" (the table's path)
export const generic = (path) => path.replace(/\[\d+\]/g, "[]");

const DATES = new Set(["from", "to"]); // a record's months, shown as one period

export class InputWords {
  constructor(data) {
    this.data = data;
    this.byPath = new Map(data.fields.map((field) => [field.path, field]));
    this.lastCutoff = data.years[Math.max(...Object.keys(data.years).map(Number))].cutoff_month;
  }

  // The field's label for any path ("住房记录第2条的起始年月").
  labelOf(path) {
    let label = "";
    let item = "";
    let at = "";
    for (const [, name, index] of path.matchAll(/([^.[\]]+)(?:\[(\d+)\])?/g)) {
      at = at ? `${at}.${name}` : name;
      const field = this.byPath.get(at);
      if (!field) return label || "输入";
      label = field.label;
      if (index !== undefined) {
        item = `${label}第${Number(index) + 1}条`;
        at += "[]";
      }
    }
    if (item && !path.endsWith("]")) return `${item}的${label}`;
    return item || label || "输入";
  }

  // One value as the form shows it: the option's text without the explanation in brackets
  // ("城六区以外的区"), the unit, 是 / 否. `object`: the value's own object (an option list that
  // another of its fields picks: innovation.points by innovation.type).
  valueText(path, value, object = {}) {
    const field = this.byPath.get(generic(path));
    if (typeof value === "boolean") return value ? "是" : "否";
    if (field && field.options) {
      let options = field.options;
      if (field.options_by) options = options[object[field.options_by.split(".").pop()]] || [];
      const found = options.find((option) => String(option.value) === String(value));
      if (found) return found.label.replace(/（.*?）/g, "");
    }
    if (value === null || isObject(value) || Array.isArray(value)) return JSON.stringify(value);
    return `${value}${field && field.unit ? field.unit : ""}`;
  }

  // A record's months: "2015-07 至 2019-03", or "2027-01 起，至今" for a plan that runs on (records.js).
  period(item, year) {
    const values = this.data.years[year];
    if (values && item.from && item.to && item.from > values.cutoff_month
        && item.to === ongoingEnd(item.from, values.cutoff_month, this.lastCutoff)) {
      return `${item.from} 起，至今`;
    }
    return `${item.from || "?"} 至 ${item.to || "?"}`;
  }

  // One record as a line: its months, then its other fields' texts.
  record(listPath, item, index, year) {
    if (!isObject(item)) return this.valueText(`${listPath}[${index}]`, item);
    const parts = [];
    if (item.from || item.to) parts.push(this.period(item, year));
    for (const [key, value] of Object.entries(item)) {
      if (!DATES.has(key)) parts.push(this.valueText(`${listPath}[${index}].${key}`, value, item));
    }
    return parts.join("，");
  }

  // Every input as {key, label, text}, in the applicant's order; with `records`: one entry a record
  // (key "records.housing[2]"), its fields as `fields` (their own entries, for a record-by-record
  // comparison). An empty list is one entry, 无.
  entries(applicant, object = applicant, prefix = "") {
    const found = [];
    if (!isObject(object)) return found;
    for (const [key, value] of Object.entries(object)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isObject(value)) found.push(...this.entries(applicant, value, path));
      else if (Array.isArray(value)) {
        if (!value.length) found.push({ key: path, label: this.labelOf(path), text: "无" });
        value.forEach((item, n) => {
          const at = `${path}[${n}]`;
          const fields = isObject(item) ? this.recordFields(item, at, applicant.application_year) : [];
          found.push({ key: at, label: this.labelOf(at), text: this.record(path, item, n, applicant.application_year), fields });
        });
      } else found.push({ key: path, label: this.labelOf(path), text: this.valueText(path, value, object) });
    }
    return found;
  }

  // A record's fields one by one; its two months as one entry (the period).
  recordFields(item, at, year) {
    const fields = [];
    if (item.from || item.to) fields.push({ key: `${at}.period`, label: `${this.labelOf(at)}的起止年月`, text: this.period(item, year) });
    for (const [key, value] of Object.entries(item)) {
      if (!DATES.has(key)) fields.push({ key: `${at}.${key}`, label: this.labelOf(`${at}.${key}`), text: this.valueText(`${at}.${key}`, value, item) });
    }
    return fields;
  }

  // The inputs that differ between applicants: [{key, label, texts: [one per applicant, "—" where
  // it says nothing]}]. A record that every applicant has is compared field by field; one that
  // some lack, as a whole.
  differences(applicants) {
    const all = applicants.map((applicant) => new Map(this.entries(applicant).map((entry) => [entry.key, entry])));
    const keys = new Set(all.flatMap((entries) => [...entries.keys()])); // in the order first met
    const rows = [];
    for (const key of keys) {
      const found = all.map((entries) => entries.get(key));
      if (found.every((entry) => entry && entry.fields && entry.fields.length)) {
        const inner = found.map((entry) => new Map(entry.fields.map((field) => [field.key, field])));
        const fieldKeys = [...new Set(inner.flatMap((fields) => [...fields.keys()]))];
        for (const fieldKey of fieldKeys) rows.push(row(fieldKey, inner.map((fields) => fields.get(fieldKey))));
      } else rows.push(row(key, found));
    }
    return rows.filter((r) => r && new Set(r.texts).size > 1);
  }
}

function row(key, found) {
  const named = found.find(Boolean);
  return named ? { key, label: named.label, texts: found.map((entry) => (entry ? entry.text : "—")) } : null;
}
