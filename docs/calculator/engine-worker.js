// The scoring engine in a module Web Worker: Pyodide (self-hosted, same origin) runs
// calculator.score_json(), so the page's main thread never waits for Python.
//
// Every URL is derived from this file's own URL (import.meta.url), so the site works
// under any sub-path:  <site>/calculator/engine-worker.js
//                      <site>/assets/pyodide/   the runtime (pyodide.mjs, .asm.js, .asm.wasm, stdlib)
//                      <site>/assets/engine/    the engine wheel and its pyodide-lock.json
//
// Protocol (postMessage, plain objects):
//   page -> worker  {type: "score", id, text}        text = the applicant's JSON (+ projection: true for the later years)
//                   {type: "batch", id, text, kind}  a whole file for the batch page (kind "csv" or "json")
//   worker -> page  {type: "progress", file, label, loaded, total, done}
//                   {type: "stage", stage, text}     "init" (starting Python), "engine" (importing it)
//                   {type: "ready", ms, origin, marks}  (timeOrigin and milestones, for the benchmark)
//                   {type: "result", id, json}       json = calculator.score_json(text), untouched text
//                   {type: "batch-result", id, json, ms}  json = calculator.score_table_json(text, kind)
//                                    (calculator/batch.py), ms = the time it took in Python
//                   {type: "error", message}         the engine could not load (Chinese, plain words)
// Score requests that arrive before the engine is ready are not lost: the latest one is
// answered as soon as it is (the page drops every reply but the latest anyway).

const RUNTIME_URL = new URL("../assets/pyodide/", import.meta.url);
const ENGINE_LOCK_URL = new URL("../assets/engine/pyodide-lock.json", import.meta.url);

const LABELS = {
  "pyodide.asm.wasm": "Python 解释器",
  "pyodide.asm.js": "运行环境脚本",
  "python_stdlib.zip": "Python 标准库",
  "pyodide-lock.json": "引擎清单",
};

let scoreJson = null;
let engine = null;    // the calculator module (the batch page's entry is imported on first use)
let pending = null;   // the latest request received before the engine was ready
let pendingBatch = null;
let failed = false;

function fail(message) {
  if (failed) return;
  failed = true;
  self.postMessage({ type: "error", message });
  self.close(); // nothing more to do here: stop the runtime's remaining work
}

// What a failed download gives the runtime: nothing, ever (the page has been told why).
const never = () => new Promise(() => {});

function fileName(url) {
  return decodeURIComponent(new URL(url, self.location.href).pathname.split("/").pop());
}

function labelFor(name) {
  if (name.endsWith(".whl")) return "计算引擎";
  return LABELS[name] || name;
}

// Watch every fetch the runtime makes: the page shows what is loading, and a file that
// fails to load (404, blocked, offline) ends the wait at once instead of hanging.
const nativeFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
  const name = fileName(url);
  const label = labelFor(name);
  const key = new URL(url, self.location.href).href;
  const started = early.get(key);
  early.delete(key);
  let response;
  try {
    response = await (started || nativeFetch(input, init));
  } catch {
    fail(`文件“${name}”（${label}）无法下载：网络错误或被浏览器拦截。`);
    return never();
  }
  if (!response.ok) {
    fail(`文件“${name}”（${label}）无法下载：服务器返回 ${response.status}。`);
    return never();
  }
  if (response.body) countBytes(response.clone(), name, label);
  // The runtime gets the response itself: a native stream (wasm compiles as it arrives)
  // with its URL (so the browser can cache the compiled wasm for the next visit).
  return response;
};

// The engine's two small files start downloading the moment this worker runs: the runtime
// asks for the wheel only after Python has started, a round trip that is wasted on a slow
// network. When the runtime asks for the same URL it gets this response (one download per
// file). The wheel is fetched with the lock's sha256 as its integrity, as the runtime itself
// would. (The big runtime files are not fetched early: measured, competing with pyodide.mjs
// and pyodide.asm.js for the connection made the start slower, not faster.)
const early = new Map();
function fetchEarly(url, init) {
  const started = nativeFetch(url, init);
  started.catch(() => {}); // a failure is reported when the runtime asks for the file
  early.set(url, started);
  return started;
}

