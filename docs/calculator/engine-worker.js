// The scoring engine in a module Web Worker: Pyodide (self-hosted, same origin) runs
// calculator.score_json(), so the page's main thread never waits for Python.
//
// Every URL is derived from this file's own URL (import.meta.url), so the site works
// under any sub-path:  <site>/calculator/engine-worker.js
//                      <site>/assets/pyodide/   the runtime (pyodide.mjs, .asm.js, .asm.wasm)
//                      <site>/assets/engine/    the engine wheel, pyodide-lock.json, the trimmed
//                                               python_stdlib.zip and engine.json (build_tools/runtime_bundle.py)
//
// Three ways to start (the "ready" message says which):
//   cold      the runtime starts normally, the wheel is unpacked and the engine imported.
//   snapshot  the stored snapshot is loaded instead (no wheel, no imports): Python is ready
//             in a fraction of the time. Used only when its key (runtime version, the wheel's
//             sha256, the standard library's sha256, the runtime glue's sha256: its linker
//             numbers the function-table slots a snapshot holds) matches this build's; a
//             snapshot of another build is deleted unused.
//   fallback  the snapshot failed to load, or scored the test applicant differently from
//             CPython's answer recorded at build time: it is deleted and the runtime starts cold.
// After a cold or fallback start the page (boot.js) starts this script a second time, named
// "snapshot-maker": that worker starts cold with _makeSnapshot, imports every engine module,
// scores the test applicant, keeps a memory snapshot of that state in Cache Storage (about
// 20 MB) for the next visit, reports {type: "snapshot", state} and is ended. It never receives
// anything the visitor typed.
// The snapshot options are private in Pyodide 0.29 (_makeSnapshot, makeMemorySnapshot,
// _loadSnapshot): the runtime is pinned, and every failure falls back to a normal start.
//
// The interpreter: when the worker's name has "wasm-from-page", the page compiles
// pyodide.asm.wasm and sends {type: "wasm", module} (or {type: "wasm", error}, and the worker
// downloads and compiles it itself); see boot.js.
//
// Protocol (postMessage, plain objects; the page's side is engine-client.js, the one client):
//   page -> worker  {type: "score", id, text}        text = the applicant's JSON (+ projection: true for the later years)
//                   {type: "why_same", id, text}     text = pairs of saved scenarios (calculator/scenarios.py)
//                   {type: "wasm", module | error}   the interpreter, compiled by the page (see above)
//                   {type: "batch", id, text, kind}  a whole file for the batch page (kind "csv" or "json")
//   worker -> page  {type: "progress", file, loaded, total, done}
//                   {type: "stage", stage, text}     "init" (starting Python), "engine" (importing it),
//                                                    "snapshot" (starting from the stored snapshot)
//                   {type: "ready", ms, origin, marks, start}  (timeOrigin and milestones, for the
//                                                    benchmark; start = "cold" | "snapshot" | "fallback")
//                   {type: "answer", id, json, ms}   every request's answer: json = calculator.score_json(text)
//                                    or calculator.score_table_json(text, kind) (calculator/batch.py),
//                                    untouched text; ms = the time it took in Python
//                   {type: "fatal", message}         the interpreter failed while answering (its answer
//                                    says so too): this worker is finished, the page starts another
//                   {type: "error", message}         the engine could not load (Chinese, plain words)
//                   {type: "snapshot", state}        (snapshot maker) "stored" | "failed"
// Requests that arrive before the engine is ready are kept and answered, in order, once it is.

const RUNTIME_URL = new URL("../assets/pyodide/", import.meta.url);
const ENGINE_URL = new URL("../assets/engine/", import.meta.url);
const ENGINE_LOCK_URL = new URL("pyodide-lock.json", ENGINE_URL);
const ENGINE_MANIFEST_URL = new URL("engine.json", ENGINE_URL);
// One stored snapshot per copy of the site (its path on this origin), beside, not inside,
// the service worker's caches (a snapshot is made here, on the device, never downloaded).
const SNAPSHOT_CACHE = `calculator-snapshot ${new URL("../", import.meta.url).pathname}`;
const SNAPSHOT_REQUEST = new URL("snapshot", ENGINE_URL).href; // a cache key only, never fetched
const SNAPSHOT_KEY = "X-Snapshot-Key";
const SNAPSHOT_LENGTH = "X-Snapshot-Length";
// Its bytes' SHA-256, checked while the runtime starts from it (issue 22: a copy damaged on the
// device is dropped even where the key and the test applicant would not notice).
const SNAPSHOT_SHA256 = "X-Snapshot-SHA256";

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
// A start from a snapshot takes well under a second; one that has not finished after this
// long is given up (a broken snapshot can leave the runtime waiting forever) for a cold start.
const SNAPSHOT_TIMEOUT_MS = 20000;
// "engine" answers the page; "snapshot-maker" only makes and keeps a snapshot (boot.js names it).
const ROLE = /\bsnapshot-maker\b/.test(self.name || "") ? "snapshot-maker" : "engine";

