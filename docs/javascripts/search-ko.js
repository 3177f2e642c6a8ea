// Korean search on the page: Material marks the words a result matched from their
// start; a word found inside a compound (정부호 in 준정부호) is marked here, in the
// rendered result only. The query help itself runs in the search worker
// (overrides/assets/javascripts/workers/ridgedoc-search.js); this script uses the same
// logic (search-ko-core.js) and the same word list, fetched the first time a reader
// uses search (focus on the box), not on every page load.
(function () {
  "use strict";

  var HANGUL = /[가-힣]+/g;
  var normaliser = null;
  var ready = null;

  function load() {
    if (ready) return ready;
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      var url = new URL("search/search_ko.json", new URL(config.base, location.href));
      ready = fetch(url.href)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + url.href);
          return response.json();
        })
        .then(function (data) { normaliser = window.RidgedocSearchKo.createNormaliser(data); });
    } catch (error) {
      ready = Promise.reject(error);
    }
    ready = ready.catch(function (error) { console.warn("search-ko: inner matches are not marked:", error); });
    return ready;
  }

  function normalise(query) {
    return normaliser ? normaliser.normalise(query) : query;
  }

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

  if (input) input.addEventListener("focus", load, { once: true });

  if (input && list) {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1 && normaliser) markInner(node);
        });
      });
    }).observe(list, { childList: true });
  }

  // For the tests: what the worker runs for a query, by the same code and data.
  window.ridgedocSearchKo = { load: load, normalise: normalise };
})();
