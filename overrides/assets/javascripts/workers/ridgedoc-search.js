// ridgedoc's search worker: Material's own search worker, with Korean query help in
// front of it (docs/javascripts/search-ko-core.js).
//
// The page starts this file instead of Material's worker: search-route.js (loaded
// before Material's bundle, see overrides/main.html) puts this URL into Material's
// page config, with two parameters: `material`, the file name of Material's worker
// in this same folder, and `base`, the site's root URL. It lives in Material's
// worker folder because Material's worker loads lunr's language files from
// "../lunr", relative to the running worker.
//
// What this relies on, Material's worker protocol (Material for MkDocs 9.x,
// src/templates/assets/javascripts/integrations/search/worker/message): the page
// posts {type: 0 (SETUP), data: <the index>} once and {type: 2 (QUERY), data:
// "<query>"} for each query; the worker answers each message with one postMessage.
// Our listener is registered in this worker's global scope before Material's (which
// importScripts adds below), so it sees a QUERY first: it stops the event, rewrites
// the query and dispatches it again, to Material's listener. Every other message
// passes untouched. Nothing outside this worker is changed.
(function () {
  "use strict";

  var QUERY = 2;
  var params = new URL(self.location.href).searchParams;
  var material = params.get("material");
  var base = params.get("base");
  var ours = new WeakSet(); // the events we dispatched, which must reach Material
  var identity = function (query) { return query; };

  var normaliser = new Promise(function (resolve) {
    try {
      importScripts(new URL("javascripts/search-ko-core.js", base).href);
    } catch (error) {
      console.warn("ridgedoc search: Korean query help is off:", error);
      resolve(identity);
      return;
    }
    fetch(new URL("search/search_ko.json", base).href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.json();
      })
      .then(function (data) { resolve(self.RidgedocSearchKo.createNormaliser(data).normalise); })
      .catch(function (error) {
        console.warn("ridgedoc search: Korean query help is off:", error);
        resolve(identity);
      });
  });

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (ours.has(event) || !message || message.type !== QUERY || typeof message.data !== "string") return;
    event.stopImmediatePropagation();
    normaliser.then(function (normalise) {
      var again = new MessageEvent("message", { data: { type: QUERY, data: normalise(message.data) } });
      ours.add(again);
      self.dispatchEvent(again);
    });
  });

  importScripts(material); // Material's worker: its message listener comes after ours
})();
