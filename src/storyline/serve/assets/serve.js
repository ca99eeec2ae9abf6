/* Storyline local web app: what only a server can add to the offline page.
 *
 * Loaded after page.js (storyline.render), whose App draws a story; this file starts it with the
 * data the server embedded and adds: the stories list with search, the rhythm chart, article
 * texts fetched when an entry that cites them is opened (a 500-article story does not ship
 * megabytes of text up front), and adding articles. Everything reaches the page through
 * createElement/textContent, as in page.js: article text is hostile input. Requests go only to
 * this server (the Content-Security-Policy allows nothing else).
 */
(function () {
  "use strict";

  var S = window.Storyline;
  if (!S) return;
  var el = S.el, clear = S.clear, str = S.str, list = S.list, plural = S.plural;
  var config = S.readJson("storyline-serve") || {};
  var SEND = { "X-Storyline-Request": "page", Accept: "application/json" };

  // ---- talking to the server ----

  function api(path, options) {
    options = options || {};
    var init = { method: options.method || "GET", credentials: "same-origin",
      headers: options.headers || { Accept: "application/json" } };
    if (options.body) init.body = options.body;
    return window.fetch(path, init).then(function (response) {
      return response.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (err) { data = null; }
        if (!response.ok) {
          throw new Error(data && data.detail ? detailText(data.detail) : "the server answered " + response.status);
        }
        return data;
      });
    });
  }

  function detailText(detail) {
    if (typeof detail === "string") return detail;
    return list(detail).map(function (d) { return str(d && d.msg); }).join("; ") || "request refused";
  }

  function storyApi(id) { return "/api/stories/" + encodeURIComponent(id); }

  function storyLink(id, label) {
    var a = el("a", { text: label });
    a.href = "/stories/" + encodeURIComponent(id);
    return a;
  }

  function mb(bytes) { return (bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1) + " MB"; }

  // ---- adding articles (both pages) ----

  /* The upload form. onDone(report) runs after the server stored the articles. */
  function addForm(onDone, status) {
    var limits = config.limits || {};
    var types = list(limits.types);
    var files = el("input", { type: "file", id: "add-files", name: "files", multiple: "",
      accept: types.join(",") });
    var title = el("input", { type: "text", id: "add-title", name: "title", autocomplete: "off" });
    var published = el("input", { type: "date", id: "add-published", name: "published" });
    var source = el("input", { type: "text", id: "add-source", name: "source", autocomplete: "off" });
    var text = el("textarea", { id: "add-text", name: "text", rows: "8" });
    var submit = el("button", { type: "submit", id: "add-submit", className: "primary", text: "Add to the story store" });
    var note = el("div", { id: "add-status", className: "status", role: "status", "aria-live": "polite" });
    if (status) note.appendChild(status);
    var form = el("form", { id: "add-form", className: "add-form", novalidate: "" },
      el("p", { className: "hint", text: "Files: " + types.join(", ") + " \u2014 at most " +
        plural(limits.files || 0, "file") + " of " + mb(limits.file_bytes || 0) + " each, " +
        mb(limits.request_bytes || 0) + " in all. Or paste one article (up to " + mb(limits.text_bytes || 0) +
        "). Each article joins its story or starts a new one." }),
      note,
      el("label", { className: "field", "for": "add-files" }, "Article files", files),
      el("fieldset", null, el("legend", { text: "Or paste an article" }),
        el("label", { className: "field", "for": "add-text" }, "Text (the first line is the title unless you give one)", text),
        el("div", { className: "row" },
          el("label", { className: "field", "for": "add-title" }, "Title", title),
          el("label", { className: "field", "for": "add-published" }, "Published", published),
          el("label", { className: "field", "for": "add-source" }, "Source", source))),
      submit);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var chosen = Array.prototype.slice.call(files.files || []);
      var problem = checkFiles(chosen, limits, types);
      if (!problem && !chosen.length && !text.value.trim()) problem = "Choose files or paste an article first.";
      if (problem) return say(note, problem, "error");
      var body = new FormData();
      chosen.forEach(function (f) { body.append("files", f, f.name); });
      [["text", text], ["title", title], ["published", published], ["source", source]].forEach(function (p) {
        if (p[1].value.trim()) body.append(p[0], p[1].value);
      });
      submit.disabled = true;
      say(note, "Adding " + (chosen.length ? plural(chosen.length, "file") : "the pasted article") +
        "\u2026 (the first upload also loads the language model: a few seconds)", "busy");
      api("/api/documents", { method: "POST", body: body, headers: SEND }).then(function (report) {
        submit.disabled = false;
        form.reset();
        onDone(report);
      }, function (err) {
        submit.disabled = false;
        say(note, "Not added: " + err.message, "error");
      });
    });
    return form;
  }

  function checkFiles(files, limits, types) {
    if (files.length > limits.files) return "Choose at most " + limits.files + " files at a time.";
    for (var i = 0; i < files.length; i++) {
      var name = str(files[i].name);
      var dot = name.lastIndexOf(".");
      var suffix = dot >= 0 ? name.slice(dot).toLowerCase() : "";
      if (types.indexOf(suffix) < 0) return name + ": not an article file (" + types.join(", ") + ").";
      if (files[i].size > limits.file_bytes) return name + " is " + mb(files[i].size) + "; the limit is " + mb(limits.file_bytes) + ".";
    }
    return null;
  }

  function say(node, message, kind) {
    clear(node);
    node.className = "status " + (kind || "");
    node.appendChild(typeof message === "string" ? el("p", { text: message }) : message);
  }

  /* What an upload did, in words, with links to the stories it changed. */
  function reportNode(report, current) {
    var box = el("div", { className: "report" });
    box.appendChild(el("p", { className: "report-line", text: [
      plural(report.added || 0, "article") + " added",
      plural(report.duplicates || 0, "duplicate"),
      (report.unchanged || 0) + " already stored",
      (list(report.rejected).length) + " rejected"].join(", ") + "." }));
    var fresh = list(report.new_stories);
    var changed = list(report.stories).filter(function (id) { return id !== current; });
    if (current && list(report.stories).indexOf(current) >= 0) {
      box.appendChild(el("p", { text: "This story was updated: see the Timeline." }));
    }
    if (changed.length) {
      box.appendChild(el("ul", { className: "plain story-links" }, changed.map(function (id) {
        return el("li", null, fresh.indexOf(id) >= 0 ? "New story: " : "Updated: ", storyLink(id, id));
      })));
    }
    if (list(report.rejected).length) {
      box.appendChild(el("ul", { className: "rejected" }, list(report.rejected).map(function (r) {
        return el("li", null, el("code", { text: r.input }), ": " + str(r.reason));
      })));
    }
    return box;
  }

  // ---- the stories list ----

  function StoriesPage(root, listing) {
    this.root = root;
    this.query = str(listing && listing.query);
    this.stories = list(listing && listing.stories);
    this.status = null;
    this.ticket = 0;
  }

  StoriesPage.prototype.render = function () {
    var self = this;
    clear(this.root);
    var input = el("input", { type: "search", id: "story-search", name: "q", value: this.query,
      placeholder: "title, name or any word in the articles", autocomplete: "off" });
    var form = el("form", { className: "search", role: "search" },
      el("label", { "for": "story-search", text: "Search stories" }), input,
      el("button", { type: "submit", text: "Search" }));
    var timer = null;
    function search() { self.search(input.value.trim()); }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (timer) window.clearTimeout(timer);
      search();
    });
    input.addEventListener("input", function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    this.results = el("section", { id: "story-list", "aria-live": "polite" });
    this.root.appendChild(el("header", { className: "top" }, el("h1", { text: "Stories" }), form));
    this.root.appendChild(this.results);
    this.drawList();
    if (!config.read_only) {
      this.root.appendChild(el("section", { className: "add", id: "add" },
        el("h2", { text: "Add articles" }),
        addForm(function (report) {
          self.status = reportNode(report, null);
          self.search(self.query).then(function () { self.render(); });
        }, this.status)));
    }
  };

  /* Searches and redraws the list, unless a newer search was started meanwhile or nothing
   * changed (a redraw would take the focus from a story link the reader is on). */
  StoriesPage.prototype.search = function (query) {
    var self = this;
    var ticket = ++this.ticket;
    return api("/api/stories?q=" + encodeURIComponent(query)).then(function (data) {
      if (ticket !== self.ticket) return;
      var found = list(data.stories);
      var same = query === self.query && JSON.stringify(found) === JSON.stringify(self.stories);
      self.query = query;
      self.stories = found;
      window.history.replaceState(null, "", query ? "/?q=" + encodeURIComponent(query) : "/");
      if (!same) self.drawList();
    }, function (err) {
      clear(self.results);
      self.results.appendChild(el("p", { className: "warning", text: "Search failed: " + err.message }));
    });
  };

  StoriesPage.prototype.drawList = function () {
    var box = this.results;
    clear(box);
    var q = this.query;
    var n = this.stories.length + (this.stories.length === 1 ? " story" : " stories");
    box.appendChild(el("p", { className: "counts", text: q ? n + " matching \u201c" + q + "\u201d" : n }));
    if (!this.stories.length) {
      box.appendChild(el("p", { className: "empty", text: q ? "No story mentions that." :
        "No stories yet. Add articles below, or with: storyline add FILES --db STORE" }));
      return;
    }
    var rows = this.stories.map(function (s) {
      var span = s.first && s.last ? (s.first === s.last ? s.first : s.first + " \u2026 " + s.last) : "undated";
      return el("tr", null,
        el("td", { className: "story-title" }, storyLink(s.id, s.title || s.id),
          s.matches ? el("span", { className: "matches", text: "found in " + list(s.matches).join(", ") }) : null),
        el("td", { className: "nowrap", text: span }),
        el("td", { className: "num", text: s.documents }),
        el("td", { className: "num", text: s.events }),
        el("td", { className: "nowrap", text: str(s.updated).replace("T", " ").replace("Z", " UTC") }));
    });
    box.appendChild(el("div", { className: "table-wrap" }, el("table", { className: "stories" },
      el("thead", null, el("tr", null, ["Story", "Dates", "Articles", "Events", "Last update"].map(function (h) {
        return el("th", { scope: "col", text: h });
      }))), el("tbody", null, rows))));
  };

  // ---- one story: page.js's App, extended ----

  function ServeApp(root, timeline, manifest, rhythm) {
    S.App.call(this, root, timeline, manifest);
    this.rhythm = rhythm || {};
    this.period = null;
    this.status = null;
    if (!config.read_only) this.tabs.push(["add", "Add articles"]);
  }
  ServeApp.prototype = Object.create(S.App.prototype);
  ServeApp.prototype.constructor = ServeApp;
  ServeApp.prototype.drawers = Object.assign({}, S.App.prototype.drawers, { add: "drawAdd" });

  ServeApp.prototype.render = function () {
    S.App.prototype.render.call(this);
    var top = this.root.querySelector("header.top");
    var id = str(this.story().raw.id);
    var json = el("a", { text: "timeline.json" });
    json.href = storyApi(id);
    if (top) top.appendChild(el("p", { className: "links" }, "Story ", el("code", { text: id }), " \u00b7 ", json));
  };

  ServeApp.prototype.drawTimeline = function (pane, story) {
    var shown = story;
    var period = this.period;
    if (period) {
      shown = Object.create(story);
      shown.events = story.events.filter(function (e) { return inPeriod(e.date, period); });
    }
    S.App.prototype.drawTimeline.call(this, pane, shown);
    var after = pane.firstChild ? pane.firstChild.nextSibling : null;
    pane.insertBefore(this.chart(story), after);
  };

  function placed(date) {
    if (!date || !date.earliest || !date.latest) return null;
    var days = (Date.parse(date.latest) - Date.parse(date.earliest)) / 86400000;
    return days <= 31 ? str(date.earliest) : null;
  }

  function inPeriod(date, period) {
    var day = placed(date);
    return day !== null && (!period.start || day >= period.start) && (!period.end || day < period.end);
  }

  ServeApp.prototype.choose = function (period) {
    this.period = period;
    this.drawPane();
    var bar = period && this.pane.querySelector("[data-period=\"" + period.key + "\"]");
    if (bar) bar.focus();
  };

  /* The rhythm: one bar pair (events, articles) per period; a bar filters the timeline. */
  ServeApp.prototype.chart = function () {
    var self = this;
    var r = this.rhythm;
    var bins = list(r.bins);
    var box = el("section", { className: "rhythm", "aria-label": "Rhythm of the story" });
    if (!bins.length) {
      box.appendChild(el("p", { className: "hint", text: "No dated articles or events to chart." }));
      return box;
    }
    var top = 1;
    bins.forEach(function (b) { top = Math.max(top, b.events, b.articles); });
    box.appendChild(el("h3", null, "Rhythm: events and articles per " + r.unit + " ",
      el("span", { className: "key ev", text: "events" }), " ", el("span", { className: "key art", text: "articles" })));
    var bars = el("div", { className: "bars", role: "group", "aria-label": "Periods (choose one to filter the timeline)" });
    bins.forEach(function (b, i) {
      var label = b.label + ": " + plural(b.events, "event") + ", " + plural(b.articles, "article");
      var ev = el("span", { className: "bar-ev" });
      var art = el("span", { className: "bar-art" });
      ev.style.height = (100 * b.events / top) + "%";
      art.style.height = (100 * b.articles / top) + "%";
      var key = "bin-" + i;
      var bar = el("button", { type: "button", className: "bar", title: label, "aria-label": label,
        "data-period": key, "aria-pressed": self.period && self.period.key === key ? "true" : "false" }, ev, art);
      bar.addEventListener("click", function () {
        self.choose(self.period && self.period.key === key ? null :
          { key: key, start: b.start, end: b.end, label: b.label });
      });
      bars.appendChild(bar);
    });
    bars.addEventListener("keydown", function (ev) {
      var step = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      var all = Array.prototype.slice.call(bars.querySelectorAll(".bar"));
      var i = all.indexOf(document.activeElement);
      ev.preventDefault();
      ev.stopPropagation();
      all[Math.max(0, Math.min(all.length - 1, i + step))].focus();
    });
    box.appendChild(bars);
    box.appendChild(el("div", { className: "axis" }, el("span", { text: bins[0].label }),
      el("span", { text: bins[bins.length - 1].label })));
    var notes = [];
    var before = r.before || {};
    var after = r.after || {};
    if (before.events) notes.push(this.periodButton(plural(before.events, "event") + " before " + before.end,
      { key: "before", start: null, end: before.end, label: "before " + before.end }));
    if (after.events) notes.push(this.periodButton(plural(after.events, "event") + " from " + after.start,
      { key: "after", start: after.start, end: null, label: "from " + after.start }));
    var unplaced = r.unplaced || {};
    if (unplaced.events || unplaced.articles) {
      notes.push(el("span", { text: plural(unplaced.events || 0, "event") + " and " +
        plural(unplaced.articles || 0, "article") + " not dated to within a month" }));
    }
    if (notes.length) box.appendChild(el("p", { className: "hint rhythm-notes" }, notes.map(function (n, i) {
      return i ? [" \u00b7 ", n] : n;
    })));
    if (this.period) {
      var all = el("button", { type: "button", className: "link", id: "show-all", text: "Show all events" });
      all.addEventListener("click", function () { self.choose(null); });
      box.appendChild(el("p", { className: "filter" }, "Showing the events of " + this.period.label + ". ", all));
    }
    return box;
  };

  ServeApp.prototype.periodButton = function (text, period) {
    var self = this;
    var b = el("button", { type: "button", className: "link", "data-period": period.key, text: text });
    b.addEventListener("click", function () { self.choose(period); });
    return b;
  };

  /* Documents whose text the reader needs for a selection. */
  function neededDocs(sel) {
    var d = sel.data || {};
    if (sel.type === "document") return [str(d.id)];
    var spans = list(d.evidence).concat(list((d.date || {}).evidence));
    var ids = [];
    spans.forEach(function (s) { if (ids.indexOf(str(s.doc)) < 0) ids.push(str(s.doc)); });
    return ids;
  }

  ServeApp.prototype.drawReader = function () {
    var self = this;
    var story = this.story();
    var sel = this.selected;
    var missing = sel ? neededDocs(sel).filter(function (id) {
      return story.docs[id] && typeof story.docs[id].text !== "string";
    }) : [];
    if (!missing.length) return S.App.prototype.drawReader.call(this);
    clear(this.reader);
    this.reader.appendChild(el("p", { className: "loading", text: "Loading " + plural(missing.length, "article") + "\u2026" }));
    Promise.all(missing.map(function (id) {
      return api(storyApi(story.raw.id) + "/documents/" + encodeURIComponent(id)).then(function (doc) {
        story.docs[id].text = str(doc && doc.text);
        delete story.codepoints[id];
      });
    })).then(function () {
      if (self.selected === sel && self.story() === story) S.App.prototype.drawReader.call(self);
    }, function (err) {
      if (self.selected !== sel) return;
      clear(self.reader);
      self.reader.appendChild(el("p", { className: "warning", text: "Could not load the article: " + err.message }));
    });
  };

  ServeApp.prototype.drawAdd = function (pane) {
    var self = this;
    pane.appendChild(el("h2", { className: "pane-title", text: "Add articles" }));
    pane.appendChild(addForm(function (report) { self.refresh(report); }, this.status));
  };

  /* After an upload: the story again from the server, redrawn on the same tab. */
  ServeApp.prototype.refresh = function (report) {
    var self = this;
    var id = str(this.story().raw.id);
    var before = this.story().events.length;
    return api(storyApi(id) + "/view").then(function (view) {
      self.stories = list(view.timeline && view.timeline.stories).map(function (s) { return new S.Story(s); });
      self.manifest = view.manifest;
      self.rhythm = view.rhythm || {};
      self.selected = null;
      var node = reportNode(report, id);
      node.appendChild(el("p", { className: "counts", text: "Events: " + before + " \u2192 " + self.story().events.length + "." }));
      self.status = node;
      self.render();
    }, function (err) {
      self.status = el("p", { className: "warning", text: "Added, but the story could not be reloaded: " + err.message });
      self.render();
    });
  };

  // ---- start ----

  function start() {
    var root = document.getElementById("app");
    if (!root) return;
    if (config.view === "stories") {
      new StoriesPage(root, S.readJson("storyline-stories")).render();
    } else if (config.view === "story") {
      var timeline = S.readJson("storyline-data");
      if (!timeline || timeline.error) {
        clear(root);
        root.appendChild(el("p", { className: "empty", text: "The story data could not be read." }));
        return;
      }
      new ServeApp(root, timeline, S.readJson("storyline-manifest"), S.readJson("storyline-rhythm")).render();
    }
    // For the benchmark (storyline bench serve): DOM built, and the frame after it painted.
    if (!window.performance || !window.performance.mark) return;
    window.performance.mark("storyline-drawn");
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { window.performance.mark("storyline-painted"); }, 0);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
