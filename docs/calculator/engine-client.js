// The one client of the engine worker (engine-worker.js), for every page that scores: the
// calculator (calculator.js, taking over the worker boot.js started), the batch page and the
// report. The pattern of Pyodide's web-worker documentation: a `ready` promise and
// `request(type, payload) -> Promise`, ids in a map, every request answered, one error shape.
//
//   const engine = new EngineClient(() => new Worker(url, {type: "module"}));
//   engine.on("progress", (message) => …);  engine.on("stage", …);  engine.on("ready", …);
//   engine.on("error", (message) => …)      the engine could not load or stopped (message.message: Chinese,
//                                           message.kind: "nowasm" | "worker" | "script" | "engine")
//   engine.on("restart", …)                 a failed worker is being replaced
//   engine.connect(window.__calcBoot)       start (or take over the worker boot.js started, replaying
//                                           its buffered messages to the listeners registered first);
//                                           requests made before are held until the engine is ready
//   await engine.ready                      {ms, start, marks, origin} of the worker's "ready"
//   await engine.request("score", {text, projection}, {lane: "form"})
//   await engine.request("batch", {text, kind}, {timeoutMs})
//
// Every answer is {ok: true, result, ms} or {ok: false, errors: [{path, label, message}]} (the
// engine's own answers, parsed; `errors` of a file are lines). A request that cannot be answered
// (the engine failed, stopped, or took longer than timeoutMs) resolves with {ok: false, errors,
// failure: "engine" | "timeout" | "superseded" | "cancelled"}: a caller never waits forever and never sees a
// thrown error. A newer request in the same `lane` made before the engine is ready replaces the
// older (the form only needs its latest state scored).
//
// A worker that reports a fatal error (Python's interpreter is dead: a stack overflow, an abort)
// is replaced by a fresh one from the factory once, for the next request; the one it was
// answering gets the failure.

const FAIL = (failure, message) => ({ ok: false, failure, errors: [{ path: "", label: "计算引擎", message }] });

export class EngineClient {
  constructor(makeWorker) {
    this.makeWorker = makeWorker;
    this.connected = false;
    this.nextId = 0;
    this.waiting = new Map(); // id -> {resolve, timer, type}
    this.held = []; // requests made before ready: [{id, type, payload, lane}]
    this.listeners = new Map(); // message type -> [fn]
    this.isReady = false;
    this.failed = null; // the "error" message, once the engine could not load
    this.replacements = 0;
    this.newReady();
  }

  newReady() {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // a caller that never awaits it must not see an unhandled rejection
  }

  // Every waiting request answered with this failure (held ones too).
  answerAll(failure, message) {
    for (const id of [...this.waiting.keys()]) this.settle(id, FAIL(failure, message));
    this.held = [];
  }

  // The worker ended and a fresh one started (a new `ready`).
  restart(detail) {
    this.worker.terminate();
    this.isReady = false;
    this.newReady();
    this.emit("restart", detail);
    this.start();
  }

  connect(adopt = null) {
    if (this.connected || this.failed) return this;
    if (adopt && adopt.whenStarted && !adopt.started) { // boot.js starts after the first paint
      this.connected = true;
      adopt.whenStarted(() => {
        this.connected = false;
        this.connect(adopt);
      });
      return this;
    }
    this.connected = true;
    if (adopt && adopt.worker) {
      this.attach(adopt.worker);
      for (const message of adopt.messages.splice(0)) this.receive(message);
      if (adopt.error) this.loadFailed(adopt.errorText || "", "script");
    } else if (adopt && adopt.error === "nowasm") {
      this.loadFailed("", "nowasm");
    } else if (adopt && adopt.error) {
      this.loadFailed(adopt.errorText || "启动脚本没有运行", "worker");
    } else {
      this.start();
    }
    return this;
  }

  start() {
    let worker;
    try {
      worker = this.makeWorker();
    } catch (error) {
      this.loadFailed(String(error), "worker");
      return;
    }
    this.attach(worker);
  }

