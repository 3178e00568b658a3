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
import { toBase64Url } from "../share.js";

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
const pager = $('[data-testid="batch-pager"]');
const pageStatus = $('[data-testid="batch-page-status"]');
const onlyErrors = $('[data-testid="batch-only-errors"]');
const gapHead = $('[data-testid="batch-gap-head"]');
const cutoffNote = $('[data-testid="batch-cutoff"]');

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

const signed = (value) => `${value > 0 ? "+" : ""}${value.toFixed(2)}`;

// One applicant's row: the total, the gap to the latest known cut-off, eligibility, a link that opens
// this person in the calculator (the applicant travels in the link's #data=, as a share link does),
// then the ten items in the header's order.
function rowElement(row) {
  const tr = document.createElement("tr");
  tr.dataset.testid = "batch-row";
  tr.dataset.index = String(row.index);
  tr.append(cell(String(row.index + 1)), cell(row.name || ""));
  if (row.errors) {
    tr.dataset.error = row.errors.join("；");
    tr.className = "batch-bad";
    const td = cell("", "batch-errors");
    td.colSpan = 4;
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
    tr.dataset.gap = row.gap.toFixed(2);
    const open = cell("");
    const link = document.createElement("a");
    link.href = `../#data=${toBase64Url(JSON.stringify(row.applicant))}`;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "在计算器中打开";
    link.dataset.testid = "batch-open";
    open.append(link);
    tr.append(cell(row.total.toFixed(2), "batch-total"), cell(signed(row.gap), row.gap >= 0 ? "batch-met" : "batch-gap"),
      cell(row.eligible ? "✓ 符合" : `✗ 不符合：${row.unmet.join("、")}`, row.eligible ? "batch-met" : "batch-unmet"),
      open, ...row.points.map((points) => cell(points.toFixed(2), "batch-points")));
  }
  return tr;
}

// ---------------------------------------------------------------- pages of the table
// Every applicant has its row in the table (CONTRACT 4c), but only one page of them is shown:
// 20,000 laid-out rows held the page for seconds on every frame (issue 22), and no one reads them
// on a phone. The rest are hidden (display: none costs no layout).
const PAGE = 100;
let pageFrom = 0;
let visible = new Set(); // the rows shown now: only those that change are touched (each costs a restyle)

function shownRows() {
  const rows = [...tbody.children];
  return onlyErrors.checked ? rows.filter((tr) => tr.dataset.error !== undefined) : rows;
}

function showPage() {
  const rows = shownRows();
  if (pageFrom >= rows.length) pageFrom = Math.max(0, rows.length - PAGE);
  const next = new Set(rows.slice(pageFrom, pageFrom + PAGE));
  for (const tr of visible) if (!next.has(tr)) tr.hidden = true;
  for (const tr of next) tr.hidden = false;
  visible = next;
  const last = Math.min(rows.length, pageFrom + PAGE);
  pageStatus.textContent = rows.length === 0 ? "没有符合条件的行"
    : `第 ${pageFrom + 1}—${last} 行，共 ${rows.length} 行${onlyErrors.checked ? "（只看有错误的行）" : ""}`;
  pager.querySelector('[data-page="-1"]').disabled = pageFrom === 0;
  pager.querySelector('[data-page="1"]').disabled = last >= rows.length;
  pager.hidden = tbody.children.length <= PAGE && !onlyErrors.checked;
}

pager.addEventListener("click", (event) => {
  const step = Number(event.target.closest("button")?.dataset.page || 0);
  if (!step) return;
  pageFrom = Math.max(0, pageFrom + step * PAGE);
  showPage();
});
onlyErrors.addEventListener("change", () => {
  pageFrom = 0;
  showPage();
});

// The gap's column and the note under the table name the year and its status (CONTRACT 4b).
function showCutoff(cutoff) {
  const status = cutoff.verified ? "已核实" : `${cutoff.status}；来源：${cutoff.source}`;
  gapHead.textContent = `与${cutoff.year}年分数线${cutoff.text}分相差`;
  cutoffNote.textContent = `“相差”是总分减去${cutoff.year}年最低落户分值${cutoff.text}分（${status}）。分数线逐年上升，申报当年的分数线要到公示时才知道。`;
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
  pageFrom = 0;
  visible = new Set();
  onlyErrors.checked = false;
  showCutoff(answer.cutoff);
  setStatus(`已读取“${fileName}”（${root.dataset.encoding}），正在列出结果…`);
  appendRows(id, answer.rows, 0, () => {
    // every row is in the table: the time and data-result say so (the tests and the benchmark wait for it)
    const ms = performance.now() - sentAt;
    const bad = answer.rows.filter((row) => row.errors).length;
    showPage();
    summary.textContent = `共 ${answer.rows.length} 位：${answer.rows.length - bad} 位已计算` +
      (bad ? `，${bad} 位有错误（见标红的行）` : "") + `。用时 ${(ms / 1000).toFixed(1)} 秒。`;
    setStatus(`已读取“${fileName}”（${root.dataset.encoding}）。`);
    root.dataset.ms = String(Math.round(ms));
    root.dataset.result = String(id);
  });
}

// The table's rows a frame at a time, each frame's work bounded by time (a slow phone makes fewer
// rows a frame): 20,000 rows at once held the page for seconds (issue 22).
const FRAME_BUDGET_MS = 12;
function appendRows(id, rows, from, done) {
  if (id !== requestId) return; // a newer file replaced this one
  const fragment = document.createDocumentFragment();
  const start = performance.now();
  let next = from;
  while (next < rows.length && (next === from || performance.now() - start < FRAME_BUDGET_MS)) {
    const tr = rowElement(rows[next]);
    tr.hidden = next >= PAGE; // the first page shows as soon as it is in
    if (!tr.hidden) visible.add(tr);
    fragment.append(tr);
    next += 1;
  }
  tbody.append(fragment);
  if (next < rows.length) requestAnimationFrame(() => appendRows(id, rows, next, done));
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
    setStatus(`${root.dataset.engineDownload}…可以先选择文件。`); // the build's words, with the size
  }
  engine.connect();
};
for (const type of ["focus", "pointerdown", "dragenter"]) fileInput.addEventListener(type, startEngine, { once: true });
