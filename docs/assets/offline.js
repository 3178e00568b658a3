// Every page: register the site's service worker (sw.js at the site root, written by the
// build: build_tools/offline.py, build_tools/service_worker.js) and tell it what to keep.
//
// Once the page has loaded (on the calculator page: once the engine has started, so that
// nothing competes with it) the worker is registered (installing it copies the theme's files)
// and asked to keep this page, the calculator's files
// if this is the calculator, and, from the second page view on (the page is already served
// by the worker), the whole site; not when the visitor asked to save data.
// The answer is marked on <html> for the tests and the benchmark:
//   data-offline          the parts now kept in full: "page", "site", "calculator"
//   data-offline-version  the build version of the worker that answered
(function () {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var html = document.documentElement;
  var root = new URL("../", document.currentScript.src); // this file is <root>assets/offline.js
  var page = decodeURIComponent(location.pathname).slice(decodeURIComponent(root.pathname).length)
    .replace(/(^|\/)index\.html$/, "$1");
  var repeat = !!navigator.serviceWorker.controller;
  var saveData = !!(navigator.connection && navigator.connection.saveData);

  function loaded() {
    return new Promise(function (resolve) {
      if (document.readyState === "complete") resolve();
      else addEventListener("load", function () { resolve(); }, { once: true });
    });
  }
  function engineSettled() { // the calculator page only: after its engine has started (or failed)
    return new Promise(function (resolve) {
      if (!document.getElementById("calculator-boot") || html.hasAttribute("data-engine-start")) return resolve();
      new MutationObserver(function (_, observer) {
        if (html.hasAttribute("data-engine-start")) { observer.disconnect(); resolve(); }
      }).observe(html, { attributes: true, attributeFilter: ["data-engine-start"] });
    });
  }

  Promise.all([loaded(), engineSettled()]).then(function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href }).catch(function () {});
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) {
      var state = event.data || {};
      html.setAttribute("data-offline", ["page", "site", "calculator"].filter(function (part) {
        return state[part];
      }).join(" "));
      html.setAttribute("data-offline-version", state.version || "");
    };
    registration.active.postMessage({ type: "visit", page: page, full: repeat && !saveData }, [channel.port2]);
  });
})();
