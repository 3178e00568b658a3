// The calculator's earliest start (a classic script, first in <head>; see build_tools/calculator_page.py):
// while the page is still being parsed it creates the engine's module worker, so the runtime
// downloads (or the stored snapshot is read) while the page renders, and it keeps the worker's
// messages until calculator.js (a deferred module) takes over: window.__calcBoot.
//
// It also marks on <html> how the engine started, for the offline script and the tests:
//   data-engine-start     "snapshot" | "cold" | "fallback" (started from a stored snapshot,
//                         normally, or normally after a stored snapshot failed) | "error"
//   data-engine-snapshot  "stored" | "failed" once the worker has tried to keep a new snapshot
(function () {
  var boot = window.__calcBoot = { messages: [], error: null, worker: null, t0: performance.now() };
  var html = document.documentElement;
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    boot.error = "nowasm";
    html.setAttribute("data-engine-start", "error");
    return;
  }
  try {
    var worker = new Worker(new URL("engine-worker.js", document.currentScript.src), { type: "module" });
    worker.onmessage = function (event) { boot.messages.push(event.data); };
    worker.onerror = function (event) {
      boot.error = "worker";
      boot.errorText = (event && event.message) || "";
    };
    // Listeners of its own: calculator.js replaces onmessage and onerror, these stay.
    worker.addEventListener("error", function () { html.setAttribute("data-engine-start", "error"); });
    worker.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === "ready") html.setAttribute("data-engine-start", message.start || "cold");
      else if (message.type === "error") html.setAttribute("data-engine-start", "error");
      else if (message.type === "snapshot") html.setAttribute("data-engine-snapshot", message.state);
    });
    boot.worker = worker;
  } catch (error) {
    boot.error = "worker";
    boot.errorText = String(error);
    html.setAttribute("data-engine-start", "error");
  }
})();
