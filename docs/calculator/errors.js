// The engine's input problems beside their fields, in the form's own words.
//
// The engine answers {path, label, message, related?} per problem (calculator/validation.py);
// `path` finds the place on the page: a control (data-field), a record row (data-path),
// a record list or an object (their error slots). What the visitor reads is the label and
// the message; a field path never reaches the page, not even inside a message.

const $$ = (selector, scope) => Array.from(scope.querySelectorAll(selector));
const PATHS_IN_TEXT = /[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)+|\b[a-z]+(?:_[a-z0-9]+)+\b/g;

export class ErrorDisplay {
  // root: the calculator; form: the ApplicantForm; box: the summary (data-testid=input-error)
  constructor(root, form, box, pendingBox) {
    this.root = root;
    this.form = form;
    this.box = box;
    this.pendingBox = pendingBox;
  }

  // A missing field the visitor has not reached yet is not a mistake: it is listed, quietly, as
  // still to fill in; nor is the field being typed in (until it is left or the typing pauses:
  // form.typing, calculator.js). Everything else is an error.
  split(problems) {
    const pending = [];
    const errors = [];
    for (const problem of problems) {
      const control = this.form.controls(problem.path).find((el) => !el.closest("[hidden]"));
      if (problem.path && problem.path === this.form.typing) pending.push({ ...problem, typing: true });
      else if (problem.code === "required" && control && !control.dataset.touched) pending.push(problem);
      else errors.push(problem);
    }
    return [pending, errors];
  }

  label(problem) {
    return problem.label || this.form.labelOf(problem.path || "");
  }

  // Field paths inside a message become the fields' labels ("（housing.owned_months）" -> "（“自有住所月数”）").
  words(message) {
    return String(message).replace(PATHS_IN_TEXT, (token) => {
      const field = this.form.byPath.get(token.replace(/\[\d+\]/g, "[]"));
      return field ? `“${this.form.labelOf(token)}”` : token;
    });
  }

  // The slot a problem's message goes to, and the element to mark and to focus.
  place(path) {
    const form = this.form.form;
    const control = this.form.controls(path).find((el) => !el.closest("[hidden]"));
    if (control) {
      const wrap = control.closest("[data-wrap]");
      return { slot: wrap && wrap.querySelector(":scope > .calc-error"), wrap, target: control, controls: this.form.controls(path) };
    }
    const row = form.querySelector(`.calc-row[data-path="${CSS.escape(path)}"]`);
    if (row) return { slot: row.querySelector(":scope > .calc-error"), wrap: row, target: row.querySelector("input, select") };
    const list = form.querySelector(`[data-wrap="${CSS.escape(path)}"]`);
    if (list && !list.closest("[hidden]")) {
      return { slot: list.querySelector(":scope > .calc-error"), wrap: list, target: list.querySelector("input, select, button") };
    }
    const object = this.root.querySelector(`#obj-${CSS.escape(path)}-error`);
    if (object && !object.parentElement.closest("[hidden]")) return { slot: object, wrap: null, target: object.closest("fieldset") };
    return { slot: null, wrap: null, target: null };
  }

  clear() {
    for (const slot of $$(".calc-error", this.form.form)) {
      slot.textContent = "";
      slot.hidden = true;
      slot.classList.remove("calc-note-pending");
    }
    for (const element of $$("[aria-invalid]", this.form.form)) element.removeAttribute("aria-invalid");
    for (const wrap of $$(".calc-invalid", this.form.form)) wrap.classList.remove("calc-invalid");
    this.box.hidden = true;
    this.box.querySelector("ul").replaceChildren();
  }

  show(problems) {
    this.clear();
    if (!problems.length) return;
    const list = this.box.querySelector("ul");
    for (const problem of problems) {
      const message = this.words(problem.message);
      const { slot, wrap, target, controls } = this.place(problem.path);
      for (const el of controls || (target && target.matches("input, select") ? [target] : [])) {
        el.setAttribute("aria-invalid", "true");
      }
      if (wrap) wrap.classList.add("calc-invalid");
      for (const related of problem.related || []) {
        const other = this.place(related);
        if (other.wrap) other.wrap.classList.add("calc-invalid");
      }
      if (slot) {
        slot.textContent = slot.textContent ? `${slot.textContent}；${message}` : message;
        slot.hidden = false;
      }
      list.append(this.summaryItem(problem, message, target));
    }
    this.box.hidden = false;
  }

  summaryItem(problem, message, target) {
    const item = document.createElement("li");
    item.dataset.path = problem.path;
    const label = this.label(problem);
    if (target && target.id) {
      const link = document.createElement("a");
      link.href = `#${target.id}`;
      link.textContent = label;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const focusable = target.matches("input, select") ? target : target.querySelector("input, select");
        (focusable || target).focus();
        (focusable || target).scrollIntoView({ block: "center" });
      });
      item.append(link, `：${message}`);
    } else {
      item.textContent = `${label}：${message}`;
    }
    return item;
  }

  // Still to fill in: listed above the result; a field that appeared because of a choice
  // (an award's points) also says so beside itself.
  showPending(problems) {
    if (!problems.length) {
      this.pendingBox.hidden = true;
      this.pendingBox.textContent = "";
      return;
    }
    const labels = [...new Set(problems.map((p) => this.label(p)))];
    this.pendingBox.textContent = problems.every((p) => p.typing) ? `正在填写${labels.join("、")}…`
      : `填写${labels.join("、")}后显示结果。`;
    this.pendingBox.hidden = false;
    for (const problem of problems) {
      const { slot, wrap } = this.place(problem.path);
      if (slot && wrap && wrap.matches("[data-when]")) {
        slot.textContent = `请选择${this.label(problem)}，选好后显示结果。`;
        slot.classList.add("calc-note-pending");
        slot.hidden = false;
      }
    }
  }
}
