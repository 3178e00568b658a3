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
//     (the most likely split by how often each word occurs in the index, as jieba itself
//     splits): "社保补缴" -> "社保" "补缴", "一年积分多少" -> "一年" "积分" "多少", not "年积";
//   - the words a question is asked with ("多少", "怎么", "要求" ...) are left out when the query
//     has other words: "居住证 要求" is a search for 居住证;
//   - every word is matched as a substring of the page's text (plus a few everyday synonyms),
//     and a part typed as several words scores again where it occurs exactly as typed;
//   - a page ranks by its title first, then its headings, then its body text (BM25, so a long
//     page that mentions everything does not win by length; a word on nearly every page, such
//     as 积分, counts for almost nothing), times the page's own search boost (its front matter
//     `search: boost:`, which the theme's index carries), and pages with every term first.

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
  "房产证": ["不动产权证", "房屋所有权证"],
  "个税": ["个人所得税"],
  "大专": ["专科"],
  "户口": ["户籍"],
};
// The words a question is asked with, not what it is about: left out of a query that has other
// words ("居住证 要求", "一年积分多少"), and never listed as missing under a result.
const ASKING = new Set([
  "多少", "几年", "几个", "几分", "多久", "多长时间", "什么时候", "何时", "怎么", "怎么办", "怎样", "如何",
  "什么", "哪些", "哪里", "哪个", "是否", "能否", "能不能", "可以", "可不可以", "需要", "要求", "请问",
  "一下", "有没有", "关于", "加分",
]);

let pages = [];             // [{location, title, headings, body, docs: [doc]}] in index order
let vocabulary = new Map(); // the index's Chinese words (jieba's segmentation at build time) -> how often
let vocabularySize = 1;     // all of their occurrences
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
      if (HAN.test(w)) {
        vocabulary.set(w, (vocabulary.get(w) || 0) + 1);
        vocabularySize++;
        longestWord = Math.max(longestWord, w.length);
      }
    }
    const item = {
      location: doc.location,
      boost: typeof doc.boost === "number" && doc.boost > 0 ? doc.boost : 1,
      title: plain(doc.title).replace(/\u200b/g, ""),
      text: plain(doc.text).replace(/\u200b/g, ""),
    };
    item.match = normalize(item.title + "\n" + item.text);
    if (!byPage.has(location)) byPage.set(location, { location, docs: [] });
    const page = byPage.get(location);
    if (doc.location === location) {
      page.title = item.title;
      page.boost = item.boost;
    }
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
  // the words people type that jieba did not keep whole in the index ("个税", "什么时候") are
  // words too, as likely as the index's most frequent one: a query is split around them
  const frequent = Math.max(1, ...vocabulary.values());
  for (const word of [...ASKING, ...Object.keys(SAME_AS)])
    vocabulary.set(word, Math.max(vocabulary.get(word) || 0, frequent));
}

// ---------------------------------------------------------------- the typed query -> terms
function segment(run) {
  // The most likely split into the index's words, by how often each occurs (jieba's own method,
  // on the index's vocabulary): a character that is no word of the index costs the most. Then
  // characters the index never has alone are joined again ("创业", which the index has only in
  // "创新创业"), and what is left of one character goes (one Chinese character alone matches
  // too much to help), unless nothing else is left.
  const unknown = Math.log(0.5 / vocabularySize);
  const best = [{ cost: 0, from: 0 }];
  for (let end = 1; end <= run.length; end++) {
    best[end] = { cost: -Infinity, from: end - 1 };
    for (let start = Math.max(0, end - longestWord); start < end; start++) {
      const seen = vocabulary.get(run.slice(start, end));
      if (!seen && end - start > 1) continue;
      const cost = best[start].cost + (seen ? Math.log(seen / vocabularySize) : unknown);
      if (cost > best[end].cost) best[end] = { cost, from: start };
    }
  }
  const pieces = [];
  for (let end = run.length; end > 0; end = best[end].from) pieces.unshift(run.slice(best[end].from, end));
  const words = [];
  let loose = "";
  for (const piece of [...pieces, ""]) {
    if (piece.length === 1 && !vocabulary.has(piece)) {
      loose += piece;
      continue;
    }
    if (loose) words.push(loose);
    loose = "";
    words.push(piece);
  }
  const kept = words.filter((word) => word.length > 1);
  return kept.length ? kept : [run];
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
  const about = words.filter((word) => !ASKING.has(word));
  return { words: [...new Set(about.length ? about : words)], phrases: [...new Set(phrases)] };
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
  let weight = 0;
  for (const word of words) {
    const s = termScore(page, word);
    if (s > 0) matched += idf.get(word);
    weight += idf.get(word);
    score += idf.get(word) * s;
  }
  for (const phrase of phrases) score += idf.get(phrase) * termScore(page, phrase);
  // pages with every word come first; a missing word counts by its weight (a page without
  // 加分 is not much further from "个税 加分" than one with it, a page without 个税 is)
  return page.boost * score * (matched / weight) ** 2;
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

function shown(doc, terms, score, found) {
  // found: the query's words this entry reports to the theme; one reported false is listed
  // under the result as missing ("缺少"), one reported true is highlighted on the page it opens
  const text = teaser(doc.text, terms);
  return {
    location: doc.location,
    title: mark(doc.title, terms),
    text: text ? `<p>${mark(text, terms)}</p>` : "",
    score,
    terms: found,
  };
}

function search(query) {
  const typed = queryTerms(query);
  const df = (term) => pages.filter((page) => termScore(page, term) > 0).length;
  const found = new Map([...typed.phrases, ...typed.words].map((term) => [term, df(term)]));
  // a word no page has cannot rank anything: left out, unless it is all there is
  const known = typed.words.filter((word) => found.get(word) > 0);
  const query_ = { words: known.length ? known : typed.words, phrases: typed.phrases };
  const { words, phrases } = query_;
  if (!words.length) return { items: [] };
  const terms = [...phrases, ...words];
  // BM25's weight: a word on nearly every page weighs almost nothing
  const idf = new Map(terms.map((term) => [term, Math.log(1 + (pages.length - found.get(term) + 0.5) / (found.get(term) + 0.5))]));
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
    // the page says which words it has anywhere (a word its opening lacks may be in a section);
    // a section reports only the words it has
    const onPage = Object.fromEntries(words.map((word) => [word, termScore(page, word) > 0]));
    const inSection = (doc) => Object.fromEntries(words.filter((word) => has(doc.match, word)).map((word) => [word, true]));
    return [
      shown(article.doc, words, score, onPage),
      ...sections.map((d) => shown(d.doc, words, (score * d.s) / best, inSection(d.doc))),
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
