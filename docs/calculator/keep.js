// "在本设备保存": opt-in only. Nothing is written to localStorage until the visitor ticks the
// box; then the form (and the saved scenarios) are kept under one key and filled back in on
// the next visit. Unticking or "清除" removes the key. A #data= link fills the form but never
// replaces what is kept: saving waits until the visitor chooses (keep the link's, or go back).
// What is read back is checked (version, shapes); what does not fit is dropped, never written back.
// A scenario's name (the visitor may edit it) is cleaned as scenarios.js cleans what is typed: no
// control characters, at most data-name-length characters; an empty one gets the default name.
// The key carries the site's path, like the service worker's caches: two copies of the site on
// one origin keep apart.

import { cleanName } from "./scenarios.js";

const VERSION = 1;

const isPlainObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// A kept value as this version wrote it, or {dropped: reason}. `limits`: the scenario section's
// data-max and data-name-length.
export function checkKept(value, { max, nameLength }) {
  if (!isPlainObject(value)) return { dropped: "保存的内容格式不对" };
  if (value.version !== VERSION) return { dropped: "保存的内容来自其他版本" };
  if (!isPlainObject(value.form)) return { dropped: "保存的表单格式不对" };
  const scenarios = Array.isArray(value.scenarios) ? value.scenarios : [];
  const fit = scenarios
    .filter((s) => isPlainObject(s) && isPlainObject(s.applicant) && (s.name === undefined || typeof s.name === "string"))
    .slice(0, max)
    .map((s) => ({ name: cleanName(s.name || "", nameLength), applicant: s.applicant }));
  const lost = scenarios.length - fit.length;
  return { kept: { version: VERSION, form: value.form, scenarios: fit }, lost };
}

function siteKey(base) {
  // the calculator page is <site>/calculator/: the site's path is one folder up
  return `${base}@${new URL("../", location.href).pathname}`;
}

function storage() {
  try {
    return window.localStorage; // throws where storage is blocked
  } catch {
    return null;
  }
}

export function wireKeep(box, calculator, scenarios) {
  const legacyKey = box.dataset.key;
  const key = siteKey(legacyKey);
  const check = box.querySelector('[data-testid="storage-opt-in"]');
  const clear = box.querySelector('[data-testid="storage-clear"]');
  const status = box.querySelector(".calc-keep-status");
  const store = storage();

  let lostNote = "";
  function read() {
    let text = null;
    try {
      text = store && (store.getItem(key) || store.getItem(legacyKey));
      if (!text) return null;
      const found = checkKept(JSON.parse(text), { max: scenarios.max, nameLength: scenarios.nameLength });
      if (found.dropped) status.textContent = `${found.dropped}，没有填回（本设备上的内容保持原样）。`;
      else if (found.lost) lostNote = `保存的方案中有${found.lost}个格式不对，没有填回。`;
      return found.kept || null;
    } catch {
      if (text) status.textContent = "保存的内容无法读取，没有填回（本设备上的内容保持原样）。";
      return null;
    }
  }

  // A #data= link opened while something is kept: nothing is saved until the visitor chooses.
  let paused = false;

  let restoring = null; // the kept scenarios while they are being scored again: kept as they were

  function save() {
    if (!check.checked || !store || paused) return;
    const kept = { version: VERSION, form: calculator.collect(),
      scenarios: restoring || scenarios.list.map(({ name, applicant }) => ({ name, applicant })) };
    try {
      store.setItem(key, JSON.stringify(kept));
    } catch {
      status.textContent = "无法保存：浏览器不允许本页使用本地存储。";
    }
  }

  function remove() {
    try {
      if (store) store.removeItem(key);
      if (store) store.removeItem(legacyKey);
    } catch {
      /* nothing was kept */
    }
  }

  check.addEventListener("change", () => {
    if (check.checked) {
      save();
      status.textContent = store ? "已保存在本设备上，之后的修改也会保存。" : "此浏览器不允许本页使用本地存储，无法保存。";
    } else {
      remove();
      status.textContent = "已删除本设备上保存的内容，以后不再保存。";
    }
  });
  clear.addEventListener("click", () => {
    remove();
    check.checked = false;
    status.textContent = "已清除本设备上保存的内容。";
  });

  const kept = read();
  if (kept) {
    check.checked = true;
    if (!location.hash.startsWith("#data=")) {
      calculator.fill(kept.form);
      status.textContent = `已填回上次保存在本设备上的内容。${lostNote}`;
    } else {
      paused = true;
      askAboutLink(kept);
    }
    if (Array.isArray(kept.scenarios) && kept.scenarios.length) {
      restoring = kept.scenarios;
      scenarios.restore(kept.scenarios).then(() => {
        restoring = null;
        save();
      });
    }
  }
  // Two choices, made here rather than in the page's HTML because they exist only in this case.
  function askAboutLink(mine) {
    status.textContent = "表单里现在是分享链接中的内容；你保存在本设备上的内容没有被替换，暂停保存。";
    const choices = document.createElement("p");
    choices.className = "calc-keep-choices";
    const keepLink = document.createElement("button");
    keepLink.type = "button";
    keepLink.className = "calc-button";
    keepLink.dataset.testid = "keep-link";
    keepLink.textContent = "改为保存链接中的内容";
    const backToMine = document.createElement("button");
    backToMine.type = "button";
    backToMine.className = "calc-button";
    backToMine.dataset.testid = "keep-mine";
    backToMine.textContent = "填回我保存的内容";
    choices.append(keepLink, " ", backToMine);
    status.after(choices);
    const done = (text) => {
      paused = false;
      choices.remove();
      status.textContent = text;
    };
    keepLink.addEventListener("click", () => {
      done("已改为保存链接中的内容。");
      save();
    });
    backToMine.addEventListener("click", () => {
      history.replaceState(null, "", location.pathname + location.search);
      calculator.fill(mine.form);
      done("已填回你保存在本设备上的内容。");
    });
  }

  return { save };
}
