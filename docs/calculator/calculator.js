// The calculator page (main thread, ES module, no framework): the entry that wires the parts.
//
// The form is static HTML generated at build time from the applicant field table
// (build_tools/calculator_form.py); form.js turns it into the applicant JSON of CONTRACT.md
// sections 2 and 2b, which goes to the engine worker (engine-worker.js, started by the boot
// script as early as the page allows; engine-client.js talks to it) on every change. results.js shows the answer,
// errors.js the engine's messages beside the fields, share.js the #data= links.
//
// For other modules on this page (import { calculator } from "./calculator.js"):
//   calculator.onResult(fn)      fn(detail) after every answer to the form; the same detail is
//                                dispatched as the DOM event "calc:result" on the calculator element:
//                                {id, mode, applicant, ok, result (ok) | errors (not ok)}
//   calculator.score(applicant, {projection})  Promise of the engine's answer for any applicant
//                                ({ok, result|errors}; with projection: true, result.projection too),
//                                without touching the form (waits for the engine to be ready)
//   calculator.collect()         the form's applicant now;  calculator.fill(applicant) fills the form
//   calculator.last              the latest detail (or null)

import { EngineClient } from "./engine-client.js";
import { ErrorDisplay } from "./errors.js";
import { ApplicantForm } from "./form.js";
import { wireRentalHelper } from "./rental-helper.js";
import { ResultPanel } from "./results.js";
import { applicantInHash, toBase64Url, wireShareButton } from "./share.js";

const root = document.querySelector('[data-testid="calculator"]');
const formElement = root.querySelector("#calc-form");
const DATA = JSON.parse(document.getElementById("calculator-data").textContent);
const boot = window.__calcBoot || { messages: [], error: "worker", errorText: "启动脚本没有运行" };

const $ = (selector, scope = root) => scope.querySelector(selector);

// CONTRACT 4e: no deadline while the runtime's bytes keep arriving, however slowly; "error" only
// after this long without any progress (or on a hard failure), and a late start still ends ready.
const STALL_MS = 60000;

const form = new ApplicantForm(formElement, DATA);
const errors = new ErrorDisplay(root, form, $('[data-testid="input-error"]'), $('[data-testid="pending"]'));
const results = new ResultPanel(root, DATA);
const modeNote = $('[data-testid="mode-note"]');

let requestId = 0;
let focusAfter = 0; // the request the 计算 button asked for: its answer moves the focus
let typingTimer = 0;
// A field is checked when it is left or the typing pauses this long, never mid-word (issue 21).
const TYPING_PAUSE_MS = 800;
let lastSentText = null;
let lastSent = null; // {mode, applicant} of the latest request
let engineReady = false;
let failed = false;
const listeners = [];
// The one client of the engine worker; a worker that fails while answering is replaced by this one.
const engine = new EngineClient(() => new Worker(new URL("engine-worker.js", import.meta.url),
  { type: "module", name: "engine" }));

export const calculator = {
  last: null,
  onResult(fn) {
    listeners.push(fn);
  },
  collect: () => form.collect(),
  fill(applicant) {
    const notes = form.fill(applicant);
    compute(true);
    return notes;
  },
  score(applicant, options = {}) {
    return engine.request("score", { text: JSON.stringify(applicant), projection: Boolean(options.projection) });
  },
  // [{first, second}] saved scenarios ({name, applicant, result}) -> {ok, sentences} (calculator/scenarios.py)
  whySame(pairs) {
    return engine.request("why_same", { text: JSON.stringify(pairs) });
  },
};

// ---------------------------------------------------------------- state and progress
const statusBox = $('[data-testid="engine-status"]');
const statusText = $(".calc-status-text");
const progressBar = $(".calc-progress");
const files = new Map(); // file -> {loaded, done}

function setState(state) {
  root.dataset.state = state;
  // screen readers wait for the outcome instead of reading every progress step
  statusBox.setAttribute("aria-busy", String(state === "loading"));
}

function showStatus(text, kind = "") {
  statusText.textContent = text;
  statusBox.dataset.kind = kind;
}

function fail(message) {
  if (failed || engineReady) return;
  failed = true;
  clearTimeout(loadTimer);
  setState("error");
  progressBar.hidden = true;
  showStatus(`计算引擎无法加载：${message} 表单仍可填写；可以点“重试”（填写的内容会保留），或按下方的“计分规则摘要”自行估算。`, "error");
  statusBox.append(retryButton());
  const summary = document.querySelector(".rule-summary details");
  if (summary) summary.open = true;
  results.updateSticky(null, "无法加载");
}

