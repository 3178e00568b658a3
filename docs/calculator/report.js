// The printed report (decide.css, @media print): the form is not printed, so this module
// writes what was entered as a short list, in the form's own words (labels and option texts from
// the field table, inputs.js), plus the date and the page's address (without the #data= part:
// the inputs are on the paper already).

import { InputWords } from "./inputs.js";

export class PrintReport {
  constructor(root, data) {
    this.words = new InputWords(data);
    this.list = root.querySelector(".calc-print-list");
    root.querySelector('[data-print="address"]').textContent = location.origin + location.pathname;
    this.date = root.querySelector('[data-print="date"]');
  }

  show(detail) {
    this.date.textContent = new Date().toLocaleDateString("zh-CN", { year: "numeric", month: "long", day: "numeric" });
    const entries = detail && detail.applicant ? this.words.entries(detail.applicant) : [];
    this.list.replaceChildren(...entries.flatMap(({ label, text }) => {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = text;
      return [dt, dd];
    }));
  }
}