const LABELS = {
  "pyodide.asm.wasm": "引擎主程序",
  "pyodide.asm.js": "引擎启动脚本",
  "python_stdlib.zip": "引擎基础库",
  "pyodide-lock.json": "引擎清单",
  "engine.json": "引擎清单",
};

let scoreJson = null;
let engine = null;    // the calculator module: its score_table_json answers the batch page
const waiting = [];   // requests received before the engine was ready
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

// Emscripten puts each JavaScript function the interpreter calls through its table into a
// one-function wasm module of its own (WebAssembly.Function is not in browsers yet): about 260 of
// them on every start, built from a handful of distinct byte strings, one per signature. The same
// bytes give one module, compiled once and instantiated as often as asked (a module holds no
// state). Traced on a repeat visit: 260 compiles took 31 ms; in one paired run (9 repeat visits
// each), the interpreter's arrival to the runtime ready took 303 ms against 357 ms (medians).
function compileSmallModulesOnce() {
  const NativeModule = WebAssembly.Module;
  const compiled = new Map(); // the module's bytes, as a string -> WebAssembly.Module
  WebAssembly.Module = new Proxy(NativeModule, {
    construct(target, args, newTarget) {
      const bytes = args[0];
      if (args.length !== 1 || !bytes || !(bytes.byteLength < 512)) return Reflect.construct(target, args, newTarget);
      const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes);
      const key = String.fromCharCode.apply(null, view);
      let module = compiled.get(key);
      if (!module) {
        module = Reflect.construct(target, args, newTarget);
        compiled.set(key, module);
      }
      return module;
    },
  });
}
if (typeof WebAssembly === "object" && typeof Proxy === "function") compileSmallModulesOnce();

// Watch every fetch the runtime makes: the page shows what is loading, and a file that
// fails to load (404, blocked, offline) ends the wait at once instead of hanging.
const nativeFetch = self.fetch.bind(self);

// The interpreter compiles while the runtime's 1 MB glue script (pyodide.asm.js) loads: the
// runtime asks for pyodide.asm.wasm first but compiles it only once that script has run.
// (Measured: a start from the snapshot about a sixth faster.) The runtime's
// WebAssembly.instantiateStreaming() then gets the module compiled from the same response;
// any other wasm goes the native way.
const compiling = new Map(); // response URL -> Promise<WebAssembly.Module>
const streaming = typeof WebAssembly === "object" && !!WebAssembly.compileStreaming;
const nativeInstantiateStreaming = streaming && WebAssembly.instantiateStreaming;
// The page (boot.js) may compile the interpreter itself and send the module (this thread then
// only starts the runtime; see boot.js for why): it says so in the worker's name, and the
// runtime's request for the file is then answered by a placeholder (the file is downloaded once,
// by the page). If the page cannot compile it, the worker does. (The batch page starts this
// worker without that name: the worker compiles.)
let pageWasmArrived = null;
const pageWasm = /\bwasm-from-page\b/.test(self.name || "")
  ? new Promise((resolve) => { pageWasmArrived = resolve; }) // {module} | {error}
  : null;
const placeholders = new WeakSet();
let placeholderGiven = false;
async function fromPage(imports) {
  const sent = await pageWasm;
  mark("wasm_from_page");
  if (sent.module) return { module: sent.module, instance: await WebAssembly.instantiate(sent.module, imports) };
  // The page could not compile it: downloaded here, and compiled once, as any worker download is
  // (self.fetch starts compiling it; the instantiateStreaming below picks that up).
  const response = self.fetch(new URL("pyodide.asm.wasm", RUNTIME_URL).href, { credentials: "same-origin" });
  return WebAssembly.instantiateStreaming(response, imports);
}
if (streaming) {
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (placeholders.has(response)) return fromPage(imports);
    const module = compiling.get(response.url);
    if (!module) return nativeInstantiateStreaming.call(WebAssembly, response, imports);
    compiling.delete(response.url);
    if (response.body) response.body.cancel().catch(() => {}); // compiled from a copy
    const compiled = await module;
    return { module: compiled, instance: await WebAssembly.instantiate(compiled, imports) };
  };
}
self.fetch = async (input, init) => {
  const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
  const name = fileName(url);
  if (name === "pyodide.asm.wasm" && pageWasm && streaming && !placeholderGiven) {
    placeholderGiven = true; // once: a fallback download (fromPage) goes to the network
    const placeholder = new Response(null, { headers: { "Content-Type": "application/wasm" } });
    placeholders.add(placeholder);
    return placeholder;
  }
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
  if (response.body) countBytes(response.clone(), name);
  if (name.endsWith(".wasm") && streaming) {
    const module = WebAssembly.compileStreaming(response.clone());
    module.catch(() => {}); // reported by the runtime, which awaits it
    compiling.set(response.url, module);
  }
  // The runtime gets the response itself: a native stream (wasm compiles as it arrives)
  // with its URL (so the browser can cache the compiled wasm for the next visit).
  return response;
};

