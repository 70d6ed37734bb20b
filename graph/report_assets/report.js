/* guanxi report page: reads the JSON embedded by graph/report.py and draws summary, tables, timeline,
   network (sigma.js + graphology from the vendored bundle) and provenance. No network access. */
(function () {
  "use strict";

  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById("guanxi-data").textContent);
  var T_PARSE = performance.now() - T0;
  var V = window.GuanxiVendor;
  var LABELS = DATA.meta.labels; // ["Person", "Organization", "Place", "Event"]
  var COLORS = ["#2563eb", "#d97706", "#059669", "#7c3aed"];
  var LABEL_ZH = ["人物", "机构", "地点", "事件"];
  var BITS = DATA.meta.edge_bits;
  var ROLE_BITS = 0;
  Object.keys(BITS).forEach(function (k) { if (k !== "CO_OCCURS") ROLE_BITS |= BITS[k]; });
  var FONT = getComputedStyle(document.body).fontFamily;
  var PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#9333ea", "#ea580c", "#0d9488", "#4f46e5"];

  // ---------- interface language: Chinese by default, English one click away (kept in localStorage) ----------
  var I18N = {
    zh: {
      switch: "English", from: "起始日期", to: "截止日期", localonly: "仅本地人物",
      filterhelp: "日期范围与“仅本地人物”同时筛选表格和关系网络。本地人物：在本地（报纸所在市、县）机构任职者（数据尚无“在场”类型时的替代标准）。",
      tabnetwork: "关系网络", tabofficials: "官员", tabevents: "事件", search: "搜索姓名、机构、地点…",
      tie: "关系", minweight: "最小权重", roles: "角色边", top: "显示前", nodes: "个节点", colour: "着色",
      bytype: "按类型", bycommunity: "按社群", png: "导出 PNG", csv: "导出 CSV",
      pfilter: "按姓名、职务或机构筛选…", officials: "官员", journalists: "记者", others: "其他", allpersons: "全部人物",
      hname: "姓名", htitle: "原文职务", hcanonical: "规范职务", horg: "机构", hfirst: "首次出现", hlast: "最后出现",
      hevents: "事件", harticles: "文章", efilter: "按标题、主办方、地点或参与者筛选…", alltypes: "全部类型",
      empty: "在关系网络、表格或时间线中选择人物、机构、地点或事件，查看提到它的文章。",
      footer: "由 guanxi 生成。图形绘制：sigma.js 与 graphology（MIT），已内嵌于本文件，可离线使用。",
      CO_OCCURS: "同文提及", CO_ATTENDED: "共同出席", SERVED_WITH: "同单位任职",
      articles: "文章", inputs: "输入", persons: "人物", organizations: "机构", places: "地点", events: "事件",
      daterange: "日期范围", rejected: "被拒输入", withouthome: "无法确定所在地的版面",
      fromPages: "来自 {0} 个版面", readInputs: "读取的文件或记录", personsSub: "官员 {0} · 记者 {1} · 其他 {2}",
      toDate: "至 {0}", seeBelow: "见下方列表", allRead: "所有输入均已读取",
      withouthomeSub: "其中的“市委”“县委”未加限定；文件见 report.json（without_home）",
      nodates: "无日期", articlesRange: "{0} 篇文章 · {1}", rejectedList: "{0} 个输入被拒（路径、行、原因）",
      firstShown: "仅显示前 {0} 条；完整列表见 report.json。",
      canonical: "规范名称", officialName: "正式名称", code: "区划代码", level: "级别", parent: "上级",
      connections: "连接数", network: "网络", notInNetwork: "不在度数最高的 {0} 个节点之中",
      posts: "职务", career: "履历", succession: "历任", decisions: "决定",
      by_appointment: "任命", by_first_seen: "首次见报", by_removal: "免职", by_last_seen: "最后见报",
      act_appointed: "任命", act_removed: "免去", act_resigned: "辞去", act_proposed: "提名", act_elected: "当选",
      event: "事件", date: "日期", type: "类型", organizers: "主办方", placesL: "地点", participants: "参与者",
      strongest: "最强连接", sources: "来源", sourcesOf: "来源（{0} 篇文章中的 {1}–{2}）", sourcesPart: "来源（{0} / {1} 篇文章）",
      nosentence: "没有为该实体保留句子。", fulltext: "全文", hidetext: "收起全文",
      notext: "本页未嵌入该文章全文（超出页面大小限制），全文见 extractions.jsonl。",
      prev: "‹ 上一页", next: "下一页 ›", pageOf: "第 {0} / {1} 页",
      nomatchP: "没有符合条件的人物。", nomatchE: "没有符合条件的事件。",
      countP: "{0} / {1} 位人物", countE: "{0} / {1} 个事件", organizersL: "主办方：", placesL2: "地点：",
      untitled: "（无标题）", undated: "无日期",
      note: "显示度数最高的 {0} 个节点（共 {1} 个人物、机构、地点和事件；本页内含 {2} 个：可将“显示前”调高至 {2}），及其 {4} 条连接中最强的 {3} 条。无连接的节点已隐藏。拖动平移，滚轮缩放，点击节点查看来源。",
      slow: " 超过 2,000 个节点的视图在没有显卡时需要较长时间布局。",
      status: "{0} 个节点 · {1} 条边", layingOut: " · 布局中 {0}%", edgesLater: "（布局完成后绘制边）",
      raiseTop: "{0} 是度数排名第 {1} 的节点：调高“显示前”以显示。", noName: "没有包含“{0}”的名称。",
      communities: " · {0} 个社群", nowebgl: "关系网络需要 WebGL，本浏览器未提供（{0}）。表格、时间线和来源仍可使用。",
      mergeTitle: "合并人物（已选 {0} 位）", keep: "保留为", mergeNeedTwo: "再选择至少一位人物（官员表中的复选框，或人物详情中的“加入合并”）即可写出合并行。",
      copy: "复制", copied: "已复制", copyFailed: "无法自动复制：请选中上面的行手动复制。", clear: "清空", header: "含表头（新建文件时）",
      fixesHelp: "把这些行粘贴到修正文件（CSV），再用 guanxi build … --corrections 修正文件 重建：每次重建都会应用（见 docs/corrections.md）。",
      pick: "加入合并", unpick: "移出合并", fix: "修正（写出修正文件的一行）", op_drop: "删除（误识别的人物）", op_rename: "改名",
      op_split_date: "按日期拆分", op_split_post: "按职务拆分", op_post: "修正职务", newName: "新姓名", fromDate: "自该日起为另一人",
      postL: "职务", newTitle: "改为（留空则删除该职务）", needValue: "请填写：{0}", nohome: "无所在地",
      noKey: "修正文件无法指明此人物：它是同名同地人物因职务冲突拆出的第二位（见 docs/corrections.md）。请对同名的另一位人物使用“按职务拆分”。",
      byIdNote: "此人物以节点 id 指明（记者，或由拆分产生的人物），不能参与合并。"
    },
    en: {
      switch: "中文", from: "From", to: "To", localonly: "Local only",
      filterhelp: "The date range and “Local only” filter the tables and the network. Local: holds a post in a body of the paper's home city or county (the stand-in while the data has no “present” mention type).",
      tabnetwork: "Network", tabofficials: "Officials", tabevents: "Events", search: "Search a name…",
      tie: "Ties", minweight: "Min weight", roles: "role edges", top: "Top", nodes: "nodes", colour: "Colour",
      bytype: "by type", bycommunity: "by community", png: "Export PNG", csv: "Export CSV",
      pfilter: "Filter by name, title or organization…", officials: "Officials", journalists: "Journalists", others: "Others", allpersons: "All persons",
      hname: "Name", htitle: "Title as printed", hcanonical: "Canonical post", horg: "Organization", hfirst: "First seen", hlast: "Last seen",
      hevents: "Events", harticles: "Articles", efilter: "Filter by title, organizer, place or participant…", alltypes: "All types",
      empty: "Select a person, organization, place or event — in the network, a table or the timeline — to see the articles that mention it.",
      footer: "Written by guanxi. Graph drawing: sigma.js and graphology (MIT), bundled in this file. Works offline.",
      CO_OCCURS: "co-mention", CO_ATTENDED: "co-attendance", SERVED_WITH: "shared service",
      articles: "Articles", inputs: "Inputs", persons: "Persons", organizations: "Organizations", places: "Places", events: "Events",
      daterange: "Date range", rejected: "Rejected inputs", withouthome: "Pages without a home",
      fromPages: "from {0} pages", readInputs: "files or records read", personsSub: "{0} officials · {1} journalists · {2} others",
      toDate: "to {0}", seeBelow: "see the list below", allRead: "every input was read",
      withouthomeSub: "their bare 市委/县委 stay unqualified; files in report.json (without_home)",
      nodates: "no dates", articlesRange: "{0} articles · {1}", rejectedList: "{0} input(s) rejected (path, line, reason)",
      firstShown: "First {0} shown; all are in report.json.",
      canonical: "Canonical", officialName: "Official name", code: "Division code", level: "Level", parent: "Parent",
      connections: "Connections", network: "Network", notInNetwork: "not among the {0} nodes of highest degree",
      posts: "Posts", career: "Career", succession: "Succession", decisions: "Decisions",
      by_appointment: "appointment", by_first_seen: "first seen", by_removal: "removal", by_last_seen: "last seen",
      act_appointed: "appointed", act_removed: "removed", act_resigned: "resigned", act_proposed: "proposed", act_elected: "elected",
      event: "Event", date: "Date", type: "Type", organizers: "Organizers", placesL: "Places", participants: "Participants",
      strongest: "Strongest connections", sources: "Sources", sourcesOf: "Sources ({1}–{2} of {0} articles)", sourcesPart: "Sources ({0} of {1} articles)",
      nosentence: "No sentence was kept for this entity.", fulltext: "Full text", hidetext: "Hide full text",
      notext: "This article's full text is not in this page (beyond its size bound): see extractions.jsonl.",
      prev: "‹ Prev", next: "Next ›", pageOf: "page {0} of {1}",
      nomatchP: "No person matches.", nomatchE: "No event matches.",
      countP: "{0} of {1} persons", countE: "{0} of {1} events", organizersL: "Organizers: ", placesL2: "Places: ",
      untitled: "(untitled)", undated: "undated",
      note: "Showing the {0} nodes of highest degree out of {1} persons, organizations, places and events ({2} are held in this page: raise “Top” up to {2}), with the {3} strongest of their {4} links. Nodes without a link are hidden. Drag to pan, scroll to zoom, click a node for its sources.",
      slow: " Views of more than 2,000 nodes take a while to settle without a graphics card.",
      status: "{0} nodes · {1} edges", layingOut: " · laying out {0}%", edgesLater: " (edges drawn when done)",
      raiseTop: "{0} is node {1} by degree: raise Top to show it.", noName: "No name contains “{0}”.",
      communities: " · {0} communities", nowebgl: "The network view needs WebGL, which this browser did not provide ({0}). The tables, the timeline and the sources still work.",
      mergeTitle: "Merge persons ({0} chosen)", keep: "Keep", mergeNeedTwo: "Choose at least one more person (the boxes in the officials table, or “Add to merge” in a person's panel) to get the merge lines.",
      copy: "Copy", copied: "Copied", copyFailed: "Could not copy: select the lines above and copy them by hand.", clear: "Clear", header: "with header (a new file)",
      fixesHelp: "Paste these lines into a corrections file (CSV) and rebuild with guanxi build … --corrections FILE: every rebuild applies them (see docs/corrections.md).",
      pick: "Add to merge", unpick: "Remove from merge", fix: "Correct (a line for a corrections file)", op_drop: "drop (a false person)", op_rename: "rename",
      op_split_date: "split by date", op_split_post: "split by post", op_post: "fix a post", newName: "New name", fromDate: "Another person from",
      postL: "Post", newTitle: "becomes (empty: remove the post)", needValue: "Fill in: {0}", nohome: "no home",
      noKey: "A corrections file cannot name this person: it is the second person of its name and home, split off by conflicting posts (see docs/corrections.md). Split the other person of the name by post instead.",
      byIdNote: "This person is named by its node id (a journalist, or a person a split made): it cannot be merged."
    }
  };
  var LANG_KEY = "guanxi.lang";
  function storedLang() { try { return localStorage.getItem(LANG_KEY); } catch (err) { return null; } }
  var lang = storedLang() === "en" ? "en" : "zh";
  function t(key) {
    var s = I18N[lang][key];
    if (s === undefined) s = I18N.en[key] !== undefined ? I18N.en[key] : key;
    for (var i = 1; i < arguments.length; i++) s = s.split("{" + (i - 1) + "}").join(arguments[i]);
    return s;
  }
  function labelName(l) { return lang === "zh" ? LABEL_ZH[l] : LABELS[l]; }
  function applyStatic() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach(function (el) { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-ph]").forEach(function (el) { el.placeholder = t(el.dataset.i18nPh); });
  }
  applyStatic();
  var collator = new Intl.Collator("zh-Hans-CN");
  var ents = DATA.entities;

  // ---------- tiny DOM helper ----------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") el.textContent = v;
        else if (k === "class") el.className = v;
        else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? "" : v);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) el.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
      else el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return el;
  }
  function $(id) { return document.getElementById(id); }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function entLink(idx, text) {
    return h("button", { class: "ent", type: "button", onclick: function () { select(idx, { focus: true }); } }, text || ents[idx].n);
  }

  // ---------- indexes ----------
  var personOf = {}; DATA.persons.forEach(function (p) { personOf[p[0]] = p; });
  var eventOf = {}; DATA.events.forEach(function (e) { eventOf[e[0]] = e; });
  var rankOf = {}; DATA.graph.nodes.forEach(function (idx, r) { rankOf[idx] = r; });
  var adj = {};
  DATA.graph.edges.forEach(function (e) {
    var a = DATA.graph.nodes[e[0]], b = DATA.graph.nodes[e[1]];
    (adj[a] = adj[a] || []).push([b, e[2], e[3]]);
    (adj[b] = adj[b] || []).push([a, e[2], e[3]]);
  });

  // ---------- summary ----------
  var S = DATA.summary;
  function card(k, v, s, cls) {
    return h("div", { class: "card" + (cls ? " " + cls : "") }, h("div", { class: "k", text: k }), h("div", { class: "v", text: v }), s ? h("div", { class: "s", text: s }) : null);
  }
  function renderSummary() {
    var range = S.date_first ? (S.date_first === S.date_last ? S.date_first : S.date_first + " – " + S.date_last) : t("nodates");
    $("summary").textContent = "";
    $("summary").append(
      card(t("articles"), fmt(S.articles), t("fromPages", fmt(S.pages))),
      card(t("inputs"), fmt(S.inputs), t("readInputs")),
      card(t("persons"), fmt(S.persons), t("personsSub", fmt(S.officials), fmt(S.journalists), fmt(S.others))),
      card(t("organizations"), fmt(S.organizations)),
      card(t("places"), fmt(S.places)),
      card(t("events"), fmt(S.events)),
      card(t("daterange"), S.date_first || "—", S.date_last && S.date_last !== S.date_first ? t("toDate", S.date_last) : null),
      card(t("rejected"), fmt(S.rejected), S.rejected ? t("seeBelow") : t("allRead"), S.rejected ? "warn" : "")
    );
    if (S.without_home) $("summary").append(card(t("withouthome"), fmt(S.without_home), t("withouthomeSub"), "warn"));
    $("range").textContent = t("articlesRange", fmt(S.articles), range);
    if (DATA.problems.length) {
      var box = $("problems");
      box.hidden = false;
      box.textContent = "";
      box.append(h("details", { open: DATA.problems.length <= 10 },
        h("summary", { text: t("rejectedList", fmt(S.rejected)) }),
        h("ul", null, DATA.problems.map(function (p) {
          return h("li", null, h("code", { text: p[0] + (p[1] !== null && p[1] !== undefined ? ":" + p[1] : "") }), " — " + p[2]);
        })),
        S.rejected > DATA.problems.length ? h("div", { class: "muted", text: t("firstShown", DATA.problems.length) }) : null
      ));
    }
  }
  renderSummary();

  // ---------- tabs ----------
  var tabs = document.querySelectorAll(".tabs button");
  function showTab(name) {
    tabs.forEach(function (b) { b.setAttribute("aria-selected", String(b.dataset.tab === name)); });
    ["network", "officials", "events"].forEach(function (n) { $("pane-" + n).hidden = n !== name; });
    if (name === "network" && renderer) { renderer.resize(); renderer.refresh(); }
  }
  tabs.forEach(function (b) { b.addEventListener("click", function () { showTab(b.dataset.tab); }); });

  // ---------- details (provenance) ----------
  var selected = null, srcPage = 0, SRC_PAGE = 20;
  // A post row: [title, canonical, org, first, last, start, start_by, end, end_by, decisions, succession].
  // The career: one row per post in time order, its spell's ends with how each is known, the
  // decisions behind it, and the holders of a single-holder post in order.
  function spellEnd(date, by) {
    return h("span", { class: "end" }, date || "?", by ? h("span", { class: "muted", text: " (" + t("by_" + by) + ")" }) : null);
  }
  function careerTimeline(idx, posts) {
    return h("ol", { class: "timeline" }, posts.map(function (r) {
      var spell = r[5] || r[8]
        ? h("div", { class: "spell" }, spellEnd(r[5], r[6]), " → ", spellEnd(r[7], r[8]))
        : r[3] ? h("div", { class: "spell muted", text: r[3] === r[4] ? r[3] : r[3] + " – " + r[4] }) : null;
      var decisions = (r[9] || []).length ? h("div", { class: "decisions muted" }, t("decisions") + ": ", (r[9]).map(function (d, k) {
        return h("span", { class: "decision" }, (k ? "；" : "") + t("act_" + d[0]) + " " + (d[1] || "?") + (d[2] ? " · " + d[2] : ""));
      })) : null;
      var s = r[10] >= 0 ? DATA.successions[r[10]] : null;
      var succ = s ? h("div", { class: "succession" }, t("succession") + ": ", s[2].map(function (q, k) {
        return [k ? " → " : "", q === idx ? h("strong", { text: ents[q].n }) : entLink(q)];
      }).reduce(function (a, b) { return a.concat(b); }, [])) : null;
      return h("li", null, h("div", null, r[0] || "—", r[1] && r[1] !== r[0] ? h("span", { class: "muted", text: " (" + r[1] + ")" }) : null,
        r[2] ? " · " + r[2] : null), spell, decisions, succ);
    }));
  }

  function renderDetails(idx) {
    var e = ents[idx], box = $("details");
    box.textContent = "";
    box.append(h("div", null, h("span", { class: "badge t" + e.l, text: LABELS[e.l] + " · " + LABEL_ZH[e.l] }), e.k ? h("span", { class: "badge", text: e.k }) : null));
    box.append(h("h2", { text: e.n }));
    var dl = h("dl");
    function row(k, v) { if (v !== undefined && v !== null && v !== "") dl.append(h("dt", { text: k }), h("dd", null, v)); }
    var x = e.x || {};
    row(t("canonical"), x.canonical); row(t("officialName"), x.official_name); row(t("code"), x.code);
    row(t("level"), x.level); row(t("parent"), x.parent);
    row(t("connections"), fmt(e.d)); row(t("articles"), fmt(e.m));
    if (e.f) row(t("daterange"), e.f === e.t ? e.f : e.f + " – " + e.t);
    if (rankOf[idx] === undefined) row(t("network"), t("notInNetwork", fmt(DATA.meta.max_nodes)));
    box.append(dl);

    var p = personOf[idx];
    if (p && p[1].length) box.append(h("h3", { text: t("career") }), careerTimeline(idx, p[1]));
    if (e.l === 0) box.append(fixPanel(idx));
    var ev = eventOf[idx];
    if (ev) {
      var edl = h("dl");
      function erow(k, v) { if (v && (!Array.isArray(v) || v.length)) edl.append(h("dt", { text: k }), h("dd", null, v)); }
      erow(t("date"), ev[2] ? ev[1] + " – " + ev[2] : ev[1]); erow(t("type"), ev[3]);
      erow(t("organizers"), ev[4].join("、")); erow(t("placesL"), ev[5].join("、"));
      erow(t("participants"), ev[6].map(function (q) { return h("span", { class: "chip" }, entLink(q[2], q[0]), h("span", { class: "role", text: q[1] })); }));
      box.append(h("h3", { text: t("event") }), edl);
    }
    var nb = (adj[idx] || []).slice().sort(function (a, b) { return b[1] - a[1] || ents[b[0]].d - ents[a[0]].d; }).slice(0, 12);
    if (nb.length) {
      box.append(h("h3", { text: t("strongest") }), h("div", { class: "neigh" }, nb.map(function (q) {
        return h("span", { class: "chip" }, h("span", { class: "swatch", style: "background:" + COLORS[ents[q[0]].l] }), " ", entLink(q[0]), q[1] ? h("span", { class: "role", text: "×" + q[1] }) : null);
      })));
    }
    // Every kept source, a page of SRC_PAGE at a time.
    var pages = Math.max(1, Math.ceil(e.ev.length / SRC_PAGE));
    srcPage = Math.max(0, Math.min(srcPage, pages - 1));
    var lo = srcPage * SRC_PAGE, hi = Math.min(e.ev.length, lo + SRC_PAGE);
    box.append(h("h3", { text: pages > 1 ? t("sourcesOf", fmt(e.m), fmt(lo + 1), fmt(hi)) : e.m > e.ev.length ? t("sourcesPart", fmt(e.ev.length), fmt(e.m)) : t("sources") }));
    if (!e.ev.length) box.append(h("div", { class: "muted", text: t("nosentence") }));
    box.append(h("ul", { class: "prov" }, e.ev.slice(lo, hi).map(function (q, k) {
      var s = DATA.sentences[q[0]], art = DATA.articles[s[0]], tx = s[1];
      // Offsets count code points (Python's str), not UTF-16 units: a rare character outside the BMP counts once.
      var cp = Array.from(tx), cut = function (a, b) { return cp.slice(a, b).join(""); };
      var sent = q[2] > q[1] ? [cut(0, q[1]), h("mark", { text: cut(q[1], q[2]) }), cut(q[2])] : [tx];
      var li = h("li", { "data-ev": lo + k },
        h("div", { class: "src" }, h("b", { text: art[0] || t("untitled") }), art[1] ? " · " + art[1] : "", " · " + art[2]),
        h("div", { class: "sentence" }, sent));
      li.append(h("button", { type: "button", class: "fulltext-btn", "data-article": s[0], onclick: function () { toggleText(li, s[0], tx, this); } }, t("fulltext")));
      return li;
    })));
    var pg = h("div", { class: "pager", id: "srcpager" });
    pager(pg, { get page() { return srcPage; }, set page(v) { srcPage = v; } }, pages, function () { renderDetails(idx); });
    box.append(pg);
  }
  // The article's whole text under its sentence, the cited sentence marked in it.
  function toggleText(li, ai, sentence, btn) {
    var open = li.querySelector(".fulltext");
    if (open) { open.remove(); btn.textContent = t("fulltext"); return; }
    var text = (DATA.texts || [])[ai] || "", x = sentence.replace(/^…|…$/g, "");
    var body = h("div", { class: "fulltext", "data-article": ai });
    if (!text) body.append(h("div", { class: "muted", text: t("notext") }));
    else {
      var at = x ? text.indexOf(x) : -1;
      body.append.apply(body, at >= 0 ? [text.slice(0, at), h("mark", { text: x }), text.slice(at + x.length)] : [text]);
    }
    li.append(body);
    btn.textContent = t("hidetext");
  }

  function select(idx, opts) {
    if (idx !== selected) srcPage = 0;
    selected = idx;
    renderDetails(idx);
    document.querySelectorAll("tr.sel").forEach(function (tr) { tr.classList.remove("sel"); });
    var tr = document.querySelector('tr[data-idx="' + idx + '"]');
    if (tr) tr.classList.add("sel");
    if (renderer) {
      if (graph.hasNode(String(idx)) && opts && opts.focus) {
        var d = renderer.getNodeDisplayData(String(idx));
        if (d) renderer.getCamera().animate({ x: d.x, y: d.y, ratio: Math.min(renderer.getCamera().ratio, 0.75) }, { duration: 400 });
      }
      renderer.refresh();
    }
    if (opts && opts.reveal && rankOf[idx] !== undefined && !graph.hasNode(String(idx))) {
      $("graphstatus").textContent = t("raiseTop", ents[idx].n, fmt(rankOf[idx] + 1));
    }
  }
  function clearSelection() {
    selected = null;
    document.querySelectorAll("tr.sel").forEach(function (tr) { tr.classList.remove("sel"); });
    if (renderer) renderer.refresh();
  }

  // ---------- network ----------
  var graph = null, renderer = null, layoutJob = 0, positions = {}, drawnEdges = [0, 0], settling = false;
  var timings = { start: T0 };
  var TIES = DATA.meta.ties || { "1": "CO_OCCURS" };
  var filters = { types: [true, true, true, true], minWeight: 1, roles: true, topN: DATA.meta.top_n,
    from: "", to: "", local: false, tie: Number(Object.keys(TIES)[0]), colour: "type" };
  var localOf = {}; DATA.persons.forEach(function (p) { localOf[p[0]] = !!p[3]; });

  // An entity passes the date range when its first-last span meets it (undated ones only without a
  // range), and "local only" when it is no person or a local one.
  function inRange(first, last) {
    if (!filters.from && !filters.to) return true;
    if (!first) return false;
    return (!filters.from || (last || first) >= filters.from) && (!filters.to || first <= filters.to);
  }
  function entityPasses(idx) {
    var e = ents[idx];
    if (filters.local && e.l === 0 && !localOf[idx]) return false;
    return inRange(e.f, e.t);
  }
  function tieWeight(q) { return filters.tie === BITS.CO_OCCURS ? q[2] : (q[4] && q[4][filters.tie]) || 0; }

  var typesBox = $("types");
  function renderTypes() {
    typesBox.textContent = "";
    LABELS.forEach(function (lab, i) {
      var cb = h("input", { type: "checkbox", checked: filters.types[i], "data-label": lab });
      cb.addEventListener("change", function () { filters.types[i] = cb.checked; buildGraph(); });
      typesBox.append(h("label", null, cb, h("span", { class: "swatch", style: "background:" + COLORS[i] }), labelName(i)));
    });
  }
  renderTypes();
  // The ties the data has (co-mention always; co-attendance, shared service... when the build wrote them).
  function renderTies() {
    var sel = $("tie");
    sel.textContent = "";
    Object.keys(TIES).forEach(function (bit) { sel.append(h("option", { value: bit, text: t(TIES[bit]) })); });
    sel.value = String(filters.tie);
  }
  renderTies();
  $("tie").addEventListener("change", function () { filters.tie = Number(this.value); buildGraph(); });
  $("minweight").addEventListener("input", function () { filters.minWeight = Number(this.value) || 0; buildGraph(); });
  $("roles").addEventListener("change", function () { filters.roles = this.checked; buildGraph(); });
  $("colour").addEventListener("change", function () { filters.colour = this.value; colourNodes(); });
  function refilter() { renderPersons(); renderEvents(); buildGraph(); }
  $("datefrom").addEventListener("change", function () { filters.from = this.value; pstate.page = 0; estate.page = 0; refilter(); });
  $("dateto").addEventListener("change", function () { filters.to = this.value; pstate.page = 0; estate.page = 0; refilter(); });
  $("localonly").addEventListener("change", function () { filters.local = this.checked; pstate.page = 0; refilter(); });
  var topInput = $("topn");
  topInput.max = String(DATA.meta.max_nodes);
  topInput.value = String(DATA.meta.top_n);
  var topTimer = 0;
  topInput.addEventListener("input", function () {
    clearTimeout(topTimer);
    topTimer = setTimeout(function () {
      var n = Math.max(1, Math.min(DATA.meta.max_nodes, Math.round(Number(topInput.value) || DATA.meta.top_n)));
      topInput.value = String(n);
      if (n !== filters.topN) { filters.topN = n; buildGraph(); }
    }, 350);
  });

  function nodeSize(deg) { return 3.5 + 2.4 * Math.log1p(deg); }
  function note() {
    var m = DATA.meta;
    $("graphnote").textContent = t("note", fmt(graph ? graph.order : filters.topN), fmt(m.total_nodes), fmt(m.max_nodes), fmt(drawnEdges[0]), fmt(drawnEdges[1])) +
      (graph && graph.order > 2000 ? t("slow") : "");
  }
  function statusLine() { return t("status", fmt(graph.order), fmt(graph.size)) + (filters.colour === "community" ? t("communities", fmt(communityCount)) : ""); }

  // Communities by the local moving phase of Louvain: nodes in a fixed order (rank), each moves to
  // the neighbouring community of highest modularity gain (ties: the first seen, its own first),
  // until no node moves; the same graph always gives the same communities. Returns node key ->
  // community (0 = largest).
  function communities(G) {
    var keys = G.nodes(), label = {}, ki = {}, tot = {}, m2 = 0;
    keys.forEach(function (k, i) {
      label[k] = i; ki[k] = 0;
      G.forEachEdge(k, function (edge, attr) { ki[k] += attr.w || 1; });
      tot[i] = ki[k]; m2 += ki[k];
    });
    for (var round = 0; round < 50 && m2 > 0; round++) {
      var moved = false;
      keys.forEach(function (k) {
        var own = label[k], links = {}, seen = [own];
        tot[own] -= ki[k];
        links[own] = 0;
        G.forEachEdge(k, function (edge, attr, a, b) {
          var o = a === k ? b : a;
          if (o === k) return;
          var c = label[o];
          if (links[c] === undefined) { links[c] = 0; seen.push(c); }
          links[c] += attr.w || 1;
        });
        var best = own, gain = links[own] - tot[own] * ki[k] / m2;
        seen.forEach(function (c) { var g = links[c] - tot[c] * ki[k] / m2; if (g > gain + 1e-12) { gain = g; best = c; } });
        tot[best] += ki[k];
        if (best !== own) { label[k] = best; moved = true; }
      });
      if (!moved) break;
    }
    var size = {};
    keys.forEach(function (k) { size[label[k]] = (size[label[k]] || 0) + 1; });
    var ranked = Object.keys(size).map(Number).sort(function (a, b) { return size[b] - size[a] || a - b; }), id = {};
    ranked.forEach(function (l, i) { id[l] = i; });
    var out = {};
    keys.forEach(function (k) { out[k] = id[label[k]]; });
    return out;
  }
  var communityCount = 0;
  function colourNodes() {
    if (!graph) return;
    var c = filters.colour === "community" ? communities(graph) : null;
    communityCount = 0;
    graph.forEachNode(function (key, a) {
      if (c) communityCount = Math.max(communityCount, c[key] + 1);
      graph.mergeNodeAttributes(key, { color: c ? PALETTE[c[key] % PALETTE.length] : COLORS[a.kind], community: c ? c[key] : null });
    });
    $("graphstatus").textContent = statusLine();
  }

  function buildGraph() {
    var G = new V.Graph({ type: "undirected", multi: false });
    var n = Math.min(filters.topN, DATA.graph.nodes.length);
    for (var r = 0; r < n; r++) {
      var idx = DATA.graph.nodes[r], e = ents[idx], pos = positions[idx];
      if (!filters.types[e.l] || !entityPasses(idx)) continue;
      if (!pos) {
        // Golden-angle spiral by rank: hubs start near the centre, deterministic.
        var a = r * 2.399963, rad = 10 * Math.sqrt(r + 1);
        pos = { x: rad * Math.cos(a), y: rad * Math.sin(a) };
      }
      G.addNode(String(idx), { x: pos.x, y: pos.y, size: nodeSize(e.d), color: COLORS[e.l], label: e.n, kind: e.l });
    }
    // Edges come strongest first: draw a budget of them, and each node's two strongest whatever the budget.
    var budget = Math.max(1500, 5 * n), deg = new Uint32Array(n), edges = 0, held = 0;
    DATA.graph.edges.forEach(function (q) {
      if (q[0] >= n || q[1] >= n) return;
      var a = String(DATA.graph.nodes[q[0]]), b = String(DATA.graph.nodes[q[1]]);
      if (!G.hasNode(a) || !G.hasNode(b)) return;
      // The chosen tie at the minimum weight, or a role edge when those are shown.
      var w = tieWeight(q), tie = (q[3] & filters.tie) && w >= filters.minWeight, role = filters.roles && (q[3] & ROLE_BITS);
      if (!tie && !role) return;
      held++;
      if (edges >= budget && deg[q[0]] >= 2 && deg[q[1]] >= 2) return;
      deg[q[0]]++; deg[q[1]]++;
      G.addEdge(a, b, {
        w: tie ? w : 0, mask: q[3],
        size: tie ? 0.4 + 0.6 * Math.log1p(w) : 0.8,
        color: role ? "#9aa5b1" : "#d3d8de"
      });
      edges++;
    });
    drawnEdges = [edges, held];
    // A node left without a link says nothing in a network: hidden.
    G.forEachNode(function (key) { if (!G.degree(key)) G.dropNode(key); });
    // New nodes start next to a placed neighbour so a larger N keeps the picture.
    G.forEachNode(function (key, attr) {
      if (positions[key]) return;
      var placed = G.neighbors(key).filter(function (k) { return positions[k]; });
      if (placed.length) {
        var p = positions[placed[0]], j = (Number(key) % 97) / 97 * 6.283;
        G.mergeNodeAttributes(key, { x: p.x + 3 * Math.cos(j), y: p.y + 3 * Math.sin(j) });
      }
    });
    graph = G;
    colourNodes();
    note();
    if (!timings.firstBuild) timings.firstBuild = performance.now() - T0;
    if (renderer) renderer.setGraph(G);
    else startRenderer();
    // Small graphs show every label; large ones only those of the bigger nodes (sigma's label grid).
    if (renderer) renderer.setSetting("labelRenderedSizeThreshold", G.order <= 150 ? 0 : 8);
    $("graphstatus").textContent = statusLine();
    layout();
  }

  function startRenderer() {
    try {
      renderer = new V.Sigma(graph, $("graph"), {
        allowInvalidContainer: true,
        labelFont: FONT, labelSize: 13, labelWeight: "500", labelColor: { color: "#1f2933" },
        labelRenderedSizeThreshold: 7, labelDensity: 0.4, labelGridCellSize: 80,
        hideEdgesOnMove: DATA.graph.edges.length > 20000,
        defaultEdgeColor: "#d3d8de", zIndex: true, minCameraRatio: 0.02, maxCameraRatio: 8,
        nodeReducer: nodeReducer, edgeReducer: edgeReducer
      });
    } catch (err) {
      renderer = null;
      $("graph").append(h("div", { class: "muted", style: "padding:24px", text: t("nowebgl", err.message) }));
      console.warn("guanxi: network view unavailable:", err);
      return;
    }
    renderer.on("clickNode", function (ev) { select(Number(ev.node)); });
    renderer.on("clickStage", function () { clearSelection(); });
    renderer.on("enterNode", function () { $("graph").style.cursor = "pointer"; });
    renderer.on("leaveNode", function () { $("graph").style.cursor = ""; });
  }

  function nodeReducer(key, attr) {
    if (selected === null) return attr;
    var k = Number(key);
    if (k === selected) return Object.assign({}, attr, { highlighted: true, forceLabel: true, zIndex: 2 });
    if (graph.hasNode(String(selected)) && graph.areNeighbors(key, String(selected))) return Object.assign({}, attr, { forceLabel: true, zIndex: 1 });
    return Object.assign({}, attr, { color: "#e3e6ea", label: "", zIndex: 0 });
  }
  function edgeReducer(key, attr) {
    if (settling) return Object.assign({}, attr, { hidden: true });
    var ends = graph.extremities(key);
    if (selected !== null) {
      var s = String(selected);
      if (ends[0] !== s && ends[1] !== s) return Object.assign({}, attr, { hidden: true });
      return Object.assign({}, attr, { color: "#64748b", size: Math.max(attr.size, 1.2) });
    }
    return attr;
  }

  function layout() {
    var job = ++layoutJob, G = graph, n = G.order, t0 = performance.now();
    document.body.dataset.ready = "0";
    if (!n) { document.body.dataset.ready = "1"; return; }
    // The layout runs on a copy that nothing listens to; the drawn graph gets the positions only when
    // it is time to redraw (every change to the drawn graph makes sigma redraw).
    var L = G.copy();
    // Hubs spread their pull (outbound attraction distribution) so they do not swallow their leaves.
    var settings = V.forceAtlas2.inferSettings(L);
    settings.outboundAttractionDistribution = true;
    settings.gravity = 1.5;
    settings.barnesHutOptimize = n > 1000;
    var placed = 0;
    G.forEachNode(function (key) { if (positions[key]) placed++; });
    // A graph grown from a laid-out one (larger "Top") only needs to settle its new nodes.
    var total = n <= 300 ? 300 : n <= 1500 ? 200 : 100, done = 0, drawn = 0;
    // Iterations per call from the graph's size alone, so the same page always draws the same picture.
    var per = Math.max(1, Math.min(50, Math.floor(60000 / (n + G.size))));
    if (placed >= n / 4) total = Math.round(total / 2);
    // Large views show nodes only, redrawn once a second, while they settle: drawing thousands of
    // edges per frame would take the page away from the reader (worst with software WebGL).
    var big = G.size > 4000;
    function publish() {
      L.forEachNode(function (key, a) { positions[key] = { x: a.x, y: a.y }; });
      G.updateEachNodeAttributes(function (key, a) { a.x = positions[key].x; a.y = positions[key].y; return a; }, { attributes: ["x", "y"] });
    }
    // Slices of about 40 ms, so the page keeps answering clicks and typing in between.
    function step() {
      if (job !== layoutJob) return;
      var t1 = performance.now();
      while (done < total && performance.now() - t1 < 40) {
        var k = Math.min(per, total - done);
        V.forceAtlas2.assign(L, { iterations: k, settings: settings });
        done += k;
      }
      var now = performance.now();
      settling = big && done < total;
      if (done >= total || now - drawn > (big ? 1000 : 200)) {
        drawn = now;
        publish();  // sigma redraws on the update; when done, once more to bring the edges back
        if (renderer && done >= total) renderer.refresh();
      }
      if (done < total) {
        $("graphstatus").textContent = statusLine() + t("layingOut", Math.round(100 * done / total)) + (big ? t("edgesLater") : "");
        setTimeout(step, 0);
      } else {
        $("graphstatus").textContent = statusLine();
        timings.layout = performance.now() - t0;
        document.body.dataset.ready = "1";
      }
    }
    setTimeout(step, 0);
  }

  $("zoomin").addEventListener("click", function () { if (renderer) renderer.getCamera().animatedZoom({ duration: 250 }); });
  $("zoomout").addEventListener("click", function () { if (renderer) renderer.getCamera().animatedUnzoom({ duration: 250 }); });
  // PNG of the network as drawn: sigma's layers (edges, nodes, labels) onto one white canvas,
  // right after a synchronous redraw, while the WebGL buffers still hold the picture.
  function networkPng() {
    if (!renderer) return null;
    renderer.refresh();
    var layers = renderer.getCanvases(), first = layers[Object.keys(layers)[0]];
    var out = document.createElement("canvas");
    out.width = first.width; out.height = first.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    Object.keys(layers).forEach(function (k) { ctx.drawImage(layers[k], 0, 0, out.width, out.height); });
    return out;
  }
  function download(name, blob) {
    var a = h("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  $("png").addEventListener("click", function () {
    var c = networkPng();
    if (c) c.toBlob(function (b) { download("guanxi-network.png", b); }, "image/png");
  });
  $("zoomreset").addEventListener("click", function () { if (renderer) renderer.getCamera().animatedReset({ duration: 250 }); });

  // ---------- search ----------
  var search = $("search"), names = $("names"), searchTimer = 0;
  function matches(q, limit) {
    var exact = [], part = [];
    for (var i = 0; i < ents.length; i++) {
      var nm = ents[i].n;
      if (nm === q) exact.push(i);
      else if (nm.indexOf(q) >= 0 && part.length < 5 * limit) part.push(i);
    }
    function byRank(a, b) {
      var ra = rankOf[a] === undefined ? 1e9 : rankOf[a], rb = rankOf[b] === undefined ? 1e9 : rankOf[b];
      return ra - rb || ents[b].m - ents[a].m || a - b;
    }
    return exact.sort(byRank).concat(part.sort(byRank)).slice(0, limit);
  }
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      var q = search.value.trim();
      names.textContent = "";
      if (!q) return;
      matches(q, 15).forEach(function (i) { names.append(h("option", { value: ents[i].n, label: LABELS[ents[i].l] })); });
      // Choosing a suggestion (exact name) selects it right away.
      var hit = matches(q, 1);
      if (hit.length && ents[hit[0]].n === q) select(hit[0], { focus: true, reveal: true });
    }, 150);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var q = search.value.trim(), hit = q ? matches(q, 1) : [];
    if (hit.length) { showTab("network"); select(hit[0], { focus: true, reveal: true }); }
    else $("graphstatus").textContent = q ? t("noName", q) : "";
  });

  // ---------- officials table ----------
  var PAGE = 100;
  var pstate = { kind: S.officials ? "official" : "", q: "", key: "articles", dir: -1, page: 0 };
  $("pkind").value = pstate.kind;
  var prow = DATA.persons.map(function (p) {
    var e = ents[p[0]], firsts = p[1].map(function (r) { return r[3]; }).filter(Boolean).sort(), lasts = p[1].map(function (r) { return r[4]; }).filter(Boolean).sort();
    return {
      idx: p[0], name: e.n, kind: e.k || "other", posts: p[1], events: p[2], articles: e.m,
      title: p[1].length ? p[1][0][0] : "", canonical: p[1].length ? p[1][0][1] : "", org: p[1].length ? p[1][0][2] : "",
      first: firsts[0] || "", last: lasts.length ? lasts[lasts.length - 1] : "",
      hay: p[1].reduce(function (acc, r) { return acc.concat(r.slice(0, 3)); }, [e.n]).join("\u0001")
    };
  });
  function cmp(key) {
    return function (a, b) {
      var x = a[key], y = b[key];
      if (typeof x === "number") return x - y;
      if (!x && y) return 1; if (x && !y) return -1; // empty values last either way
      return collator.compare(x, y);
    };
  }
  function personRows() {
    var rows = prow.filter(function (r) {
      return (!pstate.kind || (pstate.kind === "other" ? r.kind !== "official" && r.kind !== "journalist" : r.kind === pstate.kind)) &&
        (!pstate.q || r.hay.indexOf(pstate.q) >= 0) && entityPasses(r.idx);
    });
    var c = cmp(pstate.key);
    rows.sort(function (a, b) { return pstate.dir * c(a, b) || collator.compare(a.name, b.name) || a.idx - b.idx; });
    return rows;
  }
  function renderPersons() {
    var rows = personRows();
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    pstate.page = Math.min(pstate.page, pages - 1);
    var slice = rows.slice(pstate.page * PAGE, (pstate.page + 1) * PAGE);
    var tb = document.querySelector("#ptable tbody");
    tb.textContent = "";
    slice.forEach(function (r) {
      function col(i, cls) { return h("td", { class: cls }, r.posts.length ? r.posts.map(function (p) { return h("div", { text: p[i] || "—", class: p[i] ? null : "muted" }); }) : h("span", { class: "muted", text: "—" })); }
      tb.append(h("tr", { "data-idx": r.idx, class: r.idx === selected ? "sel" : null },
        h("td", null, pickBox(r.idx), entLink(r.idx, r.name)), col(0), col(1), col(2), col(3, "date"), col(4, "date"),
        h("td", { class: "num", text: fmt(r.events) }), h("td", { class: "num", text: fmt(r.articles) })));
    });
    if (!slice.length) tb.append(h("tr", null, h("td", { colspan: "8", class: "muted", text: t("nomatchP") })));
    $("pcount").textContent = t("countP", fmt(rows.length), fmt(prow.length));
    pager($("ppager"), pstate, pages, renderPersons);
    document.querySelectorAll("#ptable th").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.key === pstate.key ? (pstate.dir > 0 ? "ascending" : "descending") : "none");
    });
  }
  function pager(box, state, pages, redraw) {
    box.textContent = "";
    if (pages <= 1) return;
    box.append(
      h("button", { type: "button", class: "prev", disabled: state.page === 0, onclick: function () { state.page--; redraw(); } }, t("prev")),
      h("span", { text: t("pageOf", state.page + 1, pages) }),
      h("button", { type: "button", class: "next", disabled: state.page >= pages - 1, onclick: function () { state.page++; redraw(); } }, t("next")));
  }
  document.querySelectorAll("#ptable th").forEach(function (th) {
    th.addEventListener("click", function () {
      var k = th.dataset.key;
      if (pstate.key === k) pstate.dir = -pstate.dir;
      else { pstate.key = k; pstate.dir = (k === "events" || k === "articles" || k === "last") ? -1 : 1; }
      pstate.page = 0; renderPersons();
    });
  });
  var pTimer = 0;
  $("pfilter").addEventListener("input", function () {
    var v = this.value.trim();
    clearTimeout(pTimer);
    pTimer = setTimeout(function () { pstate.q = v; pstate.page = 0; renderPersons(); }, 120);
  });
  $("pkind").addEventListener("change", function () { pstate.kind = this.value; pstate.page = 0; renderPersons(); });

  // ---------- events timeline ----------
  var estate = { q: "", type: "", page: 0 };
  var etypes = {};
  DATA.events.forEach(function (e) { if (e[3]) etypes[e[3]] = (etypes[e[3]] || 0) + 1; });
  Object.keys(etypes).sort().forEach(function (ty) { $("etype").append(h("option", { value: ty, text: ty + " (" + etypes[ty] + ")" })); });
  var erows = DATA.events.map(function (e) {
    return { e: e, hay: [ents[e[0]].n].concat(e[4], e[5], e[6].map(function (p) { return p[0]; })).join("\u0001") };
  });
  function eventRows() {
    return erows.filter(function (r) {
      return (!estate.type || r.e[3] === estate.type) && (!estate.q || r.hay.indexOf(estate.q) >= 0) &&
        inRange(r.e[1] || ents[r.e[0]].f, r.e[2] || r.e[1] || ents[r.e[0]].t);
    });
  }
  function renderEvents() {
    var rows = eventRows();
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    estate.page = Math.min(estate.page, pages - 1);
    var list = $("timeline"), month = null;
    list.textContent = "";
    rows.slice(estate.page * PAGE, (estate.page + 1) * PAGE).forEach(function (r) {
      var e = r.e, m = e[1] ? e[1].slice(0, 7) : t("undated");
      if (m !== month) { month = m; list.append(h("li", { class: "month", text: m })); }
      list.append(h("li", { class: "ev" },
        h("div", { class: "when", text: e[1] ? (e[2] && e[2] !== e[1] ? e[1] + " –\n" + e[2] : e[1]) : "—" }),
        h("div", null,
          h("div", null, e[3] ? h("span", { class: "badge t3", text: e[3] }) : null, h("span", { class: "title" }, entLink(e[0]))),
          e[4].length ? h("div", { class: "meta", text: t("organizersL") + e[4].join("、") }) : null,
          e[5].length ? h("div", { class: "meta", text: t("placesL2") + e[5].join("、") }) : null,
          e[6].length ? h("div", null, e[6].map(function (p) { return h("span", { class: "chip" }, entLink(p[2], p[0]), h("span", { class: "role", text: p[1] })); })) : null)));
    });
    if (!rows.length) list.append(h("li", { class: "muted", text: t("nomatchE") }));
    $("ecount").textContent = t("countE", fmt(rows.length), fmt(erows.length));
    pager($("epager"), estate, pages, renderEvents);
  }
  var eTimer = 0;
  $("efilter").addEventListener("input", function () {
    var v = this.value.trim();
    clearTimeout(eTimer);
    eTimer = setTimeout(function () { estate.q = v; estate.page = 0; renderEvents(); }, 120);
  });
  $("etype").addEventListener("change", function () { estate.type = this.value; estate.page = 0; renderEvents(); });

  // ---------- CSV of each table: every row the filters keep (not only the page shown) ----------
  // A cell quoted only when it holds a comma, a quote or a line break (as Python's csv module
  // writes it: the corrections lines below are the same as `guanxi corrections line` prints).
  function csvCell(v) {
    var x = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(x) ? '"' + x.replace(/"/g, '""') + '"' : x;
  }
  function csv(rows) {
    return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }
  function personsCsv() {
    var out = [["id", "name", "kind", "local", "title", "canonical", "organization", "first_seen", "last_seen", "events", "articles"]];
    personRows().forEach(function (r) {
      var posts = r.posts.length ? r.posts : [["", "", "", "", ""]];
      posts.forEach(function (p) { out.push([ents[r.idx].id, r.name, r.kind, localOf[r.idx] ? 1 : 0, p[0], p[1], p[2], p[3], p[4], r.events, r.articles]); });
    });
    return csv(out);
  }
  function eventsCsv() {
    var out = [["id", "title", "date", "date_end", "type", "organizers", "places", "participants"]];
    eventRows().forEach(function (r) {
      var e = r.e;
      out.push([ents[e[0]].id, ents[e[0]].n, e[1], e[2], e[3], e[4].join("、"), e[5].join("、"),
        e[6].map(function (p) { return p[0] + "（" + p[1] + "）"; }).join("、")]);
    });
    return csv(out);
  }
  $("pcsv").addEventListener("click", function () { download("guanxi-persons.csv", new Blob([personsCsv()], { type: "text/csv;charset=utf-8" })); });
  $("ecsv").addEventListener("click", function () { download("guanxi-events.csv", new Blob([eventsCsv()], { type: "text/csv;charset=utf-8" })); });


  // ---------- corrections: lines of a corrections file (docs/corrections.md) ----------
  // Each person row carries how a corrections file names it (e.c: the name and home cells, or
  // its node id in the name cell; graph/corrections.py person_key). Only persons named by name
  // and home merge, and a homed person never merges into a homeless one (an empty to_home means
  // "the same home").
  var FIX_COLUMNS = ["op", "name", "home", "to", "to_home", "date", "post"];
  var fix = { picked: [], keep: null, header: false, of: null, op: "drop", to: "", date: "", post: "", open: false };
  function fixLine(cells) { return FIX_COLUMNS.map(function (c) { return csvCell(cells[c]); }).join(","); }
  function fixText(lines) { return (fix.header ? [FIX_COLUMNS.join(",")] : []).concat(lines).join("\n"); }
  function byName(idx) { var c = ents[idx].c; return !!c && c[0].indexOf("person:") !== 0; }
  function homeLabel(home) { return home || t("nohome"); }
  function order(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function mergeTargets() {
    var homed = fix.picked.filter(function (i) { return ents[i].c[1]; });
    return homed.length ? homed : fix.picked.slice();
  }
  // The person kept by default: as `guanxi corrections candidates` picks it (a home, most articles).
  function defaultKeep(targets) {
    return targets.slice().sort(function (a, b) {
      return ents[b].m - ents[a].m || order(ents[a].c[1], ents[b].c[1]) || order(ents[a].id, ents[b].id);
    })[0];
  }
  function mergeLines() {
    var to = ents[fix.keep].c;
    return fix.picked.filter(function (i) { return i !== fix.keep; }).map(function (i) {
      return fixLine({ op: "merge", name: ents[i].c[0], home: ents[i].c[1], to: to[0], to_home: to[1] });
    });
  }
  function togglePick(idx) {
    var at = fix.picked.indexOf(idx);
    if (at >= 0) fix.picked.splice(at, 1);
    else if (byName(idx)) fix.picked.push(idx);
    var targets = mergeTargets();
    if (targets.indexOf(fix.keep) < 0) fix.keep = targets.length ? defaultKeep(targets) : null;
    redrawPicks();
  }
  function clearPicks() { fix.picked = []; fix.keep = null; redrawPicks(); }
  function redrawPicks() {
    renderFixes(); renderPersons();
    if (selected !== null) renderDetails(selected);
  }
  function pickBox(idx) {
    if (!byName(idx)) return null;
    return h("input", { type: "checkbox", class: "pick", checked: fix.picked.indexOf(idx) >= 0, title: t("pick"), "aria-label": t("pick"),
      onchange: function () { togglePick(idx); } });
  }
  // Copy through the clipboard API, else by selecting a hidden text area (a page opened from disk).
  function copyBySelection(text) {
    var ta = h("textarea", { style: "position:fixed;left:-9999px;top:0", "aria-hidden": "true" });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    ta.remove();
    return ok;
  }
  function copyButton(text) {
    var status = h("span", { class: "muted copy-status" });
    function done(ok) { status.textContent = ok ? t("copied") : t("copyFailed"); }
    var btn = h("button", { type: "button", class: "action copy", disabled: !text(), onclick: function () {
      var x = text();
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(x).then(function () { done(true); }, function () { done(copyBySelection(x)); });
      else done(copyBySelection(x));
    } }, t("copy"));
    return [btn, status];
  }
  function headerToggle() {
    var cb = h("input", { type: "checkbox", class: "fix-header", checked: fix.header });
    cb.addEventListener("change", function () { fix.header = cb.checked; renderFixes(); if (selected !== null) renderDetails(selected); });
    return h("label", { class: "field check" }, cb, " ", t("header"));
  }
  function renderFixes() {
    var box = $("fixes");
    box.textContent = "";
    box.hidden = !fix.picked.length;
    if (!fix.picked.length) return;
    box.append(h("h3", { text: t("mergeTitle", fix.picked.length) }), h("div", { class: "fix-row" }, fix.picked.map(function (i) {
      return h("span", { class: "chip", "data-idx": i }, entLink(i), h("span", { class: "role", text: homeLabel(ents[i].c[1]) }),
        h("button", { type: "button", class: "unpick", title: t("unpick"), onclick: function () { togglePick(i); } }, "×"));
    })));
    if (fix.picked.length < 2) { box.append(h("div", { class: "muted", text: t("mergeNeedTwo") })); return; }
    var sel = h("select", { class: "fix-keep" }, mergeTargets().map(function (i) {
      return h("option", { value: String(i), text: ents[i].n + " · " + homeLabel(ents[i].c[1]) });
    }));
    sel.value = String(fix.keep);
    sel.addEventListener("change", function () { fix.keep = Number(sel.value); renderFixes(); });
    var text = fixText(mergeLines());
    box.append(
      h("div", { class: "fix-line", id: "mergelines", text: text }),
      h("div", { class: "fix-row" }, h("label", { class: "field" }, t("keep"), " ", sel), headerToggle(), copyButton(function () { return text; }),
        h("button", { type: "button", class: "action fix-clear", onclick: clearPicks }, t("clear"))),
      h("div", { class: "muted", text: t("fixesHelp") }));
  }
  // The titles a person's posts can be named by (printed or canonical), in career order.
  function postsOf(idx) {
    var out = [];
    ((personOf[idx] || [])[1] || []).forEach(function (r) { [r[1], r[0]].forEach(function (x) { if (x && out.indexOf(x) < 0) out.push(x); }); });
    return out;
  }
  // A person's panel: add it to the merge, or write one line of another operation on it.
  function fixPanel(idx) {
    var c = ents[idx].c, box = h("details", { class: "fix", open: fix.open });
    box.addEventListener("toggle", function () { fix.open = box.open; });
    box.append(h("summary", { text: t("fix") }));
    if (!c) { box.append(h("div", { class: "muted", text: t("noKey") })); return box; }
    if (fix.of !== idx) { fix.of = idx; fix.op = "drop"; fix.to = ""; fix.date = ""; fix.post = ""; }
    if (byName(idx)) {
      box.append(h("div", { class: "fix-row" }, h("button", { type: "button", class: "action pick-btn", onclick: function () { togglePick(idx); } },
        t(fix.picked.indexOf(idx) >= 0 ? "unpick" : "pick"))));
    } else box.append(h("div", { class: "muted", text: t("byIdNote") }));
    var posts = postsOf(idx), journalist = ents[idx].k === "journalist";
    var ops = ["drop", "rename"].concat(journalist ? [] : ["split_date"], posts.length && !journalist ? ["split_post"] : [], posts.length ? ["post"] : []);
    if (ops.indexOf(fix.op) < 0) fix.op = "drop";
    if (posts.indexOf(fix.post) < 0) fix.post = posts[0] || "";
    var opSel = h("select", { class: "fix-op" }, ops.map(function (o) { return h("option", { value: o, text: t("op_" + o) }); }));
    opSel.value = fix.op;
    var fields = h("span", { class: "fix-row" }), line = h("div", { class: "fix-line" }), text = "";
    var copy = h("span", { class: "fix-row" });
    function input(type, cls, key) {
      var el = h("input", { type: type, class: cls, value: fix[key] });
      el.addEventListener("input", function () { fix[key] = el.value; update(); });
      return el;
    }
    function postSelect() {
      var el = h("select", { class: "fix-post" }, posts.map(function (x) { return h("option", { value: x, text: x }); }));
      el.value = fix.post;
      el.addEventListener("change", function () { fix.post = el.value; update(); });
      return h("label", { class: "field" }, t("postL"), " ", el);
    }
    function update() {
      var cells = { op: fix.op, name: c[0], home: c[1] }, need = "";
      if (fix.op === "rename") { cells.to = fix.to.trim(); if (!cells.to) need = t("newName"); }
      else if (fix.op === "split_date") { cells.op = "split"; cells.date = fix.date; if (!fix.date) need = t("fromDate"); }
      else if (fix.op === "split_post") { cells.op = "split"; cells.post = fix.post; }
      else if (fix.op === "post") { cells.post = fix.post; cells.to = fix.to.trim(); }
      text = need ? "" : fixText([fixLine(cells)]);
      line.textContent = need ? t("needValue", need) : text;
      line.classList.toggle("muted", !!need);
      copy.textContent = "";
      copy.append.apply(copy, copyButton(function () { return text; }));
    }
    function showFields() {
      fields.textContent = "";
      if (fix.op === "rename") fields.append(h("label", { class: "field" }, t("newName"), " ", input("text", "fix-to", "to")));
      else if (fix.op === "split_date") fields.append(h("label", { class: "field" }, t("fromDate"), " ", input("date", "fix-date", "date")));
      else if (fix.op === "split_post") fields.append(postSelect());
      else if (fix.op === "post") fields.append(postSelect(), h("label", { class: "field" }, t("newTitle"), " ", input("text", "fix-to", "to")));
      update();
    }
    opSel.addEventListener("change", function () { fix.op = opSel.value; fix.to = ""; showFields(); });
    box.append(h("div", { class: "fix-row" }, opSel, fields), line, h("div", { class: "fix-row" }, copy, headerToggle()));
    showFields();
    return box;
  }

  // ---------- language switch ----------
  $("lang").addEventListener("click", function () {
    lang = lang === "zh" ? "en" : "zh";
    try { localStorage.setItem(LANG_KEY, lang); } catch (err) { /* a page without storage still switches */ }
    applyStatic(); renderSummary(); renderTypes(); renderTies(); renderPersons(); renderEvents(); renderFixes(); note();
    if (graph) $("graphstatus").textContent = statusLine();
    if (selected !== null) renderDetails(selected);
  });

  renderPersons();
  renderEvents();
  timings.parse = T_PARSE;
  timings.tables = performance.now() - T0;
  buildGraph();

  // A small handle for tests and for readers who open the console.
  window.guanxi = {
    data: DATA,
    select: function (id) { for (var i = 0; i < ents.length; i++) if (ents[i].id === id) { select(i, { focus: true }); return true; } return false; },
    selected: function () { return selected === null ? null : ents[selected].id; },
    graph: function () { return graph; },
    renderer: function () { return renderer; },
    communities: communities,
    png: function () { var c = networkPng(); return c ? c.toDataURL("image/png") : null; },
    lang: function () { return lang; },
    timings: timings
  };
})();
