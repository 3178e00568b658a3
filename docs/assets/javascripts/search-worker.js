// The site's search, in place of the theme's lunr worker (overrides/main.html points the theme's
// "search" setting here). It speaks the theme's worker protocol, so the theme's own search box and
// result list are unchanged:
//   page -> worker  {type: 0, data: {config, docs, options}}   setup, with search/search_index.json
//   worker -> page  {type: 1}                                  ready
//   page -> worker  {type: 2, data: "typed text"}              query
//   worker -> page  {type: 3, data: {items: [[doc, …], …]}}    one list per page, best page first
//
// Why not the theme's worker: the index is segmented by jieba at build time (words separated by
// zero-width spaces) but a typed query was matched as whole tokens with a trailing wildcard, so
// "45周岁" (indexed as "45" "周岁") found nothing and a long page that mentions a word often
// outranked the page about it. Here:
//   - a query is split the way the index is: on the index's own separator, then into runs of
//     Chinese and of anything else, and a Chinese run into the words jieba produced for the index
//     (longest match first, against the index's vocabulary): "社保补缴" -> "社保" "补缴";
//   - every word is matched as a substring of the page's text (plus a few everyday synonyms),
//     and a part typed as several words scores again where it occurs exactly as typed;
//   - a page ranks by its title first, then its headings, then its body text (BM25, so a long
//     page that mentions everything does not win by length), and pages with every term first.

"use strict";

const TITLE_WEIGHT = 6;     // a term in the page title
const HEADING_WEIGHT = 3;   // a term in one of its headings
const K1 = 1.2;             // BM25 for the body text
const B = 0.75;
const TEASER = 60;          // characters of context either side of the first match
const HAN = /\p{Script=Han}/u;
// What people type -> how the pages say it (a typed word also matches these).
const SAME_AS = {
  "社保": ["社会保险"],
  "租房": ["租赁"],
  "房本": ["不动产权证", "房屋所有权证"],
  "个税": ["个人所得税"],
  "大专": ["专科"],
  "户口": ["户籍"],
};

let pages = [];             // [{location, title, headings, body, docs: [doc]}] in index order
let vocabulary = new Set(); // the index's Chinese words (jieba's segmentation at build time)
let longestWord = 1;
let separator = /[\s\u200b]+/;
let averageLength = 1;

// ---------------------------------------------------------------- text
const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&nbsp;": " " };

function plain(html) {
  return html.replace(/<[^>]*>/g, " ")
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity])
    .replace(/\s+/g, " ")
    .trim();
}

function normalize(text) {
  // full-width letters and digits as ASCII ("４５" -> "45"), lower case; one character for one,
  // so that positions in the folded text are positions in the text (for <mark>)
  let out = "";
  for (const c of text) {
    const folded = c.normalize("NFKC").toLowerCase();
    out += folded.length === c.length ? folded : c;
  }
  return out;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
}

function variants(term) {
  return [term, ...(SAME_AS[term] || [])];
}

function has(haystack, term) {
  return variants(term).some((v) => haystack.includes(v));
}

function count(haystack, term) {
  let n = 0;
  for (const needle of variants(term))
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

// ---------------------------------------------------------------- setup
function setup({ config, docs }) {
  separator = new RegExp(config.separator);
  const byPage = new Map();
  for (const doc of docs) {
    const [location] = doc.location.split("#");
    const words = (doc.title + " " + plain(doc.text)).split(separator);
    for (const word of words) {
      const w = normalize(word);
      if (w.length > 1 && HAN.test(w)) {
        vocabulary.add(w);
        longestWord = Math.max(longestWord, w.length);
      }
    }
    const item = {
      location: doc.location,
      title: plain(doc.title).replace(/\u200b/g, ""),
      text: plain(doc.text).replace(/\u200b/g, ""),
    };
    item.match = normalize(item.title + "\n" + item.text);
    if (!byPage.has(location)) byPage.set(location, { location, docs: [] });
    const page = byPage.get(location);
    if (doc.location === location) page.title = item.title;
    page.docs.push(item);
  }
  pages = [...byPage.values()].filter((page) => page.title !== undefined);
  for (const page of pages) {
    // "7. 年龄" is about 年龄: the numbering does not count towards how much of the title a term is
    page.titleMatch = normalize(page.title.replace(/^\d+\.\s*/, ""));
    page.headings = page.docs.filter((d) => d.location !== page.location).map((d) => normalize(d.title));
    page.body = normalize(page.docs.map((d) => d.text).join("\n"));
  }
  averageLength = pages.reduce((sum, page) => sum + page.body.length, 0) / Math.max(1, pages.length);
}

// ---------------------------------------------------------------- the typed query -> terms
function segment(run) {
  // Longest match first against the index's words; a character no word starts with is left out
  // (one Chinese character alone matches too much to help), unless nothing else is left.
  const words = [];
  for (let i = 0; i < run.length;) {
    let length = Math.min(longestWord, run.length - i);
    while (length > 1 && !vocabulary.has(run.slice(i, i + length))) length--;
    if (length > 1) words.push(run.slice(i, i + length));
    i += length;
  }
  return words.length ? words : [run];
}

function queryTerms(query) {
  // -> {words: the words every page is scored on, phrases: parts typed as more than one word,
  //     which score again where they occur exactly as typed}
  const words = [];
  const phrases = [];
  for (const part of normalize(query).split(separator)) {
    if (!part) continue;
    // runs of Chinese and of anything else ("45周岁" -> "45" "周岁")
    const pieces = part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu).flatMap((run) => (HAN.test(run) ? segment(run) : [run]));
    words.push(...pieces);
    if (pieces.length > 1) phrases.push(part);
  }
  return { words: [...new Set(words)], phrases: [...new Set(phrases)] };
}