// The engine's two small files start downloading the moment this worker runs, while
// pyodide.mjs loads: a round trip less on a slow network. When the same URL is asked for
// later it gets this response (one download per file). (The big runtime files are not
// fetched early: measured, competing with pyodide.mjs and pyodide.asm.js for the connection
// made the start slower, not faster.)
const early = new Map();
function fetchEarly(url, init) {
  const started = nativeFetch(url, init);
  started.catch(() => {}); // a failure is reported when the file is asked for
  early.set(url, started);
  return started;
}

async function getJSON(url) {
  const response = await self.fetch(url.href);
  return response.json();
}

function wheelOf(lock) {
  const entry = lock && lock.packages && lock.packages.calculator;
  if (!entry || !/^[0-9a-f]{64}$/.test(entry.sha256 || "")) throw new Error("the lock file has no calculator wheel");
  return { url: new URL(entry.file_name, ENGINE_LOCK_URL).href, sha256: entry.sha256 };
}

// The wheel, with the lock's sha256 as its integrity; fetched only when no stored snapshot
// will do, while the runtime starts.
function fetchWheel(wheel) {
  const digest = String.fromCharCode(...wheel.sha256.match(/../g).map((h) => parseInt(h, 16)));
  return self.fetch(wheel.url, { integrity: `sha256-${btoa(digest)}` }).then((response) => response.arrayBuffer());
}

// ---------------------------------------------------------------- the stored snapshot
// The stored snapshot, or null: {key, bytes}, bytes = a Promise of its ArrayBuffer. Looked up
// and read as soon as the worker starts (while pyodide.mjs and the engine's lists load: the
// 20 MB read was the last thing a repeat visit waited for); whether it may be used is decided
// by usableSnapshot(). A snapshot of another build is thus read once before it is deleted.
async function findSnapshot() {
  let stored;
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    stored = await cache.match(SNAPSHOT_REQUEST);
  } catch {
    return null; // no Cache Storage here (some private modes): always start cold
  }
  if (!stored) return null;
  const bytes = stored.arrayBuffer().then((buffer) => {
    mark("snapshot_read");
    // A short one would leave the runtime waiting forever.
    if (String(buffer.byteLength) !== stored.headers.get(SNAPSHOT_LENGTH)) throw new Error("incomplete snapshot");
    return buffer;
  });
  bytes.catch(() => {}); // handled where loadPyodide() awaits it, later: not an unhandled rejection
  const expected = stored.headers.get(SNAPSHOT_SHA256);
  // the hash is worked out beside the runtime's start (WebCrypto copies the bytes at the call)
  const sound = bytes.then(async (buffer) => Boolean(expected) && (await sha256Hex(buffer)) === expected, () => false);
  return { key: stored.headers.get(SNAPSHOT_KEY), bytes, sound };
}

// The stored snapshot if its key is this build's; one of another build is deleted unused.
async function usableSnapshot(found, key) {
  const stored = await found;
  if (!stored) return null;
  if (stored.key === key) return stored;
  await dropSnapshot(); // made by another runtime or engine: never loaded
  return null;
}

async function dropSnapshot() {
  try {
    await caches.delete(SNAPSHOT_CACHE);
  } catch {
    // nothing stored, or no Cache Storage
  }
}

async function keepSnapshot(key, bytes) {
  let state = "stored";
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    const sha256 = await sha256Hex(bytes);
    await cache.put(SNAPSHOT_REQUEST, new Response(bytes, {
      headers: { "Content-Type": "application/octet-stream", [SNAPSHOT_KEY]: key,
        [SNAPSHOT_LENGTH]: String(bytes.byteLength), [SNAPSHOT_SHA256]: sha256 },
    }));
  } catch {
    state = "failed"; // quota, private mode: the next visit starts cold, nothing else changes
  }
  self.postMessage({ type: "snapshot", state });
}

