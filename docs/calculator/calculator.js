// The calculator page (main thread, ES module, no framework).
//
// The form is static HTML generated at build time (build_tools/calculator_page.py); this
// module turns it into the applicant JSON of CONTRACT.md section 2, sends it to the engine
// worker (engine-worker.js, started by the inline boot script as early as the page allows)
// on every change, and shows the result, the engine's own error messages next to the
// fields, and the #data= share links of CONTRACT.md section 4.

const root = document.querySelector('[data-testid="calculator"]');
const form = root.querySelector("#calc-form");
const DATA = JSON.parse(document.getElementById("calculator-data").textContent);
const boot = window.__calcBoot || { messages: [], error: "worker", errorText: "启动脚本没有运行" };

const $ = (selector, scope = root) => scope.querySelector(selector);
const $$ = (selector, scope = root) => Array.from(scope.querySelectorAll(selector));

const LOAD_TIMEOUT_MS = 60000;
const OBJECTS = ["social_insurance", "housing", "education", "job_residence", "innovation"];
const CERTIFICATE_LEVELS = new Set(["bachelor", "master", "doctor"]);

let requestId = 0;
let lastSentText = null;
let engineReady = false;
let failed = false;
const touched = new Set();

// ---------------------------------------------------------------- state and progress
const statusBox = $('[data-testid="engine-status"]');
const statusText = $(".calc-status-text");
const progressBar = $(".calc-progress");
const files = new Map(); // file -> {label, loaded, done}

function setState(state) {
  root.dataset.state = state;
}

function showStatus(text, kind = "") {
  statusText.textContent = text;
  statusBox.dataset.kind = kind;
}

function fail(message) {
  if (failed || engineReady) return;
  failed = true;
  setState("error");
  progressBar.hidden = true;
  showStatus(`计算引擎无法加载：${message} 表单仍可填写，但不能计算；请按下方的“计分规则摘要”自行估算，或换用较新的浏览器再试。`, "error");
  updateSticky(null, "无法加载");
}

const MB = (bytes) => (bytes / 1048576).toFixed(1);

function showProgress() {
  const expected = DATA.runtime_sizes || {};
  let total = 0;
  let loaded = 0;
  const names = new Set([...Object.keys(expected), ...files.keys()]);
  const parts = [];
  for (const name of names) {
    const file = files.get(name);
    const size = Math.max(expected[name] || 0, file ? file.loaded : 0);
    total += size;
    loaded += file ? (file.done ? size : file.loaded) : 0;
    if (file && !file.done && size > 100000) parts.push(`${file.label} ${MB(file.loaded)}/${MB(size)} MB`);
  }
  if (total) progressBar.value = loaded / total;
  const downloading = [...files.values()].some((f) => !f.done);
  if (parts.length) showStatus(`正在下载计算引擎（仅首次需要，之后由浏览器缓存）：${parts.join("，")}…表单现在就可以填写。`);
  else if (downloading) showStatus("正在下载计算引擎…表单现在就可以填写。");
  else if (files.size) showStatus("正在启动 Python…");
}

function onWorkerMessage(message) {
  switch (message.type) {
    case "progress":
      files.set(message.file, { label: message.label, loaded: message.loaded, done: message.done });
      if (!engineReady && !failed) showProgress();
      break;
    case "stage":
      if (!engineReady && !failed) showStatus(`${message.text}…`);
      break;
    case "ready":
      if (failed) return;
      engineReady = true;
      clearTimeout(loadTimer);
      progressBar.value = 1;
      progressBar.hidden = true;
      performance.mark("calculator-ready");
      root.dataset.engineTimings = JSON.stringify({
        worker_started: Math.round(message.origin - performance.timeOrigin), ...message.marks });
      setState("ready");
      showStatus(`计算引擎已就绪（用时 ${(message.ms / 1000).toFixed(1)} 秒，在你的设备上运行，不上传任何信息）。修改表单，结果随即更新。`, "ready");
      // The worker answers the latest request sent while it was loading; nothing to resend.
      if (requestId === 0) compute(true);
      break;
    case "result":
      showResponse(message.id, message.json);
      break;
    case "error":
      fail(message.message);
      break;
  }
}

const worker = boot.worker;
let loadTimer = 0;

