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
  var range = S.date_first ? (S.date_first === S.date_last ? S.date_first : S.date_first + " – " + S.date_last) : "no dates";
  $("summary").append(
    card("Articles", fmt(S.articles), "from " + fmt(S.pages) + " pages"),
    card("Inputs", fmt(S.inputs), "files or records read"),
    card("Persons", fmt(S.persons), fmt(S.officials) + " officials · " + fmt(S.journalists) + " journalists · " + fmt(S.others) + " others"),
    card("Organizations", fmt(S.organizations)),
    card("Places", fmt(S.places)),
    card("Events", fmt(S.events)),
    card("Date range", S.date_first || "—", S.date_last && S.date_last !== S.date_first ? "to " + S.date_last : null),
    card("Rejected inputs", fmt(S.rejected), S.rejected ? "see the list below" : "every input was read", S.rejected ? "warn" : "")
  );
  if (S.without_home) $("summary").append(card("Pages without a home", fmt(S.without_home), "their bare 市委/县委 stay unqualified; files in report.json (without_home)", "warn"));
  $("range").textContent = fmt(S.articles) + " articles · " + range;
  if (DATA.problems.length) {
    var box = $("problems");
    box.hidden = false;
    box.append(h("details", { open: DATA.problems.length <= 10 },
      h("summary", { text: fmt(S.rejected) + " input" + (S.rejected === 1 ? "" : "s") + " rejected (path, line, reason)" }),
      h("ul", null, DATA.problems.map(function (p) {
        return h("li", null, h("code", { text: p[0] + (p[1] !== null && p[1] !== undefined ? ":" + p[1] : "") }), " — " + p[2]);
      })),
      S.rejected > DATA.problems.length ? h("div", { class: "muted", text: "First " + DATA.problems.length + " shown; all are in report.json." }) : null
    ));
  }

  // ---------- tabs ----------
  var tabs = document.querySelectorAll(".tabs button");
  function showTab(name) {
    tabs.forEach(function (b) { b.setAttribute("aria-selected", String(b.dataset.tab === name)); });
    ["network", "officials", "events"].forEach(function (n) { $("pane-" + n).hidden = n !== name; });
    if (name === "network" && renderer) { renderer.resize(); renderer.refresh(); }
  }
  tabs.forEach(function (b) { b.addEventListener("click", function () { showTab(b.dataset.tab); }); });

  // ---------- details (provenance) ----------
  var selected = null;
  function renderDetails(idx) {
    var e = ents[idx], box = $("details");
    box.textContent = "";
    box.append(h("div", null, h("span", { class: "badge t" + e.l, text: LABELS[e.l] + " · " + LABEL_ZH[e.l] }), e.k ? h("span", { class: "badge", text: e.k }) : null));
    box.append(h("h2", { text: e.n }));
    var dl = h("dl");
    function row(k, v) { if (v !== undefined && v !== null && v !== "") dl.append(h("dt", { text: k }), h("dd", null, v)); }
    var x = e.x || {};
    row("Canonical", x.canonical); row("Official name", x.official_name); row("Division code", x.code);
    row("Level", x.level); row("Parent", x.parent);
    row("Connections", fmt(e.d)); row("Articles", fmt(e.m));
    if (rankOf[idx] === undefined) row("Network", "not among the " + fmt(DATA.meta.max_nodes) + " nodes of highest degree");
    box.append(dl);

    var p = personOf[idx];
    if (p && p[1].length) {
      box.append(h("h3", { text: "Posts" }), h("ul", null, p[1].map(function (r) {
        return h("li", null, r[0] || "—", r[1] && r[1] !== r[0] ? h("span", { class: "muted", text: " (" + r[1] + ")" }) : null,
          r[2] ? " · " + r[2] : null, r[3] ? h("span", { class: "muted", text: " · " + (r[3] === r[4] ? r[3] : r[3] + " – " + r[4]) }) : null);
      })));
    }
    var ev = eventOf[idx];
    if (ev) {
      var edl = h("dl");
      function erow(k, v) { if (v && (!Array.isArray(v) || v.length)) edl.append(h("dt", { text: k }), h("dd", null, v)); }
      erow("Date", ev[2] ? ev[1] + " – " + ev[2] : ev[1]); erow("Type", ev[3]);
      erow("Organizers", ev[4].join("、")); erow("Places", ev[5].join("、"));
      erow("Participants", ev[6].map(function (q) { return h("span", { class: "chip" }, entLink(q[2], q[0]), h("span", { class: "role", text: q[1] })); }));
      box.append(h("h3", { text: "Event" }), edl);
    }
    var nb = (adj[idx] || []).slice().sort(function (a, b) { return b[1] - a[1] || ents[b[0]].d - ents[a[0]].d; }).slice(0, 12);
    if (nb.length) {
      box.append(h("h3", { text: "Strongest connections" }), h("div", { class: "neigh" }, nb.map(function (q) {
        return h("span", { class: "chip" }, h("span", { class: "swatch", style: "background:" + COLORS[ents[q[0]].l] }), " ", entLink(q[0]), q[1] ? h("span", { class: "role", text: "×" + q[1] }) : null);
      })));
    }
    box.append(h("h3", { text: "Sources" + (e.m > e.ev.length ? " (" + e.ev.length + " of " + fmt(e.m) + " articles)" : "") }));
    if (!e.ev.length) box.append(h("div", { class: "muted", text: "No sentence was kept for this entity." }));
    box.append(h("ul", { class: "prov" }, e.ev.map(function (q) {
      var s = DATA.sentences[q[0]], art = DATA.articles[s[0]], t = s[1];
      var sent = q[2] > q[1] ? [t.slice(0, q[1]), h("mark", { text: t.slice(q[1], q[2]) }), t.slice(q[2])] : [t];
      return h("li", null,
        h("div", { class: "src" }, h("b", { text: art[0] || "(untitled)" }), art[1] ? " · " + art[1] : "", " · " + art[2]),
        h("div", { class: "sentence" }, sent));
    })));
  }

  function select(idx, opts) {
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
      $("graphstatus").textContent = ents[idx].n + " is node " + fmt(rankOf[idx] + 1) + " by degree: raise Top to show it.";
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
  var filters = { types: [true, true, true, true], minWeight: 1, roles: true, topN: DATA.meta.top_n };

  var typesBox = $("types");
  LABELS.forEach(function (lab, i) {
    var cb = h("input", { type: "checkbox", checked: true, "data-label": lab });
    cb.addEventListener("change", function () { filters.types[i] = cb.checked; if (renderer) renderer.refresh(); });
    typesBox.append(h("label", null, cb, h("span", { class: "swatch", style: "background:" + COLORS[i] }), lab));
  });
  $("minweight").addEventListener("input", function () { filters.minWeight = Number(this.value) || 0; if (renderer) renderer.refresh(); });
  $("roles").addEventListener("change", function () { filters.roles = this.checked; if (renderer) renderer.refresh(); });
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
    $("graphnote").textContent = "Showing the " + fmt(graph ? graph.order : filters.topN) + " nodes of highest degree out of " + fmt(m.total_nodes) +
      " persons, organizations, places and events (" + fmt(m.max_nodes) + " are held in this page: raise “Top” up to " + fmt(m.max_nodes) +
      "), with the " + fmt(drawnEdges[0]) + " strongest of their " + fmt(drawnEdges[1]) + " links. Drag to pan, scroll to zoom, click a node for its sources." +
      (graph && graph.order > 2000 ? " Views of more than 2,000 nodes take a while to settle without a graphics card." : "");
  }

  function buildGraph() {
    var G = new V.Graph({ type: "undirected", multi: false });
    var n = Math.min(filters.topN, DATA.graph.nodes.length);
    for (var r = 0; r < n; r++) {
      var idx = DATA.graph.nodes[r], e = ents[idx], pos = positions[idx];
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
      held++;
      if (edges >= budget && deg[q[0]] >= 2 && deg[q[1]] >= 2) return;
      deg[q[0]]++; deg[q[1]]++;
      var a = String(DATA.graph.nodes[q[0]]), b = String(DATA.graph.nodes[q[1]]);
      var co = q[3] & BITS.CO_OCCURS, role = q[3] & ROLE_BITS;
      G.addEdge(a, b, {
        w: q[2], mask: q[3],
        size: co ? 0.4 + 0.6 * Math.log1p(q[2]) : 0.8,
        color: role ? "#9aa5b1" : "#d3d8de"
      });
      edges++;
    });
    drawnEdges = [edges, held];
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
    note();
    if (!timings.firstBuild) timings.firstBuild = performance.now() - T0;
    if (renderer) renderer.setGraph(G);
    else startRenderer();
    // Small graphs show every label; large ones only those of the bigger nodes (sigma's label grid).
    if (renderer) renderer.setSetting("labelRenderedSizeThreshold", G.order <= 150 ? 0 : 8);
    $("graphstatus").textContent = fmt(G.order) + " nodes · " + fmt(edges) + " edges";
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
      $("graph").append(h("div", { class: "muted", style: "padding:24px", text: "The network view needs WebGL, which this browser did not provide (" + err.message + "). The tables, the timeline and the sources still work." }));
      console.warn("guanxi: network view unavailable:", err);
      return;
    }
    renderer.on("clickNode", function (ev) { select(Number(ev.node)); });
    renderer.on("clickStage", function () { clearSelection(); });
    renderer.on("enterNode", function () { $("graph").style.cursor = "pointer"; });
    renderer.on("leaveNode", function () { $("graph").style.cursor = ""; });
  }

  function nodeVisible(attr) { return filters.types[attr.kind]; }
  function nodeReducer(key, attr) {
    if (!nodeVisible(attr)) return Object.assign({}, attr, { hidden: true });
    if (selected === null) return attr;
    var k = Number(key);
    if (k === selected) return Object.assign({}, attr, { highlighted: true, forceLabel: true, zIndex: 2 });
    if (graph.hasNode(String(selected)) && graph.areNeighbors(key, String(selected))) return Object.assign({}, attr, { forceLabel: true, zIndex: 1 });
    return Object.assign({}, attr, { color: "#e3e6ea", label: "", zIndex: 0 });
  }
  function edgeReducer(key, attr) {
    if (settling) return Object.assign({}, attr, { hidden: true });
    var ok = ((attr.mask & BITS.CO_OCCURS) && attr.w >= filters.minWeight) || (filters.roles && (attr.mask & ROLE_BITS));
    if (!ok) return Object.assign({}, attr, { hidden: true });
    var ends = graph.extremities(key);
    if (!filters.types[graph.getNodeAttribute(ends[0], "kind")] || !filters.types[graph.getNodeAttribute(ends[1], "kind")]) return Object.assign({}, attr, { hidden: true });
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
      var t = performance.now();
      while (done < total && performance.now() - t < 40) {
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
        $("graphstatus").textContent = fmt(G.order) + " nodes · " + fmt(G.size) + " edges · laying out " + Math.round(100 * done / total) + "%" +
          (big ? " (edges drawn when done)" : "");
        setTimeout(step, 0);
      } else {
        $("graphstatus").textContent = fmt(G.order) + " nodes · " + fmt(G.size) + " edges";
        timings.layout = performance.now() - t0;
        document.body.dataset.ready = "1";
      }
    }
    setTimeout(step, 0);
  }

  $("zoomin").addEventListener("click", function () { if (renderer) renderer.getCamera().animatedZoom({ duration: 250 }); });
  $("zoomout").addEventListener("click", function () { if (renderer) renderer.getCamera().animatedUnzoom({ duration: 250 }); });
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
    else $("graphstatus").textContent = q ? "No name contains “" + q + "”." : "";
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
  function renderPersons() {
    var rows = prow.filter(function (r) {
      return (!pstate.kind || (pstate.kind === "other" ? r.kind !== "official" && r.kind !== "journalist" : r.kind === pstate.kind)) &&
        (!pstate.q || r.hay.indexOf(pstate.q) >= 0);
    });
    var c = cmp(pstate.key);
    rows.sort(function (a, b) { return pstate.dir * c(a, b) || collator.compare(a.name, b.name) || a.idx - b.idx; });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    pstate.page = Math.min(pstate.page, pages - 1);
    var slice = rows.slice(pstate.page * PAGE, (pstate.page + 1) * PAGE);
    var tb = document.querySelector("#ptable tbody");
    tb.textContent = "";
    slice.forEach(function (r) {
      function col(i, cls) { return h("td", { class: cls }, r.posts.length ? r.posts.map(function (p) { return h("div", { text: p[i] || "—", class: p[i] ? null : "muted" }); }) : h("span", { class: "muted", text: "—" })); }
      tb.append(h("tr", { "data-idx": r.idx, class: r.idx === selected ? "sel" : null },
        h("td", null, entLink(r.idx, r.name)), col(0), col(1), col(2), col(3, "date"), col(4, "date"),
        h("td", { class: "num", text: fmt(r.events) }), h("td", { class: "num", text: fmt(r.articles) })));
    });
    if (!slice.length) tb.append(h("tr", null, h("td", { colspan: "8", class: "muted", text: "No person matches." })));
    $("pcount").textContent = fmt(rows.length) + " of " + fmt(prow.length) + " persons";
    pager($("ppager"), pstate, pages, renderPersons);
    document.querySelectorAll("#ptable th").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.key === pstate.key ? (pstate.dir > 0 ? "ascending" : "descending") : "none");
    });
  }
  function pager(box, state, pages, redraw) {
    box.textContent = "";
    if (pages <= 1) return;
    box.append(
      h("button", { type: "button", disabled: state.page === 0, onclick: function () { state.page--; redraw(); } }, "‹ Prev"),
      h("span", { text: "page " + (state.page + 1) + " of " + pages }),
      h("button", { type: "button", disabled: state.page >= pages - 1, onclick: function () { state.page++; redraw(); } }, "Next ›"));
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
  Object.keys(etypes).sort().forEach(function (t) { $("etype").append(h("option", { value: t, text: t + " (" + etypes[t] + ")" })); });
  var erows = DATA.events.map(function (e) {
    return { e: e, hay: [ents[e[0]].n].concat(e[4], e[5], e[6].map(function (p) { return p[0]; })).join("\u0001") };
  });
  function renderEvents() {
    var rows = erows.filter(function (r) { return (!estate.type || r.e[3] === estate.type) && (!estate.q || r.hay.indexOf(estate.q) >= 0); });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    estate.page = Math.min(estate.page, pages - 1);
    var list = $("timeline"), month = null;
    list.textContent = "";
    rows.slice(estate.page * PAGE, (estate.page + 1) * PAGE).forEach(function (r) {
      var e = r.e, m = e[1] ? e[1].slice(0, 7) : "undated";
      if (m !== month) { month = m; list.append(h("li", { class: "month", text: m })); }
      list.append(h("li", { class: "ev" },
        h("div", { class: "when", text: e[1] ? (e[2] && e[2] !== e[1] ? e[1] + " –\n" + e[2] : e[1]) : "—" }),
        h("div", null,
          h("div", null, e[3] ? h("span", { class: "badge t3", text: e[3] }) : null, h("span", { class: "title" }, entLink(e[0]))),
          e[4].length ? h("div", { class: "meta", text: "Organizers: " + e[4].join("、") }) : null,
          e[5].length ? h("div", { class: "meta", text: "Places: " + e[5].join("、") }) : null,
          e[6].length ? h("div", null, e[6].map(function (p) { return h("span", { class: "chip" }, entLink(p[2], p[0]), h("span", { class: "role", text: p[1] })); })) : null)));
    });
    if (!rows.length) list.append(h("li", { class: "muted", text: "No event matches." }));
    $("ecount").textContent = fmt(rows.length) + " of " + fmt(erows.length) + " events";
    pager($("epager"), estate, pages, renderEvents);
  }
  var eTimer = 0;
  $("efilter").addEventListener("input", function () {
    var v = this.value.trim();
    clearTimeout(eTimer);
    eTimer = setTimeout(function () { estate.q = v; estate.page = 0; renderEvents(); }, 120);
  });
  $("etype").addEventListener("change", function () { estate.type = this.value; estate.page = 0; renderEvents(); });

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
    timings: timings
  };
})();