// Count a copy of the bytes as they arrive, for the page's progress bar.
async function countBytes(copy, name) {
  const reader = copy.body.getReader();
  let loaded = 0;
  let last = 0;
  self.postMessage({ type: "progress", file: name, loaded, done: false });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        self.postMessage({ type: "progress", file: name, loaded, done: false });
      }
    }
  } catch {
    return; // the runtime reports a broken download itself
  }
  self.postMessage({ type: "progress", file: name, loaded, done: true });
}

let startedFrom = "";

// Python's own errors are answers (score_json never raises); an exception here means the
// interpreter itself failed (Pyodide's "fatal error"): answer, then end this worker.
function answer(request) {
  const started = performance.now();
  let json;
  try {
    if (request.type === "batch") {
      json = engine.score_table_json(request.text, request.kind === "json" ? "json" : "csv");
    } else if (request.type === "why_same") {
      json = engine.why_same_json(request.text); // the what-if table's sentences (calculator/scenarios.py)
    } else {
      // advice: the levers (calculator/advice.py); projection, when asked: the later years (projection.py)
      json = scoreJson(request.text, true, Boolean(request.projection));
    }
  } catch (error) {
    const message = "计算引擎内部错误，已重新启动计算引擎；请报告此输入";
    json = JSON.stringify({ ok: false, errors: [`${request.type === "batch" ? "" : "输入: "}${message}`] });
    self.postMessage({ type: "answer", id: request.id, json, ms: performance.now() - started });
    if (startedFrom === "snapshot") dropSnapshot(); // the next visit starts cold rather than trust it again
    self.postMessage({ type: "fatal", message: `${message}（${String(error && error.message || error).slice(0, 120)}）` });
    scoreJson = null;
    return;
  }
  self.postMessage({ type: "answer", id: request.id, json, ms: performance.now() - started });
}

self.onmessage = (event) => {
  const request = event.data;
  if (!request) return;
  if (request.type === "wasm") {
    if (pageWasmArrived) pageWasmArrived(request);
    return;
  }
  if (!["score", "batch", "why_same"].includes(request.type)) return;
  if (scoreJson) answer(request);
  else waiting.push(request);
};

// Milestones in ms since this worker started, reported with "ready" (the benchmark prints them).
const marks = {};
const mark = (name) => { marks[name] = Math.round(performance.now()); };

// Whether the engine answers the test applicant exactly as CPython did at build time (engine.json
// holds the answer's SHA-256: build_tools/runtime_bundle.py).
async function answersCanary(score, canary) {
  return (await sha256Hex(new TextEncoder().encode(score(canary.input, true)))) === canary.output_sha256;
}

// From a snapshot: the engine is already imported in it. Returns the engine's entry point if
// it answers the test applicant exactly as CPython did at build time; throws otherwise.
async function startFromSnapshot(loadPyodide, options, snapshot, canary) {
  self.postMessage({ type: "stage", stage: "snapshot", text: "正在启动计算引擎（使用本机保存的副本）" });
  const bytes = snapshot.bytes;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("the snapshot did not start")), SNAPSHOT_TIMEOUT_MS);
  });
  let pyodide;
  try {
    pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: bytes }), timeout]);
  } finally {
    clearTimeout(timer);
  }
  mark("runtime");
  if (!(await snapshot.sound)) throw new Error("the snapshot's bytes are not the ones kept");
  engine = pyodide.pyimport("calculator");
  const score = engine.score_json;
  if (!(await answersCanary(score, canary))) throw new Error("the snapshot scores the test applicant differently");
  return score;
}

// A normal start; returns the runtime and the engine's entry point. Only the snapshot maker
// starts with _makeSnapshot (measured: the option makes the start slower).
async function startCold(loadPyodide, options, wheel, forSnapshot) {
  const wheelBytes = fetchWheel(wheel);
  const pyodide = await loadPyodide(forSnapshot ? { ...options, _makeSnapshot: true } : options);
  if (failed) return {};
  mark("runtime");
  self.postMessage({ type: "stage", stage: "engine", text: "正在导入计算引擎" });
  // Unpacked, not loadPackage(): that records the package in a table makeMemorySnapshot() cannot keep.
  pyodide.unpackArchive(await wheelBytes, "wheel");
  mark("runtime_and_wheel");
  engine = pyodide.pyimport("calculator");
  return { pyodide, score: engine.score_json };
}

