// Runs Material's search worker bundle in Node, as a browser would run it in a Worker,
// behind ridgedoc's worker (overrides/assets/javascripts/workers/ridgedoc-search.js), or
// alone; for tests/test_material_contract.py. No browser: the worker's global scope is
// this process's (an EventTarget for addEventListener/dispatchEvent, importScripts
// reading files, fetch answering the query side's data).
//
// Input on stdin (JSON): {templates, docs_js, entry: "ridgedoc" | "material", worker
// (Material's worker file name), data (search_ko.json), index ({config, docs}), queries}.
// Output on stdout (JSON): {imported: [paths of importScripts], replies: [messages the
// worker posted], lunr_queries: [strings Material handed to lunr's Index.search],
// fields: [the lunr index's fields]}.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const ORIGIN = "http://site.test/";
const WORKERS = "assets/javascripts/workers/";

function main(job) {
  const out = { imported: [], replies: [], lunr_queries: [], fields: null };
  const target = new EventTarget();
  const scope = globalThis;
  scope.self = scope;
  scope.addEventListener = target.addEventListener.bind(target);
  scope.removeEventListener = target.removeEventListener.bind(target);
  scope.dispatchEvent = target.dispatchEvent.bind(target);
  const entryName = job.entry === "ridgedoc" ? "ridgedoc-search.js" : job.worker;
  const entryUrl = new URL(WORKERS + entryName, ORIGIN);
  if (job.entry === "ridgedoc") {
    entryUrl.searchParams.set("material", job.worker);
    entryUrl.searchParams.set("base", ORIGIN);
  }
  scope.location = { href: entryUrl.href };

  let waiting = null;
  scope.postMessage = (message) => {
    out.replies.push(message);
    if (waiting) { const w = waiting; waiting = null; w(); }
  };

  // A URL of the site -> the file the built site would serve there.
  function file(url) {
    const rel = new URL(url, entryUrl).pathname.slice(1);
    if (rel === WORKERS + "ridgedoc-search.js") return job.ridgedoc_worker;
    if (rel.startsWith("javascripts/")) return path.join(job.docs_js, rel.slice("javascripts/".length));
    return path.join(job.templates, rel);
  }

  scope.importScripts = (...urls) => {
    for (const url of urls) {
      const name = file(url);
      out.imported.push(path.relative(job.templates, name));
      vm.runInThisContext(fs.readFileSync(name, "utf8"), { filename: name });
      if (scope.lunr && !scope.lunr.__spied) {
        const search = scope.lunr.Index.prototype.search;
        scope.lunr.Index.prototype.search = function (query) {
          out.lunr_queries.push(query);
          out.fields = this.fields;
          return search.call(this, query);
        };
        scope.lunr.__spied = true;
      }
    }
  };
  scope.fetch = async (url) => {
    if (new URL(url).pathname !== "/search/search_ko.json") return { ok: false, status: 404, url };
    return { ok: true, status: 200, url, json: async () => job.data };
  };

  function send(message) {
    return new Promise((resolve) => {
      waiting = resolve;
      scope.dispatchEvent(new MessageEvent("message", { data: message }));
    });
  }

  return (async () => {
    scope.importScripts(entryUrl.href);
    await send({ type: 0, data: { ...job.index, options: { suggest: false } } });
    for (const query of job.queries) await send({ type: 2, data: query });
    return out;
  })();
}

let input = "";
process.stdin.on("data", (c) => (input += c)).on("end", () => {
  const timer = setTimeout(() => { console.error("the worker did not answer every message"); process.exit(3); }, 10000);
  main(JSON.parse(input)).then((out) => {
    clearTimeout(timer);
    process.stdout.write(JSON.stringify(out));
  }, (error) => { console.error(error && error.stack || error); process.exit(2); });
});