// ---------------------------------------------------------------- reading the form
const fullWidth = /[\uFF10-\uFF19\uFF0E\uFF0D\uFF0B\u3000]/g;
function halfWidth(text) {
  return text.replace(fullWidth, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

function controls(path) {
  return $$(`[data-field="${path}"]`, form);
}

function isShown(element) {
  return !element.closest("[hidden]");
}

function control(path) {
  const all = controls(path);
  return all.find(isShown) || all[0];
}

function textValue(path) {
  const raw = halfWidth(control(path).value).trim();
  if (raw === "") return undefined;
  if (/^[+-]?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw; // the engine says, in Chinese, why this is not a number
}

function dateValue(path) {
  const raw = halfWidth(control(path).value).trim();
  if (raw === "") return undefined;
  let m = raw.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
  if (!m) m = raw.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (m) return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  return raw;
}

function radioValue(path) {
  const checked = controls(path).find((el) => el.checked);
  return checked ? checked.value : undefined;
}

function setIfDefined(object, key, value) {
  if (value !== undefined) object[key] = value;
}

// The form as the contract's applicant: only fields the contract knows, empty number
// fields left out (the engine's defaults apply), hidden fields left out.
function collect() {
  const input = {};
  input.application_year = Number(control("application_year").value);
  setIfDefined(input, "birth_date", dateValue("birth_date"));
  const sex = radioValue("sex");
  setIfDefined(input, "sex", sex);
  if (sex === "female") setIfDefined(input, "retirement_group", radioValue("retirement_group"));
  input.residence_permit = control("residence_permit").checked;
  input.criminal_record = control("criminal_record").checked;

  const si = {};
  setIfDefined(si, "months", textValue("social_insurance.months"));
  setIfDefined(si, "continuous_months", textValue("social_insurance.continuous_months"));
  setIfDefined(si, "backpay_months", textValue("social_insurance.backpay_months"));
  input.social_insurance = si;

  const housing = {};
  setIfDefined(housing, "owned_months", textValue("housing.owned_months"));
  setIfDefined(housing, "rented_months", textValue("housing.rented_months"));
  input.housing = housing;

  const level = control("education.level").value;
  const education = { level, certificates: control("education.certificates").value };
  if (level !== "none") {
    setIfDefined(education, "deduction_owned_months", textValue("education.deduction_owned_months"));
    setIfDefined(education, "deduction_rented_months", textValue("education.deduction_rented_months"));
    setIfDefined(education, "deduction_si_only_months", textValue("education.deduction_si_only_months"));
  }
  input.education = education;

  const jr = {};
  setIfDefined(jr, "live_and_work_months", textValue("job_residence.live_and_work_months"));
  setIfDefined(jr, "live_only_months", textValue("job_residence.live_only_months"));
  jr.living_there_at_cutoff = control("job_residence.living_there_at_cutoff").checked;
  input.job_residence = jr;

  const type = control("innovation.type").value;
  const innovation = { type };
  if (type === "award" || type === "competition") {
    // no points until the visitor picks them: the engine then asks for them (no silent 12)
    const points = $(`#f-innovation-points-${type}`).value;
    if (points !== "") innovation.points = Number(points);
  } else if (type === "equity") {
    setIfDefined(innovation, "financing_10k_yuan", textValue("innovation.financing_10k_yuan"));
  }
  input.innovation = innovation;

  input.tax_qualifying_years = Number(control("tax_qualifying_years").value);
  input.honours = control("honours").checked;
  setIfDefined(input, "detentions", textValue("detentions"));
  return input;
}

// ---------------------------------------------------------------- what is shown when
function updateVisibility() {
  const sex = radioValue("sex");
  const level = control("education.level").value;
  const type = control("innovation.type").value;
  const show = {
    female: sex === "female",
    certificates: CERTIFICATE_LEVELS.has(level),
    deduction: level !== "none",
    award: type === "award",
    competition: type === "competition",
    equity: type === "equity",
  };
  for (const element of $$("[data-show]", form)) element.hidden = !show[element.dataset.show];
  const year = DATA.years[control("application_year").value] || {};
  const windows = DATA.deduction_windows[level] || {};
  const values = { ...year, year: control("application_year").value,
    deduction_window: windows[control("education.certificates").value] ?? "—" };
  for (const span of $$("[data-dyn]")) {
    const value = values[span.dataset.dyn];
    if (value !== undefined) span.textContent = String(value);
  }
}

// ---------------------------------------------------------------- talking to the engine
function compute(force = false) {
  updateVisibility();
  const text = JSON.stringify(collect());
  if (!force && text === lastSentText) return;
  lastSentText = text;
  requestId += 1;
  root.dataset.request = String(requestId);
  if (worker && !failed) worker.postMessage({ type: "score", id: requestId, text });
}

function showResponse(id, json) {
  if (id !== requestId) return; // a newer change is on its way: drop the stale answer
  let response;
  try {
    response = JSON.parse(json);
  } catch {
    response = { ok: false, errors: ["输入: 计算引擎的回答无法读取"] };
  }
  if (response.ok) {
    clearErrors();
    showPending([]);
    showResult(response.result);
  } else {
    const [pending, errors] = splitErrors(response.errors || []);
    showErrors(errors);
    showPending(pending);
    clearResult(errors.length ? "输入有误" : "待填写");
  }
  root.dataset.result = String(id);
}

// "缺少必填字段" for a field the visitor has not reached yet is not a mistake: it is listed
// as still to fill in, quietly. Everything else the engine says is shown as an error.
function splitErrors(lines) {
  const pending = [];
  const errors = [];
  for (const line of lines) {
    const [path, message] = splitLine(line);
    if (message === "缺少必填字段" && !touched.has(path) && controls(path).length) pending.push(path);
    else errors.push([path, message]);
  }
  return [pending, errors];
}

function splitLine(line) {
  const at = line.indexOf(": ");
  return at < 0 ? ["", line] : [line.slice(0, at), line.slice(at + 2)];
}

// ---------------------------------------------------------------- errors next to the fields
const errorBox = $('[data-testid="input-error"]');
const pendingBox = $('[data-testid="pending"]');

function labelOf(path) {
  if (OBJECTS.includes(path)) {
    const section = $(`[data-object="${path}"] > legend`, form);
    return section ? section.textContent.replace("详细规则", "").trim() : path;
  }
  const element = control(path);
  if (!element) return path || "输入";
  const wrap = element.closest("[data-wrap]");
  const label = wrap && (wrap.querySelector(":scope > legend") || wrap.querySelector(":scope > label"));
  return label ? label.textContent.trim() : path;
}

function clearErrors() {
  for (const slot of $$(".calc-error", form)) {
    slot.textContent = "";
    slot.hidden = true;
  }
  for (const element of $$("[aria-invalid]", form)) element.removeAttribute("aria-invalid");
  for (const wrap of $$(".calc-invalid", form)) wrap.classList.remove("calc-invalid");
  errorBox.hidden = true;
  $("ul", errorBox).replaceChildren();
}

function showErrors(errors) {
  clearErrors();
  if (!errors.length) return;
  const list = $("ul", errorBox);
  for (const [path, message] of errors) {
    let target = null;
    let slot = null;
    if (OBJECTS.includes(path)) {
      slot = $(`#obj-${path}-error`, form);
      target = slot && slot.closest("fieldset");
    } else if (controls(path).length) {
      const element = control(path);
      const wrap = element.closest("[data-wrap]");
      slot = wrap && wrap.querySelector(".calc-error");
      for (const el of controls(path)) el.setAttribute("aria-invalid", "true");
      target = element;
      if (wrap) wrap.classList.add("calc-invalid");
    }
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent}；${message}` : message;
      slot.hidden = false;
    }
    const item = document.createElement("li");
    if (target && target.id) {
      const link = document.createElement("a");
      link.href = `#${target.id}`;
      link.textContent = labelOf(path);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const focusable = target.matches("input, select") ? target : target.querySelector("input, select");
        (focusable || target).focus();
        (focusable || target).scrollIntoView({ block: "center" });
      });
      item.append(link, `：${message}`);
    } else {
      item.textContent = `${labelOf(path)}：${message}`;
    }
    item.dataset.path = path;
    list.append(item);
  }
  errorBox.hidden = false;
}