// In the snapshot maker, which never receives the visitor's input (the snapshot is kept on the
// device: it must not hold what someone typed): every module the engine has is imported (a start
// from the snapshot has no wheel to import from), the test applicant is scored (so the snapshot
// also holds whatever scoring sets up on first use, and a runtime that answers differently from
// CPython is not kept), then the interpreter's memory is copied (about 15 ms). Returns the
// snapshot, or null.
async function makeSnapshot(pyodide, manifest) {
  try {
    pyodide.runPython(`import importlib\nfor _name in ${JSON.stringify(manifest.modules)}: importlib.import_module(_name)\ndel _name`);
    if (!(await answersCanary(scoreJson, manifest.canary))) return null;
    return pyodide.makeMemorySnapshot();
  } catch {
    return null; // the private API changed its mind: keep starting cold
  }
}

// What both roles need first: the runtime's module, the engine's lock and manifest, the options
// for loadPyodide() and the key a snapshot of this build has. Null if something failed (reported).
async function prepare() {
  fetchEarly(ENGINE_LOCK_URL.href);
  fetchEarly(ENGINE_MANIFEST_URL.href);
  let loadPyodide;
  let version;
  try {
    ({ loadPyodide, version } = await import(new URL("pyodide.mjs", RUNTIME_URL).href));
  } catch (error) {
    fail("文件“pyodide.mjs”（运行环境）无法加载。");
    return null;
  }
  mark("pyodide_mjs");
  let lock;
  let manifest;
  let wheel;
  try {
    [lock, manifest] = await Promise.all([getJSON(ENGINE_LOCK_URL), getJSON(ENGINE_MANIFEST_URL)]);
    wheel = wheelOf(lock);
  } catch {
    fail("计算引擎的清单文件无法读取。");
    return null;
  }
  if (failed) return null;
  const options = {
    indexURL: RUNTIME_URL.href,
    stdLibURL: new URL(manifest.stdlib, ENGINE_URL).href,
    lockFileContents: lock,
    packageBaseUrl: ENGINE_URL.href,
    stdout: () => {},
    stderr: () => {},
  };
  const key = [version, wheel.sha256, manifest.stdlib_sha256, manifest.runtime_sha256].join(" ");
  return { loadPyodide, options, key, wheel, manifest };
}

// The snapshot maker (boot.js starts it after a cold start, once the page has settled): a cold
// start made for a snapshot, kept in Cache Storage; then it is done.
async function makeAndKeepSnapshot() {
  const ready = await prepare();
  if (!ready) return;
  const { loadPyodide, options, key, wheel, manifest } = ready;
  let pyodide;
  try {
    ({ pyodide, score: scoreJson } = await startCold(loadPyodide, options, wheel, true));
  } catch (error) {
    fail(`计算引擎无法启动（${String(error && error.message || error).slice(0, 200)}）。`);
    return;
  }
  if (failed) return;
  const snapshot = await makeSnapshot(pyodide, manifest);
  if (snapshot) await keepSnapshot(key, snapshot);
  else self.postMessage({ type: "snapshot", state: "failed" });
}

async function start() {
  const t0 = performance.now();
  if (typeof WebAssembly !== "object") {
    fail("此浏览器不支持 WebAssembly，无法在本机运行计算引擎。");
    return;
  }
  if (ROLE === "snapshot-maker") {
    await makeAndKeepSnapshot();
    return;
  }
  const found = findSnapshot();
  const ready = await prepare();
  if (!ready) return;
  const { loadPyodide, options, key, wheel, manifest } = ready;
  const stored = await usableSnapshot(found, key);
  mark("snapshot_lookup");
  if (stored) {
    try {
      scoreJson = await startFromSnapshot(loadPyodide, options, stored, manifest.canary);
      startedFrom = "snapshot";
    } catch {
      if (failed) return; // a runtime file did not download: the page has been told
      await dropSnapshot();
      startedFrom = "fallback";
    }
  }
  if (!scoreJson) {
    try {
      ({ score: scoreJson } = await startCold(loadPyodide, options, wheel, false));
    } catch (error) {
      fail(`计算引擎无法启动（${String(error && error.message || error).slice(0, 200)}）。`);
      return;
    }
    if (failed) return;
    startedFrom = startedFrom || "cold";
  }
  mark("engine_imported");
  // After a cold start the page starts the snapshot maker (boot.js); the batch page does not.
  self.postMessage({ type: "ready", ms: performance.now() - t0, origin: performance.timeOrigin, marks,
    start: startedFrom });
  for (const request of waiting.splice(0)) {
    if (scoreJson) answer(request);
  }
}

start();