  attach(worker) {
    this.worker = worker;
    worker.onmessage = (event) => this.receive(event.data || {});
    worker.onerror = (event) => {
      event.preventDefault();
      this.loadFailed(event.message || "", "script");
    };
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
    return this;
  }

  emit(type, message) {
    for (const fn of this.listeners.get(type) || []) fn(message);
  }

  request(type, payload = {}, { lane = null, timeoutMs = 0 } = {}) {
    this.nextId += 1;
    const id = this.nextId;
    if (this.failed) return Promise.resolve(FAIL("engine", this.failed.message));
    return new Promise((resolve) => {
      const entry = { resolve, type, timer: 0 };
      this.waiting.set(id, entry);
      if (timeoutMs) {
        entry.timer = setTimeout(() => this.settle(id, FAIL("timeout",
          `超过 ${Math.round(timeoutMs / 1000)} 秒没有算完，已停止等待；可以重试，或把文件分成几份`)), timeoutMs);
      }
      if (this.isReady) this.send(id, type, payload);
      else {
        if (lane) {
          for (const older of this.held.filter((held) => held.lane === lane)) {
            this.settle(older.id, FAIL("superseded", "已被更新的输入取代"));
          }
          this.held = this.held.filter((held) => held.lane !== lane);
        }
        this.held.push({ id, type, payload, lane });
      }
    });
  }

  send(id, type, payload) {
    this.worker.postMessage({ ...payload, type, id });
  }

  settle(id, answer) {
    const entry = this.waiting.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.waiting.delete(id);
    entry.resolve(answer);
  }

  receive(message) {
    switch (message.type) {
      case "ready":
        this.isReady = true;
        this.failed = null;
        this.resolveReady(message);
        this.emit("ready", message);
        for (const held of this.held.splice(0)) {
          if (this.waiting.has(held.id)) this.send(held.id, held.type, held.payload);
        }
        break;
      case "answer":
        this.settle(message.id, parse(message.json, message.ms));
        break;
      case "fatal": // the interpreter died: this worker is finished; the next request gets a new one
        this.replace(message.message);
        break;
      case "error":
        this.loadFailed(message.message, "engine");
        break;
      default:
        this.emit(message.type, message);
    }
  }

  // Every waiting request answered {failure: "cancelled"}; the worker (busy with it) is ended and a
  // fresh one started, so the next request does not wait behind the cancelled one.
  cancelAll(reason) {
    this.answerAll("cancelled", reason);
    if (this.worker) this.restart({ message: reason, cancelled: true });
  }

  replace(reason) {
    this.answerAll("engine", reason);
    if (this.replacements >= 1) {
      this.worker.terminate();
      this.isReady = false;
      this.loadFailed(reason, "engine");
      return;
    }
    this.replacements += 1;
    this.restart({ message: reason });
  }

  // The engine could not load (or a replacement could not): every waiting request is answered.
  loadFailed(text, kind = "engine") {
    if (this.failed) return;
    const message = { message: text, kind };
    if (!this.isReady) this.rejectReady(Object.assign(new Error(text), { kind }));
    this.failed = message;
    this.isReady = false;
    this.answerAll("engine", text || "计算引擎无法加载");
    this.emit("error", message);
  }

  // A late "ready" after loadFailed() (a slow start that finished after all) is still welcome:
  // receive() clears `failed` (CONTRACT 4e).
}

// The engine's answer text as the one shape; errors given as lines ("path: message") read as objects.
export function parse(json, ms) {
  let answer;
  try {
    answer = JSON.parse(json);
  } catch {
    return FAIL("engine", "回答无法读取");
  }
  if (!answer || typeof answer !== "object") return FAIL("engine", "回答无法读取");
  if (!answer.ok) answer.errors = (answer.errors || []).map(problemOf);
  if (ms !== undefined) answer.ms = ms;
  return answer;
}

function problemOf(problem) {
  if (typeof problem !== "string") return problem;
  const at = problem.indexOf(": ");
  return at < 0 ? { path: "", label: "输入", message: problem }
    : { path: problem.slice(0, at), message: problem.slice(at + 2) };
}
