// The batch page (CONTRACT 4c): a CSV or JSON file read in the browser, every row scored by the
// calculator's own engine worker (../engine-worker.js, request type "batch", through the one
// client, ../engine-client.js), one table row per applicant, and the results as a CSV to
// download. The file never leaves the device: it is read here, sent to the worker (a thread of
// this page) and nowhere else. The engine starts when the visitor shows intent (the file input
// focused or a file chosen), not on load: the page itself paints first, and a visit to read the
// instructions costs no download.
//
// Reading the table (column names, cell values, defaults) is the engine's job
// (calculator/batch.py); this script only decodes the bytes and shows the answer.

import { EngineClient } from "../engine-client.js";

const root = document.querySelector('[data-testid="batch"]');
const $ = (selector) => root.querySelector(selector);
const fileInput = $('[data-testid="batch-file"]');
const statusEl = $('[data-testid="batch-status"]');
const fileError = $('[data-testid="batch-file-error"]');
const output = $(".batch-output");
const summary = $('[data-testid="batch-summary"]');
const tbody = $(".batch-table tbody");
const downloadButton = $('[data-testid="batch-download"]');
const cancelButton = $('[data-testid="batch-cancel"]');

// CONTRACT 4e: no deadline while the engine loads; a file's answer is waited for this long at most.
const ANSWER_TIMEOUT_MS = 120000;
let requestId = 0;
let sentAt = 0;
let fileName = "";
let resultCsv = "";

function setStatus(text) {
  statusEl.textContent = text;
}

// ---------------------------------------------------------------- bytes -> text
// Excel on a Chinese Windows saves "CSV" in GBK; elsewhere UTF-8, with or without a BOM; its
// "Unicode 文本" is UTF-16 with a BOM. Text that is not valid UTF-8 is read as GBK (TextDecoder
// drops a BOM itself). A workbook (.xlsx, a zip) or another binary file is named, not shown.
function decode(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { error: "这是Excel工作簿（.xlsx）或其他压缩文件，不是CSV：请在Excel中点“文件—另存为”，选择“CSV UTF-8（逗号分隔）”后再选择该文件。" };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    const text = new TextDecoder(encoding).decode(bytes);
    // "Unicode 文本" separates cells with tabs: read as the CSV it stands for
    return { text: text.includes(",") ? text : text.replace(/\t/g, ","), encoding: "UTF-16" };
  }
  if (bytes.subarray(0, 4096).includes(0)) {
    return { error: "这个文件不是文本格式（含有二进制内容）：请在Excel中另存为“CSV UTF-8（逗号分隔）”后再选择。" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("gbk").decode(bytes), encoding: "GBK" };
  }
}

// A file read as GBK whose column names are not recognised: most likely mixed or another encoding.
const GBK_HINT = "（文件按GBK编码读取。如果列名显示为乱码，请在Excel中另存为“CSV UTF-8（逗号分隔）”后重新选择。）";