function showPending(paths) {
  if (!paths.length) {
    pendingBox.hidden = true;
    pendingBox.textContent = "";
    return;
  }
  pendingBox.textContent = `填写${paths.map(labelOf).join("、")}后显示结果。`;
  pendingBox.hidden = false;
}

// ---------------------------------------------------------------- the result
const totalEl = $('[data-testid="total"]');
const gapEl = $('[data-testid="gap"]');
const eligibilityEl = $('[data-testid="eligibility"]');
const verified = DATA.history.filter((y) => y.verified).sort((a, b) => a.year - b.year);
const latest = verified[verified.length - 1];

const cents = (x) => Math.round(x * 100);
const showCents = (c) => {
  const text = (Math.abs(c) / 100).toFixed(2).replace(/\.?0+$/, "");
  return text;
};

function clearResult(reason) {
  totalEl.textContent = "—";
  eligibilityEl.dataset.eligible = "";
  $(".calc-elig-verdict", eligibilityEl).textContent = "";
  for (const li of $$("li[data-condition]", eligibilityEl)) {
    li.dataset.met = "";
    $(".calc-mark", li).textContent = "·";
    $(".calc-cond-detail", li).textContent = "";
  }
  for (const row of $$(".calc-item")) {
    row.dataset.points = "";
    $(".calc-points", row).textContent = "—";
    $(".calc-detail", row).textContent = "";
    $(".calc-source", row).textContent = "";
  }
  gapEl.textContent = `与${latest.year}年最低落户分值${latest.text}分的差距：${reason === "输入有误" ? "请先修改输入" : "填写后显示"}`;
  $(".calc-history-list").replaceChildren();
  showAdvice(null);
  root.classList.toggle("calc-has-result", false);
  updateSticky(null, reason);
}

