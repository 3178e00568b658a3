// The site's service worker: the site, and the calculator once used, work offline.
// build_tools/offline.py writes site/sw.js = the build's list on its first line, then this file
// minified (the marker below stands for the list):
// BUILD = {version, files: {path: sha256}, shell, site, calculator, calculator_pages}
// (paths relative to the site root; see build_tools/offline.py for the groups).
//
// One cache per build version, named "site <site path> <version>". A version is installed (the
// shell, and every file the previous version had kept, each hash-checked against the build's
// list) before it serves anything; until no page of the old version is open, the old version
// keeps serving from its own cache.
// On activation the older caches are deleted. A page gets its files from its version's cache,
// or from the network when that cache lacks one; a file from the network is served (and kept)
// only if it is this version's (its hash), so a newer build on the server is never mixed in:
// a page of the newer build is left to the network alone (see respond()).
//
// Page -> worker message (assets/offline.js): {type: "visit", page, full} with a MessageChannel
// port; the worker copies the page (and the shell), the calculator group if the page is a
// calculator page, and the whole site if `full`; it answers
// {type: "offline", version, page, site, calculator} (true = that part is all in the cache).

/* BUILD */

const SCOPE = new URL("./", self.location.href).href; // sw.js lives at the site root
const PREFIX = `site ${new URL(SCOPE).pathname} `; // this copy of the site's caches, on this origin
const CACHE = PREFIX + BUILD.version;
const PARALLEL = 4;

const urlOf = (path) => new URL(path, SCOPE).href;

// The build's path for a URL ("calculator/index.html" and "calculator/" are one page), or null.
function pathOf(url) {
  const parsed = new URL(url);
  parsed.hash = "";
  parsed.search = "";
  if (!parsed.href.startsWith(SCOPE)) return null;
  let path;
  try {
    path = decodeURIComponent(parsed.href.slice(SCOPE.length));
  } catch {
    return null; // not a well-formed URL: not one of ours
  }
  if (path === "index.html" || path.endsWith("/index.html")) path = path.slice(0, -"index.html".length);
  return Object.hasOwn(BUILD.files, path) ? path : null;
}

