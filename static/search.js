// factbook search: the header's search box, over the index in search/ that
// the build writes (src/render/search.rs). Index files are classic scripts
// that call window.__fbSearch(name, data), loaded with <script> tags, so
// search works from file:// as well as over HTTP and under any site-url
// prefix: every path is relative to the page (the box's data-root).
// A query loads the manifest, the shards of its words, and what its top
// results show; nothing else. Without JavaScript the box stays hidden.
(function () {
  "use strict";

  var MAX_RESULTS = 10;
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  // A query typed with tones: a spelling that differs only in marks counts
  // this much; a word that only starts with the typed one, this much.
  var FOLDED_ONLY = 0.4;
  var PREFIX_ONLY = 0.7;
  var MAX_PREFIX_SHARDS = 2;

  /** Lowercase, combining marks removed, đ -> d: as fold() in search.rs. */
  function fold(s) {
    return s.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/\p{M}/gu, "");
  }

  function chars(s) { return Array.from(s); }

  /** The file (under search/terms/) of a shard key, as shard_file() in search.rs. */
  function shardName(key) {
    if (/^[a-z0-9]+$/.test(key)) return "terms/t_" + key;
    var hex = "";
    new TextEncoder().encode(key).forEach(function (b) { hex += (b < 16 ? "0" : "") + b.toString(16); });
    return "terms/x_" + hex;
  }

  /** The words of a query, folded, with their lowercase spelling. */
  function parse(query) {
    var q = query.normalize("NFC");
    var raw = q.match(WORD) || [];
    // The last word is still being typed unless something follows it.
    var open = raw.length > 0 && q.slice(q.lastIndexOf(raw[raw.length - 1]) + raw[raw.length - 1].length) === "";
    return raw.map(function (w, i) {
      var spelling = w.toLowerCase();
      var folded = fold(w);
      return {
        spelling: spelling,
        folded: folded,
        toned: spelling !== folded,
        prefix: open && i === raw.length - 1 && chars(folded).length >= 2,
      };
    });
  }

  /** Search over index files that `load(name)` returns (as promises). */
  function Engine(load) {
    this.load = load;
    this.cache = {};
    this.manifest = null;
  }

  Engine.prototype.get = function (name) {
    var cache = this.cache;
    if (!cache[name]) {
      // A failed load is retried by the next query (serve may be rewriting it).
      cache[name] = this.load(name).catch(function (err) { delete cache[name]; throw err; });
    }
    return cache[name];
  };

  Engine.prototype.ready = function () {
    var self = this;
    return this.get("index").then(function (m) {
      if (!self.manifest) {
        self.manifest = m;
        self.keys = {};
        self.maxKey = 1;
        m.shards.forEach(function (k) {
          self.keys[k] = true;
          self.maxKey = Math.max(self.maxKey, chars(k).length);
        });
      }
      return m;
    });
  };

  /** Shards that may hold `term`: the longest key that starts it, plus, for
   * the word being typed, the few deeper shards of words it starts. */
  Engine.prototype.shardsFor = function (term) {
    var c = chars(term.folded);
    var out = [];
    for (var n = Math.min(c.length, this.maxKey); n >= 1; n--) {
      var k = c.slice(0, n).join("");
      if (this.keys[k]) { out.push(k); break; }
    }
    if (term.prefix) {
      var deeper = this.manifest.shards.filter(function (k) {
        return k.length > term.folded.length && k.indexOf(term.folded) === 0;
      });
      if (deeper.length <= MAX_PREFIX_SHARDS) out = out.concat(deeper);
    }
    return out;
  };

  /** Ranked document ids for `query`: all words matched first, then words
   * with the typed tones, then entities whose name matched, then weight. */
  Engine.prototype.rank = function (terms) {
    var self = this;
    var nameWeight = this.manifest.name_weight;
    return Promise.all(terms.map(function (t) {
      return Promise.all(self.shardsFor(t).map(function (k) { return self.get(shardName(k)); }));
    })).then(function (perTerm) {
      var docs = {};
      perTerm.forEach(function (shards, ti) {
        var t = terms[ti];
        var best = {};
        shards.forEach(function (shard) {
          Object.keys(shard).forEach(function (f) {
            var whole = f === t.folded;
            if (!whole && !(t.prefix && f.indexOf(t.folded) === 0)) return;
            var spellings = shard[f];
            Object.keys(spellings).forEach(function (sp) {
              var exact = !t.toned || (whole ? sp === t.spelling : sp.indexOf(t.spelling) === 0);
              var factor = (exact ? 1 : FOLDED_ONLY) * (whole ? 1 : PREFIX_ONLY);
              var p = spellings[sp];
              var doc = 0;
              for (var i = 0; i < p.length; i += 2) {
                doc += p[i];
                var s = p[i + 1] * factor;
                var b = best[doc];
                if (!b || s > b.score) best[doc] = { score: s, exact: exact, name: p[i + 1] >= nameWeight };
              }
            });
          });
        });
        Object.keys(best).forEach(function (d) {
          var r = docs[d] || (docs[d] = { doc: +d, matched: 0, exact: 0, names: 0, score: 0 });
          var b = best[d];
          r.matched += 1;
          r.exact += b.exact ? 1 : 0;
          r.names += b.name ? 1 : 0;
          r.score += b.score;
        });
      });
      var n = terms.length;
      return Object.keys(docs).map(function (d) { return docs[d]; }).sort(function (a, b) {
        return b.matched - a.matched || b.exact - a.exact ||
          (b.names === n) - (a.names === n) || b.score - a.score || a.doc - b.doc;
      });
    });
  };

  /** The top results of `query`: {kind, title, url, snippet, text, terms}. */
  Engine.prototype.search = function (query) {
    var self = this;
    var terms = parse(query);
    // One letter would match half the site: wait for the second.
    if (!terms.length || (terms.length === 1 && chars(terms[0].folded).length < 2)) return Promise.resolve([]);
    return this.ready().then(function () { return self.rank(terms); }).then(function (ranked) {
      var top = ranked.slice(0, MAX_RESULTS);
      var group = self.manifest.group;
      return Promise.all(top.map(function (r) {
        return self.get("docs/" + Math.floor(r.doc / group)).then(function (docs) {
          var d = docs[r.doc % group];
          return { kind: self.manifest.kinds[d[0]], entity: d[0] >= 2, title: d[1], url: d[2], snippet: d[3], text: d[4] || null, terms: terms };
        });
      }));
    });
  };

  /** Where the query's words occur in `text`: [start, end] pairs. */
  function hits(text, terms) {
    var out = [];
    var re = new RegExp(WORD.source, "gu");
    var m;
    while ((m = re.exec(text))) {
      var f = fold(m[0]);
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i];
        if (f === t.folded || (t.prefix && f.indexOf(t.folded) === 0)) {
          out.push([m.index, m.index + m[0].length]);
          break;
        }
      }
    }
    return out;
  }

  /** The part of `text` around its first hit, about `size` characters. */
  function window_(text, terms, size) {
    var h = hits(text, terms);
    if (!h.length || text.length <= size) return text;
    var start = Math.max(0, h[0][0] - Math.floor(size / 3));
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < h[0][0] ? space + 1 : start;
    }
    var end = Math.min(text.length, start + size);
    var cut = text.slice(start, end);
    var last = cut.lastIndexOf(" ");
    if (end < text.length && last > size / 2) cut = cut.slice(0, last);
    return (start > 0 ? "…" : "") + cut.trim() + (end < text.length ? "…" : "");
  }

  /** Loads an article's text when its stored snippet shows no hit. */
  Engine.prototype.snippetText = function (result) {
    if (!result.text || hits(result.snippet, result.terms).length) return Promise.resolve(null);
    return this.get(result.text.replace(/^search\//, "").replace(/\.js$/, ""));
  };

  var api = { Engine: Engine, fold: fold, parse: parse, hits: hits, shardName: shardName };
  if (typeof window !== "undefined") window.__fbSearchEngine = api;
  if (typeof document === "undefined") return;

  // ---- The search box ----

  var form = document.querySelector(".site-search[data-root]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var list = form.querySelector(".search-results");
  var status = form.querySelector(".search-status");
  var root = form.getAttribute("data-root") || "";
  var pending = {};

  window.__fbSearch = function (name, data) {
    var p = pending[name];
    if (p) { delete pending[name]; p(data); }
  };

  function loadScript(name) {
    return new Promise(function (resolve, reject) {
      pending[name] = resolve;
      var s = document.createElement("script");
      s.src = root + "search/" + name + ".js";
      s.onload = function () {
        s.remove();
        if (pending[name]) { delete pending[name]; reject(new Error("search: " + name + " did not load")); }
      };
      s.onerror = function () { s.remove(); delete pending[name]; reject(new Error("search: cannot load " + name)); };
      document.head.appendChild(s);
    });
  }

  var engine = new Engine(loadScript);
  var active = -1;
  var seq = 0;
  var current = Promise.resolve([]);

  function highlighted(text, terms) {
    var frag = document.createDocumentFragment();
    var at = 0;
    hits(text, terms).forEach(function (h) {
      frag.appendChild(document.createTextNode(text.slice(at, h[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h[0], h[1]);
      frag.appendChild(mark);
      at = h[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function setActive(i) {
    var items = list.querySelectorAll("li.search-result");
    if (!items.length) { active = -1; return; }
    active = (i + items.length) % items.length;
    items.forEach(function (el, j) {
      el.classList.toggle("active", j === active);
      var a = el.querySelector("a");
      if (j === active) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
    status.textContent = items[active].textContent;
    items[active].scrollIntoView({ block: "nearest" });
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
  }

  function show(results, query) {
    list.textContent = "";
    active = -1;
    if (!query.trim()) { close(); status.textContent = ""; return; }
    status.textContent = results.length ? form.getAttribute("data-count").replace("{n}", results.length) : form.getAttribute("data-empty");
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "search-result";
      var a = document.createElement("a");
      a.href = root + r.url;
      a.setAttribute("data-search-result", "");
      a.tabIndex = -1;
      var kind = document.createElement("span");
      kind.className = "search-kind" + (r.entity ? " search-entity" : "");
      kind.textContent = r.kind;
      var title = document.createElement("span");
      title.className = "search-title";
      title.appendChild(highlighted(r.title, r.terms));
      var snippet = document.createElement("span");
      snippet.className = "search-snippet";
      snippet.appendChild(highlighted(window_(r.snippet, r.terms, 160), r.terms));
      a.append(kind, " ", title, snippet);
      li.appendChild(a);
      list.appendChild(li);
      var mine = seq;
      engine.snippetText(r).then(function (text) {
        if (text && mine === seq) {
          snippet.textContent = "";
          snippet.appendChild(highlighted(window_(text, r.terms, 160), r.terms));
        }
      }, function () {});
    });
    if (!results.length) {
      var li = document.createElement("li");
      li.className = "search-empty";
      li.textContent = form.getAttribute("data-empty");
      list.appendChild(li);
    }
    list.hidden = false;
  }

  var timer = 0;
  function run() {
    var query = input.value;
    var mine = ++seq;
    current = engine.search(query).then(function (results) {
      if (mine === seq) show(results, query);
      return results;
    }, function (err) {
      if (mine === seq) { close(); status.textContent = String(err.message || err); }
      return [];
    });
  }

  form.hidden = false;
  input.addEventListener("focus", function () { engine.ready().catch(function () {}); }, { once: true });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      var chosen = active;
      clearTimeout(timer);
      if (!list.hidden && seq > 0 && chosen >= 0) return open(chosen);
      run();
      current.then(function () { open(chosen < 0 ? 0 : chosen); });
    } else if (e.key === "Escape") {
      if (list.hidden) input.blur();
      close();
    }
  });
  function open(i) {
    var links = list.querySelectorAll("a[data-search-result]");
    if (links[i]) window.location.href = links[i].href;
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", function (e) {
    if (!form.contains(e.target)) close();
  });
})();