function showResult(result) {
  const total = result.total;
  totalEl.textContent = total.toFixed(2);
  eligibilityEl.dataset.eligible = String(result.eligible);
  $(".calc-elig-verdict", eligibilityEl).textContent = result.eligible ? "全部满足，可以申报" : "未全部满足，不能申报（分数仅供参考）";
  for (const condition of result.eligibility) {
    const li = $(`li[data-condition="${condition.id}"]`, eligibilityEl);
    if (!li) continue;
    li.dataset.met = String(condition.met);
    $(".calc-mark", li).textContent = condition.met ? "✓" : "✗";
    $(".calc-cond-label", li).textContent = condition.label;
    $(".calc-cond-detail", li).textContent = `${condition.met ? "满足" : "不满足"}：${condition.detail}`;
  }
  for (const item of result.items) {
    const row = $(`[data-testid="item-${item.id}"]`);
    if (!row) continue;
    row.dataset.points = JSON.stringify(item.points);
    $(".calc-points", row).textContent = `${JSON.stringify(item.points)} 分`;
    $(".calc-detail", row).textContent = item.detail;
    $(".calc-source", row).textContent = `依据：${item.source}`;
  }
  const gap = cents(total) - cents(latest.score);
  gapEl.textContent =
    gap === 0
      ? `与${latest.year}年最低落户分值${latest.text}分持平（已核实的最近一年）。`
      : `比${latest.year}年最低落户分值${latest.text}分${gap > 0 ? "高" : "低"} ${showCents(gap)} 分（已核实的最近一年；分数线逐年上升）。`;
  gapEl.dataset.gap = (gap / 100).toFixed(2);
  const list = $(".calc-history-list");
  list.replaceChildren(
    ...verified.map((y) => {
      const diff = cents(total) - cents(y.score);
      const li = document.createElement("li");
      li.dataset.year = String(y.year);
      li.dataset.above = String(diff >= 0);
      li.className = diff >= 0 ? "calc-above" : "calc-below";
      li.textContent = `${y.year}年 ${y.text}分：${diff > 0 ? `高出 ${showCents(diff)} 分` : diff === 0 ? "持平" : `低 ${showCents(diff)} 分`}`;
      return li;
    }),
  );
  showAdvice(result.advice);
  root.classList.toggle("calc-has-result", true);
  updateSticky(total.toFixed(2), result.eligible ? "" : "不符合资格");
}

// ---------------------------------------------------------------- what would raise the score
function showAdvice(advice) {
  const next = advice && advice.next_year;
  const nextEl = $(".calc-next-year");
  if (next) {
    const change = next.change > 0 ? `，比现在高 ${next.change} 分` : next.change < 0 ? `，比现在低 ${-next.change} 分` : "，与现在相同";
    nextEl.textContent = `${next.application_year}年申报的估算：${next.total.toFixed(2)} 分${change}（${next.assumptions.join("；")}）。`;
  } else {
    nextEl.textContent = "";
  }
  $(".calc-levers").replaceChildren(
    ...((advice && advice.levers) || []).map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }),
  );
}

// ---------------------------------------------------------------- sticky total (phones)
const sticky = $(".calc-sticky");
function updateSticky(total, note) {
  $(".calc-sticky-total", sticky).textContent = total ? `${total} 分${note ? `（${note}）` : ""}` : note || "—";
}
if ("IntersectionObserver" in window) {
  const results = $(".calc-results");
  new IntersectionObserver((entries) => {
    for (const entry of entries) sticky.classList.toggle("calc-sticky--off", entry.isIntersecting);
  }).observe(results);
}