async function sha256(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// The response as it will be kept, if it is this build's file; throws otherwise. The network's
// own response is kept, not a copy built from its bytes: Chromium keeps the compiled code of a
// script only for a response with its origin's URL and time (measured: a module worker's
// 1 MB script loaded in 20-47 ms from a kept network response, 68-120 ms from a built copy).
async function checked(path, response) {
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  if (!(await holds(path, response))) throw new Error(`${path}: not this build's file`);
  if (!response.redirected) return response;
  // A redirected response cannot answer a navigation: a copy of its bytes is kept instead.
  const type = response.headers.get("Content-Type");
  return new Response(await response.arrayBuffer(), { headers: type ? { "Content-Type": type } : {} });
}

// Whether a response's body is this build's file (its sha256); the response stays unread.
async function holds(path, response) {
  return (await sha256(await response.clone().arrayBuffer())) === BUILD.files[path];
}

async function olderCaches() {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  return Promise.all(names.map((name) => caches.open(name)));
}

// Put files into this version's cache: from an older version's cache when the file did not
// change, else from the network (revalidated: the browser's HTTP cache answers when it still
// holds this file, so a page just loaded is not downloaded twice). `strict`: the first failure
// fails the whole; otherwise failures are skipped and counted.
async function fill(cache, paths, strict) {
  const olds = await olderCaches();
  const todo = [...new Set(paths)];
  let failures = 0;
  async function one(path) {
    const url = urlOf(path);
    if (await cache.match(url)) return;
    for (const old of olds) {
      const kept = await old.match(url);
      // A copy an older worker built from the bytes (no URL of its own) is fetched again (a 304).
      if (kept && kept.url && await holds(path, kept)) {
        await cache.put(url, kept);
        return;
      }
    }
    await cache.put(url, await checked(path, await fetch(url, { cache: "no-cache" })));
  }
  async function lane() {
    while (todo.length) {
      const path = todo.shift();
      try {
        await one(path);
      } catch (error) {
        if (strict) throw error;
        failures += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  return failures;
}

// Install: the shell, and everything an older version of this site had kept (so that an update
// keeps the site and the calculator offline), all of this build. Any failure: not installed.
self.addEventListener("install", (event) => event.waitUntil(install()));
async function install() {
  const cache = await caches.open(CACHE);
  const wanted = [...BUILD.shell];
  for (const old of await olderCaches()) {
    for (const request of await old.keys()) {
      const path = pathOf(request.url);
      if (path !== null) wanted.push(path);
    }
  }
  try {
    await fill(cache, wanted, true);
  } catch (error) {
    await caches.delete(CACHE);
    throw error;
  }
}

self.addEventListener("activate", (event) => event.waitUntil(activate()));
async function activate() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
}

// Pages of a newer build than this worker's (and the workers they start): the network alone
// serves them, so that nothing of this version's cache is mixed into them. (Kept in memory: a
// worker stopped while idle forgets them, and such a page's later requests are then refused below.)
const networkOnly = new Set();

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  if (networkOnly.has(event.clientId)) {
    if (event.resultingClientId) networkOnly.add(event.resultingClientId); // a worker it starts
    return;
  }
  const path = pathOf(request.url);
  if (path === null) return; // not a file of this build: the network, as without a worker
  event.respondWith(respond(event, path));
});

// Kept files checked again against the build's list once in this worker's life (issue 22: a cache
// entry damaged on the device is dropped, not served). A small file is checked before it is
// served; a big one (the interpreter) is served at once and checked after, so a repeat visit does
// not wait for hashing megabytes: a bad copy is then dropped and the next visit fetches it again.
const verified = new Set();
const BIG = /\.(wasm|zip|whl)$|pyodide\.asm\.js$/; // the runtime's megabytes (no size in a gzip response)

async function keptAndSound(event, cache, path) {
  const kept = await cache.match(urlOf(path));
  if (!kept || verified.has(path)) return kept;
  const check = holds(path, kept).then(async (sound) => {
    if (sound) verified.add(path);
    else await cache.delete(urlOf(path));
    return sound;
  });
  if (BIG.test(path)) {
    event.waitUntil(check.catch(() => {}));
    return kept;
  }
  return (await check.catch(() => false)) ? kept : null;
}

// From this version's cache; else from the network, checked before it is served (and kept):
// a file of another build is not given to a page of this one.
async function respond(event, path) {
  const cache = await caches.open(CACHE);
  const kept = await keptAndSound(event, cache, path);
  if (kept) return kept;
  const response = await fetch(event.request);
  if (!response.ok) return response;
  let served;
  try {
    served = await checked(path, response); // reads a clone: a refused response is still unread
  } catch {
    // The server has a newer build: have it installed (it takes over once this version's
    // pages are closed). A newly opened page is that build's, whole, from the network.
    self.registration.update().catch(() => {});
    if (event.request.mode === "navigate") {
      if (event.resultingClientId) networkOnly.add(event.resultingClientId);
      return response;
    }
    return new Response("", { status: 503, statusText: "Service Unavailable (a newer build is being installed)" });
  }
  event.waitUntil(cache.put(urlOf(path), served.clone()));
  return served;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type !== "visit" || !port) return;
  event.waitUntil(visit(data).then((state) => port.postMessage(state), (error) => port.postMessage(
    { type: "offline", version: BUILD.version, error: String(error) })));
});

async function visit({ page, full }) {
  const cache = await caches.open(CACHE);
  const paths = [...BUILD.shell];
  if (Object.hasOwn(BUILD.files, page)) paths.push(page);
  if (BUILD.calculator_pages.includes(page)) paths.push(...BUILD.calculator);
  if (full) paths.push(...BUILD.site);
  await fill(cache, paths, false);
  const held = new Set((await cache.keys()).map((request) => pathOf(request.url)));
  const complete = (group) => group.every((path) => held.has(path));
  return {
    type: "offline", version: BUILD.version, page: held.has(page),
    site: complete(BUILD.site), calculator: complete(BUILD.calculator),
  };
}