// ---------------------------------------------------------------- ranking
function share(term, text) {
  // a term that is the whole title counts fully; one word in a long title about half
  return 0.5 + 0.5 * Math.min(1, term.length / Math.max(1, text.length));
}

function bm25(tf, length) {
  return tf ? (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength)) : 0;
}

function termScore(page, term) {
  let s = 0;
  if (has(page.titleMatch, term)) s += TITLE_WEIGHT * share(term, page.titleMatch);
  const headings = page.headings.filter((h) => has(h, term));
  if (headings.length) s += HEADING_WEIGHT * Math.max(...headings.map((h) => share(term, h)));
  return s + bm25(count(page.body, term), page.body.length);
}

function scorePage(page, { words, phrases }, idf) {
  let score = 0;
  let matched = 0;
  for (const word of words) {
    const s = termScore(page, word);
    if (s > 0) matched++;
    score += idf.get(word) * s;
  }
  for (const phrase of phrases) score += idf.get(phrase) * termScore(page, phrase);
  // pages with every word come first
  return score * (matched / words.length) ** 2;
}

function scoreDoc(doc, terms, idf) {
  let score = 0;
  for (const term of terms) {
    const title = normalize(doc.title);
    if (has(title, term)) score += idf.get(term) * TITLE_WEIGHT * share(term, title);
    score += idf.get(term) * bm25(count(doc.match, term), doc.text.length);
  }
  return score;
}

// ---------------------------------------------------------------- what the theme shows
function mark(text, terms) {
  // <mark> every occurrence of a term or its variants
  const lower = normalize(text);
  const marks = new Array(text.length).fill(false);
  for (const needle of terms.flatMap(variants))
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1))
      marks.fill(true, at, at + needle.length);
  let out = "";
  for (let i = 0; i < text.length;) {
    let j = i;
    while (j < text.length && marks[j] === marks[i]) j++;
    const piece = escapeHtml(text.slice(i, j));
    out += marks[i] ? `<mark>${piece}</mark>` : piece;
    i = j;
  }
  return out;
}

function teaser(text, terms) {
  const lower = normalize(text);
  const first = Math.min(...terms.flatMap(variants).map((t) => lower.indexOf(t)).filter((at) => at >= 0));
  if (!Number.isFinite(first)) return text.length > 2 * TEASER ? text.slice(0, 2 * TEASER) + "…" : text;
  const start = Math.max(0, first - TEASER);
  const end = Math.min(text.length, first + 2 * TEASER);
  return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
}

function shown(doc, terms, score) {
  const text = teaser(doc.text, terms);
  const found = {};
  for (const term of terms) found[term] = has(doc.match, term);
  return {
    location: doc.location,
    title: mark(doc.title, terms),
    text: text ? `<p>${mark(text, terms)}</p>` : "",
    score,
    terms: found,
  };
}

function search(query) {
  const query_ = queryTerms(query);
  const { words, phrases } = query_;
  if (!words.length) return { items: [] };
  const terms = [...phrases, ...words];
  const idf = new Map(terms.map((term) => {
    const df = pages.filter((page) => termScore(page, term) > 0).length;
    return [term, Math.log(1 + pages.length / Math.max(1, df))];
  }));
  const ranked = pages
    .map((page, order) => ({ page, order, score: scorePage(page, query_, idf) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const items = ranked.map(({ page, score }) => {
    // the page, then its sections that match; the best of them scores as the page does,
    // so the theme shows it open and folds the others under "more"
    const docs = page.docs.map((doc) => ({ doc, s: scoreDoc(doc, terms, idf) }));
    const best = Math.max(...docs.map((d) => d.s)) || 1;
    const article = docs.find((d) => d.doc.location === page.location);
    const sections = docs.filter((d) => d !== article && d.s > 0).sort((a, b) => b.s - a.s);
    return [
      shown(article.doc, words, score),
      ...sections.map((d) => shown(d.doc, words, (score * d.s) / best)),
    ];
  });
  return { items };
}

// ---------------------------------------------------------------- the theme's protocol
self.addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === 0) {
    setup(message.data);
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    let data;
    try {
      data = search(message.data);
    } catch (error) {
      console.warn("search failed", error);
      data = { items: [] };
    }
    self.postMessage({ type: 3, data });
  }
});
