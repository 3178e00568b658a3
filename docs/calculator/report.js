// The printed report (decide.css, @media print): the form is not printed, so this module
// writes what was entered as a short list, in the form's own words (labels from the field
// table, option texts from the form's own controls), plus the date and the page's address
// (without the #data= part: the inputs are on the paper already).

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export class PrintReport {
  constructor(root, data) {
    this.root = root;
    this.byPath = new Map(data.fields.map((field) => [field.path, field]));
    this.list = root.querySelector(".calc-print-list");
    root.querySelector('[data-print="address"]').textContent = location.origin + location.pathname;
    this.date = root.querySelector('[data-print="date"]');
  }

  // An option's text as the form shows it, without the explanation in brackets. Every record of a
  // list has the same options: they are looked up once per list field (100 records, 1 query).
  optionText(path, value) {
    const key = `${path.replace(/\[\d+\]/g, "[]")} ${value}`;
    if (!this.options.has(key)) this.options.set(key, this.lookUpOption(path, value));
    return this.options.get(key);
  }

  lookUpOption(path, value) {
    const scope = this.root.querySelector("#calc-form");
    const selector = `[data-field="${CSS.escape(path)}"]`;
    for (const control of scope.querySelectorAll(selector)) {
      if (control.tagName === "SELECT") {
        const option = [...control.options].find((o) => o.value === String(value));
        if (option) return option.textContent.replace(/（.*?）/g, "");
      } else if (control.type === "radio" && control.value === String(value)) {
        const label = control.closest("label");
        if (label) return label.textContent.trim().replace(/（.*?）/g, "");
      }
    }
    return String(value);
  }

  text(field, path, value) {
    if (typeof value === "boolean") return value ? "是" : "否";
    if (field && (field.widget === "select" || field.widget === "radio")) return this.optionText(path, value);
    return `${value}${field && field.unit ? field.unit : ""}`;
  }

  // One record as a line: its dates, then its other fields' texts.
  record(listPath, item, index) {
    const parts = [];
    if (item.from || item.to) parts.push(`${item.from || "?"} 至 ${item.to || "?"}`);
    for (const [key, value] of Object.entries(item)) {
      if (key === "from" || key === "to") continue;
      parts.push(this.text(this.byPath.get(`${listPath}[].${key}`), `${listPath}[${index}].${key}`, value));
    }
    return parts.join("，");
  }

  entries(object, prefix = "") {
    const lines = [];
    for (const [key, value] of Object.entries(object)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const field = this.byPath.get(path);
      if (isObject(value)) lines.push(...this.entries(value, path));
      else if (Array.isArray(value)) {
        const label = field ? field.label : path;
        if (!value.length) lines.push([label, "无"]);
        value.forEach((item, n) => lines.push([`${label}第${n + 1}条`, this.record(path, item, n)]));
      } else lines.push([field ? field.label : path, this.text(field, path, value)]);
    }
    return lines;
  }

  show(detail) {
    this.options = new Map(); // the form's options may differ by round: read afresh for each report
    this.date.textContent = new Date().toLocaleDateString("zh-CN", { year: "numeric", month: "long", day: "numeric" });
    const lines = detail && detail.applicant ? this.entries(detail.applicant) : [];
    this.list.replaceChildren(...lines.flatMap(([label, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value;
      return [dt, dd];
    }));
  }
}