function prefetchEngine() {
  fetchEarly(ENGINE_LOCK_URL.href)
    .then((response) => (response.ok ? response.clone().json() : null))
    .then((lock) => {
      const entry = lock && lock.packages && lock.packages.calculator;
      if (!entry || !/^[0-9a-f]{64}$/.test(entry.sha256 || "")) return;
      const digest = String.fromCharCode(...entry.sha256.match(/../g).map((h) => parseInt(h, 16)));
      const wheel = new URL(entry.file_name, ENGINE_LOCK_URL).href;
      if (!early.has(wheel)) fetchEarly(wheel, { integrity: `sha256-${btoa(digest)}` });
    })
    .catch(() => {});
}

// Count a copy of the bytes as they arrive, for the page's progress bar.
async function countBytes(copy, name, label) {
  const reader = copy.body.getReader();
  let loaded = 0;
  let last = 0;
  self.postMessage({ type: "progress", file: name, label, loaded, done: false });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        self.postMessage({ type: "progress", file: name, label, loaded, done: false });
      }
    }
  } catch {
    return; // the runtime reports a broken download itself
  }
  self.postMessage({ type: "progress", file: name, label, loaded, done: true });
}

function answer(request) {
  let json;
  try {
    // advice: the levers (calculator/advice.py); projection, when asked: the later years (projection.py)
    json = scoreJson(request.text, true, Boolean(request.projection)); // never raises by design; a Python traceback must not reach the page anyway
  } catch {
    json = JSON.stringify({ ok: false, errors: ["输入: 计算引擎内部错误，请报告此输入"] });
  }
  self.postMessage({ type: "result", id: request.id, json });
}

function answerBatch(request) {
  const started = performance.now();
  let json;
  try {
    json = engine.score_table_json(request.text, request.kind === "json" ? "json" : "csv");
  } catch {
    json = JSON.stringify({ ok: false, errors: ["计算引擎内部错误，请报告此文件"] });
  }
  self.postMessage({ type: "batch-result", id: request.id, json, ms: performance.now() - started });
}

self.onmessage = (event) => {
  const request = event.data;
  if (!request) return;
  if (request.type === "batch") {
    if (scoreJson) answerBatch(request);
    else pendingBatch = request;
    return;
  }
  if (request.type !== "score") return;
  if (scoreJson) answer(request);
  else pending = request;
};

// Milestones in ms since this worker started, reported with "ready" (the benchmark prints them).
const marks = {};
const mark = (name) => { marks[name] = Math.round(performance.now()); };

async function start() {
  const t0 = performance.now();
  if (typeof WebAssembly !== "object") {
    fail("此浏览器不支持 WebAssembly，无法在本机运行计算引擎。");
    return;
  }
  prefetchEngine();
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL("pyodide.mjs", RUNTIME_URL).href));
  } catch (error) {
    fail("文件“pyodide.mjs”（运行环境）无法加载。");
    return;
  }
  mark("pyodide_mjs");
  let pyodide;
  try {
    pyodide = await loadPyodide({
      indexURL: RUNTIME_URL.href,
      lockFileURL: ENGINE_LOCK_URL.href,
      packageBaseUrl: new URL(".", ENGINE_LOCK_URL).href,
      packages: ["calculator"],
      stdout: () => {},
      stderr: () => {},
    });
  } catch (error) {
    fail(`Python 运行环境无法启动（${String(error && error.message || error).slice(0, 200)}）。`);
    return;
  }
  if (failed) return;
  mark("runtime_and_wheel");
  self.postMessage({ type: "stage", stage: "engine", text: "正在导入计算引擎" });
  try {
    engine = pyodide.pyimport("calculator");
    scoreJson = engine.score_json;
  } catch (error) {
    fail("计算引擎无法导入。");
    return;
  }
  mark("engine_imported");
  self.postMessage({ type: "ready", ms: performance.now() - t0, origin: performance.timeOrigin, marks });
  if (pending) {
    const request = pending;
    pending = null;
    answer(request);
  }
  if (pendingBatch) answerBatch(pendingBatch);
  pendingBatch = null;
}

start();