function kindOf(name, text) {
  return /\.json$/i.test(name) || /^\s*\[/.test(text) ? "json" : "csv";
}

// ---------------------------------------------------------------- the answer
function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function rowElement(row) {
  const tr = document.createElement("tr");
  tr.dataset.testid = "batch-row";
  tr.dataset.index = String(row.index);
  tr.append(cell(String(row.index + 1)), cell(row.name || ""));
  if (row.errors) {
    tr.dataset.error = row.errors.join("；");
    tr.className = "batch-bad";
    const td = cell("", "batch-errors");
    td.colSpan = 2;
    const list = document.createElement("ul");
    for (const message of row.errors) {
      const li = document.createElement("li");
      li.textContent = message;
      list.append(li);
    }
    td.append(list);
    tr.append(td);
  } else {
    tr.dataset.total = String(row.total);
    tr.dataset.eligible = String(row.eligible);
    tr.append(cell(row.total.toFixed(2), "batch-total"),
      cell(row.eligible ? "✓ 符合" : `✗ 不符合：${row.unmet.join("、")}`, row.eligible ? "batch-met" : "batch-unmet"));
  }
  return tr;
}

function showAnswer(id, answer) {
  if (id !== requestId) return; // a newer file was chosen meanwhile
  root.dataset.busy = "false";
  root.dataset.engineMs = String(Math.round(answer.ms || 0));
  tbody.replaceChildren();
  if (!answer.ok) {
    output.hidden = true;
    const lines = answer.errors.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
    if (root.dataset.encoding === "GBK" && lines.some((line) => line.includes("不是可识别的列名"))) lines.push(GBK_HINT);
    fileError.replaceChildren(...lines.map((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      return p;
    }));
    fileError.hidden = false;
    setStatus(`文件“${fileName}”无法读取，请按提示修改后重新选择。`);
    root.dataset.result = String(id);
    return;
  }
  resultCsv = answer.csv;
  output.hidden = false;
  setStatus(`已读取“${fileName}”（${root.dataset.encoding}），正在列出结果…`);
  appendRows(id, answer.rows, 0, () => {
    // every row is in the table: the time and data-result say so (the tests and the benchmark wait for it)
    const ms = performance.now() - sentAt;
    const bad = answer.rows.filter((row) => row.errors).length;
    summary.textContent = `共 ${answer.rows.length} 位：${answer.rows.length - bad} 位已计算` +
      (bad ? `，${bad} 位有错误（见标红的行）` : "") + `。用时 ${(ms / 1000).toFixed(1)} 秒。`;
    setStatus(`已读取“${fileName}”（${root.dataset.encoding}）。`);
    root.dataset.ms = String(Math.round(ms));
    root.dataset.result = String(id);
  });
}

// The table's rows in slices, one per frame: 20,000 rows at once held the page for seconds (issue 22).
const SLICE = 400;
function appendRows(id, rows, from, done) {
  if (id !== requestId) return; // a newer file replaced this one
  const fragment = document.createDocumentFragment();
  for (const row of rows.slice(from, from + SLICE)) fragment.append(rowElement(row));
  tbody.append(fragment);
  if (from + SLICE < rows.length) requestAnimationFrame(() => appendRows(id, rows, from + SLICE, done));
  else done();
}

// ---------------------------------------------------------------- the file
async function readFile(file) {
  startEngine();
  fileError.hidden = true;
  fileName = file.name;
  const { text, encoding, error } = decode(await file.arrayBuffer());
  if (error) {
    requestId += 1; // an answer still on its way for an earlier file is no longer shown
    output.hidden = true;
    tbody.replaceChildren();
    const p = document.createElement("p");
    p.textContent = error;
    fileError.replaceChildren(p);
    fileError.hidden = false;
    setStatus(`文件“${file.name}”无法读取，请按提示处理后重新选择。`);
    root.dataset.result = String(requestId);
    return;
  }
  const kind = kindOf(file.name, text);
  requestId += 1;
  sentAt = performance.now();
  root.dataset.busy = "true";
  root.dataset.encoding = encoding;
  setStatus(root.dataset.state === "ready" ? `正在计算“${file.name}”（${encoding}）…`
    : `已读取“${file.name}”（${encoding}），计算引擎加载完成后立即计算…`);
  const id = requestId;
  cancelButton.hidden = false;
  const answer = await engine.request("batch", { text, kind }, { lane: "file", timeoutMs: engine.isReady ? ANSWER_TIMEOUT_MS : 0 });
  cancelButton.hidden = true;
  if (answer.failure === "superseded" || answer.failure === "cancelled") return;
  showAnswer(id, answer);
}

fileInput.addEventListener("change", async () => {
  const file = fileInput.files && fileInput.files[0];
  if (!file) return;
  await readFile(file);
  // Emptied, so that choosing the same file again (corrected in Excel) reads it again; its name
  // stays in the status line.
  fileInput.value = "";
});

// 取消: Python cannot be interrupted inside the worker: the worker is ended and a new one started.
cancelButton.addEventListener("click", () => {
  requestId += 1;
  root.dataset.busy = "false";
  cancelButton.hidden = true;
  engine.cancelAll("已取消");
  setStatus(`已取消“${fileName}”的计算。可以重新选择文件。`);
  root.dataset.result = String(requestId);
});

downloadButton.addEventListener("click", () => {
  // the engine's CSV starts with a BOM: Excel then reads it as UTF-8
  const url = URL.createObjectURL(new Blob([resultCsv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `积分计算结果-${fileName.replace(/\.[^.]*$/, "")}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});

// ---------------------------------------------------------------- the engine worker
function fail(message) {
  if (root.dataset.state === "error") return;
  root.dataset.state = "error";
  setStatus(`计算引擎无法加载：${message}`);
}

const engine = new EngineClient(() => new Worker(new URL("../engine-worker.js", import.meta.url), { type: "module" }));
engine.on("ready", () => {
  root.dataset.state = "ready";
  performance.mark("batch-engine-ready");
  if (root.dataset.busy === "true") setStatus(`正在计算“${fileName}”…`);
  else setStatus("计算引擎已就绪（在你的设备上运行）。请选择文件。");
}).on("error", (message) => fail(message.message || "计算引擎的脚本出错或无法下载。"))
  .on("restart", (message) => {
    root.dataset.state = "loading"; // a fresh worker: ready again shortly
    if (!message.cancelled) setStatus("计算引擎出错，正在重新启动…");
  });

// Intent: the file input focused (keyboard), pressed (pointer) or a file dropped on it.
const startEngine = () => {
  if (root.dataset.state === "idle") {
    root.dataset.state = "loading";
    setStatus("正在加载计算引擎（首次约 3.5 MB，之后由浏览器缓存）…可以先选择文件。");
  }
  engine.connect();
};
for (const type of ["focus", "pointerdown", "dragenter"]) fileInput.addEventListener(type, startEngine, { once: true });
