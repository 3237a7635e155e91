// archie's diagram explorer: pan and zoom, search, selection with a side
// panel, overlays and drill-down for the diagrams of this page. It reads
// nothing but the page (the SVG's data-address, data-from and data-to
// attributes and the JSON block #archie-data) and loads nothing.
(function () {
  "use strict";
  var dataBlock = document.getElementById("archie-data");
  var data = dataBlock ? JSON.parse(dataBlock.textContent) : {};
  var components = data.components || {};
  var workloads = data.workloads || [];
  var services = data.services || {};

  function make(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // info describes a node by its address: components from the data block,
  // services and named sources from the address itself.
  function info(address) {
    var c = components[address];
    if (c) return c;
    var dot = address.indexOf(".");
    var kind = address.slice(0, dot), name = address.slice(dot + 1);
    return { name: name, kind: kind, service: kind === "service" ? name : "" };
  }

  function number(v) {
    if (v >= 100) return Math.round(v).toLocaleString("en");
    return String(Math.round(v * 100) / 100);
  }

  function setup(figure, index) {
    var svg = figure.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;
    var nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node[data-address]"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll("g.edge[data-from]"));
    var byAddress = {};
    nodes.forEach(function (n) { byAddress[n.getAttribute("data-address")] = n; });
    var context = figure.getAttribute("data-view") === "context";
    figure.setAttribute("role", "group");
    figure.classList.add("archie-explorer");

    // Tools above the diagram, a viewport around it, a panel beside it.
    var tools = make("div", "archie-tools");
    var search = make("input");
    search.type = "search";
    search.placeholder = "Find a component by name, service or kind";
    search.setAttribute("aria-label", "Find a component in this diagram by name, service or kind; Enter selects");
    var status = make("span", "archie-status");
    status.setAttribute("aria-live", "polite");
    tools.appendChild(search);
    function button(label, title, act) {
      var b = make("button", "archie-button", label);
      b.type = "button";
      b.title = title;
      b.setAttribute("aria-label", title);
      b.addEventListener("click", act);
      tools.appendChild(b);
    }
    button("+", "Zoom in", function () { zoom(0.8); });
    button("\u2212", "Zoom out", function () { zoom(1.25); });
    button("Fit", "Show the whole diagram", function () { reset(); });
    var overlays = make("div", "archie-overlays");
    function toggle(label, checked, change) {
      var l = make("label");
      var box = make("input");
      box.type = "checkbox";
      box.checked = checked;
      box.addEventListener("change", function () { change(box.checked); });
      l.appendChild(box);
      l.appendChild(document.createTextNode(" " + label));
      overlays.appendChild(l);
      return box;
    }
    if (svg.querySelector('[class*="finding-"]')) {
      toggle("Findings", true, function (on) { figure.classList.toggle("archie-hide-findings", !on); });
    }
    if (svg.querySelector("g.edge.mode-read, g.edge.mode-write, g.edge.mode-read-write")) {
      toggle("Data edges", true, function (on) { figure.classList.toggle("archie-hide-data", !on); });
    }
    if (svg.querySelector("g.edge.mode-on-failure, g.edge.mode-dead-letter")) {
      toggle("Failure edges", true, function (on) { figure.classList.toggle("archie-hide-failure", !on); });
    }
    workloads.forEach(function (w) {
      var here = w.nodes.filter(function (a) { return byAddress[a]; });
      if (here.length === 0) return;
      toggle("Slowest path: " + w.name, false, function (on) { path(w, on); });
    });
    tools.appendChild(status);
    var viewport = make("div", "archie-viewport");
    viewport.tabIndex = 0;
    viewport.setAttribute("aria-label", "Diagram: drag to pan, Ctrl and the mouse wheel or + and - to zoom, arrow keys to pan, 0 to fit");
    var panel = make("aside", "archie-panel");
    panel.setAttribute("aria-live", "polite");
    panel.hidden = true;
    svg.parentNode.insertBefore(tools, svg);
    tools.parentNode.insertBefore(overlays, tools.nextSibling);
    svg.parentNode.insertBefore(viewport, svg);
    viewport.appendChild(svg);
    viewport.parentNode.insertBefore(panel, viewport.nextSibling);

    // Pan and zoom move the SVG's viewBox.
    var base = svg.viewBox.baseVal;
    var home = { x: base.x, y: base.y, w: base.width, h: base.height };
    var box = { x: home.x, y: home.y, w: home.w, h: home.h };
    function apply() { svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" ")); }
    function reset() { box = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }
    function zoom(f, cx, cy) {
      var w = Math.min(Math.max(box.w * f, home.w / 40), home.w * 4);
      f = w / box.w;
      if (cx === undefined) { cx = box.x + box.w / 2; cy = box.y + box.h / 2; }
      box = { x: cx - (cx - box.x) * f, y: cy - (cy - box.y) * f, w: box.w * f, h: box.h * f };
      apply();
    }
    function scale() { var r = svg.getBoundingClientRect(); return r.width ? box.w / r.width : 1; }
    viewport.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) return; // plain wheel scrolls the page
      ev.preventDefault();
      var r = svg.getBoundingClientRect(), s = scale();
      zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, box.x + (ev.clientX - r.left) * s, box.y + (ev.clientY - r.top) * s);
    }, { passive: false });
    var drag = null;
    viewport.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, bx: box.x, by: box.y, s: scale(), moved: false };
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      box.x = drag.bx - dx * drag.s;
      box.y = drag.by - dy * drag.s;
      apply();
    });
    window.addEventListener("pointerup", function () { setTimeout(function () { drag = null; }, 0); });
    viewport.addEventListener("keydown", function (ev) {
      var step = box.w / 10;
      switch (ev.key) {
        case "+": case "=": zoom(0.8); break;
        case "-": zoom(1.25); break;
        case "0": reset(); break;
        case "ArrowLeft": box.x -= step; apply(); break;
        case "ArrowRight": box.x += step; apply(); break;
        case "ArrowUp": box.y -= step; apply(); break;
        case "ArrowDown": box.y += step; apply(); break;
        case "Escape": select(null); break;
        default: return;
      }
      ev.preventDefault();
    });

    // Selection: the node, its direct neighbours and the edges between
    // them stay; the rest fades. The panel says what the model knows.
    var selected = null;
    function select(address) {
      svg.querySelectorAll(".archie-selected, .archie-neighbour").forEach(function (e) {
        e.classList.remove("archie-selected", "archie-neighbour");
      });
      selected = address && byAddress[address] ? address : null;
      svg.classList.toggle("archie-focus", !!selected);
      if (!selected) { panel.hidden = true; return; }
      byAddress[selected].classList.add("archie-selected");
      edges.forEach(function (e) {
        var from = e.getAttribute("data-from"), to = e.getAttribute("data-to");
        if (from !== selected && to !== selected) return;
        e.classList.add("archie-neighbour");
        var other = byAddress[from === selected ? to : from];
        if (other && other !== byAddress[selected]) other.classList.add("archie-neighbour");
      });
      show(selected);
    }
    function show(address) {
      var c = info(address);
      panel.textContent = "";
      var close = make("button", "archie-button archie-close", "\u00d7");
      close.type = "button";
      close.setAttribute("aria-label", "Close");
      close.addEventListener("click", function () { select(null); });
      panel.appendChild(close);
      panel.appendChild(make("h4", "", address));
      // The node's tooltip: its address, then what the model says of it.
      var link = byAddress[address].querySelector("a");
      var tip = link ? link.getAttributeNS("http://www.w3.org/1999/xlink", "title") || link.getAttribute("xlink:title") || "" : "";
      var lines = tip.split("\n");
      var facts = make("ul", "archie-facts");
      lines.slice(1).forEach(function (l) { if (l.trim()) facts.appendChild(make("li", "", l)); });
      if (facts.childNodes.length) panel.appendChild(facts);
      if (c.findings && c.findings.length) {
        panel.appendChild(make("h5", "", "Findings"));
        var fl = make("ul", "archie-findings");
        c.findings.forEach(function (f) { fl.appendChild(make("li", "", f)); });
        panel.appendChild(fl);
      }
      if (c.simulated && c.simulated.length) {
        panel.appendChild(make("h5", "", "Simulated"));
        var t = make("table", "archie-figures");
        var head = make("tr");
        ["workload", "invocations", "errors", "throttled", "mean ms", "peak concurrency"].forEach(function (h) { head.appendChild(make("th", "", h)); });
        t.appendChild(head);
        c.simulated.forEach(function (s) {
          var tr = make("tr");
          [s.workload, number(s.invocations), number(s.errors), number(s.throttled), number(s.duration_ms), number(s.peak_concurrency)].forEach(function (v) {
            tr.appendChild(make("td", "", v));
          });
          t.appendChild(tr);
        });
        panel.appendChild(t);
      }
      var target = c.kind === "service" ? services[c.name] : c.page;
      if (target && document.getElementById(target)) {
        var a = make("a", "archie-open", c.kind === "service" ? "Open service " + c.name : "Open its service's page");
        a.href = "#" + target;
        panel.appendChild(a);
      }
      panel.hidden = false;
    }
    viewport.addEventListener("click", function (ev) {
      if (drag && drag.moved) return;
      var g = ev.target.closest ? ev.target.closest("g.node[data-address]") : null;
      if (g) ev.preventDefault();
      select(g ? g.getAttribute("data-address") : null);
    });
    viewport.addEventListener("dblclick", function (ev) {
      // Drill-down: a service of the context view opens its page.
      var g = ev.target.closest ? ev.target.closest("g.node[data-address]") : null;
      if (!context || !g) return;
      var c = info(g.getAttribute("data-address"));
      var target = services[c.name];
      if (c.kind === "service" && target && document.getElementById(target)) location.hash = "#" + target;
    });

    // Search by name, service or kind; Enter selects the next match.
    var matches = [], next = 0;
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      matches = [];
      next = 0;
      nodes.forEach(function (n) {
        var a = n.getAttribute("data-address"), c = info(a);
        var hit = q !== "" && [c.name, c.service || "", c.kind, a].some(function (s) { return s.toLowerCase().indexOf(q) >= 0; });
        n.classList.toggle("archie-match", hit);
        if (hit) matches.push(a);
      });
      status.textContent = q === "" ? "" : matches.length === 1 ? "1 match" : matches.length + " matches";
    });
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && matches.length) {
        ev.preventDefault();
        select(matches[next % matches.length]);
        status.textContent = "selected " + selected + " (" + (next % matches.length + 1) + " of " + matches.length + ")";
        next++;
      } else if (ev.key === "Escape") {
        search.value = "";
        search.dispatchEvent(new Event("input"));
        select(null);
      }
    });

    // A workload's slowest path: its components and the edges between them.
    function path(w, on) {
      w.nodes.forEach(function (a) { if (byAddress[a]) byAddress[a].classList.toggle("archie-path", on); });
      edges.forEach(function (e) {
        var from = e.getAttribute("data-from"), to = e.getAttribute("data-to");
        var hit = w.edges.some(function (p) { return p[0] === from && p[1] === to || p[1] === from && p[0] === to; });
        if (hit) e.classList.toggle("archie-path", on);
      });
    }
    figure.archie = { select: select, search: search };
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure.archie-diagram"), setup);
})();
