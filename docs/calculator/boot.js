// The calculator's early start (a classic script, the first script in <head>: overrides/calculator.html):
// right after the page's first paint it creates the engine's module worker, so the runtime
// downloads (or the stored snapshot is read) while the visitor reads and fills the form, and it
// keeps the worker's messages until calculator.js (a deferred module) takes over: window.__calcBoot
// (calculator.js's engine client waits for the start with boot.whenStarted).
//
// Why after the first paint, not at once (issue 20): started at once, the 2.8 MB interpreter took
// the link the page's own text and styles needed (Lighthouse's simulated slow 4G, 3 runs each:
// performance 96/71/69 at once, 99/97/72 after the paint; LCP 16.1 s in the bad runs, 1.7 s after).
// (Below, at the end: when exactly, and why not at once on a frame or a timer.)
//
// The interpreter (pyodide.asm.wasm) is compiled here, on the page, and the compiled module
// handed to the worker: the download starts at once instead of after the runtime's scripts,
// and on a repeat visit the page's thread, not the worker's (which has the runtime to start),
// takes Chromium's cached compiled code (measured: the worker compiling it made a repeat visit
// slower). The worker's name says so ("wasm-from-page"), so it does not download the
// file itself; if compiling here fails, it is told so and downloads and compiles it itself.
//
// After a normal (cold) start, once the page has settled, a second, short-lived worker (the same
// script, named "snapshot-maker") starts Python again, imports the engine and keeps a memory
// snapshot for the next visit (engine-worker.js). It never receives anything the visitor typed,
// and the visitor's own engine is not slowed by preparing a snapshot.
//
// It also marks on <html> how the engine started, for the offline script and the tests:
//   data-engine-start     "snapshot" | "cold" | "fallback" (started from a stored snapshot,
//                         normally, or normally after a stored snapshot failed) | "error"
//   data-engine-snapshot  "stored" | "failed" once the snapshot maker has tried to keep one
(function () {
  var waiters = [];
  var boot = window.__calcBoot = { messages: [], error: null, worker: null, t0: performance.now(), started: false,
    whenStarted: function (fn) { if (boot.started) fn(); else waiters.push(fn); } };
  var html = document.documentElement;
  var script = document.currentScript.src;
  var begun = false;
  function begin() {
    if (begun) return;
    begun = true;
    start();
    boot.started = true;
    boot.startedAt = performance.now();
    waiters.splice(0).forEach(function (fn) { fn(); });
  }

  var wasmOnPage = typeof WebAssembly === "object" && typeof WebAssembly.compileStreaming === "function" &&
    typeof fetch === "function";
  var compiled = null; // Promise<{module} | {error}>, the page's compilation

  function engineWorker(role) {
    return new Worker(new URL("engine-worker.js", script),
      { type: "module", name: role + (wasmOnPage ? " wasm-from-page" : "") });
  }
  function sendWasm(worker) {
    if (compiled) compiled.then(function (message) { worker.postMessage(message); });
  }

  function start() {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      boot.error = "nowasm";
      html.setAttribute("data-engine-start", "error");
      return;
    }
    try {
      var worker = engineWorker("engine");
      worker.onmessage = function (event) { boot.messages.push(event.data); };
      worker.onerror = function (event) {
        boot.error = "worker";
        boot.errorText = (event && event.message) || "";
      };
      // Listeners of its own: calculator.js replaces onmessage and onerror, these stay.
      worker.addEventListener("error", function () { html.setAttribute("data-engine-start", "error"); });
      worker.addEventListener("message", function (event) {
        var message = event.data || {};
        if (message.type === "ready") {
          html.setAttribute("data-engine-start", message.start || "cold");
          if (message.start !== "snapshot") afterSettling(makeSnapshot);
        } else if (message.type === "error") html.setAttribute("data-engine-start", "error");
      });
      boot.worker = worker;
      if (wasmOnPage) {
        compiled = compileOnPage(worker);
        sendWasm(worker);
      }
    } catch (error) {
      boot.error = "worker";
      boot.errorText = String(error);
      html.setAttribute("data-engine-start", "error");
    }
  }

  function compileOnPage(worker) {
    var url = new URL("../assets/pyodide/pyodide.asm.wasm", script).href;
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      countBytes(worker, response.clone(), "pyodide.asm.wasm");
      return WebAssembly.compileStreaming(response);
    }).then(function (module) {
      performance.mark("calculator-wasm-compiled"); // for the benchmark
      return { type: "wasm", module: module };
    }, function (error) {
      return { type: "wasm", error: String(error && error.message || error) };
    });
  }

  // The download's progress, reported as the worker reports its own files' (calculator.js shows it).
  function countBytes(worker, copy, name) {
    if (!copy.body) return;
    var reader = copy.body.getReader();
    var loaded = 0;
    var last = 0;
    var report = function (done) {
      var message = { type: "progress", file: name, loaded: loaded, done: done };
      if (worker.onmessage) worker.onmessage({ data: message });
    };
    var pump = function () {
      return reader.read().then(function (step) {
        if (step.done) { report(true); return; }
        loaded += step.value.byteLength;
        var now = performance.now();
        if (now - last > 100) { last = now; report(false); }
        return pump();
      });
    };
    report(false);
    pump().catch(function () {});
  }

  // Once the page is loaded and has been idle a moment (its first result shown).
  function afterSettling(task) {
    var idle = function () {
      if (window.requestIdleCallback) requestIdleCallback(task, { timeout: 3000 });
      else setTimeout(task, 500);
    };
    if (document.readyState === "complete") setTimeout(idle, 500);
    else addEventListener("load", function () { setTimeout(idle, 500); }, { once: true });
  }

  function makeSnapshot() {
    var maker;
    try {
      maker = engineWorker("snapshot-maker");
    } catch (error) {
      html.setAttribute("data-engine-snapshot", "failed");
      return;
    }
    maker.onmessage = function (event) {
      var message = event.data || {};
      if (message.type === "snapshot" || message.type === "error") {
        html.setAttribute("data-engine-snapshot", message.type === "snapshot" ? message.state : "failed");
        maker.terminate();
      }
    };
    maker.onerror = function () {
      html.setAttribute("data-engine-snapshot", "failed");
      maker.terminate();
    };
    sendWasm(maker);
  }

  // (Last: every variable above is set.) Once the page's largest text is painted (the browser's own
  // report of it; where there is none, its first contentful paint, else its first frame). A frame
  // callback alone, or a one-second timer, sometimes came before the text was painted (CSS still on
  // its way, or a paint late at 1.3 s): Lighthouse then counts the download in the text's time
  // (LCP 16 s in one run of three). A hidden tab paints nothing: it starts after a second; a
  // visible page that reports no paint, after five.
  // A page the site's service worker controls has the runtime kept on the device: nothing competes
  // for the link, so a repeat visit starts at once.
  function afterPaint(go) {
    var done = false;
    var once = function () { if (!done) { done = true; setTimeout(go, 0); } };
    var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    var type = types.indexOf("largest-contentful-paint") >= 0 ? "largest-contentful-paint"
      : types.indexOf("paint") >= 0 ? "paint" : null;
    if (type) {
      new PerformanceObserver(function (list, observer) { observer.disconnect(); once(); })
        .observe({ type: type, buffered: true });
    } else if (typeof requestAnimationFrame === "function") {
      requestAnimationFrame(once);
    }
    setTimeout(once, document.visibilityState === "hidden" ? 1000 : 5000);
  }
  var kept = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (kept) begin();
  else afterPaint(begin);
})();