// 重试: the form goes into the address (#data=, as a share link) so that the reload keeps it.
function retryButton() {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "calc-button calc-retry";
  button.dataset.testid = "engine-retry";
  button.textContent = "重试";
  button.addEventListener("click", () => {
    history.replaceState(null, "", `${location.pathname}${location.search}#data=${toBase64Url(JSON.stringify(form.collect()))}`);
    location.reload();
  });
  return button;
}

// Any sign of life from the loading engine postpones the stall message.
function stillLoading() {
  clearTimeout(loadTimer);
  if (!engineReady && !failed) {
    loadTimer = setTimeout(() => fail(`超过 ${STALL_MS / 1000} 秒没有收到任何数据，网络可能中断或文件被拦截。`), STALL_MS);
  }
}

// The share of the download done, by the bytes that arrived (decoded) against the files' sizes;
// the size said is what really travels (data-engine-download, computed at build time).
function showProgress() {
  const expected = DATA.runtime_sizes || {};
  let total = 0;
  let loaded = 0;
  const names = new Set([...Object.keys(expected), ...files.keys()]);
  for (const name of names) {
    const file = files.get(name);
    const size = Math.max(expected[name] || 0, file ? file.loaded : 0);
    total += size;
    loaded += file ? (file.done ? size : file.loaded) : 0;
  }
  if (total) progressBar.value = loaded / total;
  const downloading = [...files.values()].some((f) => !f.done);
  const first = root.dataset.engineDownload; // 正在下载计算引擎（只在第一次需要，约… MB，…）: the build's words
  if (downloading && total) showStatus(`${first}：已下载 ${Math.floor((100 * loaded) / total)}%…表单现在就可以填写。`);
  else if (downloading) showStatus(`${first}…表单现在就可以填写。`);
  else if (files.size) showStatus("正在启动计算引擎…");
}

function onProgress(message) {
  files.set(message.file, { loaded: message.loaded, done: message.done });
  stillLoading();
  if (!engineReady && !failed) showProgress();
}

function onStage(message) {
  stillLoading();
  if (!engineReady && !failed) showStatus(`${message.text}…`);
}

function onReady(message) {
  // a start that completes after an error message still ends ready and computes the form
  const recovered = failed;
  if (recovered) {
    failed = false;
    const retry = $('[data-testid="engine-retry"]', statusBox);
    if (retry) retry.remove();
  }
  engineReady = true;
  clearTimeout(loadTimer);
  progressBar.value = 1;
  progressBar.hidden = true;
  performance.mark("calculator-ready");
  root.dataset.engineTimings = JSON.stringify({
    worker_started: Math.round(message.origin - performance.timeOrigin), ...message.marks });
  setState("ready");
  showStatus(`计算引擎已就绪（用时 ${(message.ms / 1000).toFixed(1)} 秒，在你的设备上运行，不上传任何信息）。修改表单，结果随即更新。`, "ready");
  // The client sends the latest request made while the engine was loading; a recovery asks again.
  if (requestId === 0 || recovered) compute(true);
}

const FAILURES = {
  nowasm: () => "此浏览器不支持 WebAssembly 或 Web Worker，无法在本机运行计算引擎。",
  worker: (text) => `计算引擎的后台线程无法启动（${text || "未知原因"}）。`,
  script: (text) => `计算引擎的脚本出错或无法下载${text ? `（${text}）` : ""}。`,
  engine: (text) => text,
};

let loadTimer = 0;

// ---------------------------------------------------------------- talking to the engine
function compute(force = false) {
  form.updateVisibility();
  const applicant = form.collect();
  const text = JSON.stringify(applicant);
  if (!force && text === lastSentText) return;
  lastSentText = text;
  lastSent = { mode: form.mode(), applicant };
  requestId += 1;
  const id = requestId;
  root.dataset.request = String(id);
  engine.request("score", { text }, { lane: "form" }).then((answer) => {
    if (answer.failure === "superseded" || (answer.failure && failed)) return; // replaced, or already said
    showResponse(id, answer);
  });
}

function showProblems(problems) {
  const [pending, shown] = errors.split(problems);
  errors.show(shown);
  errors.showPending(pending);
  results.clear(shown.length ? "输入有误" : "待填写");
}

// The typing paused or the field was left: the problems held back for it are shown now, from the
// latest answer (no new request: the input has not changed).
function releaseTyping() {
  const held = form.typing;
  form.typing = null;
  const last = calculator.last;
  // only when a problem was held back: a redrawn summary would swallow a click on one of its links
  if (held && last && !last.ok && last.id === requestId && last.errors.some((p) => p.path === held)) {
    showProblems(last.errors);
  }
}

