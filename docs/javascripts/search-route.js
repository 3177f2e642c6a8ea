// Points Material's search at ridgedoc's worker
// (overrides/assets/javascripts/workers/ridgedoc-search.js, which runs Material's
// worker inside it). Material's bundle reads the page config, <script id="__config">
// (JSON), when it starts; its "search" field is the URL of the search worker. This
// script runs before the bundle (overrides/main.html) and swaps that URL for ours,
// passing the file name of Material's worker and the site's root URL. If anything
// here fails, the config stays as it was and Material's search works without the
// Korean query help.
(function () {
  "use strict";
  var element = document.getElementById("__config");
  if (!element) return;
  try {
    var config = JSON.parse(element.textContent);
    if (typeof config.search !== "string") return;
    var material = new URL(config.search, location.href);
    var worker = new URL("ridgedoc-search.js", material);
    worker.searchParams.set("material", material.pathname.split("/").pop());
    worker.searchParams.set("base", new URL(config.base, location.href).href);
    config.search = worker.href;
    element.textContent = JSON.stringify(config);
  } catch (error) {
    console.warn("ridgedoc search: Material's worker kept:", error);
  }
})();
