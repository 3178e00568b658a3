// The calculator's earliest start (a classic script, first in <head>; see build_tools/calculator_page.py):
// while the page is still being parsed it creates the engine's module worker, so the runtime
// downloads (or the stored snapshot is read) while the page renders, and it keeps the worker's
// messages until calculator.js (a deferred module) takes over: window.__calcBoot.
//
// The interpreter (pyodide.asm.wasm) is compiled by a second worker (the same script, named
// "wasm-compiler"), and the compiled module handed straight to the engine worker through a
// MessageChannel: the download starts at once instead of after the runtime's scripts, and on a
// repeat visit neither the engine's thread (which has the runtime to start; measured: compiling
// there made a repeat visit slower) nor the page's (busy rendering: the module reached the engine
// only when the page's thread got round to it) spends the 100-150 ms of taking Chromium's cached
// compiled code. Measured in paired runs of repeat visits: ready 25-35 ms sooner than when the
// page compiled it. The engine worker's name says so ("wasm-sent"), so it does not download the
// file itself; if the compiler cannot start or fails, the engine is told so and does it itself.
//
// After a normal (cold) start, once the page has settled, another short-lived worker (the same
// script, named "snapshot-maker") starts Python again, imports the engine and keeps a memory
// snapshot for the next visit (engine-worker.js). It never receives anything the visitor typed,
// and the visitor's own engine is not slowed by preparing a snapshot.
//
// It also marks on <html> how the engine started, for the offline script and the tests:
//   data-engine-start     "snapshot" | "cold" | "fallback" (started from a stored snapshot,
//                         normally, or normally after a stored snapshot failed) | "error"
//   data-engine-snapshot  "stored" | "failed" once the snapshot maker has tried to keep one
(function () {
  var boot = window.__calcBoot = { messages: [], error: null, worker: null, t0: performance.now() };
  var html = document.documentElement;
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    boot.error = "nowasm";
    html.setAttribute("data-engine-start", "error");
    return;
  }
  var script = document.currentScript.src;
  var wasmSent = typeof WebAssembly.compileStreaming === "function" && typeof MessageChannel === "function";
  var compiled = null; // Promise<{module} | {error}>, from the wasm-compiler worker

  function engineWorker(role) {
    return new Worker(new URL("engine-worker.js", script),
      { type: "module", name: role + (wasmSent && role !== "wasm-compiler" ? " wasm-sent" : "") });
  }
  function sendWasm(worker) {
    if (compiled) compiled.then(function (message) { worker.postMessage(message); });
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
    if (wasmSent) compiled = compileElsewhere(worker);
  } catch (error) {
    boot.error = "worker";
    boot.errorText = String(error);
    html.setAttribute("data-engine-start", "error");
  }

  // The wasm-compiler worker: its module goes to the engine by the channel, and to this page (kept
  // for the snapshot maker); its download's progress is reported as the engine's own files' are
  // (calculator.js shows it). If it cannot start or fails, the engine compiles the file itself.
  function compileElsewhere(worker) {
    return new Promise(function (resolve) {
      var failed = function (why) {
        var message = { type: "wasm", error: why };
        worker.postMessage(message);
        resolve(message);
      };
      var compiler;
      try {
        compiler = engineWorker("wasm-compiler");
      } catch (error) {
        failed(String(error));
        return;
      }
      compiler.onmessage = function (event) {
        var message = event.data || {};
        if (message.type === "progress" && worker.onmessage) worker.onmessage({ data: message });
        else if (message.type === "wasm") {
          performance.mark("calculator-wasm-compiled"); // for the benchmark
          resolve(message);
        }
      };
      compiler.onerror = function () { failed("the wasm-compiler worker failed"); };
      var channel = new MessageChannel();
      compiler.postMessage({ type: "wasm-port", port: channel.port1 }, [channel.port1]);
      worker.postMessage({ type: "wasm-port", port: channel.port2 }, [channel.port2]);
    });
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
})();
