// Korean queries for Material's search: strip a particle from a query word before
// the query reaches the search worker (가중치를 -> 가중치), split a compound that
// matches nothing into known words (경사하강법 -> 경사 하강법), and ask for an
// equation number exactly as well as by prefix (7.1 -> 7.1^10 7.1). The word list comes
// from search/search_ko.json, written at build time by hooks/ridgedoc_search.py, so
// a particle is stripped only when what remains is a word of this site (길이 stays).
// What the reader typed stays in the search box; only the worker's copy changes.
(function () {
  "use strict";

  var QUERY = 2; // Material's SearchMessageType.QUERY: { type: 2, data: "<query>" }
  var HANGUL = /[가-힣]+/g;
  var post = Worker.prototype.postMessage;
  var words = null; // Set of known words
  var sorted = []; // the same words, sorted, for prefix look-ups
  var particles = [];
  var waiting = []; // queries sent before the word list arrived
  var loading = true;

  function isQuery(message) {
    return !!message && typeof message === "object" && message.type === QUERY &&
      typeof message.data === "string";
  }

  function hasPrefix(run) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < run) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo].lastIndexOf(run, 0) === 0;
  }

  function withoutParticle(run) {
    for (var i = 0; i < particles.length; i++) {
      var p = particles[i];
      if (run.length > p.length && run.slice(-p.length) === p) {
        var stem = run.slice(0, -p.length);
        if (words.has(stem)) return stem;
      }
    }
    return null;
  }

  // Fewest known words that make up the run, or null.
  function segment(run) {
    var best = [[]];
    for (var end = 1; end <= run.length; end++) {
      best[end] = null;
      for (var start = 0; start < end; start++) {
        var piece = run.slice(start, end);
        if (best[start] && words.has(piece) &&
            (!best[end] || best[start].length + 1 < best[end].length)) {
          best[end] = best[start].concat([piece]);
        }
      }
    }
    return best[run.length] && best[run.length].length > 1 ? best[run.length] : null;
  }

  function normaliseRun(run) {
    var stem = withoutParticle(run);
    if (stem) return stem;
    if (words.has(run) || hasPrefix(run)) return run;
    var parts = segment(run);
    for (var i = 0; !parts && i < particles.length; i++) {
      var p = particles[i];
      if (run.length > p.length && run.slice(-p.length) === p) {
        parts = segment(run.slice(0, -p.length));
      }
    }
    return parts ? parts.join(" ") : run;
  }

  // An equation number is also asked for exactly, with a boost, so that 7.1 finds
  // (7.1) before (7.14)-(7.17), which its prefix also matches.
  function exactNumbers(query) {
    return query.replace(/(^|[\s(\[])(\d+(?:\.\d+)+)(?=$|[\s)\]])/g, "$1$2^10 $2");
  }

  function normalise(query) {
    return words ? exactNumbers(query.replace(HANGUL, normaliseRun)) : query;
  }

  function send(worker, args) {
    if (isQuery(args[0])) args[0] = { type: QUERY, data: normalise(args[0].data) };
    return post.apply(worker, args);
  }

  function flush() {
    loading = false;
    var queued = waiting;
    waiting = [];
    queued.forEach(function (item) { send(item[0], item[1]); });
  }

  // The word list is fetched the first time a reader uses search (focus on the box
  // or a first query), not on every page load; queries wait for it (5 s at most).
  var ready = null;

  function load() {
    if (ready) return ready;
    loading = true;
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      var url = new URL("search/search_ko.json", new URL(config.base, location.href));
      ready = fetch(url.href)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + url.href);
          return response.json();
        })
        .then(function (data) {
          particles = data.particles;
          sorted = data.vocab;
          words = new Set(sorted);
        });
    } catch (error) {
      ready = Promise.reject(error);
    }
    ready = ready
      .catch(function (error) { console.warn("search-ko: Korean query help is off:", error); })
      .then(flush);
    setTimeout(flush, 5000); // never hold a query longer than this
    return ready;
  }

  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    // Material also sends an empty query when the page loads: that one passes untouched.
    var typed = isQuery(message) && message.data.trim() !== "";
    if (typed) load();
    if (typed && loading) {
      waiting.push([this, args]);
      return undefined;
    }
    return send(this, args);
  };

  // Material marks the words a result matched from their start. A word found inside
  // a compound (정부호 in 준정부호) is marked here, in the rendered result only.
  var input = document.querySelector("input.md-search__input");
  var list = document.querySelector(".md-search-result__list");

  function markInner(root) {
    var terms = (normalise(input.value).match(HANGUL) || [])
      .filter(function (t) { return t.length > 1; });
    if (!terms.length) return;
    var inner = new RegExp("([가-힣])(" + terms.join("|") + ")", "g");
    root.querySelectorAll("article").forEach(function (article) {
      var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      var nodes = [];
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest("mark, .md-search-result__terms")) nodes.push(node);
      }
      nodes.forEach(function (node) {
        var text = node.nodeValue, parts = [], last = 0, m;
        inner.lastIndex = 0;
        while ((m = inner.exec(text))) {
          var start = m.index + m[1].length;
          parts.push(document.createTextNode(text.slice(last, start)));
          var mark = document.createElement("mark");
          mark.textContent = m[2];
          parts.push(mark);
          last = start + m[2].length;
        }
        if (!parts.length) return;
        parts.push(document.createTextNode(text.slice(last)));
        node.replaceWith.apply(node, parts);
      });
    });
  }

  if (input) {
    input.addEventListener("focus", load, { once: true });
  }

  if (input && list) {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1 && words) markInner(node);
        });
      });
    }).observe(list, { childList: true });
  }

  window.ridgedocSearchKo = { load: load, normalise: normalise };
})();
