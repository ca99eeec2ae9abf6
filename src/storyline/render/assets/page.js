/* Storyline timeline page.
 *
 * Reads the timeline (and the run's manifest) from the JSON script elements that html.py embeds,
 * and builds the whole interface with createElement/textContent. Article text is hostile input:
 * nothing from the data is ever parsed as HTML, used as a class, style or event handler, and only
 * http(s) URLs that pass SAFE_URL become links.
 *
 * Offsets in the data count Unicode code points (Python string indices); JavaScript strings count
 * UTF-16 units, so document texts are split with Array.from before slicing.
 *
 * The local web app (storyline serve) draws a story with this same code: it loads serve.js after
 * this file, which starts the App itself (the page then has a #storyline-serve element) and
 * extends it through window.Storyline. Long lists are drawn PAGE items at a time.
 */
(function () {
  "use strict";

  var PAGE = 200;
  var SAFE_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\s"'<>`\\]*)?$/;
  var TABS = [
    ["timeline", "Timeline"],
    ["quotes", "Who said what"],
    ["figures", "Key figures"],
    ["disputes", "Where sources disagree"],
    ["documents", "Documents"],
    ["inputs", "Inputs"]
  ];

  // ---- small DOM helpers (the only way anything reaches the page) ----

  function el(tag, props) {
    var node = document.createElement(tag);
    var key;
    props = props || {};
    for (key in props) {
      if (!Object.prototype.hasOwnProperty.call(props, key)) continue;
      if (key === "className") node.className = props[key];
      else if (key === "text") node.textContent = str(props[key]);
      else node.setAttribute(key, str(props[key]));
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return node;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (typeof child === "object" && child.nodeType) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(str(child)));
    }
    return node;
  }

  function str(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (err) {
      return { error: String(err) };
    }
  }

  function safeLink(url, label) {
    if (typeof url !== "string" || url.length > 2048 || !SAFE_URL.test(url)) return null;
    var a = el("a", { rel: "noopener noreferrer nofollow", target: "_blank", title: url }, label);
    a.href = url;
    return a;
  }

  // ---- dates (mirrors storyline.render.markdown.format_date / date_caveat) ----

  function isUndated(date) {
    return !date || !(date.value || date.earliest || date.latest);
  }

  function formatDate(date) {
    if (!date) return "undated";
    if (date.value) return str(date.value);
    if (date.earliest && date.latest) {
      return date.earliest === date.latest ? str(date.earliest) : date.earliest + " \u2026 " + date.latest;
    }
    if (date.earliest) return "after " + date.earliest;
    if (date.latest) return "before " + date.latest;
    return "undated";
  }

  function dateCaveat(date) {
    if (!date || date.value || isUndated(date)) return null;
    var a = str(date.earliest).slice(0, 4);
    var b = str(date.latest).slice(0, 4);
    return a && a === b ? "exact date not established" : "year not established";
  }

  // ---- one story, prepared for display ----

  function Story(raw) {
    this.raw = raw || {};
    this.documents = list(this.raw.documents);
    this.events = list(this.raw.events);
    this.quotes = list(this.raw.quotes);
    this.figures = list(this.raw.figures);
    this.discrepancies = list(this.raw.discrepancies);
    this.docs = Object.create(null);
    this.codepoints = Object.create(null);
    var self = this;
    this.documents.forEach(function (d) { self.docs[str(d.id)] = d; });
    this.disputed = disputedEvents(this);
  }

  Story.prototype.chars = function (docId) {
    if (!(docId in this.codepoints)) {
      this.codepoints[docId] = Array.from(str((this.docs[docId] || {}).text));
    }
    return this.codepoints[docId];
  };

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  // A discrepancy touches an event it names, or one whose evidence its claims' evidence overlaps.
  // Event spans are indexed by document first: a 500-article story has thousands of events.
  function disputedEvents(story) {
    var found = Object.create(null);
    var byDoc = Object.create(null);
    story.events.forEach(function (ev) {
      list(ev.evidence).forEach(function (s) {
        var doc = str(s.doc);
        (byDoc[doc] = byDoc[doc] || []).push({ start: s.start, end: s.end, id: str(ev.id) });
      });
    });
    story.discrepancies.forEach(function (d) {
      var ids = Array.isArray(d.event) ? d.event.map(str) : d.event ? [str(d.event)] : [];
      list(d.claims).forEach(function (c) {
        list(c.evidence).forEach(function (span) {
          list(byDoc[str(span.doc)]).forEach(function (e) {
            if (e.start < span.end && span.start < e.end && ids.indexOf(e.id) < 0) ids.push(e.id);
          });
        });
      });
      ids.forEach(function (id) { (found[id] = found[id] || []).push(d); });
    });
    return found;
  }

  function countsLine(story) {
    var dup = story.documents.filter(function (d) { return d.duplicate_of; }).length;
    var undated = story.events.filter(function (e) { return isUndated(e.date); }).length;
    return [
      plural(story.documents.length, "document") + (dup ? " (" + dup + " duplicate)" : ""),
      plural(story.events.length, "event") + (undated ? " (" + undated + " undated)" : ""),
      plural(story.quotes.length, "quote"),
      plural(story.figures.length, "key figure"),
      plural(story.discrepancies.length, "disagreement")
    ].join(" \u00b7 ");
  }

  /* The outlets (or titles) of the documents some spans point into, each once. */
  function sourceNames(story, spans) {
    var names = [];
    list(spans).forEach(function (s) {
      var doc = story.docs[str(s.doc)] || {};
      var name = str(doc.source || doc.title || s.doc);
      if (names.indexOf(name) < 0) names.push(name);
    });
    return names.join(", ");
  }

  // ---- article text with highlights ----

  /* layers: [{start, end, kind, title}], kind one of "ev", "date", "claim", "cited", "debris".
   * The text is cut at every layer boundary; each piece becomes a text node, wrapped in <mark>
   * for highlights and in <del> for debris (which keeps its reason as a tooltip). */
  function articleText(story, docId, layers) {
    var chars = story.chars(docId);
    var n = chars.length;
    var cuts = [0, n];
    var clean = [];
    layers.forEach(function (l) {
      var s = Math.max(0, Math.min(n, Number(l.start) | 0));
      var e = Math.max(0, Math.min(n, Number(l.end) | 0));
      if (e <= s) return;
      clean.push({ start: s, end: e, kind: l.kind, title: l.title });
      cuts.push(s, e);
    });
    cuts = cuts.sort(function (a, b) { return a - b; }).filter(function (v, i, a) {
      return i === 0 || v !== a[i - 1];
    });
    var box = el("div", { className: "article-text" });
    var first = null;
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i];
      var b = cuts[i + 1];
      var active = clean.filter(function (l) { return l.start <= a && b <= l.end; });
      var node = document.createTextNode(chars.slice(a, b).join(""));
      var marks = active.filter(function (l) { return l.kind !== "debris"; });
      if (marks.length) {
        var kinds = [];
        var titles = [];
        marks.forEach(function (l) {
          if (kinds.indexOf(l.kind) < 0) kinds.push(l.kind);
          if (l.title && titles.indexOf(l.title) < 0) titles.push(l.title);
        });
        var mark = el("mark", { className: kinds.map(function (k) { return "hl-" + k; }).join(" ") });
        if (titles.length) mark.title = titles.join("; ");
        mark.appendChild(node);
        node = mark;
        if (!first && kinds.indexOf("cited") < 0) first = mark;
      }
      var debris = active.filter(function (l) { return l.kind === "debris"; });
      if (debris.length) {
        var del = el("del", {
          className: "debris",
          title: "Ignored: " + debris.map(function (l) { return str(l.title) || "debris"; }).join("; ")
        });
        del.appendChild(node);
        node = del;
      }
      box.appendChild(node);
    }
    return { node: box, first: first };
  }

  function debrisLayers(doc) {
    return list(doc && doc.debris).map(function (d) {
      return { start: d.start, end: d.end, kind: "debris", title: d.reason };
    });
  }

  /* What cleaning ignored in a document and why, in words (the struck-through text says it on
   * hover only). */
  function debrisReasons(doc) {
    var counts = Object.create(null);
    var order = [];
    list(doc && doc.debris).forEach(function (d) {
      var reason = str(d.reason) || "debris";
      if (!(reason in counts)) { counts[reason] = 0; order.push(reason); }
      counts[reason] += 1;
    });
    if (!order.length) return null;
    return el("p", { className: "legend debris-reasons", text: "Ignored as debris: " + order.map(function (r) {
      return counts[r] > 1 ? r + " (" + counts[r] + ")" : r;
    }).join(", ") + "." });
  }

  function docMeta(story, doc) {
    var pub = doc.published || {};
    var parts = [
      el("span", { className: "source", text: doc.source || "source unknown" }),
      el("span", null, "published ", el("strong", { text: formatDate(pub) }),
        dateCaveat(pub) ? " (" + dateCaveat(pub) + ")" : ""),
      pub.basis ? el("span", { className: "basis", text: "date basis: " + pub.basis }) : null,
      el("span", { className: "doc-id", text: "id " + str(doc.id) })
    ];
    if (doc.duplicate_of) {
      parts.push(el("span", { className: "dup", text: "duplicate of " + str(doc.duplicate_of) }));
    }
    var link = safeLink(doc.url, "original \u2197");
    if (link) parts.push(link);
    else if (doc.url) parts.push(el("span", { className: "bad-url", text: "URL not shown (not http/https)" }));
    return el("p", { className: "doc-meta" }, parts);
  }

  /* One article per document the spans point into, with those spans highlighted in context. */
  function passages(story, groups) {
    var order = [];
    var byDoc = Object.create(null);
    groups.forEach(function (g) {
      list(g.spans).forEach(function (s) {
        var id = str(s.doc);
        if (!(id in byDoc)) { byDoc[id] = []; order.push(id); }
        byDoc[id].push({ span: s, kind: g.kind, title: g.title });
      });
    });
    var firstMark = null;
    var nodes = order.map(function (id) {
      var doc = story.docs[id];
      var items = byDoc[id];
      if (!doc) {
        return el("article", { className: "doc missing" },
          el("h4", { text: "Document " + id + " is not in this story" }),
          items.map(function (it) { return el("blockquote", { text: it.span.text }); }));
      }
      var chars = story.chars(id);
      var mismatched = items.filter(function (it) {
        return chars.slice(it.span.start, it.span.end).join("") !== str(it.span.text);
      });
      var layers = debrisLayers(doc).concat(items.map(function (it) {
        return { start: it.span.start, end: it.span.end, kind: it.kind, title: it.title };
      }));
      var body = articleText(story, id, layers);
      if (!firstMark) firstMark = body.first;
      return el("article", { className: "doc" },
        el("h4", { className: "doc-title", text: doc.title || id }),
        docMeta(story, doc),
        mismatched.length ? el("p", { className: "warning",
          text: plural(mismatched.length, "passage") + " whose offsets do not match this text: " +
            mismatched.map(function (it) { return "\u201c" + str(it.span.text) + "\u201d"; }).join(" ") }) : null,
        body.node);
    });
    return { nodes: nodes, first: firstMark };
  }

  function dateBlock(date) {
    date = date || {};
    var caveat = dateCaveat(date);
    return el("section", { className: "date-basis" },
      el("h3", { text: "How the date was established" }),
      el("p", null, el("strong", { text: formatDate(date) }), caveat ? " \u2014 " + caveat : "",
        ": ", date.basis || "basis not recorded"),
      list(date.evidence).length
        ? el("p", { className: "legend" }, el("mark", { className: "hl-date", text: "date evidence" }),
          " is highlighted in this colour in the articles below.")
        : el("p", { className: "legend", text: "No text in the articles fixes this date." }));
  }

  // ---- the app ----

  function App(root, timeline, manifest) {
    this.root = root;
    this.timeline = timeline;
    this.manifest = Array.isArray(manifest) ? manifest : null;
    this.stories = list(timeline && timeline.stories).map(function (s) { return new Story(s); });
    this.storyIndex = 0;
    this.tabs = TABS.slice();
    this.tab = "timeline";
    this.selected = null;
  }

  App.prototype.story = function () {
    return this.stories[this.storyIndex];
  };

  App.prototype.render = function () {
    var self = this;
    clear(this.root);
    if (!this.stories.length) {
      this.root.appendChild(el("p", { className: "empty", text: "This timeline has no stories." }));
      return;
    }
    var story = this.story();
    var header = el("header", { className: "top" });
    if (this.stories.length > 1) {
      var select = el("select", { id: "story-switcher", "aria-label": "Story" });
      this.stories.forEach(function (s, i) {
        var opt = el("option", { value: i, text: (s.raw.title || s.raw.id || "Story " + (i + 1)) });
        if (i === self.storyIndex) opt.selected = true;
        select.appendChild(opt);
      });
      select.addEventListener("change", function () {
        self.storyIndex = Number(select.value) || 0;
        self.selected = null;
        self.render();
        var again = document.getElementById("story-switcher");
        if (again) again.focus();
      });
      header.appendChild(el("label", { className: "switcher" }, "Story ", select));
    }
    header.appendChild(el("h1", { text: story.raw.title || story.raw.id || "Untitled story" }));
    header.appendChild(el("p", { className: "counts", text: countsLine(story) }));
    this.root.appendChild(header);

    var tablist = el("nav", { className: "tabs", role: "tablist", "aria-label": "Views" });
    this.tabs.forEach(function (t) {
      var b = el("button", {
        type: "button", role: "tab", id: "tab-" + t[0], "aria-controls": "pane",
        "aria-selected": t[0] === self.tab ? "true" : "false",
        tabindex: t[0] === self.tab ? "0" : "-1", text: t[1]
      });
      b.addEventListener("click", function () { self.switchTab(t[0]); });
      tablist.appendChild(b);
    });
    tablist.addEventListener("keydown", function (ev) {
      var tabs = self.tabs;
      var i = tabs.map(function (t) { return t[0]; }).indexOf(self.tab);
      var next = ev.key === "ArrowRight" ? i + 1 : ev.key === "ArrowLeft" ? i - 1 :
        ev.key === "Home" ? 0 : ev.key === "End" ? tabs.length - 1 : null;
      if (next === null) return;
      ev.preventDefault();
      self.switchTab(tabs[(next + tabs.length) % tabs.length][0]);
      document.getElementById("tab-" + self.tab).focus();
    });
    this.root.appendChild(tablist);

    this.pane = el("section", { id: "pane", className: "pane", role: "tabpanel",
      "aria-labelledby": "tab-" + this.tab });
    this.reader = el("aside", { id: "reader", className: "reader", "aria-label": "Reader", tabindex: "-1" });
    this.pane.addEventListener("keydown", function (ev) { self.arrowKeys(ev); });
    this.root.appendChild(el("main", { className: "layout" }, this.pane, this.reader));
    this.drawPane();
    this.drawReader();
  };

  App.prototype.switchTab = function (tab) {
    this.tab = tab;
    this.render();
  };

  /* Arrow keys move between the focusable items of the current list; Enter/Space click them
   * (they are buttons). */
  App.prototype.arrowKeys = function (ev) {
    var keys = { ArrowDown: 1, ArrowUp: -1, Home: "first", End: "last" };
    if (!(ev.key in keys)) return;
    var items = Array.prototype.slice.call(this.pane.querySelectorAll("[data-nav]"));
    if (!items.length) return;
    var i = items.indexOf(document.activeElement);
    var k = keys[ev.key];
    var next = k === "first" ? 0 : k === "last" ? items.length - 1 :
      i < 0 ? 0 : Math.max(0, Math.min(items.length - 1, i + k));
    ev.preventDefault();
    items[next].focus();
  };

  App.prototype.item = function (label, selection, extraClass) {
    var self = this;
    var b = el("button", { type: "button", className: "item " + (extraClass || ""), "data-nav": "" }, label);
    if (this.selected && this.selected.key === selection.key) {
      b.setAttribute("aria-current", "true");
      b.classList.add("selected");
    }
    b.addEventListener("click", function () {
      self.selected = selection;
      Array.prototype.forEach.call(self.pane.querySelectorAll(".item.selected"), function (n) {
        n.classList.remove("selected");
        n.removeAttribute("aria-current");
      });
      b.classList.add("selected");
      b.setAttribute("aria-current", "true");
      self.drawReader();
      if (narrow() && !self.reader.querySelector("mark")) self.reader.scrollIntoView({ block: "start" });
    });
    return b;
  };

  App.prototype.drawPane = function () {
    var pane = this.pane;
    clear(pane);
    this[this.drawers[this.tab]](pane, this.story());
  };

  /* Tab name -> the method that draws its pane (extended by serve.js). */
  App.prototype.drawers = {
    timeline: "drawTimeline", quotes: "drawQuotes", figures: "drawFigures",
    disputes: "drawDisputes", documents: "drawDocuments", inputs: "drawInputs"
  };

  /* Draws items into list PAGE at a time; a button after the list draws the next PAGE and moves
   * the focus to the first of them. Returns a wrapper holding the list (and the button). */
  App.prototype.paged = function (list, items, draw, size) {
    var step = size || PAGE;
    var wrap = el("div", { className: "paged" }, list);
    var shown = 0;
    var more = null;
    function next() {
      var first = null;
      var end = Math.min(items.length, shown + step);
      for (; shown < end; shown++) {
        var node = draw(items[shown]);
        if (!first) first = node;
        list.appendChild(node);
      }
      if (more) wrap.removeChild(more);
      more = null;
      if (shown < items.length) {
        var left = items.length - shown;
        more = el("button", { type: "button", className: "more", "data-nav": "",
          text: "Show " + Math.min(step, left) + " more (" + left + " not shown)" });
        more.addEventListener("click", function () {
          var added = next();
          var target = added && (added.matches("[data-nav]") ? added : added.querySelector("[data-nav]"));
          if (target) target.focus();
        });
        wrap.appendChild(more);
      }
      return first;
    }
    next();
    return wrap;
  };

  App.prototype.eventEntry = function (story, ev) {
    var date = ev.date || {};
    var caveat = dateCaveat(date);
    var chips = [];
    if (typeof ev.corroboration === "number") {
      chips.push(el("span", { className: "chip sources", text: plural(ev.corroboration, "source") }));
    }
    if (story.disputed[str(ev.id)]) {
      chips.push(el("span", { className: "chip disputed", text: "disputed",
        title: story.disputed[str(ev.id)].map(function (d) { return str(d.summary); }).join("; ") }));
    }
    // The same figure reported by several sources is one chip, not one per source.
    var seen = [];
    list(ev.figures).forEach(function (f) {
      var text = str(f.text);
      if (seen.indexOf(text) >= 0) return;
      seen.push(text);
      chips.push(el("span", { className: "chip figure", text: text }));
    });
    var label = [
      el("span", { className: "when" }, el("span", { className: "date", text: formatDate(date) }),
        caveat ? el("span", { className: "caveat", text: caveat }) : null),
      el("span", { className: "summary", text: ev.summary || "(no summary)" }),
      chips.length ? el("span", { className: "chips" }, chips) : null
    ];
    return el("li", null, this.item(label, { key: "event:" + str(ev.id), type: "event", data: ev }, "entry"));
  };

  App.prototype.drawTimeline = function (pane, story) {
    var self = this;
    var dated = story.events.filter(function (e) { return !isUndated(e.date); });
    var undated = story.events.filter(function (e) { return isUndated(e.date); });
    pane.appendChild(el("h2", { className: "pane-title", text: "Timeline" }));
    if (!dated.length) pane.appendChild(el("p", { className: "empty", text: "No dated events." }));
    else pane.appendChild(this.paged(el("ol", { className: "timeline" }), dated, function (e) { return self.eventEntry(story, e); }));
    if (undated.length) {
      pane.appendChild(el("h3", { className: "undated-title", text: "Undated" }));
      pane.appendChild(el("p", { className: "hint", text: "Nothing in the sources fixes when these happened." }));
      pane.appendChild(this.paged(el("ol", { className: "timeline undated" }), undated, function (e) { return self.eventEntry(story, e); }));
    }
  };

  App.prototype.drawQuotes = function (pane, story) {
    var self = this;
    pane.appendChild(el("h2", { className: "pane-title", text: "Who said what" }));
    var speakers = [];
    var bySpeaker = Object.create(null);
    story.quotes.forEach(function (q, i) {
      var name = str(q.speaker) || "Unattributed";
      if (!(name in bySpeaker)) { bySpeaker[name] = []; speakers.push(name); }
      bySpeaker[name].push({ q: q, i: i });
    });
    if (!speakers.length) pane.appendChild(el("p", { className: "empty", text: "No quotes found." }));
    pane.appendChild(this.paged(el("div", { className: "speakers" }), speakers, function (name) {
      return el("section", { className: "speaker-quotes" },
        el("h3", { className: "speaker", text: name }),
        el("ul", { className: "plain" }, bySpeaker[name].map(function (x) {
          var label = [el("span", { className: "date", text: formatDate(x.q.date) }),
            el("q", { className: "quote", text: x.q.text })];
          return el("li", null, self.item(label, { key: "quote:" + x.i, type: "quote", data: x.q }));
        })));
    }, PAGE / 4));
  };

  App.prototype.drawFigures = function (pane, story) {
    var self = this;
    pane.appendChild(el("h2", { className: "pane-title", text: "Key figures" }));
    if (!story.figures.length) pane.appendChild(el("p", { className: "empty", text: "No figures found." }));
    var numbered = story.figures.map(function (f, i) { return { f: f, i: i }; });
    pane.appendChild(this.paged(el("ul", { className: "plain" }), numbered, function (x) {
      var f = x.f;
      var value = typeof f.value === "number" ? f.value.toLocaleString("en-US") + (f.unit ? " " + f.unit : "") : null;
      var label = [el("span", { className: "figure-text", text: f.text }),
        value ? el("span", { className: "figure-value", text: value }) : null,
        el("span", { className: "chip sources", text: plural(list(f.evidence).length, "passage") }),
        el("span", { className: "claim-sources", text: sourceNames(story, f.evidence) || "no source" })];
      return el("li", null, self.item(label, { key: "figure:" + x.i, type: "figure", data: f }));
    }));
  };

  App.prototype.drawDisputes = function (pane, story) {
    var self = this;
    pane.appendChild(el("h2", { className: "pane-title", text: "Where sources disagree" }));
    if (!story.discrepancies.length) pane.appendChild(el("p", { className: "empty", text: "No disagreements found." }));
    story.discrepancies.forEach(function (d, i) {
      var claims = list(d.claims).map(function (c, j) {
        var label = [el("span", { className: "claim-text", text: c.text }),
          el("span", { className: "claim-sources", text: sourceNames(story, c.evidence) || "no source" })];
        return self.item(label, { key: "claim:" + i + ":" + j, type: "claim", data: c, dispute: d }, "claim");
      });
      var affected = story.events.filter(function (e) {
        return (story.disputed[str(e.id)] || []).indexOf(d) >= 0;
      });
      pane.appendChild(el("section", { className: "dispute" },
        el("h3", { text: d.summary || "Disagreement" }),
        affected.length ? el("p", { className: "hint", text: "Concerns: " +
          affected.map(function (e) { return formatDate(e.date) + " \u2014 " + str(e.summary); }).join("; ") }) : null,
        el("div", { className: "claims" }, claims)));
    });
  };

  App.prototype.drawDocuments = function (pane, story) {
    var self = this;
    pane.appendChild(el("h2", { className: "pane-title", text: "Documents" }));
    pane.appendChild(el("p", { className: "hint", text: "Open an article to read its full text: passages used as evidence are underlined, text ignored as debris is struck through." }));
    var reprints = Object.create(null);
    story.documents.forEach(function (doc) {
      if (doc.duplicate_of) (reprints[str(doc.duplicate_of)] = reprints[str(doc.duplicate_of)] || []).push(str(doc.id));
    });
    pane.appendChild(this.paged(el("ul", { className: "plain" }), story.documents, function (doc) {
      var ignored = list(doc.debris).reduce(function (n, d) { return n + Math.max(0, d.end - d.start); }, 0);
      var copies = reprints[str(doc.id)] || [];
      var reprinted = list(doc.reprinted).length;
      var label = [el("span", { className: "doc-title", text: doc.title || doc.id }),
        el("span", { className: "doc-line", text: [doc.source || "source unknown",
          "published " + formatDate(doc.published),
          ignored ? ignored + " characters ignored" : null,
          doc.duplicate_of ? "duplicate of " + doc.duplicate_of : null,
          copies.length ? "reprinted by " + copies.join(", ") : null,
          reprinted ? plural(reprinted, "paragraph") + " reprinted from earlier articles" : null
        ].filter(Boolean).join(" \u00b7 ") }),
        (doc.published || {}).basis ? el("span", { className: "doc-line basis", text: "date basis: " + doc.published.basis }) : null];
      return el("li", null, self.item(label, { key: "doc:" + str(doc.id), type: "document", data: doc }));
    }));
  };

  App.prototype.drawInputs = function (pane) {
    var self = this;
    pane.appendChild(el("h2", { className: "pane-title", text: "Inputs" }));
    if (!this.manifest) {
      pane.appendChild(el("p", { className: "empty", text: "No manifest was given when this page was made." }));
      return;
    }
    var counts = Object.create(null);
    this.manifest.forEach(function (m) { counts[str(m.status)] = (counts[str(m.status)] || 0) + 1; });
    pane.appendChild(el("p", { className: "counts", text: plural(this.manifest.length, "input") + ": " +
      Object.keys(counts).sort().map(function (k) { return counts[k] + " " + k; }).join(", ") }));
    var story = this.story();
    var rows = this.manifest.map(function (m) {
      var doc = m.doc && story.docs[str(m.doc)];
      var note = m.status === "rejected" ? str(m.reason) || "no reason recorded" :
        m.status === "duplicate" ? "duplicate of " + (m.duplicate_of || "an earlier input") : str(m.reason);
      var docCell = doc ? self.item(str(m.doc), { key: "doc:" + str(m.doc), type: "document", data: doc }, "inline")
        : str(m.doc);
      return el("tr", { className: "status-" + (["used", "duplicate", "rejected"].indexOf(m.status) >= 0 ? m.status : "other") },
        el("td", { className: "input", text: m.input }), el("td", { text: m.status }),
        el("td", null, docCell), el("td", { text: note }));
    });
    pane.appendChild(el("div", { className: "table-wrap" }, el("table", { className: "inputs" },
      el("thead", null, el("tr", null, ["Input", "Status", "Document", "Reason"].map(function (h) {
        return el("th", { scope: "col", text: h });
      }))), el("tbody", null, rows))));
  };

  App.prototype.drawReader = function () {
    var reader = this.reader;
    var story = this.story();
    clear(reader);
    var sel = this.selected;
    if (!sel) {
      reader.appendChild(el("div", { className: "reader-empty" },
        el("h2", { text: "Reader" }),
        el("p", { text: "Choose an entry to read its evidence highlighted in the full articles, " +
          "and how its date was established. Use \u2191 and \u2193 to move through a list, Enter to open." })));
      return;
    }
    var result;
    var d = sel.data;
    if (sel.type === "event") {
      var disputes = story.disputed[str(d.id)] || [];
      reader.appendChild(el("h2", { text: d.summary || "(no summary)" }));
      reader.appendChild(el("p", { className: "reader-meta" },
        [typeof d.corroboration === "number" ? plural(d.corroboration, "source") : null,
          list(d.actors).length ? "actors: " + list(d.actors).join(", ") : null,
          d.kind ? "kind: " + d.kind : null].filter(Boolean).join(" \u00b7 ")));
      if (disputes.length) {
        reader.appendChild(el("p", { className: "warning", text: "Disputed: " +
          disputes.map(function (x) { return str(x.summary); }).join("; ") + " (see \u201cWhere sources disagree\u201d)." }));
      }
      reader.appendChild(dateBlock(d.date));
      result = passages(story, [
        { spans: d.evidence, kind: "ev", title: "evidence for this entry" },
        { spans: (d.date || {}).evidence, kind: "date", title: "evidence for the date" }]);
      reader.appendChild(el("h3", { text: "Evidence (" + plural(list(d.evidence).length, "passage") + ")" }));
    } else if (sel.type === "quote") {
      reader.appendChild(el("h2", null, str(d.speaker) || "Unattributed", ": ", el("q", { text: d.text })));
      reader.appendChild(dateBlock(d.date));
      result = passages(story, [
        { spans: d.evidence, kind: "ev", title: "the quote" },
        { spans: (d.date || {}).evidence, kind: "date", title: "evidence for the date" }]);
    } else if (sel.type === "figure") {
      reader.appendChild(el("h2", { text: d.text }));
      if (typeof d.value === "number") {
        reader.appendChild(el("p", { className: "reader-meta", text: "read as " + d.value.toLocaleString("en-US") + (d.unit ? " " + d.unit : "") }));
      }
      result = passages(story, [{ spans: d.evidence, kind: "ev", title: "the figure" }]);
    } else if (sel.type === "claim") {
      reader.appendChild(el("p", { className: "reader-meta", text: "Disagreement: " + str(sel.dispute.summary) }));
      reader.appendChild(el("h2", { text: d.text }));
      result = passages(story, [{ spans: d.evidence, kind: "claim", title: "this claim" }]);
    } else {
      reader.appendChild(el("h2", { text: d.title || d.id }));
      var cited = [];
      story.events.forEach(function (e) { cited = cited.concat(list(e.evidence)); });
      story.quotes.concat(story.figures).forEach(function (q) { cited = cited.concat(list(q.evidence)); });
      story.discrepancies.forEach(function (x) {
        list(x.claims).forEach(function (c) { cited = cited.concat(list(c.evidence)); });
      });
      cited = cited.filter(function (s) { return str(s.doc) === str(d.id); });
      var body = articleText(story, str(d.id), debrisLayers(d).concat(cited.map(function (s) {
        return { start: s.start, end: s.end, kind: "cited", title: "used as evidence" };
      })));
      reader.appendChild(el("article", { className: "doc" }, docMeta(story, d),
        el("p", { className: "legend" }, el("mark", { className: "hl-cited", text: "used as evidence" }), " \u00b7 ",
          el("del", { className: "debris", text: "ignored as debris" }), " (hover for the reason)"),
        debrisReasons(d), body.node));
      reader.scrollTop = 0;
      return;
    }
    append(reader, result.nodes);
    reader.scrollTop = 0;
    if (result.first) showInReader(reader, result.first);
  };

  /* Bring the first highlight into view. On wide screens only the reader scrolls (the list the
   * user is moving through stays put); on narrow ones the reader is part of the page. */
  function showInReader(reader, mark) {
    if (narrow()) {
      if (mark.scrollIntoView) mark.scrollIntoView({ block: "center" });
      return;
    }
    var offset = mark.getBoundingClientRect().top - reader.getBoundingClientRect().top;
    reader.scrollTop += Math.max(0, offset - reader.clientHeight / 3);
  }

  function narrow() {
    return Boolean(window.matchMedia && window.matchMedia("(max-width: 900px)").matches);
  }

  function start() {
    if (document.getElementById("storyline-serve")) return; // serve.js starts the app
    var root = document.getElementById("app");
    if (!root) return;
    var timeline = readJson("storyline-data");
    var manifest = readJson("storyline-manifest");
    if (!timeline || timeline.error) {
      clear(root);
      root.appendChild(el("p", { className: "empty", text: "The timeline data in this page could not be read." }));
      return;
    }
    new App(root, timeline, manifest).render();
  }

  window.Storyline = {
    App: App, Story: Story, el: el, append: append, clear: clear, str: str, list: list,
    plural: plural, readJson: readJson, formatDate: formatDate, isUndated: isUndated,
    TABS: TABS, PAGE: PAGE
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