// ---------------------------------------------------------------- #data= links
function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  let clean = text.replace(/\s/g, "");
  try {
    clean = decodeURIComponent(clean);
  } catch {
    /* keep it as it is */
  }
  clean = clean.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) throw new Error("base64");
  const binary = atob(clean + "=".repeat((4 - (clean.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

const linkNotice = $('[data-testid="link-notice"]');
function showLinkNotice(lines) {
  linkNotice.hidden = !lines.length;
  linkNotice.textContent = lines.length ? `分享链接中的数据：${lines.join("；")}` : "";
}

const SHAPE = {
  application_year: "select", birth_date: "text", sex: "radio", retirement_group: "radio",
  residence_permit: "check", criminal_record: "check", tax_qualifying_years: "select", honours: "check",
  detentions: "text",
  social_insurance: { months: "text", continuous_months: "text", backpay_months: "text" },
  housing: { owned_months: "text", rented_months: "text" },
  education: { level: "select", certificates: "select", deduction_owned_months: "text",
    deduction_rented_months: "text", deduction_si_only_months: "text" },
  job_residence: { live_and_work_months: "text", live_only_months: "text", living_there_at_cutoff: "check" },
};

function setControl(path, kind, value, notes) {
  const bad = () => notes.push(`${path} 的值 ${JSON.stringify(value)} 无法填入表单，已使用默认值`);
  if (kind === "text") {
    if (typeof value === "number" || typeof value === "string") control(path).value = String(value);
    else bad();
  } else if (kind === "select") {
    const select = control(path);
    if ((typeof value === "number" || typeof value === "string") && [...select.options].some((o) => o.value === String(value))) select.value = String(value);
    else bad();
  } else if (kind === "radio") {
    const radio = controls(path).find((el) => el.value === value);
    if (radio) radio.checked = true;
    else bad();
  } else if (kind === "check") {
    if (typeof value === "boolean") control(path).checked = value;
    else bad();
  }
}

function applyDefaults() {
  form.reset();
  control("application_year").value = String(currentRound());
  $("#rh-result").textContent = "—";
  $("#rh-apply").disabled = true;
}

function fillForm(applicant) {
  const notes = [];
  applyDefaults();
  touched.clear();
  if (applicant === null || typeof applicant !== "object" || Array.isArray(applicant)) {
    notes.push("不是一位申请人的数据（应为 JSON 对象），表单未填写");
    return notes;
  }
  for (const [key, value] of Object.entries(applicant)) {
    const kind = SHAPE[key];
    if (key === "innovation") {
      fillInnovation(value, notes);
    } else if (kind === undefined) {
      notes.push(`不认识的字段 ${key}，已忽略`);
    } else if (typeof kind === "object") {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        notes.push(`${key} 应为对象，已使用默认值`);
        continue;
      }
      for (const [sub, subValue] of Object.entries(value)) {
        if (kind[sub]) setControl(`${key}.${sub}`, kind[sub], subValue, notes);
        else notes.push(`不认识的字段 ${key}.${sub}，已忽略`);
      }
    } else {
      setControl(key, kind, value, notes);
    }
  }
  // the form starts with 居住证 unticked, the contract's default is "has one"
  if (!("residence_permit" in applicant)) control("residence_permit").checked = true;
  for (const path of DATA.required) touched.add(path); // missing in a link: say so
  touched.add("innovation.financing_10k_yuan");
  return notes;
}

function fillInnovation(value, notes) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    notes.push("innovation 应为对象，已使用默认值");
    return;
  }
  const type = value.type === undefined ? "none" : value.type;
  setControl("innovation.type", "select", type, notes);
  for (const key of Object.keys(value)) {
    if (!["type", "points", "financing_10k_yuan"].includes(key)) notes.push(`不认识的字段 innovation.${key}，已忽略`);
  }
  if ((type === "award" || type === "competition") && value.points !== undefined) {
    const select = $(`#f-innovation-points-${type}`);
    if ([...select.options].some((o) => o.value === String(value.points))) select.value = String(value.points);
    else notes.push(`innovation.points 的值 ${JSON.stringify(value.points)} 不在可选分值中，已使用默认值`);
  } else if (type === "equity" && value.financing_10k_yuan !== undefined) {
    setControl("innovation.financing_10k_yuan", "text", value.financing_10k_yuan, notes);
  }
}

function loadFromHash() {
  const hash = location.hash;
  if (!hash.startsWith("#data=")) return false;
  let applicant;
  try {
    applicant = JSON.parse(fromBase64Url(hash.slice(6)));
  } catch {
    showLinkNotice(["链接中的 #data= 内容无法读取（不是有效的 base64url 编码的 JSON），表单保持原样"]);
    return false;
  }
  const notes = fillForm(applicant);
  showLinkNotice(notes);
  lastSentText = null;
  compute(true);
  return true;
}

// ---------------------------------------------------------------- share
const shareButton = $('[data-testid="share"]');
const shareLink = $('[data-testid="share-link"]');
const shareStatus = $(".calc-share-status");
shareButton.addEventListener("click", async () => {
  const url = new URL(location.href);
  url.hash = `data=${toBase64Url(JSON.stringify(collect()))}`;
  const link = url.href;
  shareLink.value = link;
  shareLink.hidden = false;
  $(".calc-share-label").hidden = false;
  shareLink.focus();
  shareLink.select();
  shareStatus.textContent = "";
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await Promise.race([navigator.clipboard.writeText(link), new Promise((_, no) => setTimeout(no, 1000))]);
      copied = true;
    }
  } catch {
    copied = false;
  }
  shareStatus.textContent = copied
    ? "链接已复制。打开链接即可看到同样的填写内容和结果（内容只在链接里，本站不保存）。"
    : "请复制下面的链接。打开链接即可看到同样的填写内容和结果（内容只在链接里，本站不保存）。";
});

