// The query side of ridgedoc's Korean search: what a reader's query becomes before
// lunr sees it. The one implementation of this logic in JavaScript, used by the
// search worker (overrides/assets/javascripts/workers/ridgedoc-search.js), by the page
// script search-ko.js (to mark words found inside compounds), and by the tests
// (tests/test_search_logic.py runs it in Node and compares it with the build side,
// ridgedoc/site/search.py).
//
// The data is search/search_ko.json, written at build time: the particle list, the
// stems a particle may come off, and the site's vocabulary (every word of the hidden
// index fields, other names of glossary terms included), and the names of the
// glossary (search key -> what to ask for; ridgedoc/site/search.py, name_spellings).
// First, a particle right after a Latin word comes off (AdamW를 -> AdamW). Then the
// longest run of query words (up to four) that spells a glossary name, with or
// without spaces and a final particle, becomes the words that name asks for
// (고유 벡터를 -> 고유벡터, 경사하강법 -> 경사 하강법, 학습오차 -> 학습 오차), each
// Korean word also asked for exactly, with a boost (고유값 -> 고유값^10 고유값; Material adds its
// prefix "*" only to the unboosted copy), so that the entry the name names comes
// before entries whose words merely start with a query word. Any other word
//   - keeps its form if it is a known word, else loses a particle if what remains is
//     a known word (가중치를 -> 가중치; 길이 stays, because the site shows 길이 with a
//     particle of its own);
//   - is kept if it is a known word or the start of one (lunr matches prefixes);
//   - else is split into the fewest known words, with or without a final particle
//     (경사하강법 -> 경사 하강법, 가중치감소를 -> 가중치 감소).
// An equation number is also asked for exactly, with a boost (7.1 -> 7.1^10 7.1), so
// that 7.1 finds (7.1) before (7.14)-(7.17), which its prefix also matches.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RidgedocSearchKo = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var HANGUL = /[가-힣]+/g;

  function createNormaliser(data) {
    var particles = data.particles.slice(); // longest first (the build side sorts them)
    var sorted = data.vocab.slice().sort();
    var words = new Set(sorted);
    // Stems a particle may come off: the build side's known words (and the other
    // names of glossary terms), the same set ridgedoc/site/search.py's base_form uses.
    var stems = new Set(data.stems || sorted);
    var names = data.names || {};
    var skip = new Set(data.skip || []);
    var particleSet = new Set(particles);

    function hasPrefix(run) {
      var lo = 0, hi = sorted.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (sorted[mid] < run) lo = mid + 1; else hi = mid;
      }
      return lo < sorted.length && sorted[lo].lastIndexOf(run, 0) === 0;
    }

    function withoutParticle(run) {
      if (stems.has(run)) return null;
      for (var i = 0; i < particles.length; i++) {
        var p = particles[i];
        if (run.length > p.length && run.slice(-p.length) === p) {
          var stem = run.slice(0, -p.length);
          if (stems.has(stem)) return stem;
        }
      }
      return null;
    }

    // Fewest known words that make up the run (two or more), or null.
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

    function exactNumbers(query) {
      return query.replace(/(^|[\s(\[])(\d+(?:\.\d+)+)(?=$|[\s)\]])/g, "$1$2^10 $2");
    }

    // Each Korean word exactly (boosted, and Material adds no "*" to it) and as a
    // prefix; an English name only if it is one word (norm before normalization).
    // The words of a longer English name go as they are: lunr stems them, and the
    // boosted copies would outweigh the reader's own words in the result's marks.
    function exact(spelling) {
      var words = spelling.split(" ");
      return words.map(function (w) {
        return /^[가-힣]+$/.test(w) || words.length === 1 ? w + "^10 " + w : w;
      }).join(" ");
    }

    // The search key of some query words (the build side's compact()).
    function key(words) {
      return words.join(" ").toLowerCase().split(/[^0-9a-z가-힣]+/)
        .filter(function (w) { return w && !skip.has(w); }).join("");
    }

    function lookup(words) {
      var k = key(words);
      if (!k) return null;
      if (Object.prototype.hasOwnProperty.call(names, k)) return names[k];
      for (var i = 0; i < particles.length; i++) {
        var p = particles[i];
        if (k.length > p.length && k.slice(-p.length) === p &&
            Object.prototype.hasOwnProperty.call(names, k.slice(0, -p.length))) {
          return names[k.slice(0, -p.length)];
        }
      }
      return null;
    }

    function normalise(query) {
      query = query.replace(/([A-Za-z][A-Za-z0-9]*)([가-힣]+)(?=\s|$)/g, function (m, word, tail) {
        return particleSet.has(tail) ? word : m;
      });
      var words = query.split(/\s+/).filter(Boolean), out = [];
      for (var i = 0; i < words.length;) {
        var found = null, end = i;
        for (var j = Math.min(words.length, i + 4); j > i && found === null; j--) {
          found = lookup(words.slice(i, j));
          end = j;
        }
        if (found !== null) {
          out.push(exact(found));
          i = end;
        } else {
          out.push(words[i].replace(HANGUL, normaliseRun));
          i++;
        }
      }
      return exactNumbers(out.join(" "));
    }

    return {
      // The query as the search worker should run it.
      normalise: normalise,
      // One Hangul word without its particle (the build side's base_form).
      baseForm: function (word) {
        return withoutParticle(word) || word;
      },
      isWord: function (word) { return words.has(word); }
    };
  }

  return { createNormaliser: createNormaliser, HANGUL: HANGUL };
});
