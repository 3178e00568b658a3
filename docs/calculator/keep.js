// "在本设备保存": opt-in only. Nothing is written to localStorage until the visitor ticks the
// box; then the form (and the saved scenarios) are kept under one key and filled back in on
// the next visit. Unticking or "清除" removes the key. A #data= link wins over what is kept.

function storage() {
  try {
    return window.localStorage; // throws where storage is blocked
  } catch {
    return null;
  }
}

export function wireKeep(box, calculator, scenarios) {
  const key = box.dataset.key;
  const check = box.querySelector('[data-testid="storage-opt-in"]');
  const clear = box.querySelector('[data-testid="storage-clear"]');
  const status = box.querySelector(".calc-keep-status");
  const store = storage();

  function read() {
    try {
      const text = store && store.getItem(key);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  let restoring = null; // the kept scenarios while they are being scored again: kept as they were

  function save() {
    if (!check.checked || !store) return;
    const kept = { version: 1, form: calculator.collect(),
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
    if (!location.hash.startsWith("#data=") && kept.form) {
      calculator.fill(kept.form);
      status.textContent = "已填回上次保存在本设备上的内容。";
    }
    if (Array.isArray(kept.scenarios) && kept.scenarios.length) {
      restoring = kept.scenarios;
      scenarios.restore(kept.scenarios).then(() => {
        restoring = null;
        save();
      });
    }
  }
  return { save };
}