// ---------------------------------------------------------------- rental months helper
const helperInputs = ["#rh-si", "#rh-owned", "#rh-declared"].map((id) => $(id));
function helperNumber(input) {
  const raw = halfWidth(input.value).trim();
  if (raw === "") return 0;
  return /^\d+$/.test(raw) ? Number(raw) : NaN;
}
function updateHelper() {
  const [si, owned, declared] = helperInputs.map(helperNumber);
  const out = $("#rh-result");
  const apply = $("#rh-apply");
  if ([si, owned, declared].some(Number.isNaN)) {
    out.textContent = "请填写整数月数";
    apply.disabled = true;
  } else if (owned > si) {
    out.textContent = "自有住所月数不能多于社保月数";
    apply.disabled = true;
  } else {
    out.textContent = String(si - owned + declared);
    apply.disabled = false;
  }
}
for (const input of helperInputs) input.addEventListener("input", updateHelper);
$("#rh-apply").addEventListener("click", () => {
  const rented = control("housing.rented_months");
  rented.value = $("#rh-result").textContent;
  touched.add("housing.rented_months");
  compute();
  rented.focus();
});

// ---------------------------------------------------------------- wiring
function currentRound() {
  const now = new Date();
  const year = now.getMonth() + 1 <= 5 ? now.getFullYear() : now.getFullYear() + 1;
  const years = Object.keys(DATA.years).map(Number);
  return Math.min(Math.max(year, Math.min(...years)), Math.max(...years));
}

function onFormEvent(event) {
  const target = event.target;
  if (target.closest(".calc-helper")) return;
  if (target.dataset && target.dataset.field) touched.add(target.dataset.field);
  compute();
}
form.addEventListener("input", onFormEvent);
form.addEventListener("change", onFormEvent);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  compute();
});
window.addEventListener("hashchange", loadFromHash);

if (!loadFromHash()) {
  control("application_year").value = String(currentRound());
  compute(true);
}

// ---------------------------------------------------------------- the engine worker (started by the boot script)
// Last, so that every function and element above exists when the first (buffered) message is handled.
loadTimer = setTimeout(() => fail(`等待超过 ${LOAD_TIMEOUT_MS / 1000} 秒仍未完成，网络可能太慢或文件被拦截。`), LOAD_TIMEOUT_MS);
if (boot.error === "nowasm") {
  fail("此浏览器不支持 WebAssembly 或 Web Worker，无法在本机运行计算引擎。");
} else if (!worker) {
  fail(`计算引擎的后台线程无法启动（${boot.errorText || "未知原因"}）。`);
} else {
  worker.onmessage = (event) => onWorkerMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    fail(`计算引擎的脚本出错或无法下载${event.message ? `（${event.message}）` : ""}。`);
  };
  for (const message of boot.messages.splice(0)) onWorkerMessage(message);
  if (boot.error) fail(`计算引擎的脚本出错或无法下载${boot.errorText ? `（${boot.errorText}）` : ""}。`);
}
