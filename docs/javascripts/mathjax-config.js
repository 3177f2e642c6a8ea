// MathJax 3 configuration. MathJax itself is served from this site (assets/mathjax/),
// copied from the PyPI wheel django-static-mathjax by hooks/ridgedoc_site.py.
(function () {
  // Typeset the current page; with Material's instant navigation, document$ emits
  // on every page change, so each new page is typeset too.
  function typesetPage() {
    MathJax.startup.promise = MathJax.startup.promise
      .then(function () {
        MathJax.typesetClear();
        MathJax.texReset();
        return MathJax.typesetPromise();
      })
      .then(function () {
        // A formula wider than the screen scrolls in its box: make that box keyboard-reachable.
        document.querySelectorAll(".md-typeset div.arithmatex").forEach(function (el) {
          if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
        });
        document.documentElement.dataset.mathTypeset = "done";
      });
  }

  window.MathJax = {
    loader: {
      // Only the components the pages need, all served from this site (assets/mathjax/).
      // Extensions are loaded up front, so no formula races their autoloading.
      load: [
        "core",
        "input/tex-base",
        "[tex]/ams",
        "[tex]/boldsymbol",
        "[tex]/color",
        "output/chtml",
        "a11y/assistive-mml",
      ],
    },
    tex: {
      packages: ["base", "ams", "boldsymbol", "color"],
      inlineMath: [["\\(", "\\)"]],
      displayMath: [["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true,
    },
    options: {
      // Only typeset what pymdownx.arithmatex marked as math.
      ignoreHtmlClass: ".*|",
      processHtmlClass: "arithmatex",
    },
    startup: {
      typeset: false,
      ready: function () {
        MathJax.startup.defaultReady();
        if (window.document$ && typeof window.document$.subscribe === "function") {
          window.document$.subscribe(typesetPage);
        } else {
          typesetPage();
        }
      },
    },
  };
})();