function showResponse(id, response) {
  if (id !== requestId) return; // a newer change is on its way: drop the stale answer
  if (response.ok) {
    errors.clear();
    errors.showPending([]);
    results.show(response.result, lastSent.applicant);
  } else {
    showProblems(response.errors);
  }
  root.dataset.result = String(id);
  if (id === focusAfter) moveFocus(response);
  const detail = { id, ...lastSent, ok: response.ok, result: response.result, errors: response.errors };
  calculator.last = detail;
  for (const listener of listeners) listener(detail);
  root.dispatchEvent(new CustomEvent("calc:result", { detail }));
}

// ---------------------------------------------------------------- switching between records and counts
// Records -> counts: the counts the engine derived from the records fill the count fields.
function onModeChange(mode) {
  const last = calculator.last;
  modeNote.textContent = "";
  if (mode === "counts" && last && last.mode === "records") {
    if (last.ok && last.result.derived && last.id === requestId) {
      fillCounts(last.result.derived);
      modeNote.textContent = "已按你的记录填入推算的月数，可以修改。";
    } else {
      modeNote.textContent = "记录还没有填完或有错误，月数没有换算；请直接填写月数，或切换回去修改记录。";
    }
  }
  form.setMode(mode);
  compute();
}

function fillCounts(derived, prefix = "") {
  for (const [key, value] of Object.entries(derived)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const field = form.byPath.get(path);
    if (!field) continue;
    if (field.widget === "group") fillCounts(value, path);
    else {
      form.set(field, path, value, formElement, null);
      for (const control of form.controls(path)) control.dataset.touched = "derived";
    }
  }
}

// ---------------------------------------------------------------- links and the share button
const linkNotice = $('[data-testid="link-notice"]');
function showLinkNotice(lines) {
  linkNotice.hidden = !lines.length;
  linkNotice.textContent = lines.length ? `分享链接中的数据：${lines.join("；")}` : "";
}

function loadFromHash() {
  const found = applicantInHash();
  if (!found) return false;
  if (found.error) {
    showLinkNotice([found.error]);
    return false;
  }
  const notes = form.fill(found.applicant);
  rental.reset();
  modeNote.textContent = "";
  showLinkNotice(notes);
  lastSentText = null;
  compute(true);
  return true;
}

wireShareButton(root, () => form.collect());

const rental = wireRentalHelper(root, (months) => {
  const rented = form.control("housing.rented_months");
  rented.value = months;
  rented.dataset.touched = "1";
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

// The 计算 button: to the first error, or to the result.
function moveFocus(response) {
  focusAfter = 0;
  const first = response.ok ? null : $('[data-testid="input-error"] li a');
  const target = first ? errors.place(first.parentElement.dataset.path).target : $("#calc-results-title");
  if (!target) return;
  if (!first) target.tabIndex = -1;
  const focusable = target.matches("input, select, h2") ? target : target.querySelector("input, select") || target;
  focusable.focus({ preventScroll: true });
  focusable.scrollIntoView({ block: "center" });
}

// While a text field is typed in, its problems are held back (errors.js); they show once the
// typing pauses or the field is left.
function typing(target, event) {
  clearTimeout(typingTimer);
  const text = target.matches('input[type="text"], input:not([type])');
  if (event.type === "input" && text) {
    form.typing = target.dataset.field || null;
    typingTimer = setTimeout(releaseTyping, TYPING_PAUSE_MS);
  } else {
    releaseTyping();
  }
}

function onFormEvent(event) {
  const target = event.target;
  if (target.closest(".calc-helper")) return;
  typing(target, event);
  if (target.name === "calc-mode") {
    if (event.type === "change") onModeChange(target.value);
    return;
  }
  if (target.dataset.field) target.dataset.touched = target.dataset.touched || "1";
  if (target.dataset.ongoing) {
    const end = form.controls(target.dataset.ongoing)[0];
    if (end) end.dataset.touched = "1";
  }
  if (target.dataset.field === "application_year") form.rows.refreshOngoing();
  compute();
}
form.onChange = () => compute();
formElement.addEventListener("input", onFormEvent);
formElement.addEventListener("change", onFormEvent);
formElement.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  form.typing = null;
  compute(true);
  focusAfter = requestId;
});
window.addEventListener("hashchange", loadFromHash);

form.control("application_year").value = String(currentRound());
if (!loadFromHash()) compute(true);

// ---------------------------------------------------------------- the engine worker (started by the boot script)
// Last, so that every function and element above exists when the first (buffered) message is handled.
stillLoading();
engine.on("progress", onProgress).on("stage", onStage).on("ready", onReady)
  .on("error", (message) => fail((FAILURES[message.kind] || FAILURES.engine)(message.message)))
  .on("restart", () => showStatus("计算引擎出错，正在重新启动；填写的内容会保留…"))
  .connect(boot);
