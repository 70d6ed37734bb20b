/* guanxi report page, part for builds with PDF pages (graph/report.py inlines it, after report.js,
   only when an article of the data has a page, so the page of a text-only build is unchanged).
   Under each source sentence of an article of a PDF page: a small outline of the page with the
   article's boxes filled, its page number, and a link to its other part across a jump.
   Such an article has a fourth field: n page number, w x h page size and b boxes (x0, top, x1,
   bottom in points from the page's top-left), to / from the index of its other part. */
(function () {
  "use strict";

  var G = window.guanxi, DATA = G.data, SVG_NS = "http://www.w3.org/2000/svg";
  // The page's interface language (report.js): Chinese newspapers count pages as 版.
  var WORDS = {
    zh: { page: function (n) { return "第 " + n + " 版"; }, from: function (n) { return "‹ 接第 " + n + " 版"; }, to: function (n) { return "转第 " + n + " 版 ›"; }, part: "（续）" },
    en: { page: function (n) { return "page " + n; }, from: function (n) { return "‹ continued from page " + n; }, to: function (n) { return "continued on page " + n + " ›"; }, part: "(continued part)" }
  };
  function words() { return WORDS[G.lang()] || WORDS.en; }

  function el(tag, attrs, text, ns) {
    var e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function pageOutline(ai, other) {
    var art = DATA.articles[ai], w = art[3], box = el("div", { class: "where", "data-article": ai });
    var pic = el("svg", { class: "page", width: 64, height: Math.round(64 * w.h / w.w), viewBox: "0 0 " + w.w + " " + w.h,
      role: "img", "aria-label": "where the article sat on page " + w.n }, null, SVG_NS);
    pic.append(el("rect", { class: "sheet", x: 0, y: 0, width: w.w, height: w.h }, null, SVG_NS));
    w.b.forEach(function (b) {
      pic.append(el("rect", { class: "box", x: b[0], y: b[1], width: b[2] - b[0], height: b[3] - b[1] }, null, SVG_NS));
    });
    var text = el("div", { class: "wtext" });
    if (other) {  // the other part of a jump, shown in place of the cited one
      var head = el("div");
      head.append(el("b", null, art[0] || words().part), " · " + art[2]);
      text.append(head);
    }
    text.append(el("div", null, words().page(w.n === null || w.n === undefined ? "?" : w.n)));
    ["from", "to"].forEach(function (key) {
      var j = w[key], part = j === undefined ? null : DATA.articles[j];
      if (!part || !part[3]) return;
      var link = el("button", { type: "button", class: "jump" }, words()[key](part[3].n));
      link.addEventListener("click", function () { box.replaceWith(pageOutline(j, true)); });
      text.append(link);
    });
    box.append(pic, text);
    return box;
  }

  // Each source item of the details pane names its place in the entity's evidence (data-ev).
  function decorate() {
    var id = G.selected();
    if (id === null) return;
    var e = DATA.entities.find(function (x) { return x.id === id; });
    document.querySelectorAll("#details ul.prov > li").forEach(function (li) {
      var q = e.ev[Number(li.dataset.ev)];  // the details pane shows one page of the sources
      if (!q || li.querySelector(".where")) return;
      var ai = DATA.sentences[q[0]][0];
      if (DATA.articles[ai][3]) li.append(pageOutline(ai));
    });
  }
  new MutationObserver(decorate).observe(document.getElementById("details"), { childList: true, subtree: true });
  decorate();
})();
